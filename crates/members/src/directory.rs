//! The directory: who the viewer is to it, and search over people and organisations. Candidates
//! come from SQL on the stored values; what a viewer may see, and so may match on, is decided by
//! [`crate::visibility`] alone, so a search never finds anyone by a field hidden from the viewer.

use rendezvous_platform::auth::UserId;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::ids::CategoryId;
use crate::model::{Service, Visibility};
use crate::store::catalogue::{self, CategoryRow};
use crate::store::groups::GroupRow;
use crate::store::organisations::{self, OrganisationRow};
use crate::store::profiles::ProfileRow;
use crate::store::{groups, memberships, profiles};
use crate::visibility::{self, DirectoryViewer, PersonView, Purpose, Standing, may_see, person_view};
use rendezvous_platform::AppState;
use rendezvous_platform::auth::{AuthUser, Role};
use rendezvous_platform::geo::Province;

/// Where the viewer stands: administrators (with two-factor), current members (or holders of the
/// member role), signed-in people, everyone else.
pub async fn viewer_for(state: &AppState, user: Option<&AuthUser>) -> Result<DirectoryViewer, sqlx::Error> {
    let Some(user) = user else { return Ok(DirectoryViewer::ANONYMOUS) };
    let current = !user.can_use(Role::ADMIN)
        && !user.has_role(crate::MEMBER)
        && memberships::is_current_member(&state.db, user.id, state.clock.now_ms()).await?;
    Ok(viewer_of(Some(user), current))
}

/// The same, with whether they hold a current membership already known.
pub fn viewer_of(user: Option<&AuthUser>, current_member: bool) -> DirectoryViewer {
    let Some(user) = user else { return DirectoryViewer::ANONYMOUS };
    let standing = if user.can_use(Role::ADMIN) {
        Standing::Admin
    } else if user.has_role(crate::MEMBER) || current_member {
        Standing::Member
    } else {
        Standing::Registered
    };
    DirectoryViewer { user_id: Some(user.id), standing }
}

/// A search as typed; every filter optional.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub text: String,
    pub province: Option<Province>,
    pub city: String,
    pub category: Option<String>,
    pub service: Option<Service>,
    pub language: Option<String>,
}

impl Search {
    /// No filter at all: the directory's first view, paged in SQL.
    pub fn is_unfiltered(&self) -> bool {
        self.text.is_empty()
            && self.city.is_empty()
            && self.province.is_none()
            && self.category.is_none()
            && self.service.is_none()
            && self.language.is_none()
    }
}

pub const PER_PAGE: usize = 50;

fn offset_of(page: usize) -> usize {
    page.saturating_sub(1) * PER_PAGE
}

/// One page of people the viewer may see and whose visible fields match, and how many in all.
pub async fn search_people(
    state: &AppState,
    viewer: &DirectoryViewer,
    search: &Search,
    page: usize,
) -> Result<(Vec<PersonView>, usize), sqlx::Error> {
    if search.service.is_some() {
        return Ok((Vec::new(), 0));
    }
    let categories = categories_by_id(state).await?;
    if search.is_unfiltered() {
        return unfiltered_people(state, viewer, &categories, page).await;
    }
    let category_id =
        search.category.as_ref().and_then(|slug| categories.values().find(|c| &c.slug == slug)).map(|c| c.id);
    if search.category.is_some() && category_id.is_none() {
        return Ok((Vec::new(), 0));
    }
    let candidates = profiles::listed_candidates(
        &state.db,
        &search.text,
        search.province.map(Province::code),
        category_id,
        search.language.as_deref(),
    )
    .await?;
    let matching: Vec<_> = candidates
        .iter()
        .filter_map(|p| {
            let category = p.category_id.and_then(|id| categories.get(&id));
            person_view(p, category, &[], viewer, Purpose::Directory).filter(|v| person_matches(v, search)).map(|_| p)
        })
        .collect();
    let total = matching.len();
    let shown: Vec<_> = matching.into_iter().skip(offset_of(page)).take(PER_PAGE).collect();
    Ok((views_of(state, &shown, &categories, viewer).await?, total))
}

/// Who appears in the unfiltered directory to a standing, counted once per change (see
/// `platform::changes`): how many, leaving the viewer themselves aside, and the listed people
/// who appear only to themselves (nothing of theirs is visible at this standing).
struct Listed {
    total: usize,
    only_to_self: HashSet<UserId>,
}

/// A page of the unfiltered directory as a standing sees it, the viewer aside, with the groups of
/// the people on it.
struct ListedPage {
    rows: Vec<ProfileRow>,
    groups: HashMap<UserId, Vec<GroupRow>>,
}

/// The unfiltered directory: only the page's rows are read, who appears is person_view's rule
/// in SQL, and what is the same for everyone of the viewer's standing is kept until a change.
/// Someone listed but visible to nobody else sees themselves too, so their page is their own.
async fn unfiltered_people(
    state: &AppState,
    viewer: &DirectoryViewer,
    categories: &HashMap<CategoryId, CategoryRow>,
    page: usize,
) -> Result<(Vec<PersonView>, usize), sqlx::Error> {
    let appears = visibility::appears_in_directory_sql(viewer);
    let listed_key = format!("directory listed {:?}", viewer.standing);
    let listed = state
        .kept
        .or_load(&state.changes, listed_key, async {
            let total = profiles::listed_count(&state.db, &appears).await?;
            let only_to_self = profiles::listed_only_to_self(&state.db, &appears).await?.into_iter().collect();
            Ok::<_, sqlx::Error>(Listed { total, only_to_self })
        })
        .await?;
    if let Some(me) = viewer.user_id.filter(|me| listed.only_to_self.contains(me)) {
        let (shown, total) = profiles::listed_page(&state.db, &appears, Some(me), offset_of(page), PER_PAGE).await?;
        let shown: Vec<&ProfileRow> = shown.iter().collect();
        return Ok((views_of(state, &shown, categories, viewer).await?, total));
    }
    let page_key = format!("directory page {:?} {page}", viewer.standing);
    let shown = state
        .kept
        .or_load(&state.changes, page_key, async {
            let rows = profiles::listed_page(&state.db, &appears, None, offset_of(page), PER_PAGE).await?.0;
            let ids: Vec<UserId> = rows.iter().map(|p| p.user_id).collect();
            let groups = groups::of_users(&state.db, &ids).await?;
            Ok::<_, sqlx::Error>(ListedPage { rows, groups })
        })
        .await?;
    let views = shown
        .rows
        .iter()
        .filter_map(|p| {
            let category = p.category_id.and_then(|id| categories.get(&id));
            let person_groups = shown.groups.get(&p.user_id).map(Vec::as_slice).unwrap_or_default();
            person_view(p, category, person_groups, viewer, Purpose::Directory)
        })
        .collect();
    Ok((views, listed.total))
}

/// What the viewer sees of a page of people, their groups read in one query, not one per person.
async fn views_of(
    state: &AppState,
    shown: &[&ProfileRow],
    categories: &HashMap<CategoryId, CategoryRow>,
    viewer: &DirectoryViewer,
) -> Result<Vec<PersonView>, sqlx::Error> {
    let ids: Vec<UserId> = shown.iter().map(|p| p.user_id).collect();
    let mut their_groups = groups::of_users(&state.db, &ids).await?;
    Ok(shown
        .iter()
        .filter_map(|p| {
            let category = p.category_id.and_then(|id| categories.get(&id));
            let person_groups = their_groups.remove(&p.user_id).unwrap_or_default();
            person_view(p, category, &person_groups, viewer, Purpose::Directory)
        })
        .collect())
}

fn contains(haystack: Option<&str>, needle: &str) -> bool {
    haystack.is_some_and(|h| h.to_lowercase().contains(needle))
}

/// Whether the fields the viewer sees match the search (never the fields they do not see).
fn person_matches(view: &PersonView, search: &Search) -> bool {
    let text = search.text.trim().to_lowercase();
    let city = search.city.trim().to_lowercase();
    (text.is_empty() || contains(view.display_name.as_deref(), &text) || contains(view.city.as_deref(), &text))
        && (city.is_empty() || contains(view.city.as_deref(), &city))
        && search.province.is_none_or(|p| view.province.as_deref() == Some(p.code()))
        && search.category.as_ref().is_none_or(|c| view.category.as_ref().is_some_and(|vc| &vc.slug == c))
        && search.language.as_ref().is_none_or(|l| view.languages.as_ref().is_some_and(|ls| ls.contains(l)))
}

/// One person's page, as the viewer may see it; None when they do not appear to the viewer.
pub async fn person(
    state: &AppState,
    viewer: &DirectoryViewer,
    user_id: UserId,
) -> Result<Option<PersonView>, sqlx::Error> {
    let Some(profile) = profiles::by_user(&state.db, user_id).await? else { return Ok(None) };
    let categories = categories_by_id(state).await?;
    let category = profile.category_id.and_then(|id| categories.get(&id));
    let person_groups = groups::of_user(&state.db, user_id).await?;
    Ok(person_view(&profile, category, &person_groups, viewer, Purpose::Directory))
}

/// The member categories, read once per change.
pub async fn categories(state: &AppState) -> Result<Arc<Vec<CategoryRow>>, sqlx::Error> {
    state.kept.or_load(&state.changes, "member categories".to_owned(), catalogue::categories(&state.db)).await
}

pub async fn categories_by_id(state: &AppState) -> Result<HashMap<CategoryId, CategoryRow>, sqlx::Error> {
    Ok(categories(state).await?.iter().map(|c| (c.id, c.clone())).collect())
}

/// Whether the viewer may see this organisation: as it chose (public, members), or as one of its
/// delegates or an administrator.
pub fn may_see_organisation(org: &OrganisationRow, viewer: &DirectoryViewer, is_delegate: bool) -> bool {
    if is_delegate || viewer.is_admin() {
        return true;
    }
    match org.visibility {
        Visibility::Public | Visibility::Members => may_see(org.visibility, viewer),
        Visibility::Admins | Visibility::Hidden => false,
    }
}

pub async fn search_organisations(
    state: &AppState,
    viewer: &DirectoryViewer,
    search: &Search,
    page: usize,
) -> Result<(Vec<OrganisationRow>, usize), sqlx::Error> {
    if search.category.is_some() {
        return Ok((Vec::new(), 0));
    }
    if search.is_unfiltered() {
        // Exactly `may_see_organisation` for someone who is not a delegate, in SQL; the same for
        // everyone of a standing, so kept until a change.
        let levels = viewer.levels_sql();
        let key = format!("directory organisations {levels} {page}");
        let shown = state
            .kept
            .or_load(&state.changes, key, organisations::visible_page(&state.db, &levels, offset_of(page), PER_PAGE))
            .await?;
        return Ok(shown.as_ref().clone());
    }
    let candidates = organisations::listed_candidates(
        &state.db,
        &search.text,
        search.province.map(Province::code),
        search.service.map(Service::as_str),
        search.language.as_deref(),
    )
    .await?;
    let city = search.city.trim().to_lowercase();
    let matching: Vec<_> = candidates
        .into_iter()
        .filter(|o| may_see_organisation(o, viewer, false))
        .filter(|o| city.is_empty() || o.city.to_lowercase().contains(&city))
        .collect();
    let total = matching.len();
    let rows = matching.into_iter().skip(offset_of(page)).take(PER_PAGE).collect();
    Ok((rows, total))
}

//! The directory's pages: search (people and organisations), one person, one organisation, the
//! public summary (counts, no names) and the partners page.

use crate::ids::OrganisationId;
use crate::model::Status;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::geo::Province;
use rendezvous_platform::web::{AppError, FieldErrors, PageContext, Viewer, render, render_status};

use crate::directory::{self, may_see_organisation, viewer_for};
use crate::model::{LANGUAGES, Service};
use crate::search_query::SearchQuery;
use crate::store::catalogue::CategoryRow;
use crate::store::organisations::{self, OrganisationRow};
use crate::summary::{self, Summary};
use crate::visibility::PersonView;

#[derive(askama::Template)]
#[template(path = "directory/search.html")]
struct SearchPage {
    ctx: PageContext,
    query: SearchQuery,
    errors: FieldErrors,
    people: Vec<PersonView>,
    people_total: usize,
    organisations: Vec<OrganisationRow>,
    organisations_total: usize,
    categories: Vec<CategoryRow>,
    /// What this person can do next (message id, link), if anything.
    next_step: Option<(&'static str, &'static str)>,
}

impl SearchPage {
    fn provinces(&self) -> [Province; 13] {
        Province::ALL
    }

    fn province_name(&self, p: &Province) -> &'static str {
        p.name(self.ctx.lang)
    }

    fn province_label(&self, code: &str) -> String {
        Province::parse(code).map(|p| p.name(self.ctx.lang).to_owned()).unwrap_or_default()
    }

    fn services(&self) -> &'static [Service] {
        Service::ALL
    }

    fn languages(&self) -> [&'static str; 3] {
        LANGUAGES
    }

    /// Previous and next pages, when there are any (people and organisations page together).
    fn previous_page(&self) -> Option<String> {
        let n = self.query.page();
        (n > 1).then(|| self.query.href_for_page(n - 1))
    }

    fn next_page(&self) -> Option<String> {
        let n = self.query.page();
        let shown = n * directory::PER_PAGE;
        (self.people_total > shown || self.organisations_total > shown).then(|| self.query.href_for_page(n + 1))
    }
}

pub async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: PageContext,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    // Whether they are a member is read once: it decides both what they see and their next step.
    let current_member = match &viewer.user {
        Some(user) => crate::memberships::is_active_member(&state.db, user.id, state.clock.now_ms()).await?,
        None => false,
    };
    let who = directory::viewer_of(viewer.user.as_ref(), current_member);
    let categories = directory::categories(&state).await?.as_ref().clone();
    let mut page = SearchPage {
        ctx,
        query,
        errors: FieldErrors::default(),
        people: Vec::new(),
        people_total: 0,
        organisations: Vec::new(),
        organisations_total: 0,
        categories,
        next_step: next_step(&state, viewer.user.as_ref(), current_member).await?,
    };
    match page.query.parse() {
        Ok(search) => {
            let n = page.query.page();
            (page.people, page.people_total) = directory::search_people(&state, &who, &search, n).await?;
            (page.organisations, page.organisations_total) =
                directory::search_organisations(&state, &who, &search, n).await?;
            render(&page)
        }
        Err(errors) => {
            page.errors = errors;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// The directory names the reader's next step: log in, apply, wait for the review, or answer
/// the reviewers' question; a current member or delegate needs none.
async fn next_step(
    state: &AppState,
    user: Option<&rendezvous_platform::auth::AuthUser>,
    current_member: bool,
) -> Result<Option<(&'static str, &'static str)>, sqlx::Error> {
    let Some(user) = user else { return Ok(Some(("directory-next-sign-in", "/members/apply"))) };
    if current_member {
        return Ok(None);
    }
    let rows = crate::store::memberships::of_user(&state.db, user.id).await?;
    let applied: Vec<_> = rows.iter().filter(|m| m.status == Status::Applied).collect();
    Ok(Some(if applied.iter().any(|m| m.info_requested()) {
        ("directory-next-answer", "/members/me")
    } else if !applied.is_empty() {
        ("directory-next-pending", "/members/me")
    } else {
        ("directory-next-apply", "/members/apply")
    }))
}

#[derive(askama::Template)]
#[template(path = "directory/person.html")]
struct PersonPage {
    ctx: PageContext,
    person: PersonView,
}

impl PersonPage {
    fn province_label(&self, code: &str) -> String {
        Province::parse(code).map(|p| p.name(self.ctx.lang).to_owned()).unwrap_or_default()
    }
}

pub async fn person(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: PageContext,
    Path(id): Path<UserId>,
) -> Result<Response, AppError> {
    let who = viewer_for(&state, viewer.user.as_ref()).await?;
    let person = directory::person(&state, &who, id).await?.ok_or(AppError::NotFound)?;
    render(&PersonPage { ctx, person })
}

#[derive(askama::Template)]
#[template(path = "directory/organisation.html")]
struct OrganisationPage {
    ctx: PageContext,
    org: OrganisationRow,
    may_edit: bool,
    is_admin: bool,
}

impl OrganisationPage {
    fn province_label(&self) -> String {
        self.org
            .province
            .as_deref()
            .and_then(Province::parse)
            .map(|p| p.name(self.ctx.lang).to_owned())
            .unwrap_or_default()
    }

    fn service_label(&self, slug: &str) -> String {
        Service::parse(slug).map(|s| self.ctx.t(s.label_id())).unwrap_or_default()
    }
}

pub async fn organisation(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: PageContext,
    Path(id): Path<OrganisationId>,
) -> Result<Response, AppError> {
    let who = viewer_for(&state, viewer.user.as_ref()).await?;
    let org = organisations::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let is_delegate = match who.user_id {
        Some(user) => organisations::is_delegate(&state.db, id, user).await?,
        None => false,
    };
    if !may_see_organisation(&org, &who, is_delegate) {
        return Err(AppError::NotFound);
    }
    let is_admin = who.is_admin();
    render(&OrganisationPage { ctx, org, may_edit: is_delegate || is_admin, is_admin })
}

#[derive(askama::Template)]
#[template(path = "directory/summary.html")]
struct SummaryPage {
    ctx: PageContext,
    summary: Summary,
    chart: String,
}

pub async fn summary(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let summary = summary::public(&state).await?;
    let chart = summary::province_chart(&summary, ctx.lang);
    render(&SummaryPage { ctx, summary, chart })
}

#[derive(askama::Template)]
#[template(path = "directory/partners.html")]
struct PartnersPage {
    ctx: PageContext,
    partners: Vec<OrganisationRow>,
}

pub async fn partners(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let partners = organisations::partners(&state.db).await?;
    render(&PartnersPage { ctx, partners })
}

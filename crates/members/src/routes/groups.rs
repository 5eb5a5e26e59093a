//! Groups: the list (as far as the viewer may see it), a group's page with its roster for its
//! members, joining (request or accepting an invitation), management by group admins, and the
//! administrators' page to create groups.

use crate::model::{GroupMemberState, GroupRole};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::auth::{AuthUser, Role, UserId};
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::web::{
    AdminUser, AppError, FieldErrors, Form, PageContext, SignedIn, Viewer, redirect_with_flash, render, render_status,
};
use rendezvous_platform::{AppState, audit};
use serde::Deserialize;

use crate::directory::viewer_for;
use crate::groups::{self, JoinOutcome};
use crate::invitations;
use crate::model::{self, GroupVisibility, Joining, MAX_NAME};
use crate::store::groups::{self as store, GroupMemberRow, GroupRow};
use crate::store::invitations::{self as invitation_store, Target};
use crate::store::profiles;
use crate::visibility::{DirectoryViewer, Purpose, person_view};

/// Whether the viewer may know the group exists.
async fn may_see(state: &AppState, group: &GroupRow, viewer: &DirectoryViewer) -> Result<bool, sqlx::Error> {
    if viewer.is_admin() {
        return Ok(true);
    }
    Ok(match group.visibility() {
        GroupVisibility::Public => true,
        GroupVisibility::Members => viewer.is_member(),
        GroupVisibility::Hidden => match viewer.user_id {
            Some(user) => store::membership(&state.db, group.id, user).await?.is_some(),
            None => false,
        },
    })
}

#[derive(askama::Template)]
#[template(path = "groups/index.html")]
struct IndexPage {
    ctx: PageContext,
    groups: Vec<GroupRow>,
}

pub async fn index(State(state): State<AppState>, viewer: Viewer, ctx: PageContext) -> Result<Response, AppError> {
    let who = viewer_for(&state, viewer.user.as_ref()).await?;
    let mut visible = Vec::new();
    for group in store::all(&state.db).await? {
        if may_see(&state, &group, &who).await? {
            visible.push(group);
        }
    }
    render(&IndexPage { ctx, groups: visible })
}

#[derive(askama::Template)]
#[template(path = "groups/show.html")]
struct GroupPage {
    ctx: PageContext,
    group: GroupRow,
    mine: Option<GroupMemberRow>,
    roster: Vec<(GroupMemberRow, String)>,
    may_manage: bool,
    /// Addresses invited and not yet answered, for those who manage the group.
    pending: Vec<String>,
    errors: FieldErrors,
    /// The address typed in the invitation form, kept when it is refused.
    email: String,
}

async fn group_page(
    state: &AppState,
    ctx: PageContext,
    user: Option<&AuthUser>,
    slug: &str,
    errors: FieldErrors,
) -> Result<GroupPage, AppError> {
    let who = viewer_for(state, user).await?;
    let group = store::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if !may_see(state, &group, &who).await? {
        return Err(AppError::NotFound);
    }
    let mine = match who.user_id {
        Some(id) => store::membership(&state.db, group.id, id).await?,
        None => None,
    };
    let may_manage = match who.user_id {
        Some(id) => groups::may_manage(&state.db, &group, id, who.is_admin()).await?,
        None => false,
    };
    // The roster is for the group's own members and those who manage it.
    let in_group = mine.as_ref().is_some_and(|m| m.state == GroupMemberState::Active);
    let roster = if in_group || may_manage {
        let rows: Vec<GroupMemberRow> = store::members(&state.db, group.id)
            .await?
            .into_iter()
            // An invitation not yet accepted shows only as the address typed (below), never as
            // the person it may belong to.
            .filter(|m| m.state == GroupMemberState::Active || (may_manage && m.state == GroupMemberState::Requested))
            .collect();
        let ids: Vec<UserId> = rows.iter().map(|m| m.user_id).collect();
        let names = state.users.display_names(&ids).await.map_err(AppError::Internal)?;
        let someone = ctx.t("group-roster-someone");
        let mut roster = Vec::with_capacity(rows.len());
        for m in rows {
            // Those who manage the group see who asked or was invited; fellow members see a name
            // only as the person's own directory choices let them (see `visibility`).
            let name = if may_manage {
                names.get(&m.user_id).cloned()
            } else {
                match profiles::by_user(&state.db, m.user_id).await? {
                    Some(profile) => {
                        person_view(&profile, None, &[], &who, Purpose::Directory).and_then(|v| v.display_name)
                    }
                    None => None,
                }
            };
            roster.push((m, name.unwrap_or_else(|| someone.clone())));
        }
        roster
    } else {
        Vec::new()
    };
    let pending = if may_manage {
        invitation_store::pending(&state.db, Target::Group(group.id), state.clock.now_ms()).await?
    } else {
        Vec::new()
    };
    Ok(GroupPage { ctx, group, mine, roster, may_manage, pending, errors, email: String::new() })
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    render(&group_page(&state, ctx, viewer.user.as_ref(), &slug, FieldErrors::default()).await?)
}

pub async fn join(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let who = viewer_for(&state, Some(&user)).await?;
    let group = store::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    if !may_see(&state, &group, &who).await? {
        return Err(AppError::NotFound);
    }
    let flash = match groups::join(&state, &group, user.id).await? {
        JoinOutcome::Joined => "group-joined",
        JoinOutcome::Requested => "group-requested",
        JoinOutcome::InvitationOnly => "group-invitation-only",
    };
    Ok(redirect_with_flash(&format!("/groups/{slug}"), flash))
}

#[derive(Deserialize)]
pub struct ManageForm {
    action: String,
    #[serde(default)]
    user_id: Option<UserId>,
    #[serde(default)]
    email: String,
}

/// A group admin invites by address, withdraws an invitation, admits a request, makes a group
/// admin, or removes someone. A group the person may not see answers as a missing one.
pub async fn manage(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(slug): Path<String>,
    Form(form): Form<ManageForm>,
) -> Result<Response, AppError> {
    let who = viewer_for(&state, Some(&user)).await?;
    let group = store::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    if !may_see(&state, &group, &who).await? {
        return Err(AppError::NotFound);
    }
    if !groups::may_manage(&state.db, &group, user.id, user.can_use(Role::ADMIN)).await? {
        return Err(AppError::Forbidden);
    }
    match form.action.as_str() {
        // The same answer whether or not the address has an account: a group admin must not be
        // able to learn who is in the network by trying addresses.
        "invite" => match EmailAddress::parse(&form.email) {
            Ok(email) => {
                invitations::invite(&state, Target::Group(group.id), user.id, &email, ctx.lang)
                    .await
                    .map_err(AppError::Internal)?;
                return Ok(redirect_with_flash(&format!("/groups/{slug}"), "group-invite-sent"));
            }
            Err(message) => {
                let mut errors = FieldErrors::default();
                errors.add("email", message);
                let mut page = group_page(&state, ctx, Some(&user), &slug, errors).await?;
                page.email = form.email;
                return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
            }
        },
        "withdraw" => {
            invitation_store::withdraw(&state.db, Target::Group(group.id), &form.email.trim().to_lowercase()).await?;
            return Ok(redirect_with_flash(&format!("/groups/{slug}"), "group-updated"));
        }
        _ => {}
    }
    let target = form.user_id.ok_or(AppError::BadRequest("error-form-invalid"))?;
    // Only people who asked to join can be admitted, and only members made admins or removed:
    // nobody is put into a group (which may name them as, say, a person who uses drugs) unasked.
    let current = store::membership(&state.db, group.id, target).await?.map(|m| m.state);
    match (form.action.as_str(), current) {
        ("admit", Some(GroupMemberState::Requested)) => {
            groups::set_member(&state, &group, user.id, target, GroupRole::Member, GroupMemberState::Active).await?
        }
        ("make_admin", Some(GroupMemberState::Active)) => {
            groups::set_member(&state, &group, user.id, target, GroupRole::Admin, GroupMemberState::Active).await?
        }
        ("remove", Some(_)) => groups::remove_member(&state, &group, user.id, target).await?,
        _ => return Err(AppError::BadRequest("error-form-invalid")),
    }
    Ok(redirect_with_flash(&format!("/groups/{slug}"), "group-updated"))
}

#[derive(askama::Template)]
#[template(path = "admin/groups.html")]
struct AdminGroupsPage {
    ctx: PageContext,
    groups: Vec<GroupRow>,
    errors: FieldErrors,
    form: CreateForm,
}

impl AdminGroupsPage {
    fn visibilities(&self) -> &'static [GroupVisibility] {
        GroupVisibility::ALL
    }

    fn joinings(&self) -> &'static [Joining] {
        Joining::ALL
    }
}

#[derive(Deserialize, Default)]
pub struct CreateForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    name_fr: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    joining: String,
    #[serde(default)]
    admin_email: String,
}

pub async fn admin_index(State(state): State<AppState>, _: AdminUser, ctx: PageContext) -> Result<Response, AppError> {
    let groups = store::all(&state.db).await?;
    render(&AdminGroupsPage { ctx, groups, errors: FieldErrors::default(), form: CreateForm::default() })
}

pub async fn admin_create(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ctx: PageContext,
    Form(form): Form<CreateForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::default();
    let slug = model::slug(&form.slug).map_err(|m| errors.add("slug", m)).ok();
    let name_en = model::required_text(&form.name_en, MAX_NAME).map_err(|m| errors.add("name_en", m)).ok();
    let name_fr = model::required_text(&form.name_fr, MAX_NAME).map_err(|m| errors.add("name_fr", m)).ok();
    let visibility = GroupVisibility::parse(&form.visibility);
    if visibility.is_none() {
        errors.add("visibility", "members-error-visibility");
    }
    let joining = Joining::parse(&form.joining);
    if joining.is_none() {
        errors.add("joining", "members-error-joining");
    }
    let group_admin = match form.admin_email.trim() {
        "" => None,
        email => match rendezvous_accounts::user_by_email(&state.db, &email.to_lowercase()).await? {
            Some(a) => Some(a.id),
            None => {
                errors.add("admin_email", "members-error-no-account");
                None
            }
        },
    };
    if let (Some(slug), Some(en), Some(fr), Some(v), Some(j), true) =
        (slug, name_en, name_fr, visibility, joining, errors.is_empty())
    {
        match store::insert(&state.db, &slug, &en, &fr, v, j, state.clock.now_ms()).await {
            Ok(id) => {
                audit::record(&state.db, &state.clock, Some(admin.id), "group.create", None, &format!("group {id}"))
                    .await?;
                if let Some(user_id) = group_admin {
                    store::set_membership(
                        &state.db,
                        id,
                        user_id,
                        GroupRole::Admin,
                        GroupMemberState::Active,
                        state.clock.now_ms(),
                    )
                    .await?;
                }
                return Ok(redirect_with_flash(&format!("/groups/{slug}"), "group-created"));
            }
            Err(e) if rendezvous_platform::db::is_unique_violation(&e) => {
                errors.add("slug", "members-error-slug-taken")
            }
            Err(e) => return Err(e.into()),
        }
    }
    let groups = store::all(&state.db).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &AdminGroupsPage { ctx, groups, errors, form })
}

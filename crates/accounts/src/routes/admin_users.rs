//! Admin: people and their roles. The list comes in pages; each person's roles change on their
//! own page, and every change is confirmed on a page of its own first (no JavaScript needed).
//! Granting and revoking are audited; the last administrator cannot be removed.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use rendezvous_platform::auth::{Role, UserId};
use rendezvous_platform::web::pager::{PageLinks, Pager};
use rendezvous_platform::web::{AdminUser, AppError, Form, PageContext, redirect_with_flash, render};
use rendezvous_platform::{AppState, audit};
use serde::Deserialize;

use crate::store::{self, UserRow};

/// People per page: the page stays well under 50 KB.
const PER_PAGE: i64 = 50;

#[derive(askama::Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    ctx: PageContext,
    query: String,
    users: Vec<(UserRow, Vec<Role>)>,
    pages: PageLinks,
    /// This list's address with its search, for the page links.
    base: String,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    _: AdminUser,
    ctx: PageContext,
    Query(q): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let pager = Pager::new(q.page, PER_PAGE);
    let mut users = store::search_users(&state.db, &q.q, pager.limit(), pager.offset()).await?;
    let pages = pager.finish(&mut users);
    let search: String = url::form_urlencoded::Serializer::new(String::new()).append_pair("q", &q.q).finish();
    render(&UsersPage { ctx, query: q.q, users, pages, base: format!("/admin/users?{search}") })
}

#[derive(askama::Template)]
#[template(path = "admin_user_roles.html")]
struct RolesPage {
    ctx: PageContext,
    user: UserRow,
    roles: Vec<Role>,
    all_roles: Vec<Role>,
    /// A change asked for and waiting for its confirmation.
    pending: Option<(Role, &'static str)>,
}

/// One person's roles, each with its button.
pub async fn roles_page(
    State(state): State<AppState>,
    _: AdminUser,
    ctx: PageContext,
    Path(id): Path<UserId>,
) -> Result<Response, AppError> {
    let user = store::user_by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let roles = store::roles_of(&state.db, id).await?;
    render(&RolesPage { ctx, user, roles, all_roles: Role::all(), pending: None })
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
    action: String,
    /// Present once the admin confirmed on the confirmation page.
    #[serde(default)]
    confirm: String,
}

pub async fn change_role(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ctx: PageContext,
    Path(id): Path<UserId>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    let role = Role::parse(&form.role).ok_or(AppError::BadRequest("role-invalid"))?;
    let action = match form.action.as_str() {
        "grant" => "grant",
        "revoke" => "revoke",
        _ => return Err(AppError::BadRequest("role-invalid")),
    };
    let target = id;
    let user = store::user_by_id(&state.db, target).await?.ok_or(AppError::NotFound)?;
    let back = format!("/admin/users/{id}");
    if form.confirm != "yes" {
        let roles = store::roles_of(&state.db, target).await?;
        return render(&RolesPage { ctx, user, roles, all_roles: Role::all(), pending: Some((role, action)) });
    }
    let now = state.clock.now_ms();
    let changed = if action == "grant" {
        store::grant_role(&state.db, target, role, Some(admin.id), now).await?
    } else {
        if role == Role::ADMIN && store::count_with_role(&state.db, Role::ADMIN).await? <= 1 {
            return Ok(redirect_with_flash(&back, "role-last-admin"));
        }
        store::revoke_role(&state.db, target, role).await?
    };
    if changed {
        let action = if action == "grant" { "role.grant" } else { "role.revoke" };
        audit::record(&state.db, &state.clock, Some(admin.id), action, Some(target), role.as_str()).await?;
    }
    Ok(redirect_with_flash(&back, "role-changed"))
}

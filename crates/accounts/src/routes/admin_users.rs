//! Admin: people and their roles. Granting and revoking are audited; the last administrator
//! cannot be removed.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use rendezvous_platform::auth::{Role, UserId};
use rendezvous_platform::web::{AdminUser, AppError, Form, PageContext, redirect_with_flash, render};
use rendezvous_platform::{AppState, audit};
use serde::Deserialize;

use crate::store::{self, UserRow};

#[derive(askama::Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    ctx: PageContext,
    query: String,
    users: Vec<(UserRow, Vec<Role>)>,
    all_roles: [Role; 4],
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn list(
    State(state): State<AppState>,
    _: AdminUser,
    ctx: PageContext,
    Query(q): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let users = store::search_users(&state.db, &q.q, 200).await?;
    render(&UsersPage { ctx, query: q.q, users, all_roles: Role::ALL })
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
    action: String,
}

pub async fn change_role(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    let role = Role::parse(&form.role).ok_or(AppError::BadRequest("role-invalid"))?;
    let target = UserId(id);
    store::user_by_id(&state.db, target).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.now_ms();
    let changed = match form.action.as_str() {
        "grant" => store::grant_role(&state.db, target, role, Some(admin.id), now).await?,
        "revoke" => {
            if role == Role::Admin && store::count_with_role(&state.db, Role::Admin).await? <= 1 {
                return Ok(redirect_with_flash("/admin/users", "role-last-admin"));
            }
            store::revoke_role(&state.db, target, role).await?
        }
        _ => return Err(AppError::BadRequest("role-invalid")),
    };
    if changed {
        let action = if form.action == "grant" { "role.grant" } else { "role.revoke" };
        audit::record(&state.db, &state.clock, Some(admin.id), action, Some(target), role.as_str()).await?;
    }
    Ok(redirect_with_flash("/admin/users", "role-changed"))
}

//! An administrator names a space's moderators by finding them by name or address (never by
//! account number), and removes them; each change is audited. A moderator without two-factor is
//! named with a warning: they cannot moderate until they turn it on.

use axum::extract::{Path, State};
use axum::response::Response;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::web::{AdminUser, AppError, Form, redirect_with_flash};
use rendezvous_platform::{AppState, audit};
use serde::Deserialize;

use crate::ids::SpaceId;
use crate::store::spaces as space_store;

/// Shortest search: fewer letters would list half the network.
const MIN_FIND: usize = 2;
const MAX_MATCHES: i64 = 20;

/// A person as the moderators section shows them to an administrator.
pub struct Moderator {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub two_factor: bool,
}

/// The space's moderators, by name.
pub async fn current(state: &AppState, space_id: SpaceId) -> Result<Vec<Moderator>, AppError> {
    let mut out = Vec::new();
    for id in space_store::moderators(&state.db, space_id).await? {
        if let Some(user) = state.users.user_by_id(id).await? {
            out.push(Moderator { id, name: user.display_name, email: user.email, two_factor: user.two_factor_enabled });
        }
    }
    Ok(out)
}

/// Verified accounts whose name or address contains `find`, less those already moderating.
pub async fn find(state: &AppState, find: &str, already: &[Moderator]) -> Result<Vec<Moderator>, AppError> {
    if find.trim().chars().count() < MIN_FIND {
        return Ok(Vec::new());
    }
    let found = rendezvous_accounts::search_users(&state.db, find, MAX_MATCHES, 0).await?;
    Ok(found
        .into_iter()
        .filter(|(u, _)| u.email_verified_at.is_some() && !already.iter().any(|m| m.id == u.id))
        .map(|(u, _)| Moderator { id: u.id, two_factor: u.two_factor_enabled(), name: u.display_name, email: u.email })
        .collect())
}

#[derive(Deserialize)]
pub struct ModeratorForm {
    user: UserId,
    #[serde(default)]
    remove: Option<String>,
}

pub async fn change(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(slug): Path<String>,
    Form(form): Form<ModeratorForm>,
) -> Result<Response, AppError> {
    let space = space_store::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let removing = super::checked(&form.remove);
    let (action, flash) = if removing {
        space_store::remove_moderator(&state.db, space.id, form.user).await?;
        ("forum.space.moderator-remove", "forum-flash-moderator-removed")
    } else {
        state.users.user_by_id(form.user).await?.ok_or(AppError::BadRequest("forum-error-person"))?;
        space_store::add_moderator(&state.db, space.id, form.user, state.clock.now_ms()).await?;
        ("forum.space.moderator-add", "forum-flash-moderator-added")
    };
    audit::record(&state.db, &state.clock, Some(admin.id), action, Some(form.user), &format!("space {}", space.id))
        .await?;
    Ok(redirect_with_flash(&format!("/admin/forum/{}#moderators", space.slug), flash))
}

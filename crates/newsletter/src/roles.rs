//! The newsletter's role, and the extractor of the people who may use its staff pages.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rendezvous_platform::auth::{AuthUser, Role, RoleDef};
use rendezvous_platform::web::page::require_or_admin;
use rendezvous_platform::web::{AppError, SignedIn};

/// Manages lists and sends campaigns without being an administrator.
pub const COMMUNICATIONS: Role = Role::new(&RoleDef {
    name: "communications",
    label_id: "role-communications",
    grant_id: "role-grant-communications",
    revoke_id: "role-revoke-communications",
    needs_two_factor: true,
});

/// Someone who may manage lists and send campaigns: an administrator or the communications role,
/// with two-factor authentication.
pub struct CommsUser(pub AuthUser);

impl<S: Send + Sync> FromRequestParts<S> for CommsUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
        require_or_admin(user, COMMUNICATIONS).map(CommsUser)
    }
}

//! Who may write and publish alerts: the alerts role, forum-wide moderators and administrators,
//! each with two-factor authentication.

use rendezvous_platform::auth::{AuthUser, Role, RoleDef};
use rendezvous_platform::web::AppError;
use rendezvous_platform::web::page::require_any;

/// Writes, publishes, updates and cancels alerts, reviews reports and sees the alerts list.
pub const ALERTS: Role = Role::new(&RoleDef {
    name: "alerts",
    label_id: "role-alerts",
    grant_id: "role-grant-alerts",
    revoke_id: "role-revoke-alerts",
    needs_two_factor: true,
});

/// The roles that publish alerts.
const PUBLISHERS: [Role; 3] = [ALERTS, rendezvous_forum::MODERATOR, Role::ADMIN];

/// Whether this person may publish alerts now (holding a role without its second factor is not
/// enough).
pub fn may_publish(user: &AuthUser) -> bool {
    PUBLISHERS.iter().any(|role| user.can_use(*role))
}

/// The person if they may publish; a clear refusal otherwise (two-factor first, when they hold a
/// publishing role without it).
pub fn require_publisher(user: AuthUser) -> Result<AuthUser, AppError> {
    require_any(user, &PUBLISHERS)
}

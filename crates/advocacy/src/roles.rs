//! Who runs letter campaigns and target sets: administrators, the communications role and
//! editors, each with two-factor authentication.

use rendezvous_newsletter::COMMUNICATIONS;
use rendezvous_platform::auth::{AuthUser, Role};
use rendezvous_platform::web::AppError;

const CAMPAIGNERS: [Role; 3] = [Role::ADMIN, COMMUNICATIONS, Role::EDITOR];

/// Whether this person may run letter campaigns now (a role without its second factor is not
/// enough).
pub fn may_campaign(user: &AuthUser) -> bool {
    CAMPAIGNERS.iter().any(|role| user.can_use(*role))
}

/// The person if they may run letter campaigns; a clear refusal otherwise (two-factor first, when
/// they hold such a role without it).
pub fn require_campaigner(user: AuthUser) -> Result<AuthUser, AppError> {
    if may_campaign(&user) {
        Ok(user)
    } else if CAMPAIGNERS.iter().any(|role| user.has_role(*role)) {
        Err(AppError::NeedsTwoFactor)
    } else {
        Err(AppError::Forbidden)
    }
}

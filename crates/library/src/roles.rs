//! Who publishes the library, news, events and job postings: administrators and editors, with
//! two-factor authentication.

use rendezvous_platform::auth::{AuthUser, Role};
use rendezvous_platform::web::AppError;

const PUBLISHERS: [Role; 2] = [Role::ADMIN, Role::EDITOR];

pub fn may_publish(user: &AuthUser) -> bool {
    PUBLISHERS.iter().any(|role| user.can_use(*role))
}

/// The person if they may publish; two-factor first when they hold the role without it.
pub fn require_publisher(user: AuthUser) -> Result<AuthUser, AppError> {
    if may_publish(&user) {
        Ok(user)
    } else if PUBLISHERS.iter().any(|role| user.has_role(*role)) {
        Err(AppError::NeedsTwoFactor)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Who moderates public submissions: administrators, editors and forum-wide moderators.
const MODERATORS: [Role; 3] = [Role::ADMIN, Role::EDITOR, rendezvous_forum::MODERATOR];

pub fn require_moderator(user: AuthUser) -> Result<AuthUser, AppError> {
    if MODERATORS.iter().any(|role| user.can_use(*role)) {
        Ok(user)
    } else if MODERATORS.iter().any(|role| user.has_role(*role)) {
        Err(AppError::NeedsTwoFactor)
    } else {
        Err(AppError::Forbidden)
    }
}

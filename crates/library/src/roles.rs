//! Who publishes the library, news, events and job postings (administrators and editors), and
//! who moderates what the public submits (those and forum-wide moderators), all with two-factor
//! authentication.

use rendezvous_platform::auth::{AuthUser, Role};
use rendezvous_platform::web::AppError;
use rendezvous_platform::web::page::require_any;

const PUBLISHERS: [Role; 2] = [Role::ADMIN, Role::EDITOR];

/// Who moderates public submissions.
const MODERATORS: [Role; 3] = [Role::ADMIN, Role::EDITOR, rendezvous_forum::MODERATOR];

/// The person if they may publish; two-factor first when they hold the role without it.
pub fn require_publisher(user: AuthUser) -> Result<AuthUser, AppError> {
    require_any(user, &PUBLISHERS)
}

pub fn require_moderator(user: AuthUser) -> Result<AuthUser, AppError> {
    require_any(user, &MODERATORS)
}

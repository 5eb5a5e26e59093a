//! Who runs letter campaigns and target sets: administrators, the communications role and
//! editors, each with two-factor authentication.

use rendezvous_newsletter::COMMUNICATIONS;
use rendezvous_platform::auth::{AuthUser, Role};
use rendezvous_platform::web::AppError;
use rendezvous_platform::web::page::require_any;

const CAMPAIGNERS: [Role; 3] = [Role::ADMIN, COMMUNICATIONS, Role::EDITOR];

/// The person if they may run letter campaigns; a clear refusal otherwise.
pub fn require_campaigner(user: AuthUser) -> Result<AuthUser, AppError> {
    require_any(user, &CAMPAIGNERS)
}

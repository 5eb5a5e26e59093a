//! Who would newly read a thread moved from one space to another: the count an administrator is
//! shown before a move that widens its readers (a peer group's words made public is the harm we
//! guard against). Each account is judged by [`crate::access::can_read`], the one rule.

use rendezvous_platform::AppState;
use rendezvous_platform::auth::Role;

use crate::access::{ForumViewer, can_read};
use crate::model::ReadRule;
use crate::store::spaces::{self as space_store, SpaceRow};

/// Every account, for the count (the network has about a thousand; the page is rare).
const MAX_ACCOUNTS: i64 = 1_000_000;

/// How much wider the target space's readers are than the source's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Widening {
    /// Accounts that can read the target but not the source.
    pub more_accounts: usize,
    /// The target is public and the source is not: anyone, without an account, will read it.
    pub to_everyone: bool,
}

impl Widening {
    pub fn widens(&self) -> bool {
        self.more_accounts > 0 || self.to_everyone
    }
}

/// Counts the readers a move from `from` to `to` adds.
pub async fn widening(state: &AppState, from: &SpaceRow, to: &SpaceRow) -> Result<Widening, sqlx::Error> {
    if from.read_rule() == ReadRule::Public {
        return Ok(Widening::default());
    }
    let to_everyone = to.read_rule() == ReadRule::Public;
    let now = state.clock.now_ms();
    let mut more_accounts = 0;
    for (user, roles) in rendezvous_accounts::search_users(&state.db, "", MAX_ACCOUNTS, 0).await? {
        if user.email_verified_at.is_none() {
            continue;
        }
        let two_factor = user.two_factor_enabled();
        let staff = |role| roles.contains(&role) && two_factor;
        let viewer = ForumViewer {
            user_id: Some(user.id),
            is_member: roles.contains(&rendezvous_members::MEMBER)
                || rendezvous_members::memberships::is_active_member(&state.db, user.id, now).await?,
            groups: rendezvous_members::groups::of_user(&state.db, user.id)
                .await?
                .into_iter()
                .map(|g| g.slug)
                .collect(),
            is_moderator: staff(crate::MODERATOR),
            is_admin: staff(Role::ADMIN),
            moderates: space_store::moderated_by(&state.db, user.id).await?,
            two_factor,
            ..ForumViewer::ANONYMOUS
        };
        if can_read(&viewer, to) && !can_read(&viewer, from) {
            more_accounts += 1;
        }
    }
    Ok(Widening { more_accounts, to_everyone })
}

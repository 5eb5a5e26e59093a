//! Emailed links: a random token (kept only as its hash), an expiry, used once.

use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use rendezvous_platform::crypto::random_token;

use crate::store::{self, Purpose};

pub fn lifetime_ms(purpose: Purpose) -> i64 {
    match purpose {
        Purpose::Verify => 2 * DAY_MS,
        Purpose::Reset => HOUR_MS,
        Purpose::ChangeEmail => DAY_MS,
        Purpose::SignIn => 15 * MINUTE_MS,
    }
}

fn path(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Verify => "/verify",
        Purpose::Reset => "/reset/confirm",
        Purpose::ChangeEmail => "/account/email/confirm",
        Purpose::SignIn => "/login/link",
    }
}

/// Creates a link and returns its full URL.
pub async fn create(
    state: &AppState,
    user: UserId,
    purpose: Purpose,
    new_email: Option<&str>,
) -> Result<String, sqlx::Error> {
    let token = random_token();
    let now = state.clock.now_ms();
    store::insert_link_token(&state.db, &token, user, purpose, new_email, now, now + lifetime_ms(purpose)).await?;
    Ok(format!("{}{}?token={}", state.base_url, path(purpose), token))
}

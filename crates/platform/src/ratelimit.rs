//! Rate limits, in memory only. Keys are salted hashes (the salt is random per process), so no
//! client address or email exists in clear anywhere, and every key is forgotten when it expires.

use std::hash::{BuildHasher, Hash};
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// What is being limited, so one kind of attempt cannot use up another's allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    LogIn,
    SignUp,
    PasswordReset,
    SecondFactor,
    Subscribe,
    Post,
    /// Asking for an emailed sign-in link (when log-in is throttled for an account).
    SignInLink,
    /// Sending a drug-supply report (no account: per client only).
    Report,
    /// Writing a letter to representatives (per client and per writer's address).
    Letter,
}

pub struct RateLimits {
    hasher: std::collections::hash_map::RandomState,
    per_account: DefaultKeyedRateLimiter<u64>,
    per_client: DefaultKeyedRateLimiter<u64>,
    /// Log-in per account: softer than per client, because anyone can spend an account's
    /// allowance; its owner then gets in by an emailed sign-in link.
    login_per_account: DefaultKeyedRateLimiter<u64>,
}

fn quota(burst: u32, every: Duration) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(every).unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN)).allow_burst(burst)
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            hasher: std::collections::hash_map::RandomState::new(),
            // An account: 5 tries at once, then one more every 3 minutes.
            per_account: RateLimiter::keyed(quota(5, Duration::from_secs(180))),
            // A client: 30 at once, then one every 2 seconds, shared by every address it tries.
            per_client: RateLimiter::keyed(quota(30, Duration::from_secs(2))),
            // Log-in for an account: 10 tries at once, then one more every 2 minutes.
            login_per_account: RateLimiter::keyed(quota(10, Duration::from_secs(120))),
        }
    }
}

impl RateLimits {
    fn key(&self, action: Action, value: &str) -> u64 {
        self.hasher.hash_one((action, value.trim().to_lowercase()))
    }

    /// True if `account` (an email, a user id...) may try `action` once more now.
    pub fn check_account(&self, action: Action, account: &str) -> bool {
        self.per_account.check_key(&self.key(action, account)).is_ok()
    }

    /// True if someone may try to log in to `account` (an email address) once more now. A
    /// refusal is soft: the log-in page then offers the owner an emailed sign-in link.
    pub fn check_login_account(&self, account: &str) -> bool {
        self.login_per_account.check_key(&self.key(Action::LogIn, account)).is_ok()
    }

    /// True if the client (identified by an opaque string such as its address) may try now.
    pub fn check_client(&self, action: Action, client: &str) -> bool {
        self.per_client.check_key(&self.key(action, client)).is_ok()
    }

    /// Forgets keys whose allowance is full again; run periodically.
    pub fn forget_idle(&self) {
        self.per_account.retain_recent();
        self.per_client.retain_recent();
        self.login_per_account.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_throttled_after_its_burst_and_others_are_not() {
        let limits = RateLimits::default();
        for _ in 0..5 {
            assert!(limits.check_account(Action::LogIn, "a@example.org"));
        }
        assert!(!limits.check_account(Action::LogIn, "A@example.org"));
        assert!(limits.check_account(Action::LogIn, "b@example.org"));
        assert!(limits.check_account(Action::PasswordReset, "a@example.org"));
    }

    #[test]
    fn log_in_per_account_is_softer_than_other_account_limits() {
        let limits = RateLimits::default();
        for _ in 0..10 {
            assert!(limits.check_login_account("a@example.org"));
        }
        assert!(!limits.check_login_account("a@example.org"));
        assert!(limits.check_login_account("b@example.org"));
    }
}

//! Daily and weekly digests, built by a clock-driven job (`forum.digest`, every day at 06:00 UTC)
//! for each person who chose one: their notifications not yet mailed, each re-checked against
//! [`crate::access::can_read`] and the post's state at that moment. A person's period (the UTC
//! day, or the ISO week) is recorded before their mail is queued, so a run that crashes and is
//! retried, or two workers, never mail anyone twice for one period.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::clock::{DAY_MS, HOUR_MS};
use rendezvous_platform::{AppState, BoxError};
use serde_json::json;

use super::mail::{self as notify_mail, Item};
use super::store;
use crate::access::viewer_for_user;
use crate::ids::NotificationId;
use crate::model::EmailMode;
use rendezvous_platform::mail;

pub const JOB: &str = "forum.digest";
/// When the digests go out, as an offset into the UTC day.
pub const SEND_AT_MS: i64 = 6 * HOUR_MS;
/// Most notifications in one digest (the rest wait for the next one).
const MAX_ITEMS: i64 = 200;

/// The period a digest sent at `now_ms` covers: `daily:YYYY-MM-DD` or `weekly:YYYY-Www` (UTC).
pub fn period(mode: EmailMode, now_ms: i64) -> String {
    let t =
        time::OffsetDateTime::from_unix_timestamp(now_ms.div_euclid(1000)).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    match mode {
        EmailMode::Weekly => {
            let (year, week, _) = t.to_iso_week_date();
            format!("weekly:{year}-W{week:02}")
        }
        _ => format!("daily:{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()),
    }
}

/// The next send time strictly after `now_ms`.
pub fn next_run(now_ms: i64) -> i64 {
    let today = now_ms.div_euclid(DAY_MS) * DAY_MS + SEND_AT_MS;
    if today > now_ms { today } else { today + DAY_MS }
}

/// Queues the digest job for its next time unless one is already waiting.
pub async fn schedule(state: &AppState) -> Result<(), BoxError> {
    if !state.jobs.any_queued(JOB).await? {
        let run_at = next_run(state.clock.now_ms());
        state.jobs.enqueue_at(JOB, &json!({}), run_at, rendezvous_platform::jobs::DEFAULT_MAX_ATTEMPTS).await?;
    }
    Ok(())
}

pub async fn handle(state: AppState, _payload: serde_json::Value) -> Result<(), BoxError> {
    let report = run(&state).await?;
    if report.sent > 0 {
        tracing::info!(?report, "forum digests queued");
    }
    schedule(&state).await
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DigestReport {
    /// Digests queued.
    pub sent: usize,
    /// People skipped because their period was already sent.
    pub already_sent: usize,
    /// People with nothing readable to tell.
    pub empty: usize,
}

/// Builds and queues the digests due at the clock's now: daily ones, and weekly ones for the
/// current ISO week (the first run of a week sends them).
pub async fn run(state: &AppState) -> Result<DigestReport, BoxError> {
    let mut report = DigestReport::default();
    for mode in [EmailMode::Daily, EmailMode::Weekly] {
        for user_id in store::users_with_mode(&state.db, mode.as_str()).await? {
            run_one(state, user_id, mode, &mut report).await?;
        }
    }
    Ok(report)
}

async fn run_one(
    state: &AppState,
    user_id: UserId,
    mode: EmailMode,
    report: &mut DigestReport,
) -> Result<(), BoxError> {
    let now = state.clock.now_ms();
    let pending = store::unmailed(&state.db, user_id, now, MAX_ITEMS).await?;
    if pending.is_empty() {
        return Ok(());
    }
    let Some(user) = state.users.user_by_id(user_id).await? else { return Ok(()) };
    let period = period(mode, now);
    let ids: Vec<NotificationId> = pending.iter().map(|n| n.id).collect();
    let viewer = viewer_for_user(state, &user).await?;
    let mut items: Vec<Item> = Vec::new();
    for n in &pending {
        if let Some(item) = notify_mail::item(state, &viewer, user.lang, n).await? {
            items.push(item);
        }
    }
    if items.is_empty() {
        // Nothing the person may read now: these are done, and no mail says "nothing".
        store::mark_mailed(&state.db, &ids, now).await?;
        report.empty += 1;
        return Ok(());
    }
    if !store::record_digest(&state.db, user_id, &period, now).await? {
        report.already_sent += 1;
        return Ok(());
    }
    mail::enqueue_bulk(state, &notify_mail::digest_mail(state, &user, mode, &items)?).await?;
    store::mark_mailed(&state.db, &ids, now).await?;
    store::set_last_digest(&state.db, user_id, now).await?;
    report.sent += 1;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_utc_days_and_iso_weeks() {
        // 2026-11-27 12:00 UTC, a Friday in ISO week 48.
        let t = 1_795_780_800_000;
        assert_eq!(period(EmailMode::Daily, t), "daily:2026-11-27");
        assert_eq!(period(EmailMode::Weekly, t), "weekly:2026-W48");
        // 2027-01-01 is in ISO week 53 of 2026.
        assert_eq!(period(EmailMode::Weekly, 1_798_761_600_000), "weekly:2026-W53");
    }

    #[test]
    fn the_next_run_is_the_next_six_o_clock() {
        let midnight = 1_795_737_600_000; // 2026-11-27 00:00 UTC
        assert_eq!(next_run(midnight), midnight + SEND_AT_MS);
        assert_eq!(next_run(midnight + SEND_AT_MS), midnight + DAY_MS + SEND_AT_MS);
        assert_eq!(next_run(midnight + 7 * HOUR_MS), midnight + DAY_MS + SEND_AT_MS);
    }
}

//! How fast a campaign goes and how long it has left: messages a minute over the last minute (or
//! since the start, in its first minute or when the last minute sent nothing), and the time left
//! at that rate. What the progress page and its JSON show.

use crate::ids::CampaignId;
use crate::model::CampaignState;
use rendezvous_platform::clock::{Clock, MINUTE_MS};
use rendezvous_platform::db::Db;
use serde::Serialize;

use super::{Progress, by_id, progress};

#[derive(Debug, Clone, Default, Serialize)]
pub struct LiveProgress {
    #[serde(flatten)]
    pub progress: Progress,
    /// Messages sent a minute.
    pub per_minute: i64,
    /// Seconds until the queued ones are sent at this rate; None when nothing moves.
    pub seconds_left: Option<i64>,
}

/// The rate from (sent in the last minute, sent since the start, milliseconds since the start).
pub fn per_minute(last_minute: i64, total: i64, since_start_ms: i64) -> i64 {
    if since_start_ms >= MINUTE_MS && last_minute > 0 {
        return last_minute;
    }
    if total == 0 || since_start_ms <= 0 {
        return last_minute;
    }
    // Per minute since the start, rounded up so a started campaign never shows zero.
    let since = since_start_ms.max(1_000);
    (total * MINUTE_MS + since - 1) / since
}

pub fn seconds_left(remaining: i64, per_minute: i64) -> Option<i64> {
    (per_minute > 0 && remaining > 0).then(|| (remaining * 60 + per_minute - 1) / per_minute)
}

pub async fn live(db: &Db, clock: &Clock, id: CampaignId) -> Result<Option<LiveProgress>, sqlx::Error> {
    let (Some(progress), Some(campaign)) = (progress(db, id).await?, by_id(db, id).await?) else { return Ok(None) };
    let now = clock.now_ms();
    let last_minute = crate::store::sent_since(db, id, now - MINUTE_MS).await?;
    let moving = progress.state == CampaignState::Sending;
    let rate = match campaign.started_at {
        Some(started) if moving => per_minute(last_minute, progress.sent, now - started),
        _ => 0,
    };
    let seconds_left = seconds_left(progress.remaining, rate);
    Ok(Some(LiveProgress { progress, per_minute: rate, seconds_left }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_over_the_last_minute_or_since_the_start() {
        assert_eq!(per_minute(120, 1000, 10 * MINUTE_MS), 120);
        assert_eq!(per_minute(0, 1000, 10 * MINUTE_MS), 100, "a quiet last minute falls back on the average");
        assert_eq!(per_minute(30, 30, 30_000), 60, "in the first minute, the rate since the start");
        assert_eq!(per_minute(0, 0, 0), 0);
        assert_eq!(seconds_left(600, 120), Some(300));
        assert_eq!(seconds_left(1, 120), Some(1));
        assert_eq!(seconds_left(10, 0), None);
    }
}

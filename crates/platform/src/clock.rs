//! The clock, injectable so tests can move time (memberships lapse, links expire).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Milliseconds since the Unix epoch, plus an offset that only tests change.
#[derive(Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

impl Clock {
    pub fn now_ms(&self) -> i64 {
        let real = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
        real as i64 + self.offset_ms.load(Ordering::Relaxed)
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance_ms(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

/// Formats a Unix-millisecond time as `2026-11-26 20:19 UTC`.
/// An instant as people read it on a page: `2026-12-01 09:30 (America/Toronto)`, in the site's
/// --timezone, so every page shows the same clock and says which.
pub fn format_local(tz: &jiff::tz::TimeZone, ms: i64) -> String {
    let name = tz.iana_name().unwrap_or("UTC");
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| format!("{} ({name})", t.to_zoned(tz.clone()).strftime("%Y-%m-%d %H:%M")))
        .unwrap_or_default()
}

pub fn format_ms(ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

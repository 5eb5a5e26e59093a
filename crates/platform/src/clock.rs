//! The clock, injectable so tests can move time (memberships lapse, links expire).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Milliseconds since the Unix epoch, plus an offset that only tests change.
#[derive(Clone)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
    /// Told when the offset moves, so a worker sleeping until a job's time looks again.
    moved: Arc<tokio::sync::watch::Sender<()>>,
}

impl Default for Clock {
    fn default() -> Self {
        Self { offset_ms: Arc::default(), moved: Arc::new(tokio::sync::watch::Sender::new(())) }
    }
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
        self.moved.send_replace(());
    }

    /// Changes when the clock is moved (only tests move it): whoever sleeps until a time on
    /// this clock wakes on it and measures again.
    pub fn moves(&self) -> tokio::sync::watch::Receiver<()> {
        self.moved.subscribe()
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

/// A text with each RFC 3339 instant in it (`campaign 5 at 2026-01-15T14:30:00Z`, as audit
/// details write them) shown as `format_local` shows times, so no page shows a raw timestamp.
pub fn local_times_in(tz: &jiff::tz::TimeZone, text: &str) -> String {
    let word = |w: &str| match w.parse::<jiff::Timestamp>() {
        Ok(t) => format_local(tz, t.as_millisecond()),
        Err(_) => w.to_owned(),
    };
    text.split(' ').map(word).collect::<Vec<_>>().join(" ")
}

pub fn format_ms(ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

/// The date (YYYY-MM-DD) an instant falls on in a time zone.
pub fn date_in(tz: &jiff::tz::TimeZone, ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.to_zoned(tz.clone()).date().to_string()).unwrap_or_default()
}

/// The instant a day ends in a time zone (the next day's first moment), in milliseconds.
pub fn end_of_day(tz: &jiff::tz::TimeZone, date: jiff::civil::Date) -> Option<i64> {
    let next = date.tomorrow().ok()?;
    Some(next.to_zoned(tz.clone()).ok()?.timestamp().as_millisecond())
}

#[cfg(test)]
mod local_times_tests {
    use super::*;

    #[test]
    fn an_rfc3339_instant_in_a_text_reads_as_a_local_time_and_the_rest_is_kept() {
        let tz = jiff::tz::TimeZone::get("America/Toronto").expect("zone");
        assert_eq!(
            local_times_in(&tz, "campaign 5 at 2026-01-15T14:30:00Z"),
            "campaign 5 at 2026-01-15 09:30 (America/Toronto)"
        );
        assert_eq!(local_times_in(&tz, "job 12  done"), "job 12  done");
    }
}

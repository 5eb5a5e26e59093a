//! A campaign's start written as a local date and time in the site's time zone (the `--timezone`
//! setting), turned into the one instant it names; and instants shown back in that zone. A time
//! that a clock change skips or repeats is refused rather than guessed.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Timestamp, Zoned};

/// Why a local date and time cannot be a campaign's start. Each names the field at fault and a
/// Fluent message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleError {
    /// Not a date written YYYY-MM-DD.
    Date,
    /// Not a time written HH:MM (24-hour clock).
    Time,
    /// The clocks skip this time that day (spring forward).
    Skipped,
    /// This time happens twice that day (fall back).
    Ambiguous,
    /// The time has passed.
    Past,
    /// More than a year ahead.
    TooFar,
}

impl ScheduleError {
    pub fn field(self) -> &'static str {
        match self {
            Self::Date | Self::Past | Self::TooFar => "date",
            Self::Time | Self::Skipped | Self::Ambiguous => "time",
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Self::Date => "schedule-date-invalid",
            Self::Time => "schedule-time-invalid",
            Self::Skipped => "schedule-time-skipped",
            Self::Ambiguous => "schedule-time-ambiguous",
            Self::Past => "schedule-past",
            Self::TooFar => "schedule-too-far",
        }
    }
}

const YEAR_MS: i64 = 366 * 24 * 60 * 60 * 1000;

/// Every problem the date and time fields have on their own, so a form can name both at once
/// (`parse_local` stops at the first).
pub fn field_problems(date: &str, time: &str) -> Vec<ScheduleError> {
    let mut out = Vec::new();
    if date.trim().parse::<Date>().is_err() {
        out.push(ScheduleError::Date);
    }
    if parse_time(time.trim()).is_none() {
        out.push(ScheduleError::Time);
    }
    out
}

/// The instant (Unix milliseconds) that `date` (YYYY-MM-DD) at `time` (HH:MM) in `tz` names,
/// which must be after `now_ms` and within a year of it.
pub fn parse_local(tz: &TimeZone, date: &str, time: &str, now_ms: i64) -> Result<i64, ScheduleError> {
    let date: Date = date.trim().parse().map_err(|_| ScheduleError::Date)?;
    let time = parse_time(time.trim()).ok_or(ScheduleError::Time)?;
    let local = DateTime::from_parts(date, time);
    let ambiguous = tz.to_ambiguous_zoned(local);
    let offset = match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        AmbiguousOffset::Gap { .. } => return Err(ScheduleError::Skipped),
        AmbiguousOffset::Fold { .. } => return Err(ScheduleError::Ambiguous),
    };
    let at = offset.to_timestamp(local).map_err(|_| ScheduleError::Date)?.as_millisecond();
    if at <= now_ms {
        return Err(ScheduleError::Past);
    }
    if at - now_ms > YEAR_MS {
        return Err(ScheduleError::TooFar);
    }
    Ok(at)
}

/// HH:MM or HH:MM:SS on the 24-hour clock (what `<input type="time">` sends).
fn parse_time(text: &str) -> Option<Time> {
    let mut parts = text.split(':');
    let hour: i8 = parts.next()?.parse().ok()?;
    let minute: i8 = parts.next()?.parse().ok()?;
    let second: i8 = match parts.next() {
        Some(s) => s.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    Time::new(hour, minute, second, 0).ok()
}

fn zoned(tz: &TimeZone, ms: i64) -> Option<Zoned> {
    Timestamp::from_millisecond(ms).ok().map(|t| t.to_zoned(tz.clone()))
}

pub use rendezvous_platform::clock::format_local;

/// The (date, time) fields of a form showing this instant in `tz`.
pub fn form_fields(tz: &TimeZone, ms: i64) -> (String, String) {
    zoned(tz, ms).map(|z| (z.strftime("%Y-%m-%d").to_string(), z.strftime("%H:%M").to_string())).unwrap_or_default()
}

/// An instant in RFC 3339 (UTC), for feeds.
pub fn rfc3339(ms: i64) -> String {
    Timestamp::from_millisecond(ms).map(|t| t.to_string()).unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toronto() -> TimeZone {
        TimeZone::get("America/Toronto").expect("bundled tz database")
    }

    // 2026-01-01T00:00:00Z
    const NEW_YEAR_2026: i64 = 1_767_225_600_000;

    #[test]
    fn local_times_become_the_right_instant_across_daylight_saving() {
        // Winter: UTC-5. Summer: UTC-4.
        let winter = parse_local(&toronto(), "2026-01-15", "09:30", NEW_YEAR_2026).expect("winter");
        assert_eq!(rfc3339(winter), "2026-01-15T14:30:00Z");
        let summer = parse_local(&toronto(), "2026-07-01", "09:30", NEW_YEAR_2026).expect("summer");
        assert_eq!(rfc3339(summer), "2026-07-01T13:30:00Z");
        assert_eq!(format_local(&toronto(), summer), "2026-07-01 09:30 (America/Toronto)");
        assert_eq!(form_fields(&toronto(), summer), ("2026-07-01".into(), "09:30".into()));
    }

    #[test]
    fn bad_skipped_repeated_and_past_times_are_refused() {
        let tz = toronto();
        let now = NEW_YEAR_2026;
        assert_eq!(parse_local(&tz, "2026-02-30", "09:00", now), Err(ScheduleError::Date));
        assert_eq!(field_problems("", "25:00"), [ScheduleError::Date, ScheduleError::Time]);
        assert_eq!(field_problems("2026-03-02", "09:00"), []);
        assert_eq!(parse_local(&tz, "tomorrow", "09:00", now), Err(ScheduleError::Date));
        assert_eq!(parse_local(&tz, "2026-03-02", "25:00", now), Err(ScheduleError::Time));
        assert_eq!(parse_local(&tz, "2026-03-02", "", now), Err(ScheduleError::Time));
        // 2026-03-08 02:30 does not exist in Toronto; 2026-11-01 01:30 happens twice.
        assert_eq!(parse_local(&tz, "2026-03-08", "02:30", now), Err(ScheduleError::Skipped));
        assert_eq!(parse_local(&tz, "2026-11-01", "01:30", now), Err(ScheduleError::Ambiguous));
        assert_eq!(parse_local(&tz, "2025-12-31", "18:00", now), Err(ScheduleError::Past));
        assert_eq!(parse_local(&tz, "2028-01-01", "09:00", now), Err(ScheduleError::TooFar));
    }
}

//! Calendar feeds (RFC 5545): each event with its stable UID, DTSTAMP (its last change), start and
//! end in UTC (which every calendar converts to its own zone, so an instant across a daylight-saving
//! change stays right), STATUS (CANCELLED when cancelled) and a SEQUENCE that grows with each
//! change. The icalendar crate folds long lines, escapes text and writes CRLF.

use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use rendezvous_platform::i18n::Lang;

use crate::store::events::EventRow;

fn utc(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string()).unwrap_or_default()
}

/// A calendar of these events in one language.
pub fn calendar(name: &str, events: &[EventRow], lang: Lang, base_url: &str) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    for row in events {
        let mut event = Event::new();
        event
            .uid(&row.uid)
            .add_property("DTSTAMP", utc(row.updated_at))
            .add_property("DTSTART", utc(row.starts_at))
            .add_property("DTEND", utc(row.ends_at))
            .sequence(u32::try_from(row.sequence).unwrap_or(u32::MAX))
            .summary(row.title(lang))
            .url(&format!("{base_url}/events/{}", row.id))
            .status(if row.is_cancelled() { EventStatus::Cancelled } else { EventStatus::Confirmed });
        if !row.description(lang).is_empty() {
            event.description(row.description(lang));
        }
        let place = match (&row.location, &row.address, &row.online_url) {
            (l, a, _) if !l.is_empty() && !a.is_empty() => format!("{l}, {a}"),
            (l, _, _) if !l.is_empty() => l.clone(),
            (_, _, Some(online)) => online.clone(),
            _ => String::new(),
        };
        if !place.is_empty() {
            event.location(&place);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

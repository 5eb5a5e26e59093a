//! Events: written with local times in a named time zone (IANA) and kept as instants; a local time
//! that a clock change skips or repeats is refused, as campaign schedules are. A change of time
//! marks the event moved; cancelling keeps it, marked, and both raise its SEQUENCE so calendar
//! apps take the change.

use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, TimeZone};
use rendezvous_platform::AppState;
use rendezvous_platform::crypto::random_token;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::validate::line;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::ids::EventId;
use crate::store::events::{self as store, EventFields, EventRow};

/// An event as the API takes it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    pub title_en: String,
    pub title_fr: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub description_fr: String,
    /// Local time where the event happens, e.g. `2027-03-14T01:30`.
    pub starts_at: String,
    pub ends_at: String,
    /// The IANA time zone of those local times, e.g. `America/Toronto`.
    pub timezone: String,
    /// The place's name (in person), or...
    pub location: Option<String>,
    pub address: Option<String>,
    pub accessibility: Option<String>,
    /// ...the link to join (online).
    pub online_url: Option<String>,
    pub category: Option<String>,
    pub organiser: Option<String>,
    pub registration_url: Option<String>,
    pub capacity: Option<i64>,
}

#[derive(Debug)]
pub enum EventError {
    Invalid(Vec<(&'static str, &'static str)>),
    /// Cancelled already (or not found when changing).
    Conflict,
    NotFound,
    Failed(sqlx::Error),
}

impl From<sqlx::Error> for EventError {
    fn from(e: sqlx::Error) -> Self {
        EventError::Failed(e)
    }
}

/// A local date and time (`YYYY-MM-DDTHH:MM[:SS]`) in `tz` as the one instant it names.
pub fn local_instant(tz: &TimeZone, text: &str) -> Result<i64, &'static str> {
    let local: DateTime = text.trim().parse().map_err(|_| "events-error-time")?;
    match tz.to_ambiguous_zoned(local).offset() {
        AmbiguousOffset::Unambiguous { offset } => {
            offset.to_timestamp(local).map(|t| t.as_millisecond()).map_err(|_| "events-error-time")
        }
        AmbiguousOffset::Gap { .. } => Err("events-error-time-skipped"),
        AmbiguousOffset::Fold { .. } => Err("events-error-time-repeated"),
    }
}

fn web_address(value: Option<&str>) -> Result<Option<&str>, ()> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v)
            if (v.starts_with("https://") || v.starts_with("http://"))
                && v.len() <= 2000
                && !v.contains(char::is_whitespace) =>
        {
            Ok(Some(v))
        }
        Some(_) => Err(()),
    }
}

/// Every problem of an event as (field, message id); none when it can be added.
pub fn problems(input: &EventInput) -> Vec<(&'static str, &'static str)> {
    checked(input).err().unwrap_or_default()
}

/// Checks an event; the problems as (field, message id).
fn checked(input: &EventInput) -> Result<EventFields<'_>, Vec<(&'static str, &'static str)>> {
    let mut problems = Vec::new();
    let title_en = line(&input.title_en, 200).map_err(|_| problems.push(("title_en", "events-error-title")));
    let title_fr = line(&input.title_fr, 200).map_err(|_| problems.push(("title_fr", "events-error-title")));
    for (field, text) in [("description_en", &input.description_en), ("description_fr", &input.description_fr)] {
        if text.chars().count() > 20_000 {
            problems.push((field, "events-error-too-long"));
        }
    }
    let tz = TimeZone::get(input.timezone.trim()).map_err(|_| problems.push(("timezone", "events-error-timezone")));
    let (mut starts, mut ends) = (None, None);
    if let Ok(tz) = &tz {
        starts = local_instant(tz, &input.starts_at).map_err(|m| problems.push(("starts_at", m))).ok();
        ends = local_instant(tz, &input.ends_at).map_err(|m| problems.push(("ends_at", m))).ok();
        if let (Some(s), Some(e)) = (starts, ends)
            && e <= s
        {
            problems.push(("ends_at", "events-error-ends-before"));
        }
    }
    let online =
        web_address(input.online_url.as_deref()).map_err(|()| problems.push(("online_url", "events-error-url")));
    let registration = web_address(input.registration_url.as_deref())
        .map_err(|()| problems.push(("registration_url", "events-error-url")));
    let location = input.location.as_deref().unwrap_or_default().trim();
    if location.is_empty() && !matches!(online, Ok(Some(_))) {
        problems.push(("location", "events-error-where"));
    }
    let short = |v: &Option<String>, max: usize| v.as_deref().unwrap_or_default().chars().count() <= max;
    for (field, value) in [
        ("location", &input.location),
        ("address", &input.address),
        ("category", &input.category),
        ("organiser", &input.organiser),
    ] {
        if !short(value, 300) {
            problems.push((field, "events-error-too-long"));
        }
    }
    if !short(&input.accessibility, 2000) {
        problems.push(("accessibility", "events-error-too-long"));
    }
    if input.capacity.is_some_and(|c| c < 1) {
        problems.push(("capacity", "events-error-capacity"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (Ok(_), Ok(_), Some(starts_at), Some(ends_at), Ok(online_url), Ok(registration_url)) =
        (title_en, title_fr, starts, ends, online, registration)
    else {
        return Err(problems);
    };
    Ok(EventFields {
        title_en: input.title_en.trim(),
        title_fr: input.title_fr.trim(),
        description_en: input.description_en.trim(),
        description_fr: input.description_fr.trim(),
        starts_at,
        ends_at,
        timezone: input.timezone.trim(),
        location,
        address: input.address.as_deref().unwrap_or_default().trim(),
        accessibility: input.accessibility.as_deref().unwrap_or_default().trim(),
        online_url,
        category: input.category.as_deref().unwrap_or_default().trim(),
        organiser: input.organiser.as_deref().unwrap_or_default().trim(),
        registration_url,
        capacity: input.capacity,
    })
}

pub async fn create(state: &AppState, by: Option<i64>, input: &EventInput) -> Result<EventId, EventError> {
    let fields = checked(input).map_err(EventError::Invalid)?;
    let uid = format!("{}@{}", random_token(), state.config.mail_domain());
    let id = store::insert(&state.db, &uid, &fields, by, state.clock.now_ms()).await?;
    announce(state, "event.published", id).await;
    Ok(id)
}

/// Tells partners (webhooks): the event's id, times and public addresses.
async fn announce(state: &AppState, kind: &'static str, id: EventId) {
    let Ok(Some(event)) = store::event(&state.db, id).await else { return };
    let data = serde_json::json!({
        "event_id": id,
        "uid": event.uid,
        "title_en": event.title_en,
        "title_fr": event.title_fr,
        "starts_at": iso_local(&event.timezone, event.starts_at),
        "ends_at": iso_local(&event.timezone, event.ends_at),
        "url": format!("{}/events/{id}", state.base_url),
        "calendar_url": format!("{}/events/{id}/calendar.ics", state.base_url),
    });
    rendezvous_platform::events::announce(state, rendezvous_platform::events::Event { kind, data, personal: None })
        .await;
}

/// Changes a scheduled event (a new time marks it moved).
pub async fn update(state: &AppState, id: EventId, input: &EventInput) -> Result<(), EventError> {
    let fields = checked(input).map_err(EventError::Invalid)?;
    let Some(event) = store::event(&state.db, id).await? else { return Err(EventError::NotFound) };
    if !store::update(&state.db, event.id, &fields, state.clock.now_ms()).await? {
        return Err(EventError::Conflict);
    }
    Ok(())
}

pub async fn cancel(state: &AppState, id: EventId) -> Result<(), EventError> {
    if store::event(&state.db, id).await?.is_none() {
        return Err(EventError::NotFound);
    }
    if !store::cancel(&state.db, id, state.clock.now_ms()).await? {
        return Err(EventError::Conflict);
    }
    announce(state, "event.cancelled", id).await;
    Ok(())
}

impl EventRow {
    pub fn title(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.title_fr } else { &self.title_en }
    }
    pub fn description(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.description_fr } else { &self.description_en }
    }
    pub fn is_cancelled(&self) -> bool {
        self.state == crate::model::EventState::Cancelled
    }
    pub fn is_moved(&self) -> bool {
        self.moved == 1
    }
    pub fn is_online(&self) -> bool {
        self.online_url.is_some() && self.location.is_empty()
    }
    /// When it starts, in its own time zone.
    pub fn local_start(&self) -> String {
        local(&self.timezone, self.starts_at)
    }
    pub fn local_end(&self) -> String {
        local(&self.timezone, self.ends_at)
    }
}

/// An instant as "2027-03-14 09:30 EDT" in a named zone.
pub fn local(zone: &str, ms: i64) -> String {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    rendezvous_platform::clock::format_local(&tz, ms)
}

/// An instant as ISO 8601 with its offset in a named zone (for JSON-LD).
pub fn iso_local(zone: &str, ms: i64) -> String {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(tz).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_that_a_clock_change_skips_or_repeats_are_refused() {
        let toronto = TimeZone::get("America/Toronto").expect("zone");
        // 2027-03-14 02:30 does not exist in Toronto (clocks go from 02:00 to 03:00).
        assert_eq!(local_instant(&toronto, "2027-03-14T02:30"), Err("events-error-time-skipped"));
        // 2027-11-07 01:30 happens twice.
        assert_eq!(local_instant(&toronto, "2027-11-07T01:30"), Err("events-error-time-repeated"));
        // 01:30 before the change is EST (UTC-5): 06:30 UTC.
        let before = local_instant(&toronto, "2027-03-14T01:30").expect("exists");
        assert_eq!(jiff::Timestamp::from_millisecond(before).expect("ts").to_string(), "2027-03-14T06:30:00Z");
        let after = local_instant(&toronto, "2027-03-14T03:30").expect("exists");
        assert_eq!(after - before, 3_600_000, "one hour apart across the change");
        assert_eq!(local_instant(&toronto, "tomorrow"), Err("events-error-time"));
    }
}

//! Event pages and calendar feeds.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::{AppError, PageContext, render};
use serde::Deserialize;
use serde_json::json;

use super::json_ld;
use crate::events::iso_local;
use crate::ics;
use crate::ids::EventId;
use crate::store::events::{self as store, EventRow};

/// Cancelled events stay in the feeds this long, so calendars learn of the cancellation.
const CANCELLED_KEPT_MS: i64 = 30 * DAY_MS;

#[derive(askama::Template)]
#[template(path = "library/events.html")]
struct IndexPage {
    ctx: PageContext,
    upcoming: Vec<EventRow>,
    past: Vec<EventRow>,
    categories: Vec<String>,
}

pub async fn index(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let now = state.clock.now_ms();
    let upcoming = store::upcoming(&state.db, now, now - CANCELLED_KEPT_MS, None, 200).await?;
    let past = store::past(&state.db, now, 30).await?;
    let categories = store::categories(&state.db).await?;
    render(&IndexPage { ctx, upcoming, past, categories })
}

#[derive(askama::Template)]
#[template(path = "library/event.html")]
struct EventPage {
    ctx: PageContext,
    event: EventRow,
    json_ld: String,
}

/// schema.org Event data of an event.
fn event_data(state: &AppState, event: &EventRow, lang: Lang) -> serde_json::Value {
    let status = match (event.is_cancelled(), event.is_moved()) {
        (true, _) => "https://schema.org/EventCancelled",
        (false, true) => "https://schema.org/EventRescheduled",
        _ => "https://schema.org/EventScheduled",
    };
    let (mode, location) = match (&event.online_url, event.location.is_empty()) {
        (Some(url), true) => {
            ("https://schema.org/OnlineEventAttendanceMode", json!({"@type": "VirtualLocation", "url": url}))
        }
        (Some(url), false) => (
            "https://schema.org/MixedEventAttendanceMode",
            json!([{"@type": "Place", "name": event.location, "address": event.address}, {"@type": "VirtualLocation", "url": url}]),
        ),
        (None, _) => (
            "https://schema.org/OfflineEventAttendanceMode",
            json!({"@type": "Place", "name": event.location, "address": event.address}),
        ),
    };
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title(lang),
        "description": event.description(lang),
        "startDate": iso_local(&event.timezone, event.starts_at),
        "endDate": iso_local(&event.timezone, event.ends_at),
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "location": location,
        "url": format!("{}/events/{}", state.base_url, event.id),
        "inLanguage": lang.code(),
    });
    if !event.organiser.is_empty() {
        data["organizer"] = json!({"@type": "Organization", "name": event.organiser});
    }
    data
}

pub async fn event(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<EventId>,
) -> Result<Response, AppError> {
    let event = store::event(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let json_ld = json_ld(&event_data(&state, &event, ctx.lang));
    render(&EventPage { ctx, event, json_ld })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CalendarQuery {
    lang: String,
    category: String,
}

fn ics_response(text: String) -> Response {
    ([(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], text).into_response()
}

/// Every upcoming event (and those cancelled lately), or one category's.
pub async fn calendar(State(state): State<AppState>, Query(q): Query<CalendarQuery>) -> Result<Response, AppError> {
    let lang = Lang::parse(&q.lang).unwrap_or(Lang::En);
    let now = state.clock.now_ms();
    let category = Some(q.category.trim()).filter(|c| !c.is_empty());
    let events = store::upcoming(&state.db, now, now - CANCELLED_KEPT_MS, category, 1000).await?;
    let name = match category {
        Some(c) => format!("{} — {c}", state.config.org_name),
        None => state.config.org_name.clone(),
    };
    Ok(ics_response(ics::calendar(&name, &events, lang, &state.base_url)))
}

pub async fn event_calendar(
    State(state): State<AppState>,
    Path(id): Path<EventId>,
    Query(q): Query<CalendarQuery>,
) -> Result<Response, AppError> {
    let event = store::event(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let lang = Lang::parse(&q.lang).unwrap_or(Lang::En);
    Ok(ics_response(ics::calendar(&state.config.org_name, &[event], lang, &state.base_url)))
}

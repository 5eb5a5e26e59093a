//! Feeds, so people follow alerts without being on any list: Atom per region (or every region),
//! each alert's current CAP 1.2 message, and an Atom index of CAP messages as Canada's alerting
//! aggregator publishes them.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::{AppError, PageContext};
use serde::Deserialize;

use super::public::shown;
use crate::areas::Places;
use crate::cap;
use crate::ids::AlertId;
use crate::lifecycle::{self, AlertError};
use crate::model::AlertState;
use crate::store;

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.to_string()).unwrap_or_default()
}

struct Entry {
    id: String,
    title: String,
    link: String,
    cap_link: String,
    updated: String,
    published: String,
    summary: String,
    areas: String,
}

#[derive(askama::Template)]
#[template(path = "alerts/feed.atom", escape = "html")]
struct Feed {
    id: String,
    self_link: String,
    alternate: String,
    lang: &'static str,
    title: String,
    updated: String,
    author: String,
    entries: Vec<Entry>,
}

fn atom(feed: &Feed) -> Result<Response, AppError> {
    let body = askama::Template::render(feed)?;
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedQuery {
    region: Option<String>,
    lang: Option<String>,
}

/// Current alerts for a region (every region without `?region=`), newest first; each entry is
/// updated with every version, so readers see updates and cancellations too.
pub async fn atom_feed(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<FeedQuery>,
) -> Result<Response, AppError> {
    let lang = q.lang.as_deref().and_then(Lang::parse).unwrap_or(ctx.lang);
    let places = Places::load(&state.db).await?;
    let region = match q.region.as_deref().filter(|r| !r.is_empty()) {
        Some(r) => Some(places.parse(r).ok_or(AppError::NotFound)?),
        None => None,
    };
    let (current, past) = shown(&state, &places, region.as_deref()).await?;
    // Recent cancellations stay in the feed a while, so followers learn an alert is over.
    let now = state.clock.now_ms();
    let recent_past = past.into_iter().filter(|a| a.row.updated_at > now - 14 * rendezvous_platform::clock::DAY_MS);
    let mut alerts: Vec<_> = current.into_iter().chain(recent_past).collect();
    alerts.sort_by_key(|a| std::cmp::Reverse(a.row.updated_at));
    let base = &state.base_url;
    let query = region.as_deref().map(|r| format!("?region={r}")).unwrap_or_default();
    let entries = alerts
        .iter()
        .map(|a| {
            let status = match a.row.state {
                AlertState::Cancelled => format!("{} ", state.tr.t(lang, "alerts-feed-cancelled")),
                _ if a.row.expires_at <= now => format!("{} ", state.tr.t(lang, "alerts-feed-expired")),
                _ if a.row.version > 1 => format!("{} ", state.tr.t(lang, "alerts-feed-updated")),
                _ => String::new(),
            };
            Entry {
                id: format!("{base}/alerts/{}", a.row.id),
                title: format!("{status}{}", a.text.headline.or_other(lang)),
                link: format!("{base}/alerts/{}", a.row.id),
                cap_link: format!("{base}/alerts/{}/cap.xml", a.row.id),
                updated: rfc3339(a.row.updated_at),
                published: rfc3339(a.row.published_at.unwrap_or(a.row.created_at)),
                summary: a.text.summary.or_other(lang).to_owned(),
                areas: places.names(&a.areas, lang),
            }
        })
        .collect::<Vec<_>>();
    let title = match &region {
        Some(r) => format!("{} — {}", state.tr.t(lang, "alerts-title"), places.name(r, lang)),
        None => state.tr.t(lang, "alerts-title"),
    };
    atom(&Feed {
        id: format!("{base}/alerts/feed.atom{query}"),
        self_link: format!("{base}/alerts/feed.atom{query}"),
        alternate: format!("{base}/alerts{query}"),
        lang: lang.code(),
        title: format!("{title} — {}", state.config.org_name),
        updated: rfc3339(alerts.iter().map(|a| a.row.updated_at).max().unwrap_or(0)),
        author: state.config.org_name.clone(),
        entries,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CapQuery {
    /// An earlier version's message (the current one without it).
    version: Option<i64>,
}

/// An alert's CAP message: the current version's, or `?version=N`'s.
pub async fn cap_message(
    State(state): State<AppState>,
    Path(id): Path<AlertId>,
    Query(q): Query<CapQuery>,
) -> Result<Response, AppError> {
    let alert = lifecycle::load(&state, id).await.map_err(|e| match e {
        AlertError::NotFound => AppError::NotFound,
        other => AppError::internal(other),
    })?;
    let versions = store::versions(&state.db, id).await?;
    let wanted = q.version.unwrap_or(alert.row.version);
    let at = versions.iter().position(|v| v.version == wanted).ok_or(AppError::NotFound)?;
    let places = Places::load(&state.db).await?;
    let body = cap::message(&state, &places, &alert, &versions[at], &versions[..at]);
    Ok(([(header::CONTENT_TYPE, cap::CONTENT_TYPE)], body).into_response())
}

/// Every CAP message sent lately, newest first, each linking to its message.
pub async fn cap_index(State(state): State<AppState>) -> Result<Response, AppError> {
    let base = &state.base_url;
    let versions = store::latest_versions(&state.db, 100).await?;
    let entries = versions
        .iter()
        .map(|v| {
            let text: crate::model::AlertText = serde_json::from_str(&v.content).unwrap_or_default();
            let link = format!("{base}/alerts/{}/cap.xml?version={}", v.alert_id, v.version);
            Entry {
                id: link.clone(),
                title: format!("{} — {}", v.msg_type, text.headline.or_other(Lang::En)),
                link: format!("{base}/alerts/{}", v.alert_id),
                cap_link: link,
                updated: rfc3339(v.sent_at),
                published: rfc3339(v.sent_at),
                summary: text.summary.or_other(Lang::En).to_owned(),
                areas: String::new(),
            }
        })
        .collect::<Vec<_>>();
    atom(&Feed {
        id: format!("{base}/alerts/cap.atom"),
        self_link: format!("{base}/alerts/cap.atom"),
        alternate: format!("{base}/alerts"),
        lang: "en",
        title: format!("{} — CAP", state.config.org_name),
        updated: rfc3339(versions.iter().map(|v| v.sent_at).max().unwrap_or(0)),
        author: state.config.org_name.clone(),
        entries,
    })
}

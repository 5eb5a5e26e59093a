//! The public alert pages: current alerts by region with the archive, one alert with its history,
//! and the one-page poster in both languages with a QR code to the page. All without JavaScript.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use qrcode::QrCode;
use qrcode::render::svg;
use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::{AppError, PageContext, render};
use serde::Deserialize;

use super::view::AlertView;
use crate::areas::{AreaChoice, Places};
use crate::ids::AlertId;
use crate::lifecycle::{self, Alert, AlertError};
use crate::model::{AlertState, MsgType};
use crate::store;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegionQuery {
    pub region: Option<String>,
}

/// The alerts an area's people get (all of them without an area), split into current and past.
pub(crate) async fn shown(
    state: &AppState,
    places: &Places,
    region: Option<&str>,
) -> Result<(Vec<Alert>, Vec<Alert>), sqlx::Error> {
    let now = state.clock.now_ms();
    let all: Vec<Alert> = store::alerts(&state.db, false, 300)
        .await?
        .into_iter()
        .map(Alert::from_row)
        .filter(|a| region.is_none_or(|r| places.covers(&a.areas, r)))
        .collect();
    Ok(all.into_iter().partition(|a| a.row.state == AlertState::Published && a.row.expires_at > now))
}

#[derive(askama::Template)]
#[template(path = "alerts/index.html")]
struct IndexPage {
    ctx: PageContext,
    choices: Vec<AreaChoice>,
    region: String,
    region_name: String,
    current: Vec<AlertView>,
    past: Vec<AlertView>,
}

/// The alerts page. Choosing a region (or "all") is remembered in a cookie on the visitor's
/// device, so the home page shows that region's current alerts; nothing is kept on the server.
pub async fn index(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    Query(q): Query<RegionQuery>,
) -> Result<Response, AppError> {
    let places = Places::load(&state.db).await?;
    let asked = q.region.as_deref().map(|r| places.parse(r).unwrap_or_default());
    let region = match &asked {
        Some(r) => Some(r.clone()).filter(|r| !r.is_empty()),
        None => crate::home::chosen_region(&headers).and_then(|r| places.parse(&r)),
    };
    let (current, past) = shown(&state, &places, region.as_deref()).await?;
    let lang = ctx.lang;
    let view = |a: &Alert| AlertView::new(&state, &places, a, lang);
    let mut page = render(&IndexPage {
        choices: places.choices(lang),
        region_name: region.as_deref().map(|r| places.name(r, lang)).unwrap_or_default(),
        region: region.clone().unwrap_or_default(),
        current: current.iter().map(view).collect(),
        past: past.iter().take(50).map(view).collect(),
        ctx,
    })?;
    if let Some(asked) = asked {
        // A year for a region; "all regions" forgets it.
        let max_age = if asked.is_empty() { 0 } else { 365 * 24 * 3600 };
        let cookie =
            format!("{}={asked}; Path=/; Max-Age={max_age}; SameSite=Lax; HttpOnly", crate::home::REGION_COOKIE);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            page.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    Ok(page)
}

/// One version in an alert's history.
struct HistoryEntry {
    version: i64,
    kind: &'static str,
    sent_at: i64,
    headline: String,
}

#[derive(askama::Template)]
#[template(path = "alerts/alert.html")]
struct AlertPage {
    ctx: PageContext,
    alert: AlertView,
    history: Vec<HistoryEntry>,
    may_edit: bool,
}

/// A published (or past) alert; drafts only for those who may publish.
pub(crate) async fn visible(state: &AppState, ctx: &PageContext, id: AlertId) -> Result<Alert, AppError> {
    let alert = lifecycle::load(state, id).await.map_err(|e| match e {
        AlertError::NotFound => AppError::NotFound,
        other => AppError::internal(other),
    })?;
    let publisher = ctx.user.as_ref().is_some_and(crate::may_publish);
    if alert.row.state == AlertState::Draft && !publisher {
        return Err(AppError::NotFound);
    }
    Ok(alert)
}

pub async fn alert(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<AlertId>,
) -> Result<Response, AppError> {
    let alert = visible(&state, &ctx, id).await?;
    let places = Places::load(&state.db).await?;
    let history = store::versions(&state.db, id)
        .await?
        .into_iter()
        .rev()
        .map(|v| {
            let text: crate::model::AlertText = serde_json::from_str(&v.content).unwrap_or_default();
            HistoryEntry {
                version: v.version,
                kind: match v.msg_type {
                    MsgType::Alert => "alerts-history-alert",
                    MsgType::Update => "alerts-history-update",
                    MsgType::Cancel => "alerts-history-cancel",
                },
                sent_at: v.sent_at,
                headline: text.headline.or_other(ctx.lang).to_owned(),
            }
        })
        .collect();
    let may_edit = ctx.user.as_ref().is_some_and(crate::may_publish);
    let view = AlertView::new(&state, &places, &alert, ctx.lang);
    render(&AlertPage { ctx, alert: view, history, may_edit })
}

/// One language's half of the poster, with its labels in that language.
struct Half {
    code: &'static str,
    view: AlertView,
    sold_as: String,
    found: String,
    where_: String,
    no_police: String,
    not_current: String,
    scan: String,
    qr: String,
}

#[derive(askama::Template)]
#[template(path = "alerts/poster.html")]
struct PosterPage {
    ctx: PageContext,
    halves: [Half; 2],
    url: String,
    qr_svg: String,
}

/// The QR code of a link, as an inline SVG.
fn qr_svg(url: &str) -> Result<String, AppError> {
    let code = QrCode::new(url.as_bytes()).map_err(AppError::internal)?;
    Ok(code.render::<svg::Color>().min_dimensions(180, 180).quiet_zone(true).build())
}

pub async fn poster(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<AlertId>,
) -> Result<Response, AppError> {
    let alert = visible(&state, &ctx, id).await?;
    let places = Places::load(&state.db).await?;
    let url = format!("{}/alerts/{id}", state.base_url);
    let half = |lang: Lang| {
        let t = |id: &str| state.tr.t(lang, id);
        Half {
            code: lang.code(),
            view: AlertView::new(&state, &places, &alert, lang),
            sold_as: t("alerts-sold-as"),
            found: t("alerts-found"),
            where_: t("alerts-where"),
            no_police: t("alerts-no-police"),
            not_current: t("alerts-not-current"),
            scan: t("alerts-poster-scan"),
            qr: t("alerts-poster-qr"),
        }
    };
    render(&PosterPage { halves: [half(Lang::En), half(Lang::Fr)], qr_svg: qr_svg(&url)?, url, ctx })
}

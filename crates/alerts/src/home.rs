//! The current alerts the home page shows: those for the region the visitor chose on the alerts
//! page (kept in a cookie on their device only, never on the server), or every current one.

use axum::http::HeaderMap;
use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;

use crate::areas::Places;
use crate::lifecycle::Alert;
use crate::store;

/// The cookie that remembers the region chosen on `/alerts`.
pub const REGION_COOKIE: &str = "alerts_region";

/// The region a visitor chose, from their cookie.
pub fn chosen_region(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == REGION_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 60 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// A current alert, as the home page lists it.
pub struct HomeAlert {
    pub id: crate::AlertId,
    pub headline: String,
    pub summary: String,
    pub areas: String,
}

/// What the home page shows: the region's name (when one is chosen) and its current alerts.
pub async fn for_home(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<(Option<String>, Vec<HomeAlert>), sqlx::Error> {
    let places = Places::load(&state.db).await?;
    let region = chosen_region(headers).and_then(|r| places.parse(&r));
    // Only the current ones are read: this is on every visit to the home page.
    let current: Vec<Alert> = store::current(&state.db, state.clock.now_ms())
        .await?
        .into_iter()
        .map(Alert::from_row)
        .filter(|a| region.as_deref().is_none_or(|r| places.covers(&a.areas, r)))
        .collect();
    let alerts = current
        .iter()
        .take(5)
        .map(|a| HomeAlert {
            id: a.row.id,
            headline: a.text.headline.or_other(lang).to_owned(),
            summary: a.text.summary.or_other(lang).to_owned(),
            areas: places.names(&a.areas, lang),
        })
        .collect();
    Ok((region.map(|r| places.name(&r, lang)), alerts))
}

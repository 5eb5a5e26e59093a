//! The alerts API: write a draft, publish it, update or cancel it (bearer token of someone who
//! may publish, with two-factor authentication), and list alerts (open data, no token).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::api::{ApiRouter, FieldProblems, Refused};
use rendezvous_platform::auth::AuthUser;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::AppError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

use crate::areas::Places;
use crate::ids::AlertId;
use crate::lifecycle::{self, Alert, AlertError, AlertInput, Sent};
use crate::model::Lifecycle;
use crate::roles::require_publisher;
use crate::store;

/// A draft written.
#[derive(Serialize, ToSchema)]
pub struct Created {
    id: AlertId,
    url: String,
    /// Always "draft".
    state: Lifecycle,
}

/// A version sent.
#[derive(Serialize, ToSchema)]
pub struct Changed {
    id: AlertId,
    url: String,
    state: Lifecycle,
    version: i64,
    /// How many subscribers it is mailed to.
    recipients: i64,
}

/// An alert in a list.
#[derive(Serialize, ToSchema)]
pub struct AlertSummary {
    id: AlertId,
    state: Lifecycle,
    version: i64,
    regions: Vec<String>,
    headline_en: String,
    headline_fr: String,
    url: String,
    /// RFC 3339; none for a draft.
    published_at: Option<String>,
    expires_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct Alerts {
    alerts: Vec<AlertSummary>,
}

fn url(state: &AppState, id: AlertId) -> String {
    format!("{}/alerts/{id}", state.base_url)
}

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.to_string()).unwrap_or_default()
}

/// Maps the lifecycle's refusals to answers; only failures are errors.
fn refused(state: &AppState, lang: Lang, e: AlertError) -> Result<Response, AppError> {
    match e {
        AlertError::Invalid(problems) => Ok(FieldProblems::response(state, lang, &problems)),
        AlertError::Conflict => Ok(Refused::response(state, lang, StatusCode::CONFLICT, "alerts-error-conflict")),
        AlertError::NotFound => Err(AppError::NotFound),
        AlertError::Failed(e) => Err(AppError::Internal(e)),
    }
}

fn publisher(user: AuthUser) -> Result<AuthUser, AppError> {
    require_publisher(user)
}

/// Writes a draft alert.
#[utoipa::path(post, path = "/api/v1/alerts", security(("bearer" = [])), request_body = AlertInput,
    responses(
        (status = 201, description = "Draft written", body = Created),
        (status = 403, description = "May not publish alerts (the alerts role, moderators, administrators; with two-factor authentication)"),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn create_alert(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<AlertInput>,
) -> Result<Response, AppError> {
    let user = publisher(user)?;
    match lifecycle::create_draft(&state, user.id, &input).await {
        Ok(id) => {
            let body = Created { id, url: url(&state, id), state: Lifecycle::Draft };
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        Err(e) => refused(&state, user.lang, e),
    }
}

async fn changed(state: &AppState, id: AlertId, sent: Sent) -> Result<Response, AppError> {
    let alert = lifecycle::load(state, id).await.map_err(|_| AppError::NotFound)?;
    let now = state.clock.now_ms();
    let body = Changed {
        id,
        url: url(state, id),
        state: Lifecycle::of(alert.row.state, alert.row.expires_at, now),
        version: sent.version,
        recipients: sent.recipients,
    };
    Ok(Json(body).into_response())
}

/// Publishes a draft: mailed at once to the subscribers who follow its regions.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/publish", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The alert's id")),
    responses(
        (status = 200, description = "Published", body = Changed),
        (status = 403, description = "May not publish alerts"),
        (status = 404, description = "No such alert"),
        (status = 409, description = "Not a draft (already published, cancelled or expired): nothing changed", body = Refused),
        (status = 422, description = "Not ready to publish", body = FieldProblems),
    ))]
pub async fn publish_alert(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<AlertId>,
) -> Result<Response, AppError> {
    let user = publisher(user)?;
    match lifecycle::publish(&state, user.id, id).await {
        Ok(sent) => changed(&state, id, sent).await,
        Err(e) => refused(&state, user.lang, e),
    }
}

/// Sends a new version of a published alert, as an update, to whoever got it. A draft is
/// rewritten in place instead (nothing is sent).
#[utoipa::path(post, path = "/api/v1/alerts/{id}/update", security(("bearer" = [])), request_body = AlertInput,
    params(("id" = i64, Path, description = "The alert's id")),
    responses(
        (status = 200, description = "Updated", body = Changed),
        (status = 403, description = "May not publish alerts"),
        (status = 404, description = "No such alert"),
        (status = 409, description = "Cancelled or expired: nothing changed", body = Refused),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn update_alert(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<AlertId>,
    Json(input): Json<AlertInput>,
) -> Result<Response, AppError> {
    let user = publisher(user)?;
    let draft = matches!(lifecycle::load(&state, id).await, Ok(a) if a.row.state == crate::model::AlertState::Draft);
    if draft {
        return match lifecycle::edit_draft(&state, id, &input).await {
            Ok(()) => changed(&state, id, Sent { version: 0, recipients: 0 }).await,
            Err(e) => refused(&state, user.lang, e),
        };
    }
    match lifecycle::update(&state, user.id, id, &input).await {
        Ok(sent) => changed(&state, id, sent).await,
        Err(e) => refused(&state, user.lang, e),
    }
}

/// A cancellation's note, in either language or both.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    note_en: Option<String>,
    note_fr: Option<String>,
}

/// Cancels a published alert and tells whoever got it.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/cancel", security(("bearer" = [])), request_body(content = CancelInput, description = "Optional"),
    params(("id" = i64, Path, description = "The alert's id")),
    responses(
        (status = 200, description = "Cancelled", body = Changed),
        (status = 403, description = "May not publish alerts"),
        (status = 404, description = "No such alert"),
        (status = 409, description = "Not published, or already cancelled or expired: nothing changed", body = Refused),
    ))]
pub async fn cancel_alert(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<AlertId>,
    body: Option<Json<CancelInput>>,
) -> Result<Response, AppError> {
    let user = publisher(user)?;
    let note = body.map(|Json(b)| b).unwrap_or_default();
    let input = AlertInput { note_en: note.note_en, note_fr: note.note_fr, ..AlertInput::default() };
    match lifecycle::cancel(&state, user.id, id, &input).await {
        Ok(sent) => changed(&state, id, sent).await,
        Err(e) => refused(&state, user.lang, e),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// A province or territory code, or a region's slug: only alerts that reach it.
    region: Option<String>,
}

/// Published, updated, expired and cancelled alerts, newest first (drafts are not listed). Open
/// data: a token is welcome but not needed.
#[utoipa::path(get, path = "/api/v1/alerts", params(ListQuery), security(("bearer" = []), ()),
    responses(
        (status = 200, description = "Alerts", body = Alerts),
        (status = 422, description = "Unknown region", body = FieldProblems),
    ))]
pub async fn list_alerts(State(state): State<AppState>, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let places = Places::load(&state.db).await?;
    let region = match q.region.as_deref().filter(|r| !r.trim().is_empty()) {
        Some(r) => match places.parse(r) {
            Some(key) => Some(key),
            None => return Ok(FieldProblems::response(&state, Lang::En, &[("region", "alerts-error-region")])),
        },
        None => None,
    };
    let now = state.clock.now_ms();
    let alerts = store::alerts(&state.db, false, 500)
        .await?
        .into_iter()
        .map(Alert::from_row)
        .filter(|a| region.as_deref().is_none_or(|r| places.covers(&a.areas, r)))
        .map(|a| AlertSummary {
            id: a.row.id,
            state: Lifecycle::of(a.row.state, a.row.expires_at, now),
            version: a.row.version,
            regions: a.areas.clone(),
            headline_en: a.text.headline.en.clone(),
            headline_fr: a.text.headline.fr.clone(),
            url: url(&state, a.row.id),
            published_at: a.row.published_at.map(rfc3339),
            expires_at: rfc3339(a.row.expires_at),
        })
        .collect();
    Ok(Json(Alerts { alerts }).into_response())
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create_alert, list_alerts))
        .routes(routes!(publish_alert))
        .routes(routes!(update_alert))
        .routes(routes!(cancel_alert))
}

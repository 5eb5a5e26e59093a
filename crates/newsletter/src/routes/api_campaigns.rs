//! Campaign statistics for scripts (bearer tokens; administrators and the communications role):
//! one campaign's report, or the latest campaigns' reports.

use axum::Json;
use axum::extract::{Path, Query, State};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::web::AppError;
use serde::Deserialize;
use serde_json::json;

use super::api::require_comms;
use crate::campaigns::report::{Report, report};

pub fn openapi_paths() -> serde_json::Value {
    let report = json!({
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "state": {"type": "string", "enum": ["draft", "scheduled", "sending", "paused", "sent", "cancelled"]},
            "recipients": {"type": "integer"}, "sent": {"type": "integer"}, "failed": {"type": "integer"},
            "skipped": {"type": "integer", "description": "Left the list before their message went"},
            "remaining": {"type": "integer"}, "bounced": {"type": "integer"}, "complaints": {"type": "integer"},
            "unsubscribed": {"type": "integer", "description": "Unsubscribed after this campaign, before the next"},
            "started_at": {"type": "integer", "description": "Unix milliseconds"},
            "finished_at": {"type": "integer", "description": "Unix milliseconds"}
        }
    });
    json!({
        "/api/v1/campaigns": {"get": {
            "summary": "The latest campaigns' statistics, newest first",
            "security": [{"bearer": []}],
            "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}],
            "responses": {"200": {"description": "Reports", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"campaigns": {"type": "array", "items": report.clone()}}}}}}}
        }},
        "/api/v1/campaigns/{id}": {"get": {
            "summary": "One campaign's statistics",
            "security": [{"bearer": []}],
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "responses": {
                "200": {"description": "Report", "content": {"application/json": {"schema": report}}},
                "404": {"description": "No such campaign"}
            }
        }}
    })
}

pub async fn one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<Report>, AppError> {
    require_comms(&user)?;
    Ok(Json(report(&state.db, id).await?.ok_or(AppError::NotFound)?))
}

#[derive(Deserialize)]
pub struct Latest {
    limit: Option<i64>,
}

pub async fn latest(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<Latest>,
) -> Result<Json<serde_json::Value>, AppError> {
    require_comms(&user)?;
    let limit = q.limit.unwrap_or(20).clamp(1, 100);
    let ids = crate::store::latest_campaign_ids(&state.db, limit).await?;
    let mut reports = Vec::with_capacity(ids.len());
    for id in ids {
        reports.extend(report(&state.db, id).await?);
    }
    Ok(Json(json!({ "campaigns": reports })))
}

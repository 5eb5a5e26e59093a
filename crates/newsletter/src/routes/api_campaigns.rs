//! Campaign statistics for scripts (bearer tokens; administrators and the communications role):
//! one campaign's report, or the latest campaigns' reports.

use axum::Json;
use axum::extract::{Path, Query, State};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::web::AppError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::api::require_comms;
use crate::campaigns::report::{Report, report};
use crate::ids::CampaignId;

/// One campaign's statistics.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign's id")),
    responses(
        (status = 200, description = "Report", body = Report),
        (status = 404, description = "No such campaign"),
    ))]
pub async fn one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<CampaignId>,
) -> Result<Json<Report>, AppError> {
    require_comms(&user)?;
    Ok(Json(report(&state.db, id).await?.ok_or(AppError::NotFound)?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Latest {
    /// How many (20 when absent, at most 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// The latest campaigns' reports, newest first.
#[derive(Serialize, ToSchema)]
pub struct Campaigns {
    campaigns: Vec<Report>,
}

/// The latest campaigns' statistics, newest first.
#[utoipa::path(get, path = "/api/v1/campaigns", security(("bearer" = [])), params(Latest),
    responses((status = 200, description = "Reports", body = Campaigns)))]
pub async fn latest(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<Latest>,
) -> Result<Json<Campaigns>, AppError> {
    require_comms(&user)?;
    let limit = q.limit.unwrap_or(20).clamp(1, 100);
    let ids = crate::store::latest_campaign_ids(&state.db, limit).await?;
    let mut reports = Vec::with_capacity(ids.len());
    for id in ids {
        reports.extend(report(&state.db, id).await?);
    }
    Ok(Json(Campaigns { campaigns: reports }))
}

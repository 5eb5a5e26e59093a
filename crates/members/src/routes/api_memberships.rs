//! Memberships and applications for integrations (administrators' tokens): a page of memberships
//! by status, the applications waiting, and approving one. A member's personal data is not here:
//! the directory's routes show people, through the one visibility function.

use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::api::next_page;
use rendezvous_platform::auth::{AuthUser, Role, UserId};
use rendezvous_platform::web::AppError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::ids::{MembershipId, OrganisationId};
use crate::memberships::{self, MembershipError};
use crate::model::Status;
use crate::store::memberships::{self as store, AdminFilter, MembershipRow};

const PER_PAGE: i64 = 100;

fn admin(user: AuthUser) -> Result<AuthUser, AppError> {
    rendezvous_platform::web::page::require(user, Role::ADMIN)
}

#[derive(Serialize, ToSchema)]
pub struct MembershipInfo {
    id: MembershipId,
    /// The member's account.
    user_id: UserId,
    organisation_id: Option<OrganisationId>,
    status: Status,
    applied_at: i64,
    started_at: Option<i64>,
    expires_at: Option<i64>,
}

impl From<MembershipRow> for MembershipInfo {
    fn from(m: MembershipRow) -> Self {
        Self {
            id: m.id,
            user_id: m.user_id,
            organisation_id: m.organisation_id,
            status: m.status,
            applied_at: m.applied_at,
            started_at: m.started_at,
            expires_at: m.expires_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Memberships {
    memberships: Vec<MembershipInfo>,
    total: i64,
    page: i64,
    /// The next page's URL, while more remain.
    next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MembershipQuery {
    /// applied, active, grace, lapsed, rejected, cancelled...
    status: Option<String>,
    page: Option<i64>,
}

async fn page_of(
    state: &AppState,
    uri: &axum::http::Uri,
    status: Option<Status>,
    page: Option<i64>,
) -> Result<Memberships, AppError> {
    let page = page.unwrap_or(1).clamp(1, 1_000_000);
    let filter = AdminFilter { status, ..AdminFilter::default() };
    let rows = store::admin_list(&state.db, &filter, PER_PAGE, (page - 1) * PER_PAGE).await?;
    let total = store::admin_count(&state.db, &filter).await?;
    let next = (page * PER_PAGE < total).then(|| next_page(&state.base_url, uri, page as usize));
    Ok(Memberships { memberships: rows.into_iter().map(MembershipInfo::from).collect(), total, page, next })
}

/// A page of memberships, applications first.
#[utoipa::path(get, path = "/api/v1/members", security(("bearer" = [])), params(MembershipQuery),
    responses((status = 200, description = "A page of memberships", body = Memberships)))]
pub async fn memberships(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<MembershipQuery>,
) -> Result<Json<Memberships>, AppError> {
    admin(user)?;
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(Status::parse(s).ok_or(AppError::BadRequest("error-form-invalid"))?),
        None => None,
    };
    Ok(Json(page_of(&state, &uri, status, q.page).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    page: Option<i64>,
}

/// The applications waiting for a decision.
#[utoipa::path(get, path = "/api/v1/applications", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, description = "A page of applications", body = Memberships)))]
pub async fn applications(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<PageQuery>,
) -> Result<Json<Memberships>, AppError> {
    admin(user)?;
    Ok(Json(page_of(&state, &uri, Some(Status::Applied), q.page).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Approved {
    id: MembershipId,
    status: Status,
}

/// Approves an application (the member is told by mail, as from the page).
#[utoipa::path(post, path = "/api/v1/applications/{id}/approve", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The membership's id")),
    responses(
        (status = 200, description = "Approved", body = Approved),
        (status = 409, description = "Not waiting for a decision: nothing changed"),
    ))]
pub async fn approve(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<MembershipId>,
) -> Result<Response, AppError> {
    let user = admin(user)?;
    match memberships::activate(&state, id, Some(user.id)).await {
        Ok(()) => Ok(Json(Approved { id, status: Status::Active }).into_response()),
        Err(MembershipError::WrongStatus) => Ok((StatusCode::CONFLICT, "not waiting for a decision").into_response()),
        Err(MembershipError::Other(e)) => Err(AppError::Internal(e)),
        Err(e) => Err(AppError::internal(e.to_string())),
    }
}

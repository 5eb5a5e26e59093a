//! The webhooks API (administrators' bearer tokens, with two-factor authentication): add an
//! endpoint (the secret is in this answer only), list, delete, and an endpoint's delivery log.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::api::{ApiRouter, FieldProblems};
use rendezvous_platform::auth::{AuthUser, Role};
use rendezvous_platform::web::AppError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::routes;

use crate::endpoints::{self, EndpointInput};
use crate::ids::{EndpointId, WebhookDeliveryId};
use crate::model::DeliveryState;
use crate::store::{self, EndpointRow};

fn admin(user: AuthUser) -> Result<AuthUser, AppError> {
    rendezvous_platform::web::page::require(user, Role::ADMIN)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// https (http only to a private address, where those are allowed).
    url: String,
    /// Event types, e.g. `alert.published`.
    events: Vec<String>,
    #[serde(default)]
    description: String,
    /// Whether deliveries may carry personal data (an address, a name).
    #[serde(default)]
    personal_data: bool,
}

/// An endpoint added: its secret is shown here only.
#[derive(Serialize, ToSchema)]
pub struct Created {
    id: EndpointId,
    secret: String,
}

#[derive(Serialize, ToSchema)]
pub struct Webhook {
    id: EndpointId,
    url: String,
    events: Vec<String>,
    description: String,
    personal_data: bool,
    enabled: bool,
    /// Why it was disabled ("gone": the endpoint answered 410; "failing": five days of failures).
    disabled_reason: Option<String>,
}

impl From<EndpointRow> for Webhook {
    fn from(e: EndpointRow) -> Self {
        Self {
            id: e.id,
            events: e.event_list(),
            url: e.url,
            description: e.description,
            personal_data: e.personal_data == 1,
            enabled: e.enabled == 1,
            disabled_reason: e.disabled_reason,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Webhooks {
    webhooks: Vec<Webhook>,
}

#[derive(Serialize, ToSchema)]
pub struct Delivery {
    id: WebhookDeliveryId,
    /// The `webhook-id` of every attempt.
    msg_id: String,
    event_type: String,
    state: DeliveryState,
    attempts: i64,
    last_status: Option<i64>,
    last_error: Option<String>,
    last_attempt_at: Option<i64>,
    next_attempt_at: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct Deliveries {
    deliveries: Vec<Delivery>,
}

/// Adds an endpoint.
#[utoipa::path(post, path = "/api/v1/webhooks", security(("bearer" = [])), request_body = NewWebhook,
    responses(
        (status = 201, description = "Added; the secret is shown this once", body = Created),
        (status = 403, description = "Not an administrator with two-factor authentication"),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn create_webhook(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<NewWebhook>,
) -> Result<Response, AppError> {
    let user = admin(user)?;
    let input = EndpointInput {
        url: input.url,
        events: input.events,
        description: input.description,
        personal_data: input.personal_data,
    };
    match endpoints::add(&state, user.id, &input).await? {
        Ok((id, secret)) => {
            let detail = format!("webhook {id} {}", input.url);
            rendezvous_platform::audit::record(&state.db, &state.clock, Some(user.id), "webhook.create", None, &detail)
                .await?;
            Ok((StatusCode::CREATED, Json(Created { id, secret })).into_response())
        }
        Err(problems) => Ok(FieldProblems::response(&state, user.lang, &problems)),
    }
}

/// Every endpoint (secrets are never shown again).
#[utoipa::path(get, path = "/api/v1/webhooks", security(("bearer" = [])),
    responses((status = 200, description = "Endpoints", body = Webhooks)))]
pub async fn list_webhooks(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Webhooks>, AppError> {
    admin(user)?;
    let webhooks = store::endpoints(&state.db).await?.into_iter().map(Webhook::from).collect();
    Ok(Json(Webhooks { webhooks }))
}

/// An endpoint removed.
#[derive(Serialize, ToSchema)]
pub struct Deleted {
    id: EndpointId,
    deleted: bool,
}

/// Removes an endpoint and its delivery log.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The endpoint's id")),
    responses((status = 200, description = "Removed", body = Deleted), (status = 404, description = "No such endpoint")))]
pub async fn delete_webhook(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<EndpointId>,
) -> Result<Json<Deleted>, AppError> {
    let user = admin(user)?;
    if !store::delete_endpoint(&state.db, id).await? {
        return Err(AppError::NotFound);
    }
    rendezvous_platform::audit::record(
        &state.db,
        &state.clock,
        Some(user.id),
        "webhook.delete",
        None,
        &format!("webhook {id}"),
    )
    .await?;
    Ok(Json(Deleted { id, deleted: true }))
}

/// An endpoint's latest deliveries, newest first.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The endpoint's id")),
    responses((status = 200, description = "Deliveries", body = Deliveries), (status = 404, description = "No such endpoint")))]
pub async fn webhook_deliveries(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<EndpointId>,
) -> Result<Json<Deliveries>, AppError> {
    admin(user)?;
    store::endpoint(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let deliveries = store::deliveries(&state.db, id, 200)
        .await?
        .into_iter()
        .map(|d| Delivery {
            id: d.id,
            msg_id: d.msg_id,
            event_type: d.event_type,
            state: d.state,
            attempts: d.attempts,
            last_status: d.last_status,
            last_error: d.last_error,
            last_attempt_at: d.last_attempt_at,
            next_attempt_at: d.next_attempt_at,
        })
        .collect();
    Ok(Json(Deliveries { deliveries }))
}

/// A test ping queued for an endpoint.
#[derive(Serialize, ToSchema)]
pub struct Pinged {
    id: EndpointId,
    queued: bool,
}

/// Queues a `webhook.ping` delivery to one endpoint, through the same queue as events.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/ping", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The endpoint's id")),
    responses((status = 200, description = "Queued", body = Pinged), (status = 404, description = "No such endpoint")))]
pub async fn ping_webhook(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<EndpointId>,
) -> Result<Json<Pinged>, AppError> {
    admin(user)?;
    store::endpoint(&state.db, id).await?.ok_or(AppError::NotFound)?;
    endpoints::ping(&state, id).await?;
    Ok(Json(Pinged { id, queued: true }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create_webhook, list_webhooks))
        .routes(routes!(delete_webhook))
        .routes(routes!(webhook_deliveries))
        .routes(routes!(ping_webhook))
}

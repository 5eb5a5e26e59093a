//! POST /inbound: the MTA pipes each bounce, complaint or reply here as a raw RFC 5322 message,
//! with the shared secret as a bearer token. It is classified and the policy applied at once.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::crypto::constant_time_eq;
use rendezvous_platform::web::AppError;
use serde_json::json;

use crate::bounces::policy::{self, SoftBouncePolicy};
use crate::bounces::{BounceKind, classify};
use crate::campaigns::render::UNSUBSCRIBE_PREFIX;
use crate::model::Source;
use crate::subscriptions;

/// Largest inbound message accepted: a bounce carries at most a copy of one mailing.
pub const MAX_INBOUND: usize = 10 * 1024 * 1024;

fn authorised(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(expected) = state.config.inbound_token.as_deref().filter(|t| !t.is_empty()) else { return false };
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| constant_time_eq(given.trim(), expected))
}

pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Response, AppError> {
    if !authorised(&state, &headers) {
        return Err(AppError::Unauthorized);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::BadRequest("inbound-empty"));
    }
    // Features that own some addresses (forum replies) take their mail first.
    if let Some(handled) = rendezvous_platform::inbound::offer(&state, &body).await.map_err(AppError::internal)? {
        return Ok((StatusCode::OK, Json(json!({ "kind": handled.kind, "status": null, "action": handled.action })))
            .into_response());
    }
    let bounce = classify(&body);
    // A mail to the List-Unsubscribe mailto address unsubscribes its sender's delivery.
    if let Some(token) = bounce.verp_token.as_deref().and_then(|t| t.strip_prefix(UNSUBSCRIBE_PREFIX))
        && bounce.kind == BounceKind::NotBounce
    {
        let done = match crate::campaigns::delivery_by_token(&state.db, token).await? {
            Some(d) => {
                subscriptions::unsubscribe(&state.db, &state.clock, d.list_id, d.subscriber_id, Source::Mail, None)
                    .await?
            }
            None => false,
        };
        let action = if done { "unsubscribed" } else { "ignored" };
        return Ok(
            (StatusCode::OK, Json(json!({ "kind": "unsubscribe", "status": null, "action": action }))).into_response()
        );
    }
    let soft = SoftBouncePolicy { limit: state.config.soft_bounce_limit, days: state.config.soft_bounce_days };
    let action = policy::apply(&state.db, &state.clock, soft, &bounce).await?;
    Ok((StatusCode::OK, Json(json!({ "kind": bounce.kind.as_str(), "status": bounce.status, "action": action })))
        .into_response())
}

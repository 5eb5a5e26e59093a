//! POST /inbound: the MTA pipes each bounce, complaint or reply here as a raw RFC 5322 message,
//! with the shared secret as a bearer token. It is acted on at once by [`process`].

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

pub use crate::bounces::inbound::MAX_INBOUND;
use crate::bounces::inbound::{InboundOutcome, process};

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
    let body = match process(&state, &body).await? {
        InboundOutcome::Unsubscribe { done } => {
            json!({ "kind": "unsubscribe", "status": null, "action": if done { "unsubscribed" } else { "ignored" } })
        }
        InboundOutcome::Bounce { bounce, action } => {
            json!({ "kind": bounce.kind.as_str(), "status": bounce.status, "action": action })
        }
        InboundOutcome::Handled(handled) => json!({ "kind": handled.kind, "status": null, "action": handled.action }),
    };
    Ok((StatusCode::OK, Json(body)).into_response())
}

//! The client, as rate limits see it: an opaque key derived from the connection's address (or the
//! proxy's X-Forwarded-For when configured). It is hashed in memory by the rate limiter and never
//! stored or logged.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::AppState;

pub struct ClientKey(pub String);

impl FromRequestParts<AppState> for ClientKey {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if state.config.trust_proxy
            && let Some(first) =
                parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.split(',').next())
        {
            return Ok(ClientKey(first.trim().to_owned()));
        }
        let addr = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(ClientKey(addr.unwrap_or_else(|| "unknown".to_owned())))
    }
}

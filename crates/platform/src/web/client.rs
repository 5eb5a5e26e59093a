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
        // The right-most X-Forwarded-For entry is the one our own proxy added; those before it are
        // whatever the client chose to send.
        if state.config.trust_proxy
            && let Some(last) =
                parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.rsplit(',').next())
        {
            return Ok(ClientKey(last.trim().to_owned()));
        }
        let addr = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(ClientKey(addr.unwrap_or_else(|| "unknown".to_owned())))
    }
}

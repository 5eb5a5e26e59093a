//! The JSON API's authentication (bearer tokens from `rendezvous token create`) and the account
//! endpoints.

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::AuthUser;
use rendezvous_platform::web::AppError;
use serde_json::{Value, json};

use crate::store;

/// The account a bearer token belongs to.
pub struct ApiUser(pub AuthUser);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(AppError::Unauthorized)?;
        let id = store::user_for_api_token(&state.db, token.trim()).await?.ok_or(AppError::Unauthorized)?;
        let user = state.users.user_by_id(id).await?.ok_or(AppError::Unauthorized)?;
        Ok(ApiUser(user))
    }
}

/// GET /api/v1/me: the token's own account.
pub async fn me(ApiUser(user): ApiUser) -> Json<Value> {
    Json(json!({
        "id": user.id.0,
        "email": user.email,
        "display_name": user.display_name,
        "language": user.lang,
        "roles": user.roles,
        "two_factor_enabled": user.two_factor_enabled,
    }))
}

/// This feature's part of the OpenAPI document.
pub fn openapi_paths() -> Value {
    json!({
        "/api/v1/me": {
            "get": {
                "summary": "The account the bearer token belongs to",
                "security": [{"bearer": []}],
                "responses": {
                    "200": {"description": "The account", "content": {"application/json": {"schema": {
                        "type": "object",
                        "required": ["id", "email", "display_name", "language", "roles", "two_factor_enabled"],
                        "properties": {
                            "id": {"type": "integer"},
                            "email": {"type": "string"},
                            "display_name": {"type": "string"},
                            "language": {"type": "string", "enum": ["en", "fr"]},
                            "roles": {"type": "array", "items": {"type": "string", "enum": ["admin", "moderator", "member"]}},
                            "two_factor_enabled": {"type": "boolean"}
                        }
                    }}}},
                    "401": {"description": "Missing or unknown token"}
                }
            }
        }
    })
}

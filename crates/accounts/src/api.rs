//! The JSON API's authentication (bearer tokens from `rendezvous token create`) and the account
//! endpoints.

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::AuthUser;
use rendezvous_platform::web::AppError;

use rendezvous_platform::api::ApiRouter;
use rendezvous_platform::auth::{Role, UserId};
use rendezvous_platform::i18n::Lang;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::routes;

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
        let row = store::api_token(&state.db, token.trim()).await?.ok_or(AppError::Unauthorized)?;
        let now = state.clock.now_ms();
        if row.expires_at.is_some_and(|e| e <= now) {
            return Err(AppError::Unauthorized);
        }
        // The scope of the route asked for: one rule for every route of every feature.
        if !rendezvous_platform::scopes::allows(&row.scope_list(), &parts.method, parts.uri.path()) {
            return Err(AppError::Forbidden);
        }
        let user = state.users.user_by_id(row.user_id).await?.ok_or(AppError::Unauthorized)?;
        store::touch_api_token(&state.db, row.id, &rendezvous_platform::clock::format_ms(now)[..10]).await?;
        Ok(ApiUser(user))
    }
}

/// The account a token belongs to, as `GET /api/v1/me` shows it.
#[derive(Serialize, ToSchema)]
pub struct Me {
    id: UserId,
    email: String,
    display_name: String,
    language: Lang,
    roles: Vec<Role>,
    two_factor_enabled: bool,
}

/// The account the bearer token belongs to.
#[utoipa::path(get, path = "/api/v1/me", security(("bearer" = [])), responses(
    (status = 200, description = "The account", body = Me),
    (status = 401, description = "Missing or unknown token"),
))]
pub async fn me(ApiUser(user): ApiUser) -> Json<Me> {
    Json(Me {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        language: user.lang,
        roles: user.roles,
        two_factor_enabled: user.two_factor_enabled,
    })
}

/// This feature's JSON API.
pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(routes!(me))
}

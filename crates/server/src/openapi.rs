//! The OpenAPI document of the JSON API, assembled from each feature's paths.

use axum::Json;
use axum::extract::State;
use rendezvous_platform::AppState;
use serde_json::{Value, json};

pub async fn document(State(state): State<AppState>) -> Json<Value> {
    let mut paths = serde_json::Map::new();
    for feature_paths in [
        rendezvous_accounts::api::openapi_paths(),
        rendezvous_newsletter::openapi_paths(),
        rendezvous_members::openapi_paths(),
        rendezvous_forum::openapi_paths(),
    ] {
        if let Value::Object(map) = feature_paths {
            paths.extend(map);
        }
    }
    Json(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Rendezvous API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Bearer tokens come from `rendezvous token create --email E`."
        },
        "servers": [{"url": state.base_url}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "paths": paths,
    }))
}

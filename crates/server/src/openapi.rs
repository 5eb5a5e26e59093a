//! The OpenAPI document of the JSON API, assembled from each feature's paths.

use axum::Json;
use axum::extract::State;
use rendezvous_platform::AppState;
use serde_json::{Value, json};

pub async fn document(State(state): State<AppState>) -> Json<Value> {
    let mut paths = serde_json::Map::new();
    for paths_of in crate::features().iter().filter_map(|f| f.api) {
        if let Value::Object(map) = paths_of() {
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

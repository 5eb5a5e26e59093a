//! The JSON API: every feature's API routes, and the document that describes them, built from
//! the same registrations (see `rendezvous_platform::api`).

use axum::routing::get;
use axum::{Json, Router};
use rendezvous_platform::AppState;
use rendezvous_platform::feature::Feature;

/// The features' API routes, plus `/api/v1/openapi.json` describing exactly those routes.
pub fn routes(base_url: &str, features: &[Feature]) -> Router<AppState> {
    let mut routes = Router::new();
    let mut parts = Vec::new();
    for api in features.iter().filter_map(|f| f.api) {
        let (router, description) = api().split_for_parts();
        routes = routes.merge(router);
        parts.push(description);
    }
    let document = serde_json::to_value(rendezvous_platform::api::document(base_url, parts))
        .expect("an OpenAPI document is always JSON");
    routes.route("/api/v1/openapi.json", get(move || async move { Json(document) }))
}

//! The webhooks' pages and API.

pub mod admin;
pub mod api;

use axum::Router;
use axum::routing::{get, post};
use rendezvous_platform::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/webhooks", get(admin::index).post(admin::create))
        .route("/admin/webhooks/{id}", get(admin::show))
        .route("/admin/webhooks/{id}/rotate", post(admin::rotate))
        .route("/admin/webhooks/{id}/ping", post(admin::ping))
        .route("/admin/webhooks/{id}/enable", post(admin::enable))
        .route("/admin/webhooks/{id}/delete", post(admin::delete))
        .route("/admin/webhooks/deliveries/{id}/again", post(admin::again))
}

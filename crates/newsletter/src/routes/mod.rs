//! The newsletter's pages: public (lists, subscribe, confirm, unsubscribe, preferences), the
//! account's subscriptions, the archive of mailings, admin (lists, subscribers, imports, segments,
//! campaigns, reports) and the API.

mod admin_campaigns;
mod admin_import;
pub(crate) mod admin_lists;
mod admin_subscribers;
pub(crate) mod api;
pub(crate) mod api_campaigns;
mod api_more;
mod archive;
mod inbound;
mod preferences;
mod public;
mod reports;
mod segments;
mod unsubscribe;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use rendezvous_platform::AppState;
use rendezvous_platform::api::ApiRouter;
use utoipa_axum::routes;

/// Largest file accepted by the import page (the command line has no limit).
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/lists", get(public::index))
        .route("/lists/{slug}", get(public::list_page))
        .route("/lists/{slug}/subscribe", post(public::subscribe))
        .route("/subscribe/confirm", get(public::confirm_page).post(public::confirm))
        .route("/unsubscribe/{token}", get(unsubscribe::page).post(unsubscribe::one_click))
        .route("/preferences/{token}", get(preferences::page).post(preferences::save))
        .route("/account/subscriptions", get(preferences::account_page).post(preferences::account_save))
        .route("/admin/lists", get(admin_lists::index).post(admin_lists::create))
        .route("/admin/lists/{slug}", get(admin_lists::show))
        .route("/admin/lists/{slug}/subscribers", post(admin_lists::add_subscriber))
        .route(
            "/admin/lists/{slug}/subscribers/{id}/unsubscribe",
            get(admin_lists::confirm_unsubscribe).post(admin_lists::unsubscribe),
        )
        .route("/admin/lists/{slug}/export.csv", post(admin_lists::export_csv))
        .route("/admin/lists/{slug}/consent.csv", post(admin_lists::consent_csv))
        .route(
            "/admin/lists/{slug}/import",
            get(admin_import::form).post(admin_import::upload).layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/admin/imports/{id}", get(admin_import::progress))
        .route("/inbound", post(inbound::receive).layer(DefaultBodyLimit::max(inbound::MAX_INBOUND)))
        .route("/admin/subscribers/{id}", get(admin_subscribers::show))
        .route("/admin/subscribers/{id}/consent.csv", post(admin_subscribers::consent_csv))
        .route("/admin/segments", get(segments::index).post(segments::create))
        .route("/admin/segments/{id}", get(segments::show))
        .route("/admin/reports/audience", get(reports::audience))
        .route("/admin/campaigns", get(admin_campaigns::index).post(admin_campaigns::create))
        .route("/admin/campaigns/new", get(admin_campaigns::new_form))
        .route("/admin/campaigns/{id}", get(admin_campaigns::show))
        .route("/admin/campaigns/{id}/edit", get(admin_campaigns::edit_form).post(admin_campaigns::update))
        .route("/admin/campaigns/{id}/preview", get(admin_campaigns::preview))
        .route("/admin/campaigns/{id}/test", post(admin_campaigns::test_send))
        .route("/admin/campaigns/{id}/send", get(admin_campaigns::confirm_send).post(admin_campaigns::send))
        .route("/admin/campaigns/{id}/schedule", post(admin_campaigns::schedule))
        .route("/admin/campaigns/{id}/unschedule", post(admin_campaigns::unschedule))
        .route("/admin/campaigns/{id}/pause", post(admin_campaigns::pause))
        .route("/admin/campaigns/{id}/resume", post(admin_campaigns::resume))
        .route("/admin/campaigns/{id}/cancel", post(admin_campaigns::cancel))
        .route("/admin/campaigns/{id}/progress.json", get(admin_campaigns::progress_json))
        .route("/mailings", get(archive::index))
        .route("/mailings.atom", get(archive::feed))
        .route("/mailings/{id}", get(archive::show))
}

/// The newsletter's JSON API, each route described by its handler.
pub fn api_routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(api::list_counts))
        .routes(routes!(api_more::all_lists, api_more::create_list))
        .routes(routes!(api::add_subscriber))
        .routes(routes!(api::unsubscribe))
        .routes(routes!(api::update_subscriber, api_more::subscriber))
        .routes(routes!(api_more::search_subscribers))
        .routes(routes!(api_more::consent_history))
        .routes(routes!(api_more::segments))
        .routes(routes!(api_more::segment_count))
        .routes(routes!(api_campaigns::latest, api_more::create_campaign))
        .routes(routes!(api_campaigns::one))
        .routes(routes!(api_more::schedule_campaign))
        .routes(routes!(api_more::send_campaign))
}

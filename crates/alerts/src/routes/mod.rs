//! The alerts feature's pages, feeds and API.

pub mod admin;
pub mod api;
mod feeds;
mod public;
pub(crate) use subscribe::areas_link;
mod report;
mod subscribe;
mod view;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use rendezvous_platform::AppState;

use crate::reports::BODY_LIMIT;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/alerts", get(public::index))
        .route("/alerts/feed.atom", get(feeds::atom_feed))
        .route("/alerts/cap.atom", get(feeds::cap_index))
        .route("/alerts/report", get(report::form).post(report::submit).layer(DefaultBodyLimit::max(BODY_LIMIT)))
        .route("/alerts/report/status", get(report::status))
        .route("/alerts/subscribe", get(subscribe::form).post(subscribe::subscribe))
        .route("/alerts/areas", get(subscribe::areas_form).post(subscribe::areas_save))
        .route("/alerts/{id}", get(public::alert))
        .route("/alerts/{id}/poster", get(public::poster))
        .route("/alerts/{id}/cap.xml", get(feeds::cap_message))
        .route("/account/alerts", get(subscribe::account).post(subscribe::account_save))
        .route("/admin/alerts", get(admin::desk))
        .route("/admin/alerts/new", get(admin::new_form).post(admin::create))
        .route("/admin/alerts/regions", get(admin::regions).post(admin::add_region))
        .route("/admin/alerts/audience", get(admin::audience))
        .route("/admin/alerts/reports/{id}", get(admin::report).post(admin::report_decide))
        .route("/admin/alerts/reports/{id}/photo", get(admin::report_photo))
        .route("/admin/alerts/{id}", get(admin::edit).post(admin::save))
}

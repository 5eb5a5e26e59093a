//! The advocacy feature's pages and API.

mod admin;
mod admin_sets;
mod admin_targets;
pub mod api;
mod confirm;
mod public;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use rendezvous_platform::AppState;

/// The target import form's body limit: a file of every legislator in Canada is far smaller.
const IMPORT_LIMIT: usize = 10 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/act", get(public::index))
        .route("/act/reply", get(confirm::reply_page).post(confirm::reply_save))
        .route("/act/targets/{id}/photo", get(public::photo))
        .route("/act/{slug}", get(public::letter).post(public::write))
        .route("/act/{slug}/confirm", get(confirm::confirm_page).post(confirm::confirm))
        .route("/admin/letters", get(admin::overview))
        .route("/admin/letters/new", get(admin::new_form).post(admin::create))
        .route("/admin/letters/committees", get(admin_targets::committees).post(admin_targets::save_committee))
        .route("/admin/letters/sets/new", get(admin_sets::new_form).post(admin_sets::create))
        .route("/admin/letters/sets/{slug}", get(admin_targets::set_page))
        .route("/admin/letters/sets/{slug}/names", post(admin_sets::rename))
        .route("/admin/letters/sets/{slug}/targets", post(admin_sets::add_target))
        .route(
            "/admin/letters/sets/{slug}/import",
            post(admin_targets::import).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route(
            "/admin/letters/sets/{slug}/postcodes",
            post(admin_targets::import_postcodes).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route("/admin/letters/sets/{slug}/election", post(admin_targets::election))
        .route("/admin/letters/targets/{id}", get(admin_targets::target_form).post(admin_targets::target_save))
        .route("/admin/letters/targets/{id}/retire", post(admin_sets::retire))
        .route("/admin/letters/{id}", get(admin::letter))
}

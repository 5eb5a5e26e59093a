//! The members' pages: membership (apply, my membership, renew), the profile, organisations, the
//! directory, groups, admin (review queue, members, types, export) and the API.

mod admin_members;
mod admin_types;
pub(crate) mod api;
mod api_memberships;
mod directory;
mod groups;
mod invitations;
mod membership;
mod organisations;
mod profile;

use axum::Router;
use axum::routing::{get, post};
use rendezvous_platform::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/members/me", get(membership::me))
        .route("/members/apply", get(membership::choose))
        .route("/members/apply/{type_id}", get(membership::form).post(membership::submit))
        .route("/members/applications/{id}", get(membership::application).post(membership::answer))
        .route("/members/{id}/renew", post(membership::renew))
        .route("/members/invitations", get(invitations::show).post(invitations::accept))
        .route("/members/profile", get(profile::page).post(profile::save))
        .route("/organisations/{id}/edit", get(organisations::edit).post(organisations::save))
        .route("/organisations/{id}/delegates", post(organisations::delegates))
        .route("/directory", get(directory::search))
        .route("/directory/people/{id}", get(directory::person))
        .route("/directory/organisations/{id}", get(directory::organisation))
        .route("/directory/summary", get(directory::summary))
        .route("/partners", get(directory::partners))
        .route("/groups", get(groups::index))
        .route("/groups/{slug}", get(groups::show))
        .route("/groups/{slug}/join", post(groups::join))
        .route("/groups/{slug}/members", post(groups::manage))
        .route("/admin/members", get(admin_members::index).post(admin_members::add))
        .route("/admin/members/export.csv", post(admin_members::export_csv))
        .route("/admin/members/{id}", get(admin_members::show))
        .route("/admin/members/{id}/decide", post(admin_members::decide))
        .route("/admin/members/{id}/status", post(admin_members::status))
        .route("/admin/members/types", get(admin_types::index).post(admin_types::create))
        .route("/admin/members/types/{id}/open", post(admin_types::set_open))
        .route("/admin/members/categories", post(admin_types::save_category))
        .route("/admin/groups", get(groups::admin_index).post(groups::admin_create))
        .route("/admin/organisations/{id}/partner", post(organisations::set_partner))
}

//! The network itself: memberships of people and organisations (applications, review, renewals,
//! grace and lapse on the clock), organisations and their delegates, groups, and a directory in
//! which each person decides who sees each field, safe by default.
//!
//! Other features use [`memberships::is_active_member`], [`groups::is_member`] and
//! [`groups::of_user`].

mod consent;
mod csv_export;
pub mod demo;
pub mod directory;
pub mod groups;
pub mod invitations;
pub mod lifecycle;
mod mails;
pub mod memberships;
pub mod model;
pub mod organisations;
mod personal_data;
pub mod profiles;
mod routes;
pub mod search_query;
pub mod store;
mod summary;
pub mod visibility;

use std::sync::Arc;

use rendezvous_platform::db::Db;
use rendezvous_platform::jobs::JobRegistry;
use rendezvous_platform::personal_data::PersonalDataSection;
use rendezvous_platform::state::NavLink;

pub use consent::MEMBERS_LIST;
pub use routes::router;

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub fn register_jobs(registry: &mut JobRegistry) {
    registry.register(lifecycle::KIND, lifecycle::handle);
}

/// The members API's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Value {
    routes::api::openapi_paths()
}

pub fn nav_links() -> Vec<NavLink> {
    vec![
        NavLink { label_id: "nav-directory", href: "/directory", signed_in_only: false },
        NavLink { label_id: "nav-membership", href: "/members/me", signed_in_only: true },
    ]
}

pub fn admin_links() -> Vec<NavLink> {
    vec![
        NavLink { label_id: "admin-members-title", href: "/admin/members", signed_in_only: true },
        NavLink { label_id: "admin-membership-types-title", href: "/admin/members/types", signed_in_only: true },
        NavLink { label_id: "admin-groups-title", href: "/admin/groups", signed_in_only: true },
    ]
}

/// A person's profile, memberships, delegations and groups in their export; erased with them.
pub fn personal_data(db: Db) -> Arc<dyn PersonalDataSection> {
    Arc::new(personal_data::Members { db })
}

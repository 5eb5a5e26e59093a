//! The meeting place: discussion spaces (public, members-only, or restricted to groups), threads
//! and posts in Markdown, anonymous posting where a space allows it, content warnings, the
//! "support" reaction, moderation (flags, a review queue, held first posts, sanctions, a
//! per-space log), search and Atom feeds, and a JSON API.
//!
//! One rule decides who reads and posts where: [`access::can_read`], [`access::can_post`],
//! [`access::can_moderate`]. Every channel (pages, API, search, feeds, and notifications and
//! digests) asks it. What leaves the crate about a post is a [`posts::PostView`], which names an
//! anonymous post's author nowhere.

pub mod access;
pub mod demo;
pub mod events;
pub mod markdown;
pub mod model;
pub mod moderation;
pub mod notify;
mod personal_data;
pub mod posting;
pub mod posts;
pub mod readers;
mod routes;
mod sanction_notice;
pub mod search;
pub mod store;

use std::sync::Arc;

use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::Db;
use rendezvous_platform::personal_data::PersonalDataSection;
use rendezvous_platform::state::NavLink;

pub use routes::router;
pub use routes::{post_url, thread_url};

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub fn nav_links() -> Vec<NavLink> {
    vec![NavLink { label_id: "nav-forum", href: "/forum", signed_in_only: false }]
}

pub fn admin_links() -> Vec<NavLink> {
    vec![NavLink { label_id: "forum-admin-title", href: "/admin/forum", signed_in_only: true }]
}

/// The forum API's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Value {
    routes::api::openapi_paths()
}

/// A person's posts and settings in their export; erased with them (posts by their choice).
pub fn personal_data(db: Db, clock: Clock) -> Arc<dyn PersonalDataSection> {
    Arc::new(personal_data::Forum { db, clock })
}

//! The audience: lists, subscribers, the consent ledger, imports, segments, suppression,
//! double opt-in, one-click unsubscribe, the preference centre and the reach report.

pub mod bounces;
pub mod campaigns;
pub mod chart;
mod csv_export;
pub mod demo;
pub mod import;
pub mod labels;
pub mod links;
mod mails;
pub mod model;
mod personal_data;
pub mod reports;
mod routes;
pub mod segment;
pub mod store;
pub mod subscriptions;

use std::sync::Arc;

use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::{Db, is_unique_violation};
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::jobs::JobRegistry;
use rendezvous_platform::personal_data::PersonalDataSection;
use rendezvous_platform::state::NavLink;

pub use routes::router;

/// The newsletter API's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Value {
    let mut paths = routes::api::openapi_paths();
    if let (Some(all), serde_json::Value::Object(campaigns)) =
        (paths.as_object_mut(), routes::api_campaigns::openapi_paths())
    {
        all.extend(campaigns);
    }
    paths
}

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub fn register_jobs(registry: &mut JobRegistry) {
    registry.register(import::job::KIND, import::job::handle);
    registry.register(campaigns::delivery::KIND, campaigns::delivery::handle);
    registry.register(campaigns::lifecycle::START_KIND, campaigns::lifecycle::handle_start);
    registry.register(bounces::mailbox::KIND, bounces::mailbox::handle);
}

pub fn nav_links() -> Vec<NavLink> {
    vec![
        NavLink { label_id: "nav-lists", href: "/lists", signed_in_only: false },
        NavLink { label_id: "nav-my-lists", href: "/account/subscriptions", signed_in_only: true },
        NavLink { label_id: "nav-mailings", href: "/mailings", signed_in_only: false },
    ]
}

pub fn admin_links() -> Vec<NavLink> {
    vec![
        NavLink { label_id: "admin-lists-title", href: "/admin/lists", signed_in_only: true },
        NavLink { label_id: "admin-segments-title", href: "/admin/segments", signed_in_only: true },
        NavLink { label_id: "admin-campaigns-title", href: "/admin/campaigns", signed_in_only: true },
        NavLink { label_id: "admin-audience-title", href: "/admin/reports/audience", signed_in_only: true },
    ]
}

/// A person's subscriptions and consent ledger in their export; erased with their account.
pub fn personal_data(db: Db) -> Arc<dyn PersonalDataSection> {
    Arc::new(personal_data::Subscriptions { db })
}

#[derive(Debug, thiserror::Error)]
pub enum CreateListError {
    #[error("the slug must be 2 to 40 lowercase letters, digits or hyphens")]
    Slug,
    #[error("both names are required (120 characters at most)")]
    Name,
    #[error("a list with this slug already exists")]
    Taken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Creates a list (the command line's `list create`).
pub async fn create_list(
    db: &Db,
    clock: &Clock,
    slug: &str,
    name_en: &str,
    name_fr: &str,
    public: bool,
    default_lang: Lang,
) -> Result<i64, CreateListError> {
    let errors = routes::check_new_list(slug, name_en, name_fr);
    if errors.get("slug").is_some() {
        return Err(CreateListError::Slug);
    }
    if !errors.is_empty() {
        return Err(CreateListError::Name);
    }
    let new = store::NewList {
        slug: slug.trim(),
        name_en: name_en.trim(),
        name_fr: name_fr.trim(),
        description_en: "",
        description_fr: "",
        is_public: public,
        default_lang: default_lang.code(),
        now: clock.now_ms(),
    };
    match store::create_list(db, &new).await {
        Ok(id) => Ok(id),
        Err(e) if is_unique_violation(&e) => Err(CreateListError::Taken),
        Err(e) => Err(e.into()),
    }
}

//! The audience: lists, subscribers, the consent ledger, imports, segments, suppression,
//! double opt-in, one-click unsubscribe, the preference centre and the reach report.

pub mod bounces;
pub mod campaigns;
pub mod chart;
mod csv_export;
pub mod demo;
pub mod events;
mod ids;
pub mod import;
pub mod labels;
pub mod links;
pub mod lists;
mod mails;
pub mod model;
mod personal_data;
#[cfg(test)]
mod proptests;
/// The audience report (its queries live in the store).
pub use store::audience as reports;
mod routes;
/// Segments: saved filters, turned into bound SQL (in the store).
pub use store::segments as segment;
/// Public only for the integration tests' fixtures; other crates use the named functions.
#[doc(hidden)]
pub mod store;
pub mod subscriptions;

use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::Db;
use rendezvous_platform::i18n::Lang;

pub use feature::feature;
pub use ids::{CampaignId, ConsentEventId, DeliveryId, ImportId, ListId, SegmentId, SubscriberId};
pub use roles::{COMMUNICATIONS, CommsUser};
pub use settings::{NewsletterSettings, settings};
/// What other features read of the newsletter: named functions, never the tables.
pub use store::{ListRow, list_by_slug};

mod feature;
mod roles;
mod settings;

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
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

/// Creates a list with the command line's errors (see [`lists::create`], the one path).
pub async fn create_list(
    db: &Db,
    clock: &Clock,
    slug: &str,
    name_en: &str,
    name_fr: &str,
    public: bool,
    default_lang: Lang,
) -> Result<ListId, CreateListError> {
    let input =
        lists::NewListInput { slug, name_en, name_fr, description_en: "", description_fr: "", public, default_lang };
    match lists::create(db, clock, &input).await {
        Ok(id) => Ok(id),
        Err(lists::ListRefused::Invalid(errors)) if errors.get("slug") == Some("list-slug-taken") => {
            Err(CreateListError::Taken)
        }
        Err(lists::ListRefused::Invalid(errors)) if errors.get("slug").is_some() => Err(CreateListError::Slug),
        Err(lists::ListRefused::Invalid(_)) => Err(CreateListError::Name),
        Err(lists::ListRefused::Db(e)) => Err(e.into()),
    }
}

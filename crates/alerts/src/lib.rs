//! Drug-supply alerts: reports from anyone without an account, alerts verified and written by
//! moderators in both languages, mailed at once to the subscribers of the `alerts` list who chose
//! the alert's areas, and published as pages, a poster, Atom feeds and CAP 1.2 messages.

pub mod areas;
pub mod cap;
pub mod demo;
mod feature;
pub mod home;
mod ids;
pub mod lifecycle;
mod mailing;
pub mod model;
pub mod reports;
mod roles;
mod routes;
/// Public only for the integration tests' fixtures; other crates use the named functions.
#[doc(hidden)]
pub mod store;

pub use feature::feature;
pub use ids::{AlertId, RegionId, ReportId};
pub use roles::{ALERTS, may_publish};

/// The newsletter list the alerts are mailed to, kept by Rendezvous itself.
pub const LIST_SLUG: &str = "alerts";

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

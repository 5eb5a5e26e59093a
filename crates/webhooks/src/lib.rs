//! Webhooks that follow the Standard Webhooks specification: administrators add partners'
//! endpoints with the events they want; each event becomes one signed delivery per endpoint, sent
//! by a job at the partners' priority, retried on a schedule, never to a private address unless
//! allowed, never following a redirect.

pub mod address;
mod deliver;
mod endpoints;
mod feature;
mod ids;
mod listener;
pub mod model;
mod routes;
mod settings;
pub mod signing;
/// Public only for the integration tests' fixtures.
#[doc(hidden)]
pub mod store;

pub use feature::feature;
pub use ids::{EndpointId, WebhookDeliveryId};
pub use settings::WebhookSettings;

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

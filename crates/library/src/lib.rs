//! The network's public face: a bilingual library of briefs, research and submissions (a file
//! per language, its text searchable), news, events with calendar feeds, and job postings.

mod atom;
pub mod consultations;
pub mod demo;
pub mod events;
mod feature;
mod files;
pub mod home;
mod ics;
mod ids;
pub mod model;
mod names;
pub mod news;
pub mod pages;
mod personal_data;
pub mod postings;
mod reminders;
pub mod resources;
mod roles;
mod routes;
pub mod settings;
/// Public only for the integration tests' fixtures; other crates use the named functions.
#[doc(hidden)]
pub mod store;
pub mod submissions;
pub mod words;

pub use feature::feature;
pub use ids::{ConsultationId, EventId, NewsId, PostingId, ResourceId, SubmissionId};
pub use settings::LibrarySettings;

/// Today in the site's time zone (YYYY-MM-DD).
pub(crate) fn today(state: &rendezvous_platform::AppState) -> String {
    rendezvous_platform::clock::date_in(&state.config.timezone, state.clock.now_ms())
}

/// The end of a day in the site's time zone.
pub(crate) fn end_of_day(state: &rendezvous_platform::AppState, date: jiff::civil::Date) -> Option<i64> {
    rendezvous_platform::clock::end_of_day(&state.config.timezone, date)
}

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

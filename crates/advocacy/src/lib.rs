//! Advocacy: letters to members of Parliament, senators and committees. Admins keep target sets
//! (imported from files in OpenNorth Represent's layout) and committees, and write bilingual
//! letter campaigns; members and the public write, in their name or collectively, confirm by a
//! link, and the network delivers each letter From its own domain with the writer's name, paced
//! per target, counted, and forgotten after the retention period.

mod bounces;
pub mod committees;
mod deliver;
pub mod demo;
mod feature;
mod followup;
mod ids;
pub mod letters;
pub mod model;
mod personal_data;
pub mod represent;
mod roles;
mod routes;
pub mod sets;
pub mod settings;
pub mod similarity;
/// Public only for the integration tests' fixtures; other crates use the named functions.
#[doc(hidden)]
pub mod store;
pub mod targets;
pub mod writing;

pub use deliver::{DELIVER_JOB, deliver_due};
pub use feature::feature;
pub use followup::{ask_about_replies, forget_old_letters};
pub use ids::{CommitteeId, LetterId, MessageId, TargetId, TargetSetId, WritingId};
pub use settings::LetterSettings;

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

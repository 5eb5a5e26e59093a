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
mod ids;
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
/// Public only for the integration tests' fixtures; other crates use the named functions of
/// `groups`, `memberships` and the crate root.
#[doc(hidden)]
pub mod store;
mod summary;
pub mod visibility;

pub use consent::MEMBERS_LIST;
pub use feature::{MEMBER, feature};

mod feature;
pub use ids::{CategoryId, GroupId, InvitationId, MembershipId, MembershipTypeId, OrganisationId};

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

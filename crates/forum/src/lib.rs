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
mod ids;
mod kept;
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
/// Public only for the integration tests' fixtures; other crates use the named functions.
#[doc(hidden)]
pub mod store;

pub use feature::{MODERATOR, feature};
pub use ids::{FlagId, LogEntryId, NotificationId, PostEditId, PostId, ReplyTokenId, SpaceId, ThreadId};

mod feature;
pub use routes::{post_url, thread_url};

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

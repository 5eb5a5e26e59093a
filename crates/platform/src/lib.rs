//! What every Rendezvous feature stands on: configuration, the database and its two dialects, the
//! job queue, sessions, the viewer and roles, rate limits, i18n, mail, the audit log, metrics, and
//! the web plumbing (errors, forms, page context, security middleware, static assets).
//!
//! platform knows no feature: features plug in through [`auth::UserLookup`] and
//! [`personal_data::PersonalDataSection`], and by merging their routers.

pub mod api;
pub mod audit;
pub mod auth;
pub mod changes;
pub mod clock;
pub mod config;
pub mod core;
pub mod crypto;
pub mod db;
pub mod email;
pub mod events;
pub mod feature;
pub mod geo;
pub mod hash_key;
pub mod header_text;
pub mod i18n;
pub mod ids;
pub mod images;
pub mod inbound;
pub mod jobs;
pub mod mail;
pub mod markdown;
pub mod metrics;
pub mod personal_data;
#[cfg(test)]
mod proptests;
pub mod ratelimit;
pub mod scopes;
pub mod sessions;
pub mod signed;
pub mod spreadsheet;
pub mod state;
pub mod tombstones;
pub mod validate;
pub mod web;

pub use state::AppState;
#[doc(hidden)]
pub use utoipa;

/// The error type for work that is not a web request (jobs, mail, hooks).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

//! The state every handler and job gets: configuration and the shared services.

use std::ops::Deref;
use std::sync::{Arc, Mutex};

use crate::auth::UserLookup;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::feature::FeatureSettings;
use crate::i18n::Translator;
use crate::jobs::JobQueue;
use crate::mail::Mailer;
use crate::metrics::Metrics;
use crate::personal_data::PersonalDataSection;
use crate::ratelimit::RateLimits;
use crate::sessions::SessionStore;

/// A link a feature adds to the navigation: a Fluent label and a path.
#[derive(Debug, Clone, Copy)]
pub struct NavLink {
    pub label_id: &'static str,
    pub href: &'static str,
    /// Shown only to signed-in people.
    pub signed_in_only: bool,
}

/// Counts a signed-in person's unread items for a navigation link (e.g. notifications).
pub type BadgeCount = for<'a> fn(&'a AppState, crate::auth::UserId) -> crate::auth::LookupFuture<'a, i64>;

/// A number shown next to the navigation link with this `href`.
#[derive(Clone, Copy)]
pub struct NavBadge {
    pub href: &'static str,
    pub count: BadgeCount,
}

#[derive(Clone)]
pub struct AppState(Arc<Services>);

pub struct Services {
    pub config: Config,
    /// Each feature's own settings (see [`crate::feature::SettingsGroup`]).
    pub settings: FeatureSettings,
    pub base_url: String,
    /// Signs links that need no login (see [`crate::signed`]).
    pub secret: String,
    pub db: Db,
    pub clock: Clock,
    pub jobs: JobQueue,
    /// Whether what readers see may have changed (see [`crate::changes`]).
    pub changes: crate::changes::Changes,
    /// Pages and data the same for whoever asks, kept while nothing changes.
    pub kept: crate::changes::Kept,
    pub sessions: SessionStore,
    pub mailer: Mailer,
    pub tr: Translator,
    pub limits: RateLimits,
    pub metrics: Metrics,
    pub users: Arc<dyn UserLookup>,
    pub personal_data: Vec<Arc<dyn PersonalDataSection>>,
    /// Features that take some inbound mail before the bounce classifier (see [`crate::inbound`]).
    pub inbound_hooks: Vec<Arc<dyn crate::inbound::InboundHook>>,
    /// Unread counts beside navigation links, for signed-in people (one query each per page).
    pub nav_badges: Vec<NavBadge>,
    /// Links in the main navigation and on the admin page, contributed by features.
    pub nav: Vec<NavLink>,
    pub admin_links: Vec<NavLink>,
    /// What features handed each other (see [`crate::feature::Provided`]).
    pub provided: crate::feature::Provided,
    /// The one-time code that guards the first-administrator page; None once an admin exists.
    pub setup_code: Mutex<Option<String>>,
}

impl Deref for AppState {
    type Target = Services;
    fn deref(&self) -> &Services {
        &self.0
    }
}

impl AppState {
    pub fn new(services: Services) -> Self {
        Self(Arc::new(services))
    }

    /// The setup code, if the first administrator is still to be created.
    pub fn setup_code(&self) -> Option<String> {
        self.setup_code.lock().ok().and_then(|c| c.clone())
    }

    pub fn clear_setup_code(&self) {
        if let Ok(mut code) = self.setup_code.lock() {
            *code = None;
        }
    }
}

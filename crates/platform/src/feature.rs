//! What a feature is: everything it plugs into the application, in one value. Each feature
//! crate has one `feature()` returning a [`Feature`]; the server walks one list of them to build
//! the state, the router, the job registry, the housekeeping and the command line. Adding a
//! feature is adding one entry to that list.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use fluent_templates::StaticLoader;

use crate::auth::Role;
use crate::clock::Clock;
use crate::db::Db;
use crate::inbound::InboundHook;
use crate::jobs::JobRegistry;
use crate::personal_data::PersonalDataSection;
use crate::state::{NavBadge, NavLink};
use crate::{AppState, BoxError};

/// Builds a feature's section of a person's data export and erasure.
pub type PersonalDataFn = fn(&Db, &Clock) -> Arc<dyn PersonalDataSection>;

/// Builds how platform reads people.
pub type UserLookupFn = fn(&Db) -> Arc<dyn crate::auth::UserLookup>;

pub type ChoreFuture<'a> = Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'a>>;

/// Periodic work a process does for a feature (purging, scheduling the jobs of the clock).
#[derive(Clone, Copy)]
pub struct Chore {
    /// Named in the warning logged when the chore fails.
    pub name: &'static str,
    /// How often it runs; `None` turns it off (e.g. a mailbox that is not configured).
    pub every: fn(&AppState) -> Option<Duration>,
    /// Runs only in processes with job workers: it queues jobs, which a web-only process need not.
    pub needs_workers: bool,
    /// Also runs whenever jobs are announced (see [`crate::jobs::JobQueue::announce`]), so it
    /// reacts to work another process queued at once rather than at its next period.
    pub on_job_announce: bool,
    pub run: for<'a> fn(&'a AppState) -> ChoreFuture<'a>,
}

/// The usual housekeeping period.
pub fn every_ten_minutes(_: &AppState) -> Option<Duration> {
    Some(Duration::from_secs(600))
}

/// A feature's settings: a clap argument group that the top-level command line flattens, its
/// flags global as every other setting, read back into a value the feature finds in
/// [`AppState::settings`].
#[derive(Clone, Copy)]
pub struct SettingsGroup {
    pub augment: fn(clap::Command) -> clap::Command,
    pub read: fn(&clap::ArgMatches) -> Result<Arc<dyn Any + Send + Sync>, clap::Error>,
    pub defaults: fn() -> Arc<dyn Any + Send + Sync>,
    type_id: fn() -> TypeId,
}

impl SettingsGroup {
    pub fn of<T: clap::Args + clap::FromArgMatches + Send + Sync + 'static>() -> Self {
        Self {
            augment: T::augment_args,
            read: |matches| Ok(Arc::new(T::from_arg_matches(matches)?)),
            defaults: || {
                let command = T::augment_args(clap::Command::new("rendezvous"));
                let matches = command.get_matches_from(["rendezvous"]);
                #[allow(clippy::expect_used)] // every setting has a default; tested per feature
                Arc::new(T::from_arg_matches(&matches).expect("settings have defaults"))
            },
            type_id: TypeId::of::<T>,
        }
    }
}

/// Every feature's settings by type: what [`SettingsGroup`]s read from the command line.
#[derive(Clone, Default)]
pub struct FeatureSettings(HashMap<TypeId, Arc<dyn Any + Send + Sync>>);

impl FeatureSettings {
    /// The defaults of every feature's settings, for commands and tests that set the rest by hand.
    pub fn defaults(features: &[Feature]) -> Self {
        let mut all = Self::default();
        for group in features.iter().filter_map(|f| f.settings) {
            all.0.insert((group.type_id)(), (group.defaults)());
        }
        all
    }

    /// Every feature's settings as given on the command line (flags and `RENDEZVOUS_*` variables).
    pub fn from_matches(features: &[Feature], matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut all = Self::default();
        for group in features.iter().filter_map(|f| f.settings) {
            all.0.insert((group.type_id)(), (group.read)(matches)?);
        }
        Ok(all)
    }

    /// Replaces one feature's settings (tests, and commands that override a flag).
    pub fn set<T: Send + Sync + 'static>(&mut self, settings: T) {
        self.0.insert(TypeId::of::<T>(), Arc::new(settings));
    }

    pub fn get<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.0.get(&TypeId::of::<T>()).and_then(|s| s.downcast_ref())
    }
}

/// What a feature plugs in. Build one with [`Feature::new`] and the builder methods; every part
/// but the name is optional.
#[derive(Clone)]
pub struct Feature {
    pub name: &'static str,
    pub locales: Option<&'static StaticLoader>,
    pub router: Option<fn() -> Router<AppState>>,
    pub jobs: Option<fn(&mut JobRegistry)>,
    pub chores: Vec<Chore>,
    pub nav: Vec<NavLink>,
    pub admin_links: Vec<NavLink>,
    pub nav_badges: Vec<NavBadge>,
    pub personal_data: Option<PersonalDataFn>,
    pub inbound_hooks: Vec<fn() -> Arc<dyn InboundHook>>,
    /// The feature's JSON API: its routes, each described by its `#[utoipa::path]`.
    pub api: Option<fn() -> crate::api::ApiRouter>,
    /// The roles this feature gives powers to (see [`Role`]): offered on the admin's roles page.
    pub roles: Vec<Role>,
    pub settings: Option<SettingsGroup>,
    /// How platform reads people (see [`crate::auth::UserLookup`]); the accounts feature gives it.
    pub user_lookup: Option<UserLookupFn>,
    /// Tables of this feature with an `email_hash` column keyed by the hash key (see
    /// [`crate::hash_key::rekey_stored_hashes`]).
    pub hashed_emails: Vec<&'static str>,
    /// Values one feature hands to another through a type the receiving feature defines (see
    /// [`Provided`]).
    pub provides: Vec<(TypeId, Arc<dyn Any + Send + Sync>)>,
}

/// What features handed each other, by type: a feature that wants to be told of something
/// (the newsletter's "rows were imported into a list") defines a type, another feature provides
/// values of it, and the first reads them with [`Provided::all`]. Neither names the other.
#[derive(Default)]
pub struct Provided(HashMap<TypeId, Vec<Arc<dyn Any + Send + Sync>>>);

impl Provided {
    pub fn collect(features: &[Feature]) -> Self {
        let mut map: HashMap<TypeId, Vec<Arc<dyn Any + Send + Sync>>> = HashMap::new();
        for (type_id, value) in features.iter().flat_map(|f| f.provides.iter()) {
            map.entry(*type_id).or_default().push(value.clone());
        }
        Self(map)
    }

    /// Every value of this type any feature provided.
    pub fn all<T: Send + Sync + 'static>(&self) -> impl Iterator<Item = &T> {
        self.0.get(&TypeId::of::<T>()).into_iter().flatten().filter_map(|v| v.downcast_ref())
    }
}

impl Feature {
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            locales: None,
            router: None,
            jobs: None,
            chores: Vec::new(),
            nav: Vec::new(),
            admin_links: Vec::new(),
            nav_badges: Vec::new(),
            personal_data: None,
            inbound_hooks: Vec::new(),
            api: None,
            roles: Vec::new(),
            settings: None,
            hashed_emails: Vec::new(),
            user_lookup: None,
            provides: Vec::new(),
        }
    }

    pub fn locales(mut self, loader: &'static StaticLoader) -> Self {
        self.locales = Some(loader);
        self
    }

    pub fn router(mut self, router: fn() -> Router<AppState>) -> Self {
        self.router = Some(router);
        self
    }

    pub fn jobs(mut self, register: fn(&mut JobRegistry)) -> Self {
        self.jobs = Some(register);
        self
    }

    pub fn chore(mut self, chore: Chore) -> Self {
        self.chores.push(chore);
        self
    }

    pub fn nav(mut self, links: impl IntoIterator<Item = NavLink>) -> Self {
        self.nav.extend(links);
        self
    }

    pub fn admin_links(mut self, links: impl IntoIterator<Item = NavLink>) -> Self {
        self.admin_links.extend(links);
        self
    }

    pub fn nav_badge(mut self, badge: NavBadge) -> Self {
        self.nav_badges.push(badge);
        self
    }

    pub fn personal_data(mut self, section: PersonalDataFn) -> Self {
        self.personal_data = Some(section);
        self
    }

    pub fn inbound_hook(mut self, hook: fn() -> Arc<dyn InboundHook>) -> Self {
        self.inbound_hooks.push(hook);
        self
    }

    pub fn api(mut self, routes: fn() -> crate::api::ApiRouter) -> Self {
        self.api = Some(routes);
        self
    }

    pub fn role(mut self, role: Role) -> Self {
        self.roles.push(role);
        self
    }

    pub fn user_lookup(mut self, lookup: UserLookupFn) -> Self {
        self.user_lookup = Some(lookup);
        self
    }

    pub fn hashed_emails(mut self, table: &'static str) -> Self {
        self.hashed_emails.push(table);
        self
    }

    /// Hands a value to whichever feature reads this type (see [`Provided`]).
    pub fn provide<T: Send + Sync + 'static>(mut self, value: T) -> Self {
        self.provides.push((TypeId::of::<T>(), Arc::new(value)));
        self
    }

    pub fn settings<T: clap::Args + clap::FromArgMatches + Send + Sync + 'static>(mut self) -> Self {
        self.settings = Some(SettingsGroup::of::<T>());
        self
    }
}

//! The `rendezvous` application: builds the shared state from the configuration, wires every
//! feature's router and jobs, and serves. The binary (`main.rs`) is the command line around it.

mod demo;
mod home;
mod next_step;
mod openapi;

pub use demo::{DEMO_PASSWORD, DemoSummary, fill as demo_fill};

use std::sync::Mutex;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use rendezvous_platform::auth::register_roles;
use rendezvous_platform::clock::Clock;
use rendezvous_platform::config::Config;
use rendezvous_platform::crypto::random_code;
use rendezvous_platform::db::Db;
use rendezvous_platform::feature::{Chore, Feature, FeatureSettings};
use rendezvous_platform::i18n::Translator;
use rendezvous_platform::jobs::{JobQueue, JobRegistry, spawn_workers};
use rendezvous_platform::mail::Mailer;
use rendezvous_platform::metrics::Metrics;
use rendezvous_platform::ratelimit::RateLimits;
use rendezvous_platform::sessions::SessionStore;
use rendezvous_platform::state::Services;
use rendezvous_platform::web::{AppError, middleware};
use rendezvous_platform::{AppState, BoxError};
use tokio::sync::watch;

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Largest request body accepted: forms are small; imports and inbound mail set their own.
const BODY_LIMIT: usize = 256 * 1024;

pub struct App {
    pub state: AppState,
    pub jobs: JobRegistry,
    pub features: Vec<Feature>,
}

/// Every feature of Rendezvous, in the order their navigation links appear: the one list.
pub fn features() -> Vec<Feature> {
    vec![
        rendezvous_platform::core::feature(),
        rendezvous_accounts::feature(),
        rendezvous_newsletter::feature(),
        rendezvous_members::feature(),
        rendezvous_forum::feature(),
        rendezvous_alerts::feature(),
        rendezvous_webhooks::feature(),
        rendezvous_advocacy::feature(),
        rendezvous_library::feature(),
        Feature::new("site").locales(&LOCALES),
    ]
}

/// The job handlers of every feature: what workers (and tests that run jobs by hand) use.
pub fn job_registry(features: &[Feature]) -> JobRegistry {
    let mut jobs = JobRegistry::default();
    for register in features.iter().filter_map(|f| f.jobs) {
        register(&mut jobs);
    }
    jobs
}

/// Connects to and migrates the database, and builds the state every handler and job shares.
pub async fn build(config: Config, settings: FeatureSettings, clock: Clock) -> Result<App, BoxError> {
    let db = Db::connect(&config.database_url()).await?;
    db.migrate().await?;
    build_with_db(config, settings, db, clock).await
}

pub async fn build_with_db(config: Config, settings: FeatureSettings, db: Db, clock: Clock) -> Result<App, BoxError> {
    let features = features();
    db.set_hash_key(rendezvous_platform::hash_key::load(&config.data_dir)?);
    let hashed: Vec<&str> = features.iter().flat_map(|f| f.hashed_emails.iter().copied()).collect();
    let rekeyed = rendezvous_platform::hash_key::rekey_stored_hashes(&db, db.hash_key(), &hashed).await?;
    if rekeyed > 0 {
        tracing::info!(rows = rekeyed, "tombstones and suppressions are now keyed hashes");
    }
    register_roles(&features.iter().flat_map(|f| f.roles.iter().copied()).collect::<Vec<_>>());
    let mailer = Mailer::new(&config, db.clone(), clock.clone())?;
    let users = features.iter().find_map(|f| f.user_lookup).ok_or("no feature reads accounts")?(&db);
    let setup_code = if users.any_admin_exists().await? { None } else { Some(random_code(4)) };
    let secret = rendezvous_platform::signed::site_secret(&db).await?;
    let registry = job_registry(&features);
    let jobs = JobQueue::new(db.clone(), clock.clone());
    jobs.learn(&registry);
    let state = AppState::new(Services {
        secret,
        base_url: config.base_url(),
        jobs,
        changes: rendezvous_platform::changes::Changes::new(db.clone()),
        kept: Default::default(),
        sessions: SessionStore::new(db.clone(), clock.clone(), config.session_idle_minutes, config.session_max_days),
        mailer,
        tr: Translator::new(&features.iter().filter_map(|f| f.locales).collect::<Vec<_>>()),
        limits: RateLimits::default(),
        metrics: Metrics::default(),
        users,
        personal_data: features.iter().filter_map(|f| f.personal_data).map(|section| section(&db, &clock)).collect(),
        inbound_hooks: features.iter().flat_map(|f| f.inbound_hooks.iter().map(|hook| hook())).collect(),
        nav_badges: features.iter().flat_map(|f| f.nav_badges.iter().copied()).collect(),
        nav: features.iter().flat_map(|f| f.nav.iter().copied()).collect(),
        admin_links: features.iter().flat_map(|f| f.admin_links.iter().copied()).collect(),
        provided: rendezvous_platform::feature::Provided::collect(&features),
        setup_code: Mutex::new(setup_code),
        settings,
        config,
        db,
        clock,
    });
    Ok(App { state, jobs: registry, features })
}

/// Every route of every feature, behind the shared middleware.
pub fn router(state: AppState, features: &[Feature]) -> Router {
    let mut routes = Router::new().route("/", get(home::page)).merge(openapi::routes(&state.base_url, features));
    for router in features.iter().filter_map(|f| f.router) {
        routes = routes.merge(router());
    }
    routes
        .fallback(|| async { AppError::NotFound })
        .route_layer(from_fn(middleware::tag_route))
        .layer(from_fn_with_state(state.clone(), middleware::origin_check))
        .layer(from_fn_with_state(state.clone(), middleware::page_layer))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(from_fn(middleware::security_headers))
        .layer(rendezvous_platform::web::compression::layer())
        .layer(from_fn_with_state(state.clone(), middleware::count_requests))
        .layer(from_fn_with_state(state.clone(), middleware::note_changes))
        .with_state(state)
}

/// Serves until `shutdown` turns true: the web server, the job workers and every feature's chores.
pub async fn serve(
    app: App,
    listener: tokio::net::TcpListener,
    shutdown: watch::Receiver<bool>,
) -> Result<(), BoxError> {
    let App { state, jobs, features } = app;
    let mut workers = spawn_workers(state.clone(), jobs, state.config.workers, shutdown.clone());
    workers.push(rendezvous_platform::changes::follow(state.clone(), shutdown.clone()));
    let chores: Vec<_> = features
        .iter()
        .flat_map(|f| f.chores.iter().copied())
        .filter(|chore| state.config.workers > 0 || !chore.needs_workers)
        .map(|chore| tokio::spawn(run_chore(state.clone(), chore, shutdown.clone())))
        .collect();
    let service = router(state, &features).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let mut stop = shutdown.clone();
    axum::serve(listener, service)
        .with_graceful_shutdown(async move {
            while !*stop.borrow() {
                if stop.changed().await.is_err() {
                    break;
                }
            }
        })
        .await?;
    for task in workers.into_iter().chain(chores) {
        let _ = task.await;
    }
    Ok(())
}

/// Runs a chore at once and then every period, until shutdown; a failure is logged and the
/// chore tries again at its next turn.
async fn run_chore(state: AppState, chore: Chore, mut shutdown: watch::Receiver<bool>) {
    let Some(period) = (chore.every)(&state) else { return };
    let mut tick = tokio::time::interval(period.max(Duration::from_secs(1)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut announced = state.jobs.woken();
    while !*shutdown.borrow() {
        let run = tokio::select! {
            _ = tick.tick() => true,
            changed = announced.changed(), if chore.on_job_announce => changed.is_ok(),
            _ = shutdown.changed() => false,
        };
        if run {
            if let Err(e) = (chore.run)(&state).await {
                tracing::warn!(chore = chore.name, error = %e, "a housekeeping chore failed");
            }
            state.changes.made().await;
        }
    }
}

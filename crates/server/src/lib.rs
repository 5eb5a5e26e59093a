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
use rendezvous_platform::clock::Clock;
use rendezvous_platform::config::Config;
use rendezvous_platform::crypto::random_code;
use rendezvous_platform::db::Db;
use rendezvous_platform::i18n::Translator;
use rendezvous_platform::jobs::{JobQueue, JobRegistry, spawn_workers};
use rendezvous_platform::mail::{Mailer, outbox};
use rendezvous_platform::metrics::Metrics;
use rendezvous_platform::ratelimit::RateLimits;
use rendezvous_platform::sessions::SessionStore;
use rendezvous_platform::state::Services;
use rendezvous_platform::web::{AppError, middleware, routes};
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
}

/// Connects to and migrates the database, and builds the state every handler and job shares.
pub async fn build(config: Config, clock: Clock) -> Result<App, BoxError> {
    let db = Db::connect(&config.database_url()).await?;
    db.migrate().await?;
    build_with_db(config, db, clock).await
}

pub async fn build_with_db(config: Config, db: Db, clock: Clock) -> Result<App, BoxError> {
    db.set_hash_key(rendezvous_platform::hash_key::load(&config.data_dir)?);
    let rekeyed = rendezvous_platform::hash_key::rekey_stored_hashes(&db, db.hash_key()).await?;
    if rekeyed > 0 {
        tracing::info!(rows = rekeyed, "tombstones and suppressions are now keyed hashes");
    }
    let mailer = Mailer::new(&config, db.clone(), clock.clone())?;
    let setup_code = if rendezvous_accounts::store::any_admin_exists(&db).await? { None } else { Some(random_code(4)) };
    let secret = rendezvous_platform::signed::site_secret(&db).await?;
    let state = AppState::new(Services {
        secret,
        base_url: config.base_url(),
        jobs: JobQueue::new(db.clone(), clock.clone()),
        sessions: SessionStore::new(db.clone(), clock.clone(), config.session_idle_minutes, config.session_max_days),
        mailer,
        tr: Translator::new(&[
            &rendezvous_accounts::LOCALES,
            &rendezvous_newsletter::LOCALES,
            &rendezvous_members::LOCALES,
            &rendezvous_forum::LOCALES,
            &LOCALES,
        ]),
        limits: RateLimits::default(),
        metrics: Metrics::default(),
        users: rendezvous_accounts::user_lookup(db.clone()),
        personal_data: vec![
            rendezvous_newsletter::personal_data(db.clone()),
            rendezvous_members::personal_data(db.clone()),
            rendezvous_forum::personal_data(db.clone(), clock.clone()),
        ],
        inbound_hooks: vec![rendezvous_forum::notify::inbound_hook()],
        nav_badges: vec![rendezvous_forum::notify::nav_badge()],
        nav: [
            rendezvous_newsletter::nav_links(),
            rendezvous_members::nav_links(),
            rendezvous_forum::nav_links(),
            rendezvous_forum::notify::nav_links(),
        ]
        .concat(),
        admin_links: [
            rendezvous_accounts::admin_links(),
            rendezvous_newsletter::admin_links(),
            rendezvous_members::admin_links(),
            rendezvous_forum::admin_links(),
        ]
        .concat(),
        setup_code: Mutex::new(setup_code),
        config,
        db,
        clock,
    });
    let mut jobs = JobRegistry::default();
    rendezvous_platform::mail::register_jobs(&mut jobs);
    rendezvous_newsletter::register_jobs(&mut jobs);
    rendezvous_members::register_jobs(&mut jobs);
    rendezvous_forum::notify::register_jobs(&mut jobs);
    Ok(App { state, jobs })
}

/// Every route of every feature, behind the shared middleware.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(home::page))
        .route("/api/v1/openapi.json", get(openapi::document))
        .merge(routes::router())
        .merge(rendezvous_accounts::router())
        .merge(rendezvous_newsletter::router())
        .merge(rendezvous_members::router())
        .merge(rendezvous_forum::router())
        .merge(rendezvous_forum::notify::router())
        .fallback(|| async { AppError::NotFound })
        .route_layer(from_fn(middleware::tag_route))
        .layer(from_fn_with_state(state.clone(), middleware::origin_check))
        .layer(from_fn_with_state(state.clone(), middleware::page_layer))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(from_fn(middleware::security_headers))
        .layer(rendezvous_platform::web::compression::layer())
        .layer(from_fn_with_state(state.clone(), middleware::count_requests))
        .with_state(state)
}

/// Serves until `shutdown` turns true: the web server, the job workers and housekeeping.
pub async fn serve(
    app: App,
    listener: tokio::net::TcpListener,
    shutdown: watch::Receiver<bool>,
) -> Result<(), BoxError> {
    let App { state, jobs } = app;
    let workers = spawn_workers(state.clone(), jobs, state.config.workers, shutdown.clone());
    let housekeeping = tokio::spawn(housekeeping(state.clone(), shutdown.clone()));
    let bounce_polls = tokio::spawn(bounce_polls(state.clone(), shutdown.clone()));
    let service = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
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
    for worker in workers {
        let _ = worker.await;
    }
    let _ = housekeeping.await;
    let _ = bounce_polls.await;
    Ok(())
}

/// With a bounce mailbox configured, queues a poll of it every --bounce-poll-seconds (unless one
/// is still queued or running; a job worker of any process runs it).
async fn bounce_polls(state: AppState, mut shutdown: watch::Receiver<bool>) {
    if state.config.bounce_mailbox.is_none() {
        return;
    }
    let mut tick = tokio::time::interval(Duration::from_secs(state.config.bounce_poll_seconds.max(1)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !*shutdown.borrow() {
        tokio::select! {
            _ = tick.tick() => {
                if let Err(e) = rendezvous_newsletter::bounces::mailbox::queue_poll(&state).await {
                    tracing::warn!(error = %e, "could not queue a poll of the bounce mailbox");
                }
            }
            _ = shutdown.changed() => {}
        }
    }
}

/// Per-process chores: expired sessions, outbox mail past its retention, unconfirmed sign-ups and dead links out, idle rate-limit
/// keys forgotten, memberships moved on (as a job, so one process does it).
async fn housekeeping(state: AppState, mut shutdown: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    while !*shutdown.borrow() {
        tokio::select! {
            _ = tick.tick() => {
                state.limits.forget_idle();
                if let Err(e) = state.sessions.purge_expired().await {
                    tracing::warn!(error = %e, "could not purge expired sessions");
                }
                let retention = state.config.outbox_retention_days;
                if let Err(e) = outbox::purge_older_than(&state.db, &state.clock, retention).await {
                    tracing::warn!(error = %e, "could not purge old outbox mail");
                }
                if let Err(e) = rendezvous_accounts::purge_stale(&state.db, &state.clock).await {
                    tracing::warn!(error = %e, "could not purge unconfirmed sign-ups");
                }
                match rendezvous_newsletter::campaigns::lifecycle::requeue_orphans(&state).await {
                    Ok(0) => {}
                    Ok(n) => tracing::warn!(campaigns = n, "sending campaigns had no delivery job; queued one"),
                    Err(e) => tracing::warn!(error = %e, "could not check sending campaigns"),
                }
                // Processes that run jobs queue the periodic ones (a web-only process need not).
                if state.config.workers > 0
                    && let Err(e) = rendezvous_members::lifecycle::schedule(&state).await
                {
                    tracing::warn!(error = %e, "could not schedule the membership lifecycle");
                }
                if state.config.workers > 0
                    && let Err(e) = rendezvous_forum::notify::digest::schedule(&state).await
                {
                    tracing::warn!(error = %e, "could not schedule the forum digests");
                }
            }
            _ = shutdown.changed() => {}
        }
    }
}

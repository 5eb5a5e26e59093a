//! Everything the newsletter plugs into the application.

use std::sync::Arc;
use std::time::Duration;

use rendezvous_platform::AppState;
use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::Db;
use rendezvous_platform::feature::{Chore, ChoreFuture, Feature, every_ten_minutes};
use rendezvous_platform::jobs::{JobKind, JobRegistry, Priority};
use rendezvous_platform::personal_data::PersonalDataSection;
use rendezvous_platform::state::NavLink;

use crate::settings::{NewsletterSettings, settings};
use crate::{COMMUNICATIONS, LOCALES, bounces, campaigns, import, personal_data, routes};

pub fn feature() -> Feature {
    Feature::new("newsletter")
        .locales(&LOCALES)
        .router(routes::router)
        .jobs(register_jobs)
        .settings::<NewsletterSettings>()
        .role(COMMUNICATIONS)
        .hashed_emails("suppressions")
        .nav([
            NavLink { label_id: "nav-lists", href: "/lists", signed_in_only: false },
            NavLink { label_id: "nav-my-lists", href: "/account/subscriptions", signed_in_only: true },
            NavLink { label_id: "nav-mailings", href: "/mailings", signed_in_only: false },
        ])
        .admin_links([
            NavLink { label_id: "admin-lists-title", href: "/admin/lists", signed_in_only: true },
            NavLink { label_id: "admin-segments-title", href: "/admin/segments", signed_in_only: true },
            NavLink { label_id: "admin-campaigns-title", href: "/admin/campaigns", signed_in_only: true },
            NavLink { label_id: "admin-audience-title", href: "/admin/reports/audience", signed_in_only: true },
        ])
        .personal_data(personal_data_section)
        .api(routes::api_routes)
        .chore(Chore {
            name: "requeue orphaned campaigns",
            every: every_ten_minutes,
            // It queues jobs: where jobs run (and not in tests that run them by hand).
            needs_workers: true,
            on_job_announce: false,
            run: requeue_orphans,
        })
        .provide(Arc::new(campaigns::sharing::RunningHere::default()))
        .chore(Chore {
            name: "join campaigns other processes are sending",
            every: campaigns::sharing::join_period,
            needs_workers: true,
            on_job_announce: true,
            run: campaigns::sharing::join_sending,
        })
        .chore(Chore {
            name: "poll the bounce mailbox",
            every: bounce_poll_period,
            needs_workers: false,
            on_job_announce: false,
            run: queue_bounce_poll,
        })
}

fn register_jobs(registry: &mut JobRegistry) {
    // A campaign is one long delivery job and an import one long write: one at a time each, so
    // a worker stays free for account mail.
    registry.register_kind(JobKind::new(import::job::KIND).max_running(1), import::job::handle);
    registry.register_kind(JobKind::new(campaigns::delivery::KIND).max_running(1), campaigns::delivery::handle);
    // An alert's mailing: claimed before anything else; one at a time, as a campaign.
    registry.register_kind(
        JobKind::new(campaigns::urgent::KIND).priority(Priority::Alert).max_running(1),
        campaigns::delivery::handle,
    );
    registry.register(campaigns::lifecycle::START_KIND, campaigns::lifecycle::handle_start);
    registry.register_kind(
        JobKind::new(bounces::mailbox::KIND).priority(Priority::Chore).max_running(1),
        bounces::mailbox::handle,
    );
}

/// A person's subscriptions and consent ledger in their export; erased with their account.
fn personal_data_section(db: &Db, _: &Clock) -> Arc<dyn PersonalDataSection> {
    Arc::new(personal_data::Subscriptions { db: db.clone() })
}

/// A sending campaign whose delivery job was lost (a crash between two statements) gets one again.
fn requeue_orphans(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move {
        let requeued = campaigns::lifecycle::requeue_orphans(state).await?;
        if requeued > 0 {
            tracing::warn!(campaigns = requeued, "sending campaigns had no delivery job; queued one");
        }
        Ok(())
    })
}

/// With a bounce mailbox configured, a poll every --bounce-poll-seconds.
fn bounce_poll_period(state: &AppState) -> Option<Duration> {
    let settings = settings(state);
    settings.bounce_mailbox.as_ref().map(|_| Duration::from_secs(settings.bounce_poll_seconds.max(1)))
}

/// Queues a poll unless one is still queued or running (a job worker of any process runs it).
fn queue_bounce_poll(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move {
        bounces::mailbox::queue_poll(state).await?;
        Ok(())
    })
}

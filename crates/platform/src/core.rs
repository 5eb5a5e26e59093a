//! platform's own part of the application, a feature like the others: its pages (sign-in
//! plumbing, the outbox, jobs, audit, metrics), mail jobs and housekeeping.

use crate::feature::{Chore, ChoreFuture, Feature, every_ten_minutes};
use crate::mail::outbox;
use crate::{AppState, web};

pub fn feature() -> Feature {
    Feature::new("platform")
        .router(web::routes::router)
        .jobs(crate::mail::register_jobs)
        .role(crate::auth::Role::ADMIN)
        .chore(Chore {
            name: "forget idle rate-limit keys",
            every: every_ten_minutes,
            needs_workers: false,
            on_job_announce: false,
            run: forget_idle,
        })
        .chore(Chore {
            name: "purge expired sessions",
            every: every_ten_minutes,
            needs_workers: false,
            on_job_announce: false,
            run: purge_sessions,
        })
        .chore(Chore {
            name: "purge old outbox mail",
            every: every_ten_minutes,
            needs_workers: false,
            on_job_announce: false,
            run: purge_outbox,
        })
}

fn forget_idle(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move {
        state.limits.forget_idle();
        Ok(())
    })
}

fn purge_sessions(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move {
        state.sessions.purge_expired().await?;
        Ok(())
    })
}

/// Outbox mail (kept when no SMTP server is configured) past --outbox-retention-days.
fn purge_outbox(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move {
        outbox::purge_older_than(&state.db, &state.clock, state.config.outbox_retention_days).await?;
        Ok(())
    })
}

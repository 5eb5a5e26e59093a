//! Everything the advocacy feature plugs into the application.

use std::time::Duration;

use rendezvous_platform::AppState;
use rendezvous_platform::auth::Role;
use rendezvous_platform::feature::{Chore, ChoreFuture, Feature};
use rendezvous_platform::state::NavLink;

use crate::deliver::{self, DELIVER_JOB};
use crate::settings::LetterSettings;
use crate::{LOCALES, bounces, followup, personal_data, routes, store};

pub fn feature() -> Feature {
    Feature::new("advocacy")
        .locales(&LOCALES)
        .router(routes::router)
        .api(routes::api::routes)
        .jobs(deliver::register_jobs)
        .role(Role::EDITOR)
        .settings::<LetterSettings>()
        .personal_data(personal_data::section)
        .inbound_hook(bounces::hook)
        .nav([NavLink { label_id: "act-nav", href: "/act", signed_in_only: false }])
        .admin_links([NavLink { label_id: "letters-admin-title", href: "/admin/letters", signed_in_only: true }])
        .chore(Chore {
            name: "send letters whose time has come",
            every: every_minute,
            needs_workers: true,
            on_job_announce: false,
            run: wake,
        })
        .chore(Chore {
            name: "ask writers whether they got a reply",
            every: every_hour,
            needs_workers: true,
            on_job_announce: false,
            run: ask,
        })
        .chore(Chore {
            name: "forget letters after the retention period",
            every: every_hour,
            needs_workers: true,
            on_job_announce: false,
            run: forget,
        })
}

fn every_minute(_: &AppState) -> Option<Duration> {
    Some(Duration::from_secs(60))
}

fn every_hour(_: &AppState) -> Option<Duration> {
    Some(Duration::from_secs(3600))
}

/// Queues delivery when a held or collective letter's time has come.
fn wake(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move {
        let due = store::messages::next_due(&state.db).await?;
        if due.is_some_and(|at| at <= state.clock.now_ms()) {
            state.jobs.enqueue_once(DELIVER_JOB, &(), 5).await?;
        }
        Ok(())
    })
}

fn ask(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move { followup::ask_about_replies(state).await.map(|_| ()) })
}

fn forget(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move { followup::forget_old_letters(state).await.map(|_| ()) })
}

//! Everything the library plugs into the application.

use rendezvous_platform::AppState;
use rendezvous_platform::auth::Role;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::feature::{Chore, ChoreFuture, Feature, every_ten_minutes};
use rendezvous_platform::jobs::JobRegistry;
use rendezvous_platform::state::NavLink;

use crate::settings::LibrarySettings;
use crate::{LOCALES, resources, routes, store};

pub fn feature() -> Feature {
    Feature::new("library")
        .locales(&LOCALES)
        .router(routes::router)
        .api(routes::api::routes)
        .jobs(register_jobs)
        .role(Role::EDITOR)
        .settings::<LibrarySettings>()
        .personal_data(crate::personal_data::section)
        .nav([
            NavLink { label_id: "library-nav", href: "/library", signed_in_only: false },
            NavLink { label_id: "news-nav", href: "/news", signed_in_only: false },
            NavLink { label_id: "events-nav", href: "/events", signed_in_only: false },
            NavLink { label_id: "jobs-nav", href: "/jobs", signed_in_only: false },
        ])
        .admin_links([
            NavLink { label_id: "pages-admin-title", href: "/admin/pages", signed_in_only: true },
            NavLink { label_id: "submit-queue-title", href: "/admin/submissions", signed_in_only: true },
            NavLink { label_id: "consult-queue-title", href: "/admin/consultations", signed_in_only: true },
        ])
        .chore(Chore {
            name: "remind posters of job postings about to close",
            every: every_ten_minutes,
            needs_workers: true,
            on_job_announce: false,
            run: crate::reminders::remind_posters,
        })
        .chore(Chore {
            name: "forget submissions never confirmed",
            every: every_ten_minutes,
            needs_workers: true,
            on_job_announce: false,
            run: forget_unconfirmed,
        })
}

/// Submissions never confirmed are forgotten after a week, their address with them.
fn forget_unconfirmed(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move {
        store::submissions::forget_unconfirmed(&state.db, state.clock.now_ms() - 7 * DAY_MS).await?;
        Ok(())
    })
}

fn register_jobs(registry: &mut JobRegistry) {
    resources::register_jobs(registry);
}

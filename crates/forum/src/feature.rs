//! Everything the forum (with its notifications) plugs into the application.

use std::sync::Arc;

use axum::Router;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::{Role, RoleDef};
use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::Db;
use rendezvous_platform::feature::{Chore, ChoreFuture, Feature, every_ten_minutes};
use rendezvous_platform::personal_data::PersonalDataSection;
use rendezvous_platform::state::NavLink;

use crate::{LOCALES, notify, personal_data, routes};

/// Moderates every space (a space's own moderators are named on its settings page).
pub const MODERATOR: Role = Role::new(&RoleDef {
    name: "moderator",
    label_id: "role-moderator",
    grant_id: "role-grant-moderator",
    revoke_id: "role-revoke-moderator",
    needs_two_factor: true,
});

pub fn feature() -> Feature {
    Feature::new("forum")
        .locales(&LOCALES)
        .router(router)
        .jobs(notify::register_jobs)
        .role(MODERATOR)
        .nav([
            NavLink { label_id: "nav-forum", href: "/forum", signed_in_only: false },
            NavLink { label_id: "forum-notify-nav", href: "/notifications", signed_in_only: true },
        ])
        .admin_links([NavLink { label_id: "forum-admin-title", href: "/admin/forum", signed_in_only: true }])
        .nav_badge(notify::nav_badge())
        .inbound_hook(notify::inbound_hook)
        .personal_data(personal_data_section)
        .api(routes::api::routes)
        .chore(Chore {
            name: "schedule the forum digests",
            every: every_ten_minutes,
            needs_workers: true,
            on_job_announce: false,
            run: schedule_digests,
        })
}

fn router() -> Router<AppState> {
    routes::router().merge(notify::router())
}

/// A person's posts and settings in their export; erased with them (posts by their choice).
fn personal_data_section(db: &Db, clock: &Clock) -> Arc<dyn PersonalDataSection> {
    Arc::new(personal_data::Forum { db: db.clone(), clock: clock.clone() })
}

fn schedule_digests(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(notify::digest::schedule(state))
}

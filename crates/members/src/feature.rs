//! Everything the membership plugs into the application.

use std::sync::Arc;

use rendezvous_platform::AppState;
use rendezvous_platform::auth::{Role, RoleDef};
use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::Db;
use rendezvous_platform::feature::{Chore, ChoreFuture, Feature, every_ten_minutes};
use rendezvous_platform::jobs::{JobKind, JobRegistry, Priority};
use rendezvous_platform::personal_data::PersonalDataSection;
use rendezvous_platform::state::NavLink;

use crate::{LOCALES, lifecycle, personal_data, routes};

/// A member of the network by role (an active membership counts the same where it matters).
pub const MEMBER: Role = Role::new(&RoleDef {
    name: "member",
    label_id: "role-member",
    grant_id: "role-grant-member",
    revoke_id: "role-revoke-member",
    needs_two_factor: false,
});

pub fn feature() -> Feature {
    Feature::new("members")
        .locales(&LOCALES)
        .router(routes::router)
        .jobs(register_jobs)
        .role(MEMBER)
        .nav([
            NavLink { label_id: "nav-directory", href: "/directory", signed_in_only: false },
            NavLink { label_id: "nav-membership", href: "/members/me", signed_in_only: true },
        ])
        .admin_links([
            NavLink { label_id: "admin-members-title", href: "/admin/members", signed_in_only: true },
            NavLink { label_id: "admin-membership-types-title", href: "/admin/members/types", signed_in_only: true },
            NavLink { label_id: "admin-groups-title", href: "/admin/groups", signed_in_only: true },
        ])
        .personal_data(personal_data_section)
        .api(routes::api::routes)
        .chore(Chore {
            name: "schedule the membership lifecycle",
            every: every_ten_minutes,
            needs_workers: true,
            on_job_announce: false,
            run: schedule_lifecycle,
        })
}

fn register_jobs(registry: &mut JobRegistry) {
    registry.register_kind(JobKind::new(lifecycle::KIND).priority(Priority::Chore).max_running(1), lifecycle::handle);
}

/// A person's profile, memberships, delegations and groups in their export; erased with them.
fn personal_data_section(db: &Db, _: &Clock) -> Arc<dyn PersonalDataSection> {
    Arc::new(personal_data::Members { db: db.clone() })
}

/// Memberships move on (expire, remind) in a job, so one process does it.
fn schedule_lifecycle(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(lifecycle::schedule(state))
}

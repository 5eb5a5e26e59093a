//! Everything accounts plug into the application.

use rendezvous_platform::AppState;
use rendezvous_platform::feature::{Chore, ChoreFuture, Feature, every_ten_minutes};
use rendezvous_platform::state::NavLink;

use crate::{LOCALES, api, routes};

pub fn feature() -> Feature {
    Feature::new("accounts")
        .locales(&LOCALES)
        .router(routes::router)
        .admin_links([NavLink { label_id: "admin-users-title", href: "/admin/users", signed_in_only: true }])
        .api(api::routes)
        .user_lookup(|db| crate::user_lookup(db.clone()))
        .chore(Chore {
            name: "purge unconfirmed sign-ups",
            every: every_ten_minutes,
            needs_workers: false,
            on_job_announce: false,
            run: purge_stale,
        })
}

/// Unconfirmed sign-ups and dead links out.
fn purge_stale(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move {
        crate::purge_stale(&state.db, &state.clock).await?;
        Ok(())
    })
}

//! Everything the webhooks feature plugs into the application.

use rendezvous_platform::events::EventListener;
use rendezvous_platform::feature::Feature;
use rendezvous_platform::jobs::{JobKind, JobRegistry, Priority};
use rendezvous_platform::state::NavLink;

use crate::settings::WebhookSettings;
use crate::{LOCALES, deliver, listener, routes};

pub fn feature() -> Feature {
    Feature::new("webhooks")
        .locales(&LOCALES)
        .router(routes::router)
        .api(routes::api::routes)
        .jobs(register_jobs)
        .settings::<WebhookSettings>()
        .admin_links([NavLink { label_id: "webhooks-title", href: "/admin/webhooks", signed_in_only: true }])
        .provide(EventListener { on: listener::on_event })
}

fn register_jobs(registry: &mut JobRegistry) {
    // The partners' priority, and at most four at once: a slow endpoint never holds up mail.
    registry.register_kind(JobKind::new(deliver::KIND).priority(Priority::Partner).max_running(4), deliver::handle);
}

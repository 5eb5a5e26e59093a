//! Everything the alerts feature plugs into the application.

use rendezvous_newsletter::import::{ImportedPlace, ImportedPlaces};
use rendezvous_newsletter::lists::ListSettings;
use rendezvous_platform::AppState;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::feature::{Chore, ChoreFuture, Feature, every_ten_minutes};
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::state::NavLink;

use crate::areas::Places;
use crate::lifecycle::Alert;
use crate::{LIST_SLUG, LOCALES, roles, routes, store};

pub fn feature() -> Feature {
    Feature::new("alerts")
        .locales(&LOCALES)
        .router(routes::router)
        .api(routes::api::routes)
        .role(roles::ALERTS)
        .nav([NavLink { label_id: "alerts-nav", href: "/alerts", signed_in_only: false }])
        .admin_links([
            NavLink { label_id: "alerts-admin-title", href: "/admin/alerts", signed_in_only: true },
            NavLink { label_id: "alerts-audience-link", href: "/admin/alerts/audience", signed_in_only: true },
        ])
        .chore(Chore {
            name: "remind publishers of alerts about to expire",
            every: every_ten_minutes,
            needs_workers: true,
            on_job_announce: false,
            run: remind,
        })
        .provide(ImportedPlaces { list_slug: LIST_SLUG, apply: apply_imported_places })
        .provide(ListSettings { list_slug: LIST_SLUG, label_id: "alerts-areas-title", href: routes::areas_link })
}

/// An import into the alerts list sets each row's areas from its region (when it names a known
/// one) or else its province, for new and already-known subscribers alike.
fn apply_imported_places<'a>(state: &'a AppState, places: &'a [ImportedPlace]) -> ChoreFuture<'a> {
    Box::pin(async move {
        let known = Places::load(&state.db).await?;
        let rows: Vec<_> = places
            .iter()
            .filter_map(|p| {
                let region =
                    p.region.as_deref().and_then(|r| known.parse(r)).filter(|k| known.province_of(k).is_some());
                let area = region.or(p.province.map(|p| p.code().to_owned()))?;
                Some((p.subscriber, area))
            })
            .collect();
        store::set_many_subscriber_areas(&state.db, &rows).await?;
        Ok(())
    })
}

/// A day before an alert expires, its author is asked whether the substance still circulates
/// (an update extends it; nothing lets it expire).
fn remind(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move {
        let now = state.clock.now_ms();
        for row in store::to_remind(&state.db, now, now + DAY_MS).await? {
            let alert = Alert::from_row(row);
            store::mark_reminded(&state.db, alert.row.id, now).await?;
            let Some(author) = alert.row.created_by else { continue };
            let Some(user) = state.users.user_by_id(author).await? else { continue };
            let lang = user.lang;
            let link = format!("{}/admin/alerts/{}", state.base_url, alert.row.id);
            let headline = alert.text.headline.or_other(lang);
            let notice = Notice {
                lang,
                to: &user.email,
                name: Some(&user.display_name),
                subject: state.tr.t_args(lang, "alerts-remind-subject", &[("headline", headline)]),
                paragraphs: vec![state.tr.t_args(lang, "alerts-remind-body", &[("headline", headline)])],
                action: Some((state.tr.t(lang, "alerts-remind-action"), link)),
                why_id: "alerts-remind-why",
            };
            mail::enqueue(state, &notice.render(state)?).await?;
        }
        Ok(())
    })
}

//! Admin: one subscriber, their subscriptions and their whole consent ledger, and its export.

use crate::CommsUser;
use crate::ids::SubscriberId;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rendezvous_platform::web::{AppError, PageContext, render};
use rendezvous_platform::{AppState, audit};

use crate::csv_export;
use crate::store::{self, EventRow, ListRow, SubscriberRow, SubscriptionRow};

#[derive(askama::Template)]
#[template(path = "admin/subscriber.html")]
struct SubscriberPage {
    ctx: PageContext,
    subscriber: SubscriberRow,
    subscriptions: Vec<(SubscriptionRow, ListRow)>,
    events: Vec<EventRow>,
    bounces: Vec<store::BounceRow>,
}

pub async fn show(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    ctx: PageContext,
    Path(id): Path<SubscriberId>,
) -> Result<Response, AppError> {
    let subscriber = store::subscriber_by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let lists = store::all_lists(&state.db).await?;
    let all: Vec<(store::SubscriptionRow, ListRow)> = store::subscriptions_of(&state.db, id)
        .await?
        .into_iter()
        .filter_map(|s| lists.iter().find(|l| l.id == s.list_id).cloned().map(|l| (s, l)))
        .collect();
    let had_any = !all.is_empty();
    // Being on a private list (the alerts list) is shown to administrators only; someone who is
    // only there is not found at all.
    let subscriptions: Vec<_> = all.into_iter().filter(|(_, l)| l.members_visible_to(&user)).collect();
    if had_any && subscriptions.is_empty() {
        return Err(AppError::NotFound);
    }
    let events = store::events_of_subscriber(&state.db, id).await?;
    let bounces = store::bounces_of(&state.db, id).await?;
    render(&SubscriberPage { ctx, subscriber, subscriptions, events, bounces })
}

/// Proof of consent for one person, as CSV.
pub async fn consent_csv(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    Path(id): Path<SubscriberId>,
) -> Result<Response, AppError> {
    store::subscriber_by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let events = store::events_of_subscriber(&state.db, id).await?;
    let body = csv_export::consent(&events).map_err(AppError::internal)?;
    audit::record(
        &state.db,
        &state.clock,
        Some(user.id),
        "subscriber.consent_export",
        None,
        &format!("subscriber {id}"),
    )
    .await?;
    let disposition = format!("attachment; filename=\"subscriber-{id}-consent.csv\"");
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        body,
    )
        .into_response())
}

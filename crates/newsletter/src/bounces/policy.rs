//! What a classified bounce does: a hard bounce suppresses the address at once on every list, soft
//! bounces do after N within M days, a complaint unsubscribes from every list at once. Each is
//! written to the bounce log and, where a subscription ends, to the consent ledger.

use rendezvous_platform::clock::{Clock, DAY_MS};
use rendezvous_platform::db::Db;
use serde::Serialize;

use super::{BounceKind, Classification};
use crate::model::{Source, Status};
use crate::{campaigns, store, subscriptions};

#[derive(Debug, Clone, Copy)]
pub struct SoftBouncePolicy {
    pub limit: i64,
    pub days: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Not a bounce, or a delay: nothing to do.
    Ignored,
    /// The address is not one of our subscribers.
    UnknownAddress,
    /// A soft bounce, logged; the address stays.
    Logged,
    /// Subscriptions ended as bounced: the address is suppressed.
    Suppressed,
    /// Subscriptions ended as complained.
    Unsubscribed,
}

/// Applies a classified inbound message.
pub async fn apply(
    db: &Db,
    clock: &Clock,
    policy: SoftBouncePolicy,
    bounce: &Classification,
) -> Result<Action, sqlx::Error> {
    if matches!(bounce.kind, BounceKind::NotBounce | BounceKind::Delayed) {
        return Ok(Action::Ignored);
    }
    // The VERP token names the delivery, so it is trusted before any address in the report (which
    // may be a forwarding address the person never gave us).
    let delivery = match bounce.verp_token.as_deref() {
        Some(token) => campaigns::delivery_by_token(db, token).await?,
        None => None,
    };
    let subscriber = match (delivery, bounce.address.as_deref()) {
        (Some(d), _) => store::subscriber_by_id(db, d.subscriber_id).await?,
        (None, Some(address)) => store::subscriber_by_email(db, &address.to_lowercase()).await?,
        (None, None) => None,
    };
    let Some(subscriber) = subscriber else { return Ok(Action::UnknownAddress) };
    let now = clock.now_ms();
    let entry = store::NewBounce {
        subscriber_id: subscriber.id,
        campaign_id: delivery.map(|d| d.campaign_id),
        kind: bounce.kind.as_str(),
        status: bounce.status.as_deref(),
        diagnostic: bounce.diagnostic.as_deref(),
    };
    store::log_bounce(db, &entry, now).await?;
    let status = match bounce.kind {
        BounceKind::Complaint => Status::Complained,
        BounceKind::Hard => Status::Bounced,
        BounceKind::Soft => {
            let recent = store::soft_bounces_since(db, subscriber.id, now - policy.days * DAY_MS).await?;
            if recent < policy.limit {
                return Ok(Action::Logged);
            }
            Status::Bounced
        }
        BounceKind::NotBounce | BounceKind::Delayed => return Ok(Action::Ignored),
    };
    for subscription in store::subscriptions_of(db, subscriber.id).await? {
        subscriptions::end(db, clock, subscription.list_id, subscriber.id, status, Source::Mail, None).await?;
    }
    // The address is kept out even where it had no live subscription.
    subscriptions::suppress_everywhere(db, clock, &subscriber.email, status).await?;
    Ok(if status == Status::Complained { Action::Unsubscribed } else { Action::Suppressed })
}

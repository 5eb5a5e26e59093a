//! What a classified bounce does: a hard bounce suppresses the address at once on every list, soft
//! bounces do after N within M days, a complaint unsubscribes from every list at once. Each is
//! written to the bounce log and, where a subscription ends, to the consent ledger.

use rendezvous_platform::clock::{Clock, DAY_MS};
use rendezvous_platform::db::Db;
use serde::Serialize;

use super::{BounceKind, Classification};
use crate::model::{Source, Status};
use crate::{store, subscriptions};

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
    let Some(address) = bounce.address.as_deref() else { return Ok(Action::UnknownAddress) };
    let Some(subscriber) = store::subscriber_by_email(db, &address.to_lowercase()).await? else {
        return Ok(Action::UnknownAddress);
    };
    let now = clock.now_ms();
    store::log_bounce(
        db,
        subscriber.id,
        bounce.kind.as_str(),
        bounce.status.as_deref(),
        bounce.diagnostic.as_deref(),
        now,
    )
    .await?;
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

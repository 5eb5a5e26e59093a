//! What a classified bounce does: a hard bounce suppresses the address at once on every list, soft
//! bounces do after N within M days, a complaint unsubscribes from every list at once. Each is
//! written to the bounce log and, where a subscription ends, to the consent ledger.
//!
//! Our own VERP token names the delivery and cannot be guessed, so it is trusted. Anything else
//! (a classic `bounces+jane=example.org@` address, the address a notice names, the To of the copy
//! it carries) can be written by anyone, so it is acted on only if we mailed that address in the
//! last [`GUESSABLE_WINDOW_DAYS`] days: a forged bounce must not be able to suppress someone.

use rendezvous_platform::clock::{Clock, DAY_MS};
use rendezvous_platform::db::Db;
use serde::Serialize;

use super::verp::classic_verp_recipient;
use super::{BounceKind, Classification};
use crate::model::{Source, Status};
use crate::{campaigns, store, subscriptions};

/// How recently we must have mailed an address for a bounce that names it without our token.
pub const GUESSABLE_WINDOW_DAYS: i64 = 30;

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
    /// Without our token, about an address we have not mailed in the last 30 days: perhaps
    /// forged, so nothing is changed.
    NotRecentlyMailed,
    /// A soft bounce, logged; the address stays.
    Logged,
    /// Subscriptions ended as bounced: the address is suppressed.
    Suppressed,
    /// Subscriptions ended as complained.
    Unsubscribed,
}

/// Applies a classified inbound message; with the subscriber whose subscriptions it ended.
pub async fn apply(
    db: &Db,
    clock: &Clock,
    policy: SoftBouncePolicy,
    bounce: &Classification,
) -> Result<(Action, Option<crate::ids::SubscriberId>), sqlx::Error> {
    if matches!(bounce.kind, BounceKind::NotBounce | BounceKind::Delayed) {
        return Ok((Action::Ignored, None));
    }
    let delivery = match bounce.verp_token.as_deref() {
        Some(token) => campaigns::delivery_by_token(db, token).await?,
        None => None,
    };
    let now = clock.now_ms();
    let subscriber = match delivery {
        Some(d) => store::subscriber_by_id(db, d.subscriber_id).await?,
        None => match guessable_subscriber(db, bounce).await? {
            None => return Ok((Action::UnknownAddress, None)),
            Some(s) if !store::mailed_since(db, s.id, now - GUESSABLE_WINDOW_DAYS * DAY_MS).await? => {
                return Ok((Action::NotRecentlyMailed, None));
            }
            Some(s) => Some(s),
        },
    };
    let Some(subscriber) = subscriber else { return Ok((Action::UnknownAddress, None)) };
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
                return Ok((Action::Logged, None));
            }
            Status::Bounced
        }
        BounceKind::NotBounce | BounceKind::Delayed => return Ok((Action::Ignored, None)),
    };
    for subscription in store::subscriptions_of(db, subscriber.id).await? {
        subscriptions::end(db, clock, subscription.list_id, subscriber.id, status, Source::Mail, None).await?;
    }
    // The address is kept out even where it had no live subscription.
    subscriptions::suppress_everywhere(db, clock, &subscriber.email, status).await?;
    let action = if status == Status::Complained { Action::Unsubscribed } else { Action::Suppressed };
    Ok((action, Some(subscriber.id)))
}

/// The subscriber a bounce without our token is about: the classic VERP address it came back to,
/// else the address the notice names, else the To of the copy of our message it carries (the
/// notice may name only the forwarding address the mail went on to).
async fn guessable_subscriber(db: &Db, bounce: &Classification) -> Result<Option<store::SubscriberRow>, sqlx::Error> {
    let classic = bounce.verp_token.as_deref().and_then(classic_verp_recipient);
    let named = bounce.address.as_deref().map(str::to_lowercase);
    for address in [classic, named, bounce.original_to.clone()].into_iter().flatten() {
        if let Some(subscriber) = store::subscriber_by_email(db, &address).await? {
            return Ok(Some(subscriber));
        }
    }
    Ok(None)
}

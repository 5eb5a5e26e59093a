//! [`process`]: what one inbound message does, wherever it came from (POST /inbound from the MTA's
//! pipe, or the bounce mailbox polled over POP3). A mail to the List-Unsubscribe mailto address
//! unsubscribes; anything else is classified and the bounce policy applied.

use rendezvous_platform::AppState;
use rendezvous_platform::inbound::InboundHandled;

use super::policy::{self, Action, SoftBouncePolicy};
use super::{BounceKind, Classification, classify};
use crate::campaigns::render::UNSUBSCRIBE_PREFIX;
use crate::model::Source;
use crate::{campaigns, subscriptions};

/// Largest inbound message accepted: a bounce carries at most a copy of one mailing.
pub const MAX_INBOUND: usize = 10 * 1024 * 1024;

/// What an inbound message did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboundOutcome {
    /// A mail to a delivery's `unsub.` address; `done` is false when the token named no delivery
    /// or the subscription had already ended.
    Unsubscribe { done: bool },
    /// Anything else: what it was, and what the policy did.
    Bounce { bounce: Classification, action: Action },
    /// Taken by a feature that owns the address it came to (a forum reply).
    Handled(InboundHandled),
}

/// Classifies a raw RFC 5322 message and acts on it. Unreadable input is "not a bounce" and
/// changes nothing; only a database failure is an error.
pub async fn process(state: &AppState, raw: &[u8]) -> Result<InboundOutcome, sqlx::Error> {
    // Features that own some addresses (forum replies) take their mail first. Their errors are
    // database failures, retried like ours.
    let handled =
        rendezvous_platform::inbound::offer(state, raw).await.map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    if let Some(handled) = handled {
        return Ok(InboundOutcome::Handled(handled));
    }
    let bounce = classify(raw);
    if let Some(token) = bounce.verp_token.as_deref().and_then(|t| t.strip_prefix(UNSUBSCRIBE_PREFIX))
        && bounce.kind == BounceKind::NotBounce
    {
        let done = match campaigns::delivery_by_token(&state.db, token).await? {
            Some(d) => {
                let done =
                    subscriptions::unsubscribe(&state.db, &state.clock, d.list_id, d.subscriber_id, Source::Mail, None)
                        .await?;
                if done {
                    crate::events::unsubscribed(state, d.list_id, d.subscriber_id).await;
                }
                done
            }
            None => false,
        };
        return Ok(InboundOutcome::Unsubscribe { done });
    }
    let soft = SoftBouncePolicy {
        limit: crate::settings(state).soft_bounce_limit,
        days: crate::settings(state).soft_bounce_days,
    };
    let (action, ended) = policy::apply(&state.db, &state.clock, soft, &bounce).await?;
    if let (policy::Action::Suppressed, Some(subscriber)) = (action, ended) {
        crate::events::bounced(state, subscriber).await;
    }
    Ok(InboundOutcome::Bounce { bounce, action })
}

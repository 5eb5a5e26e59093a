//! Bounces of letters: a letter's envelope sender is `bounces+letter-TOKEN@domain`, so what comes
//! back names its message; the bounce is recorded against that message (and so its target).
//! Other inbound mail is left to the next hook.

use std::sync::Arc;

use rendezvous_newsletter::bounces::{BounceKind, classify};
use rendezvous_platform::AppState;
use rendezvous_platform::auth::LookupFuture;
use rendezvous_platform::inbound::{InboundHandled, InboundHook};

use crate::deliver::VERP_PREFIX;
use crate::model::MessageState;
use crate::store::messages as store;

pub struct LetterBounces;

pub fn hook() -> Arc<dyn InboundHook> {
    Arc::new(LetterBounces)
}

impl InboundHook for LetterBounces {
    fn handle<'a>(&'a self, state: &'a AppState, raw: &'a [u8]) -> LookupFuture<'a, Option<InboundHandled>> {
        Box::pin(async move {
            let found = classify(raw);
            let Some(token) = found.verp_token.as_deref().and_then(|t| strip_prefix_ignore_case(t, VERP_PREFIX)) else {
                return Ok(None);
            };
            let Some((message, state_now)) = store::message_by_token(&state.db, token).await? else {
                return Ok(Some(InboundHandled { kind: "letter", action: "unknown".into() }));
            };
            let action = match found.kind {
                BounceKind::Hard | BounceKind::Soft if state_now == MessageState::Sent => {
                    store::mark_bounced(&state.db, message).await?;
                    "bounced"
                }
                _ => "ignored",
            };
            Ok(Some(InboundHandled { kind: "letter", action: action.into() }))
        })
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

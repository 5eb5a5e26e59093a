//! Events one feature announces and others listen to (webhooks), without either naming the other:
//! a listener is a value provided through [`crate::feature::Provided`]. Announcing only records
//! what listeners need (a row, a queued job); nothing waits for a partner's server.

use crate::AppState;
use crate::feature::ChoreFuture;

/// Something that happened, as partners read it.
#[derive(Debug, Clone)]
pub struct Event {
    /// `alert.published`, `campaign.sent`...
    pub kind: &'static str,
    /// Thin: ids, types, public URLs. Never personal data.
    pub data: serde_json::Value,
    /// Added for listeners an administrator allowed to receive personal data.
    pub personal: Option<serde_json::Value>,
}

/// A feature that wants every event (the webhooks feature).
pub struct EventListener {
    pub on: for<'a> fn(&'a AppState, &'a Event) -> ChoreFuture<'a>,
}

/// Tells every listener. A listener's failure is logged, never the announcer's: the action that
/// caused the event has happened.
pub async fn announce(state: &AppState, event: Event) {
    for listener in state.provided.all::<EventListener>() {
        if let Err(e) = (listener.on)(state, &event).await {
            tracing::warn!(event = event.kind, error = %e, "an event listener failed");
        }
    }
}

//! Hooks on the one inbound mail path: a feature that owns some addresses (the forum's
//! `reply+TOKEN@domain`) looks at each raw message before the bounce classifier does, and takes
//! it when it is addressed to one of them. platform knows no feature; features register hooks in
//! the state.

use crate::AppState;
use crate::auth::LookupFuture;

/// What a hook did with a message it took: a short kind and action for the MTA's log (JSON).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InboundHandled {
    pub kind: &'static str,
    pub action: String,
}

pub trait InboundHook: Send + Sync {
    /// `Ok(None)`: not for this feature, the next hook (then the bounce classifier) looks at it.
    /// An error is a database failure: the MTA should try again later.
    fn handle<'a>(&'a self, state: &'a AppState, raw: &'a [u8]) -> LookupFuture<'a, Option<InboundHandled>>;
}

/// Offers a message to every hook in turn; the first that takes it wins.
pub async fn offer(state: &AppState, raw: &[u8]) -> Result<Option<InboundHandled>, crate::BoxError> {
    for hook in &state.inbound_hooks {
        if let Some(handled) = hook.handle(state, raw).await? {
            return Ok(Some(handled));
        }
    }
    Ok(None)
}

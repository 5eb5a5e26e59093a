//! Links that act for a subscriber without a login, signed with the site's secret: confirm a
//! subscription (7 days), unsubscribe (a year, so old mails keep working), the preference centre
//! (90 days).

use rendezvous_platform::AppState;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::signed::{self, SignedError};

use crate::ids::{ListId, SubscriberId};

#[derive(Debug, Clone, Copy)]
pub enum LinkKind {
    Confirm,
    Unsubscribe,
    Preferences,
}

impl LinkKind {
    fn purpose(self) -> &'static str {
        match self {
            LinkKind::Confirm => "newsletter-confirm",
            LinkKind::Unsubscribe => "newsletter-unsubscribe",
            LinkKind::Preferences => "newsletter-preferences",
        }
    }

    fn lifetime_ms(self) -> i64 {
        match self {
            LinkKind::Confirm => 7 * DAY_MS,
            LinkKind::Unsubscribe => 365 * DAY_MS,
            LinkKind::Preferences => 90 * DAY_MS,
        }
    }
}

/// A token for (subscriber, list); the list is 0 for the preference centre.
pub fn token(state: &AppState, kind: LinkKind, subscriber_id: SubscriberId, list_id: ListId) -> String {
    let expires = state.clock.now_ms() + kind.lifetime_ms();
    signed::sign(&state.secret, kind.purpose(), &format!("{subscriber_id}:{list_id}"), expires)
}

pub fn confirm_url(state: &AppState, subscriber_id: SubscriberId, list_id: ListId) -> String {
    format!("{}/subscribe/confirm?token={}", state.base_url, token(state, LinkKind::Confirm, subscriber_id, list_id))
}

pub fn unsubscribe_url(state: &AppState, subscriber_id: SubscriberId, list_id: ListId) -> String {
    format!("{}/unsubscribe/{}", state.base_url, token(state, LinkKind::Unsubscribe, subscriber_id, list_id))
}

pub fn preferences_url(state: &AppState, subscriber_id: SubscriberId) -> String {
    format!("{}/preferences/{}", state.base_url, token(state, LinkKind::Preferences, subscriber_id, ListId::EVERY_LIST))
}

/// (subscriber id, list id) of a genuine, unexpired token.
pub fn verify(state: &AppState, kind: LinkKind, token: &str) -> Result<(SubscriberId, ListId), SignedError> {
    let payload = signed::verify(&state.secret, kind.purpose(), token, state.clock.now_ms())?;
    let (subscriber, list) = payload.split_once(':').ok_or(SignedError::Invalid)?;
    Ok((subscriber.parse().map_err(|_| SignedError::Invalid)?, list.parse().map_err(|_| SignedError::Invalid)?))
}

/// The Fluent id explaining why a link does not work.
pub fn error_id(error: SignedError) -> &'static str {
    match error {
        SignedError::Invalid => "link-forged",
        SignedError::Expired => "link-expired",
    }
}

//! What the newsletter announces to partners (webhooks): a subscription starting or ending, an
//! address bouncing. Never
//! for a private list (the alerts list): who follows alerts stays here. The address and name go
//! apart, for endpoints allowed personal data only.

use rendezvous_platform::AppState;
use rendezvous_platform::events::{Event, announce};

use crate::ids::{ListId, SubscriberId};
use crate::store;

async fn subscription(state: &AppState, list_id: ListId, subscriber: SubscriberId, kind: &'static str) {
    let Ok(Some(list)) = store::list_by_id(&state.db, list_id).await else { return };
    if list.private_members == 1 {
        return;
    }
    let personal = match store::subscriber_by_id(&state.db, subscriber).await {
        Ok(Some(s)) => Some(serde_json::json!({ "email": s.email, "name": s.name })),
        _ => None,
    };
    let data = serde_json::json!({ "subscriber_id": subscriber, "list": list.slug });
    announce(state, Event { kind, data, personal }).await;
}

/// Someone's subscription to a list began (confirmed, added, or by the API).
pub async fn subscribed(state: &AppState, list_id: ListId, subscriber: SubscriberId) {
    subscription(state, list_id, subscriber, "subscriber.subscribed").await;
}

/// The same, for a subscriber known by address.
pub async fn subscribed_address(state: &AppState, list_id: ListId, email: &str) {
    if let Ok(Some(s)) = store::subscriber_by_email(&state.db, &email.trim().to_lowercase()).await {
        subscribed(state, list_id, s.id).await;
    }
}

/// Someone left a list (by any way).
pub async fn unsubscribed(state: &AppState, list_id: ListId, subscriber: SubscriberId) {
    subscription(state, list_id, subscriber, "subscriber.unsubscribed").await;
}

/// An address bounced for good: its subscriptions ended. Announced with the lists that are not
/// private; not at all for someone only on private lists.
pub async fn bounced(state: &AppState, subscriber: SubscriberId) {
    let (Ok(subscriptions), Ok(lists)) =
        (store::subscriptions_of(&state.db, subscriber).await, store::all_lists(&state.db).await)
    else {
        return;
    };
    let slugs: Vec<&str> = subscriptions
        .iter()
        .filter_map(|s| lists.iter().find(|l| l.id == s.list_id && l.private_members == 0))
        .map(|l| l.slug.as_str())
        .collect();
    if slugs.is_empty() {
        return;
    }
    let personal = match store::subscriber_by_id(&state.db, subscriber).await {
        Ok(Some(s)) => Some(serde_json::json!({ "email": s.email, "name": s.name })),
        _ => None,
    };
    let data = serde_json::json!({ "subscriber_id": subscriber, "lists": slugs });
    announce(state, Event { kind: "subscriber.bounced", data, personal }).await;
}

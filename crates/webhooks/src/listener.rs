//! Turns an announced event into one delivery per endpoint that wants it, and queues them. The
//! action that caused the event only waits for these rows.

use rendezvous_platform::AppState;
use rendezvous_platform::events::Event;
use rendezvous_platform::feature::ChoreFuture;

use crate::deliver::{self, DeliverJob};
use crate::model::BODY_MAX;
use crate::signing;
use crate::store::{self, EndpointRow};

fn rfc3339(ms: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// The body as the specification shapes it: `{"type", "timestamp", "data"}`.
pub fn body(endpoint: &EndpointRow, event: &Event, now: i64) -> String {
    let mut data = event.data.clone();
    if endpoint.personal_data == 1
        && let (Some(personal), Some(object)) = (&event.personal, data.as_object_mut())
    {
        object.insert("personal".into(), personal.clone());
    }
    let body = serde_json::json!({ "type": event.kind, "timestamp": rfc3339(now), "data": data });
    let text = body.to_string();
    if text.len() <= BODY_MAX {
        return text;
    }
    // Too large: the thin part only (ids and URLs), which every announcer keeps small.
    let mut thin = event.data.clone();
    if let Some(object) = thin.as_object_mut() {
        object.retain(|_, v| !v.is_string() || v.as_str().is_some_and(|s| s.len() < 2048));
    }
    serde_json::json!({ "type": event.kind, "timestamp": rfc3339(now), "data": thin }).to_string()
}

pub fn on_event<'a>(state: &'a AppState, event: &'a Event) -> ChoreFuture<'a> {
    Box::pin(async move {
        let now = state.clock.now_ms();
        for endpoint in store::endpoints(&state.db).await?.into_iter().filter(|e| e.enabled == 1 && e.wants(event.kind))
        {
            let body = body(&endpoint, event, now);
            let id = store::insert_delivery(&state.db, endpoint.id, &signing::new_message_id(), event.kind, &body, now)
                .await?;
            state.jobs.enqueue(deliver::KIND, &DeliverJob { delivery: id }).await?;
        }
        Ok(())
    })
}

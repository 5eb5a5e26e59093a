//! Adding an endpoint, the same for the page and the API: the URL's form and address, known event
//! types, a description; the secret is made here and shown once.

use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::events::Event;

use crate::address;
use crate::ids::EndpointId;
use crate::model::EVENT_TYPES;
use crate::settings::settings;
use crate::signing;
use crate::store::{self, NewEndpoint};

pub struct EndpointInput {
    pub url: String,
    pub events: Vec<String>,
    pub description: String,
    pub personal_data: bool,
}

/// Checks and adds an endpoint; returns its id and secret, or the (field, message id) problems.
pub async fn add(
    state: &AppState,
    by: UserId,
    input: &EndpointInput,
) -> Result<Result<(EndpointId, String), Vec<(&'static str, &'static str)>>, sqlx::Error> {
    let mut problems = Vec::new();
    let allow_private = settings(state).webhooks_allow_private;
    match address::parse(&input.url, allow_private) {
        Ok(url) => {
            if let Err(e) = address::resolve(&url, allow_private).await {
                problems.push(("url", e.message_id()));
            }
        }
        Err(e) => problems.push(("url", e.message_id())),
    }
    let mut events: Vec<String> = Vec::new();
    for e in &input.events {
        if !EVENT_TYPES.contains(&e.as_str()) {
            problems.push(("events", "webhooks-events-unknown"));
            break;
        }
        if !events.contains(e) {
            events.push(e.clone());
        }
    }
    if events.is_empty() && !problems.iter().any(|p| p.0 == "events") {
        problems.push(("events", "webhooks-events-none"));
    }
    if input.description.chars().count() > 200 {
        problems.push(("description", "webhooks-description-long"));
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let secret = signing::new_secret();
    let new = NewEndpoint {
        url: input.url.trim(),
        events: &events,
        description: input.description.trim(),
        secret: &secret,
        personal_data: input.personal_data,
        created_by: by,
    };
    let id = store::insert_endpoint(&state.db, &new, state.clock.now_ms()).await?;
    Ok(Ok((id, secret)))
}

/// A test ping: one `webhook.ping` delivery to this endpoint alone, through the same queue.
pub async fn ping(state: &AppState, id: EndpointId) -> Result<(), rendezvous_platform::BoxError> {
    let Some(endpoint) = store::endpoint(&state.db, id).await? else { return Ok(()) };
    let event = Event { kind: "webhook.ping", data: serde_json::json!({ "endpoint": id }), personal: None };
    let now = state.clock.now_ms();
    let body = crate::listener::body(&endpoint, &event, now);
    let delivery = store::insert_delivery(&state.db, id, &signing::new_message_id(), event.kind, &body, now).await?;
    state.jobs.enqueue(crate::deliver::KIND, &crate::deliver::DeliverJob { delivery }).await?;
    Ok(())
}

//! One delivery attempt, as a job at the partners' priority with its own cap, so a slow endpoint
//! never delays mail or alerts. Only 2xx counts; 410 disables the endpoint; 429 and 503 are retried
//! when their Retry-After says; others on the schedule (with jitter); an endpoint failing for five
//! days is disabled and its owner told. Every attempt carries the same `webhook-id`.

use std::time::Duration;

use rand::Rng;
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::{AppState, BoxError};
use serde::{Deserialize, Serialize};

use crate::address;
use crate::ids::WebhookDeliveryId;
use crate::model::{DISABLE_AFTER_MS, DeliveryState, RETRY_SECONDS};
use crate::settings::settings;
use crate::signing;
use crate::store::{self, Attempt, DeliveryRow, EndpointRow};

pub const KIND: &str = "webhooks.deliver";
const TIMEOUT: Duration = Duration::from_secs(15);
/// The longest Retry-After honoured; beyond it the schedule decides.
const RETRY_AFTER_MAX_S: i64 = 86_400;

#[derive(Debug, Serialize, Deserialize)]
pub struct DeliverJob {
    pub delivery: WebhookDeliveryId,
}

/// What an attempt got back.
enum Answer {
    Status { status: u16, retry_after: Option<i64> },
    Error(String),
}

async fn attempt(state: &AppState, endpoint: &EndpointRow, delivery: &DeliveryRow, now: i64) -> Answer {
    let allow_private = settings(state).webhooks_allow_private;
    let url = match address::parse(&endpoint.url, allow_private) {
        Ok(url) => url,
        Err(e) => return Answer::Error(e.to_string()),
    };
    let addr = match address::resolve(&url, allow_private).await {
        Ok(addr) => addr,
        Err(e) => return Answer::Error(e.to_string()),
    };
    let mut client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(TIMEOUT);
    if let Some(host) = url.domain() {
        // Connect to the address that was checked, whatever the name resolves to by then.
        client = client.resolve(host, addr);
    }
    let client = match client.build() {
        Ok(c) => c,
        Err(e) => return Answer::Error(e.to_string()),
    };
    let timestamp = now.div_euclid(1000);
    let signature = signing::header(&endpoint.signing_secrets(now), &delivery.msg_id, timestamp, &delivery.body);
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header("user-agent", "Rendezvous-Webhooks/1")
        .header("webhook-id", &delivery.msg_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(delivery.body.clone())
        .send()
        .await;
    match sent {
        Ok(response) => {
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<i64>().ok())
                .filter(|s| (0..=RETRY_AFTER_MAX_S).contains(s));
            Answer::Status { status: response.status().as_u16(), retry_after }
        }
        Err(e) if e.is_timeout() => Answer::Error("timed out after 15 s".into()),
        Err(e) => Answer::Error(rendezvous_platform::jobs::error_chain(&e)),
    }
}

/// The wait before retry number `attempts` (1-based), with up to 10% jitter; None after the last.
fn retry_delay_ms(attempts: i64) -> Option<i64> {
    let seconds = *RETRY_SECONDS.get(usize::try_from(attempts - 1).ok()?)?;
    let jitter = rand::rng().random_range(0..=seconds * 100);
    Some(seconds * 1000 + jitter)
}

pub async fn handle(state: AppState, payload: serde_json::Value) -> Result<(), BoxError> {
    let job: DeliverJob = serde_json::from_value(payload)?;
    let Some(delivery) = store::delivery(&state.db, job.delivery).await? else { return Ok(()) };
    if delivery.state != DeliveryState::Pending {
        return Ok(());
    }
    let Some(endpoint) = store::endpoint(&state.db, delivery.endpoint_id).await?.filter(|e| e.enabled == 1) else {
        store::set_delivery_state(&state.db, delivery.id, DeliveryState::Skipped).await?;
        return Ok(());
    };
    let now = state.clock.now_ms();
    let answer = attempt(&state, &endpoint, &delivery, now).await;
    let attempts = delivery.attempts + 1;
    let (status, error) = match &answer {
        Answer::Status { status, .. } => (Some(i64::from(*status)), None),
        Answer::Error(e) => (None, Some(e.as_str())),
    };
    let success = matches!(answer, Answer::Status { status: 200..=299, .. });
    let gone = matches!(answer, Answer::Status { status: 410, .. });
    let next = match &answer {
        _ if success || gone => None,
        Answer::Status { status: 429 | 503, retry_after: Some(s) } if attempts <= RETRY_SECONDS.len() as i64 => {
            Some(now + s * 1000)
        }
        _ => retry_delay_ms(attempts).map(|d| now + d),
    };
    let state_after = match (success, next) {
        (true, _) => DeliveryState::Delivered,
        (false, Some(_)) => DeliveryState::Pending,
        (false, None) => DeliveryState::Failed,
    };
    let recorded = Attempt { state: state_after, status, error, next_attempt_at: next };
    if !store::record_attempt(&state.db, delivery.id, &recorded, now).await? {
        return Ok(());
    }
    if success {
        store::set_failing(&state.db, endpoint.id, None).await?;
        return Ok(());
    }
    if gone {
        store::disable_endpoint(&state.db, endpoint.id, "gone").await?;
        return Ok(());
    }
    store::set_failing(&state.db, endpoint.id, Some(now)).await?;
    let failing_since = endpoint.failing_since.unwrap_or(now);
    if now - failing_since >= DISABLE_AFTER_MS {
        if store::disable_endpoint(&state.db, endpoint.id, "failing").await? {
            tell_owner(&state, &endpoint).await?;
        }
        return Ok(());
    }
    if let Some(at) = next {
        state.jobs.enqueue_at(KIND, &job, at, rendezvous_platform::jobs::DEFAULT_MAX_ATTEMPTS).await?;
    }
    Ok(())
}

/// Mails whoever added an endpoint that it was disabled after failing for five days.
async fn tell_owner(state: &AppState, endpoint: &EndpointRow) -> Result<(), BoxError> {
    let Some(owner) = endpoint.created_by else { return Ok(()) };
    let Some(user) = state.users.user_by_id(owner).await? else { return Ok(()) };
    let lang = user.lang;
    let notice = Notice {
        lang,
        to: &user.email,
        name: Some(&user.display_name),
        subject: state.tr.t(lang, "webhooks-disabled-subject"),
        paragraphs: vec![state.tr.t_args(lang, "webhooks-disabled-body", &[("url", &endpoint.url)])],
        action: Some((
            state.tr.t(lang, "webhooks-disabled-action"),
            format!("{}/admin/webhooks/{}", state.base_url, endpoint.id),
        )),
        why_id: "webhooks-disabled-why",
    };
    mail::enqueue(state, &notice.render(state)?).await
}

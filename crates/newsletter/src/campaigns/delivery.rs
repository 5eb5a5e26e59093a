//! Delivery: one row per recipient, claimed in batches with a lease (see
//! `claim_sql`), sent through the SMTP pools concurrently, and marked as the
//! replies come in, a few at a time in one write. A crash loses nothing: an unfinished row's
//! lease runs out and it is claimed again, so only what was in flight at the crash (claimed, or
//! sent and not yet marked) can go twice. Leases are short and renewed while their messages are
//! in flight, so a dead process's rows come back within seconds. Several processes share a
//! campaign: the job runs in one, and every other process with workers joins it (see
//! [`super::sharing`]), claiming batches the same way. A
//! refused recipient (5xx) is a hard bounce; a temporary refusal (4xx) is retried with backoff
//! until the give-up time; someone who unsubscribed before their batch was claimed is skipped.
//! Claiming, sending and marking overlap: the next batch is claimed while the last one's
//! messages are still going out, so the SMTP connections never wait for the database.

use crate::ids::{CampaignId, DeliveryId, ListId, SubscriberId};
use crate::model::{CampaignState, Status};
use futures::{Stream, StreamExt};
use rendezvous_platform::clock::HOUR_MS;
use rendezvous_platform::jobs::backoff_ms;
use rendezvous_platform::{AppState, BoxError};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::{CampaignRow, by_id, render};
use crate::bounces::policy::{self, SoftBouncePolicy};
use crate::bounces::{BounceKind, Classification};
use crate::store::{self, ListRow, SubscriberRow};

pub const KIND: &str = "newsletter.deliver";
/// Most deliveries claimed at once; fewer when the servers' rate limits could not send them all
/// before the lease runs out.
const BATCH: i64 = 256;
/// How long claimed deliveries stay ours; renewed every `RENEW_EVERY` while they are in flight.
const LEASE_MS: i64 = 20_000;
const RENEW_EVERY: std::time::Duration = std::time::Duration::from_secs(5);
/// Outcomes are written together, this many at most, or what came within this time: one write
/// per message would cost more than sending it. What is sent and not yet written counts as in
/// flight: a crash can send it twice.
const MARK_CHUNK: usize = 64;
const MARK_EVERY: std::time::Duration = std::time::Duration::from_millis(100);
/// How long a bulk campaign that yielded to an urgent one waits before looking again.
const YIELD_MS: i64 = 500;

#[derive(Debug, Serialize, Deserialize)]
pub struct DeliverJob {
    pub campaign_id: CampaignId,
}

/// A claimed delivery with what sending it needs, read in one query per batch.
struct Claimed {
    id: DeliveryId,
    verp_token: String,
    attempts: i64,
    /// None when the person is gone or may no longer be mailed on this list.
    recipient: Option<SubscriberRow>,
}

enum Outcome {
    Sent(DeliveryId),
    Skipped(DeliveryId),
    Failed { id: DeliveryId, error: String, bounce: Option<Classification> },
    Retry { id: DeliveryId, at: i64, error: String },
}

impl Outcome {
    fn id(&self) -> DeliveryId {
        match self {
            Outcome::Sent(id) | Outcome::Skipped(id) => *id,
            Outcome::Failed { id, .. } | Outcome::Retry { id, .. } => *id,
        }
    }
}

/// The deliveries this run claimed and has not written yet: their leases are renewed.
#[derive(Default)]
struct InFlight(Mutex<HashSet<DeliveryId>>);

impl InFlight {
    fn add(&self, ids: impl IntoIterator<Item = DeliveryId>) {
        if let Ok(mut set) = self.0.lock() {
            set.extend(ids);
        }
    }

    fn remove(&self, ids: impl IntoIterator<Item = DeliveryId>) {
        if let Ok(mut set) = self.0.lock() {
            for id in ids {
                set.remove(&id);
            }
        }
    }

    fn ids(&self) -> Vec<DeliveryId> {
        self.0.lock().map(|set| set.iter().copied().collect()).unwrap_or_default()
    }
}

fn batch_size(state: &AppState) -> i64 {
    // Rate-limited servers should send a batch within a few renewals of its lease.
    match state.mailer.rate_limit() {
        Some(per_second) => (per_second as i64 * 4 * LEASE_MS / 1000).clamp(1, BATCH),
        None => BATCH,
    }
}

async fn claim(
    state: AppState,
    campaign_id: CampaignId,
    list_id: ListId,
    limit: i64,
    in_flight: Arc<InFlight>,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let now = state.clock.now_ms();
    let rows = store::claim_deliveries(&state.db, campaign_id, now + LEASE_MS, now, limit).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    in_flight.add(rows.iter().map(|r| r.id));
    let subscriber_ids: Vec<SubscriberId> = rows.iter().map(|r| r.subscriber_id).collect();
    let claimed: Vec<(SubscriberId, Claimed)> = rows
        .into_iter()
        .map(|r| {
            (r.subscriber_id, Claimed { id: r.id, verp_token: r.verp_token, attempts: r.attempts, recipient: None })
        })
        .collect();
    let recipients = store::recipients(&state.db, list_id, &subscriber_ids).await?;
    let mut by_id: std::collections::HashMap<SubscriberId, store::RecipientRow> =
        recipients.into_iter().map(|r| (r.subscriber.id, r)).collect();
    Ok(claimed
        .into_iter()
        .map(|(subscriber_id, mut c)| {
            // Whoever left since the campaign was queued, or whose implied consent ran out, is skipped.
            c.recipient = by_id.remove(&subscriber_id).and_then(|r| {
                let mailable = r.status == Some(Status::Subscribed) && r.consent_expires_at.is_none_or(|e| e > now);
                mailable.then_some(r.subscriber)
            });
            c
        })
        .collect())
}

type Claiming = tokio::task::JoinHandle<Result<Vec<Claimed>, sqlx::Error>>;

/// The campaign's due deliveries, a batch at a time, for as long as the campaign is sending and
/// (for a bulk campaign) no urgent one is: then `yielded` is set and the claiming stops. The
/// next batch is claimed as soon as one is handed out, so the sessions never wait for the
/// database between batches; a batch claimed ahead when the campaign stops is given back.
fn claims<'a>(
    state: &'a AppState,
    campaign: &'a CampaignRow,
    urgent: bool,
    yielded: &'a AtomicBool,
    in_flight: &'a Arc<InFlight>,
) -> impl Stream<Item = Result<Claimed, sqlx::Error>> + 'a {
    let limit = batch_size(state);
    // A task of its own, so the claim's write finishes even while this stream is not polled
    // (on SQLite, a half-read UPDATE ... RETURNING would hold the write lock `record` needs).
    let claim_next =
        move || tokio::spawn(claim(state.clone(), campaign.id, campaign.list_id, limit, in_flight.clone()));
    futures::stream::unfold((false, None), move |(stopped, ahead): (bool, Option<Claiming>)| async move {
        if stopped {
            return None;
        }
        match may_go_on(state, campaign, urgent, yielded).await {
            Ok(true) => {}
            Ok(false) => {
                give_back(state, in_flight, ahead).await;
                return None;
            }
            Err(e) => {
                give_back(state, in_flight, ahead).await;
                return Some((vec![Err(e)], (true, None)));
            }
        }
        match joined(ahead.unwrap_or_else(claim_next)).await {
            Ok(batch) if batch.is_empty() => None,
            Ok(batch) => Some((batch.into_iter().map(Ok).collect::<Vec<_>>(), (false, Some(claim_next())))),
            Err(e) => Some((vec![Err(e)], (true, None))),
        }
    })
    .flat_map(futures::stream::iter)
}

/// Whether to hand out another batch: a pause or a cancel stops the claiming (what was handed out
/// still goes), and so does an urgent campaign sending while this one is bulk (an alert goes first).
async fn may_go_on(
    state: &AppState,
    campaign: &CampaignRow,
    urgent: bool,
    yielded: &AtomicBool,
) -> Result<bool, sqlx::Error> {
    if super::state_of(&state.db, campaign.id).await? != Some(CampaignState::Sending) {
        return Ok(false);
    }
    if !urgent && store::urgent_sending(&state.db).await? {
        yielded.store(true, Ordering::Relaxed);
        return Ok(false);
    }
    Ok(true)
}

async fn joined(claiming: Claiming) -> Result<Vec<Claimed>, sqlx::Error> {
    claiming.await.unwrap_or_else(|e| {
        tracing::error!(error = %e, "the claiming task failed");
        Err(sqlx::Error::WorkerCrashed)
    })
}

/// Gives a batch claimed ahead back, as if it had never been claimed (its lease and attempt undone).
async fn give_back(state: &AppState, in_flight: &InFlight, ahead: Option<Claiming>) {
    let Some(claiming) = ahead else { return };
    let Ok(batch) = joined(claiming).await else { return };
    let ids: Vec<DeliveryId> = batch.iter().map(|c| c.id).collect();
    // Not given back, its lease runs out within seconds and it is claimed again.
    if let Err(e) = store::unclaim_deliveries(&state.db, &ids).await {
        tracing::warn!(error = %e, "could not give back deliveries claimed ahead");
    }
    in_flight.remove(ids);
}

/// Runs a campaign's due deliveries; queues itself again for the retries still waiting.
pub async fn handle(state: AppState, payload: serde_json::Value) -> Result<(), BoxError> {
    let job: DeliverJob = serde_json::from_value(payload)?;
    let Some(campaign) = by_id(&state.db, job.campaign_id).await? else { return Ok(()) };
    if campaign.state != CampaignState::Sending {
        return Ok(());
    }
    let _running = super::sharing::running_here(&state, campaign.id);
    let ran = send_due(&state, &campaign).await?;
    if super::state_of(&state.db, campaign.id).await? != Some(CampaignState::Sending) {
        return Ok(());
    }
    // The next time anything here can go: a retry's time, or the end of another worker's lease.
    match store::next_delivery_due(&state.db, campaign.id).await? {
        Some(at) => {
            // After yielding, a look again in a moment (the alert's job runs meanwhile).
            let soonest = state.clock.now_ms() + if ran.yielded { YIELD_MS } else { 0 };
            let kind = if ran.urgent { super::urgent::KIND } else { KIND };
            state.jobs.enqueue_at(kind, &job, at.max(soonest), rendezvous_platform::jobs::DEFAULT_MAX_ATTEMPTS).await?;
        }
        None => finish(&state, &campaign, &ran).await?,
    }
    Ok(())
}

/// Sends what is due of a campaign whose job runs in another process, then marks it sent if
/// nothing is left (the job, finding nothing, would only do so at its next turn).
pub async fn join(state: &AppState, campaign: &CampaignRow) -> Result<(), BoxError> {
    let ran = send_due(state, campaign).await?;
    if store::next_delivery_due(&state.db, campaign.id).await?.is_none() {
        finish(state, campaign, &ran).await?;
    }
    Ok(())
}

/// A campaign with nothing left to send is sent (once, whoever sees it first).
async fn finish(state: &AppState, campaign: &CampaignRow, ran: &Ran) -> Result<(), BoxError> {
    let moved = store::mark_sent(&state.db, campaign.id, state.clock.now_ms()).await?;
    // Partners hear of campaigns, not of alerts: whom an alert reached stays here.
    if moved && !ran.urgent {
        let data = serde_json::json!({
            "id": campaign.id,
            "list": ran.list_slug,
            "archive_url": format!("{}/mailings/{}", state.base_url, campaign.id),
        });
        let event = rendezvous_platform::events::Event { kind: "campaign.sent", data, personal: None };
        rendezvous_platform::events::announce(state, event).await;
    }
    Ok(())
}

/// What a run of sending found.
struct Ran {
    urgent: bool,
    /// It stopped for an urgent campaign.
    yielded: bool,
    list_slug: String,
}

/// Claims and sends the campaign's due deliveries until none is left to claim (or it is paused,
/// or an urgent campaign needs the connections), writing outcomes as they come.
async fn send_due(state: &AppState, campaign: &CampaignRow) -> Result<Ran, BoxError> {
    let list = store::list_by_id(&state.db, campaign.list_id).await?.ok_or("the campaign's list is gone")?;
    let prepared = render::Prepared::new(state, campaign, &list);
    let concurrency = state.mailer.capacity().max(1);
    let urgent = store::is_urgent(&state.db, campaign.id).await?;
    let yielded = AtomicBool::new(false);
    let in_flight = Arc::new(InFlight::default());
    let outcomes = claims(state, campaign, urgent, &yielded, &in_flight)
        .map(|claimed| {
            let (prepared, list) = (&prepared, &list);
            async move {
                match claimed {
                    Ok(c) => Ok(deliver(state, campaign, prepared, list, c).await),
                    Err(e) => Err(e),
                }
            }
        })
        .buffer_unordered(concurrency);
    let mut outcomes = std::pin::pin!(outcomes);
    let mut claim_error = None;
    let mut done = Vec::with_capacity(MARK_CHUNK);
    // One write at a time runs in its own task while sending goes on.
    let mut writing: Option<tokio::task::JoinHandle<Result<(), BoxError>>> = None;
    let mut since = tokio::time::Instant::now();
    let mut renewed = tokio::time::Instant::now();
    loop {
        let next = tokio::time::timeout_at(since + MARK_EVERY, outcomes.next()).await;
        let finished = matches!(next, Ok(None));
        match next {
            Ok(Some(Ok(outcome))) => done.push(outcome),
            Ok(Some(Err(e))) => claim_error = Some(e),
            Ok(None) | Err(_) => {}
        }
        if done.len() >= MARK_CHUNK || since.elapsed() >= MARK_EVERY || finished {
            if let Some(previous) = writing.take() {
                previous.await??;
            }
            if !done.is_empty() {
                writing = Some(tokio::spawn(record(state.clone(), std::mem::take(&mut done), in_flight.clone())));
            }
            since = tokio::time::Instant::now();
        }
        if renewed.elapsed() >= RENEW_EVERY {
            renewed = tokio::time::Instant::now();
            let (db, until, ids) = (state.db.clone(), state.clock.now_ms() + LEASE_MS, in_flight.ids());
            tokio::spawn(async move {
                if let Err(e) = store::renew_deliveries(&db, &ids, until).await {
                    tracing::warn!(error = %e, "could not renew the lease of deliveries in flight");
                }
            });
        }
        if finished {
            break;
        }
    }
    if let Some(last) = writing.take() {
        last.await??;
    }
    if let Some(e) = claim_error {
        return Err(e.into());
    }
    Ok(Ran { urgent, yielded: yielded.load(Ordering::Relaxed), list_slug: list.slug.clone() })
}

async fn deliver(
    state: &AppState,
    campaign: &CampaignRow,
    prepared: &render::Prepared,
    list: &ListRow,
    d: Claimed,
) -> Outcome {
    let now = state.clock.now_ms();
    let Some(subscriber) = d.recipient else { return Outcome::Skipped(d.id) };
    let mail = match render::message(state, campaign, prepared, list, &subscriber, &d.verp_token) {
        Ok(mail) => mail,
        Err(e) => return Outcome::Failed { id: d.id, error: e.to_string(), bounce: None },
    };
    match state.mailer.send(&mail).await {
        Ok(()) => {
            state.metrics.mails_sent.inc();
            Outcome::Sent(d.id)
        }
        Err(e) if e.is_permanent() => {
            state.metrics.mails_failed.inc();
            let bounce = Classification {
                kind: BounceKind::Hard,
                address: Some(subscriber.email.to_lowercase()),
                status: None,
                verp_token: Some(d.verp_token),
                diagnostic: Some(e.to_string()),
                original_to: None,
            };
            Outcome::Failed { id: d.id, error: e.to_string(), bounce: Some(bounce) }
        }
        Err(e) => {
            state.metrics.mails_failed.inc();
            let started = campaign.started_at.unwrap_or(now);
            if now - started >= crate::settings(state).delivery_give_up_hours * HOUR_MS {
                return Outcome::Failed { id: d.id, error: e.to_string(), bounce: None };
            }
            Outcome::Retry { id: d.id, at: now + backoff_ms(d.attempts), error: e.to_string() }
        }
    }
}

/// Writes a chunk of outcomes in one transaction, then applies the bounce policy to hard refusals.
async fn record(state: AppState, outcomes: Vec<Outcome>, in_flight: Arc<InFlight>) -> Result<(), BoxError> {
    if outcomes.is_empty() {
        return Ok(());
    }
    let now = state.clock.now_ms();
    let ids =
        |pick: fn(&Outcome) -> Option<DeliveryId>| -> Vec<DeliveryId> { outcomes.iter().filter_map(pick).collect() };
    let written = store::DeliveryOutcomes {
        sent: ids(|o| if let Outcome::Sent(id) = o { Some(*id) } else { None }),
        skipped: ids(|o| if let Outcome::Skipped(id) = o { Some(*id) } else { None }),
        failed: outcomes
            .iter()
            .filter_map(|o| if let Outcome::Failed { id, error, .. } = o { Some((*id, error.as_str())) } else { None })
            .collect(),
        retries: outcomes
            .iter()
            .filter_map(
                |o| if let Outcome::Retry { id, at, error } = o { Some((*id, *at, error.as_str())) } else { None },
            )
            .collect(),
    };
    store::write_outcomes(&state.db, &written, now).await?;
    in_flight.remove(outcomes.iter().map(Outcome::id));
    let soft = SoftBouncePolicy {
        limit: crate::settings(&state).soft_bounce_limit,
        days: crate::settings(&state).soft_bounce_days,
    };
    for outcome in &outcomes {
        if let Outcome::Failed { bounce: Some(bounce), .. } = outcome {
            policy::apply(&state.db, &state.clock, soft, bounce).await?;
        }
    }
    Ok(())
}

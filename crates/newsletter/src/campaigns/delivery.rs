//! Delivery: one row per recipient, claimed in batches with a lease (see
//! `Dialect::claim_deliveries_sql`), sent through the SMTP pool concurrently, then marked. A crash
//! loses nothing: an unfinished row's lease runs out and it is claimed again, so only what was in
//! flight at the crash can go twice; several processes share a campaign the same way. A refused
//! recipient (5xx) is a hard bounce; a temporary refusal (4xx) is retried with backoff until the
//! give-up time; someone who unsubscribed meanwhile is skipped.

use futures::StreamExt;
use rendezvous_platform::clock::{DAY_MS, MINUTE_MS};
use rendezvous_platform::jobs::backoff_ms;
use rendezvous_platform::{AppState, BoxError};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{CampaignRow, by_id, render};
use crate::bounces::policy::{self, SoftBouncePolicy};
use crate::bounces::{BounceKind, Classification};
use crate::store::{self, ListRow};

pub const KIND: &str = "newsletter.deliver";
const BATCH: i64 = 200;
const LEASE_MS: i64 = 5 * MINUTE_MS;
/// A recipient whose server keeps answering "try later" is given up after this long.
pub const GIVE_UP_MS: i64 = 3 * DAY_MS;

#[derive(Debug, Serialize, Deserialize)]
pub struct DeliverJob {
    pub campaign_id: i64,
}

struct Claimed {
    id: i64,
    subscriber_id: i64,
    verp_token: String,
    attempts: i64,
}

async fn claim(state: &AppState, campaign_id: i64) -> Result<Vec<Claimed>, sqlx::Error> {
    let now = state.clock.now_ms();
    let rows = sqlx::query(state.db.dialect.claim_deliveries_sql())
        .bind(now + LEASE_MS)
        .bind(now)
        .bind(BATCH)
        .bind(campaign_id)
        .fetch_all(&state.db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Claimed {
                id: r.try_get(0)?,
                subscriber_id: r.try_get(1)?,
                verp_token: r.try_get(2)?,
                attempts: r.try_get(3)?,
            })
        })
        .collect()
}

/// Runs a campaign's due deliveries; queues itself again for the retries still waiting.
pub async fn handle(state: AppState, payload: serde_json::Value) -> Result<(), BoxError> {
    let job: DeliverJob = serde_json::from_value(payload)?;
    let Some(campaign) = by_id(&state.db, job.campaign_id).await? else { return Ok(()) };
    if campaign.state != "sending" {
        return Ok(());
    }
    let list = store::list_by_id(&state.db, campaign.list_id).await?.ok_or("the campaign's list is gone")?;
    let concurrency = state.config.smtp_pool_size.max(1) as usize;
    loop {
        // Paused or cancelled meanwhile: stop claiming (what is in flight finishes).
        if by_id(&state.db, campaign.id).await?.is_none_or(|c| c.state != "sending") {
            return Ok(());
        }
        let batch = claim(&state, campaign.id).await?;
        if batch.is_empty() {
            break;
        }
        let outcomes: Vec<Result<(), BoxError>> = futures::stream::iter(batch)
            .map(|delivery| deliver(&state, &campaign, &list, delivery))
            .buffer_unordered(concurrency)
            .collect()
            .await;
        outcomes.into_iter().collect::<Result<(), _>>()?;
    }
    // The next time anything here can go: a retry's time, or the end of another worker's lease.
    let next: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(CASE WHEN locked_until IS NOT NULL AND locked_until > next_attempt_at THEN locked_until
                         ELSE next_attempt_at END)
         FROM deliveries WHERE campaign_id = $1 AND state = 'queued'",
    )
    .bind(campaign.id)
    .fetch_one(&state.db.pool)
    .await?;
    match next {
        Some(at) => {
            let at = at.max(state.clock.now_ms());
            state.jobs.enqueue_at(KIND, &job, at, rendezvous_platform::jobs::DEFAULT_MAX_ATTEMPTS).await?;
        }
        None => {
            sqlx::query("UPDATE campaigns SET state = 'sent', finished_at = $1 WHERE id = $2 AND state = 'sending'")
                .bind(state.clock.now_ms())
                .bind(campaign.id)
                .execute(&state.db.pool)
                .await?;
        }
    }
    Ok(())
}

async fn deliver(state: &AppState, campaign: &CampaignRow, list: &ListRow, d: Claimed) -> Result<(), BoxError> {
    let now = state.clock.now_ms();
    let subscriber = store::subscriber_by_id(&state.db, d.subscriber_id).await?;
    let mut conn = state.db.pool.acquire().await?;
    let subscription = store::subscription(&mut conn, list.id, d.subscriber_id).await?;
    drop(conn);
    // Whoever left since the campaign was queued, or whose implied consent ran out, is skipped.
    let mailable =
        subscription.is_some_and(|s| s.status == "subscribed" && s.consent_expires_at.is_none_or(|e| e > now));
    let (Some(subscriber), true) = (subscriber, mailable) else {
        return mark(state, d.id, "skipped", None).await;
    };
    let mail = render::message(state, campaign, list, &subscriber, &d.verp_token)?;
    match state.mailer.send(&mail).await {
        Ok(()) => {
            state.metrics.mails_sent.inc();
            mark(state, d.id, "sent", None).await
        }
        Err(e) if e.is_permanent() => {
            state.metrics.mails_failed.inc();
            mark(state, d.id, "failed", Some(&e.to_string())).await?;
            let bounce = Classification {
                kind: BounceKind::Hard,
                address: Some(subscriber.email.to_lowercase()),
                status: None,
                verp_token: Some(d.verp_token),
                diagnostic: Some(e.to_string()),
            };
            let soft = SoftBouncePolicy { limit: state.config.soft_bounce_limit, days: state.config.soft_bounce_days };
            policy::apply(&state.db, &state.clock, soft, &bounce).await?;
            Ok(())
        }
        Err(e) => {
            state.metrics.mails_failed.inc();
            let started = campaign.started_at.unwrap_or(now);
            if now - started >= GIVE_UP_MS {
                return mark(state, d.id, "failed", Some(&e.to_string())).await;
            }
            sqlx::query(
                "UPDATE deliveries SET next_attempt_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3",
            )
            .bind(now + backoff_ms(d.attempts))
            .bind(e.to_string())
            .bind(d.id)
            .execute(&state.db.pool)
            .await?;
            Ok(())
        }
    }
}

async fn mark(state: &AppState, id: i64, to: &str, error: Option<&str>) -> Result<(), BoxError> {
    let sent_at = (to == "sent").then(|| state.clock.now_ms());
    sqlx::query("UPDATE deliveries SET state = $1, sent_at = $2, last_error = $3, locked_until = NULL WHERE id = $4")
        .bind(to)
        .bind(sent_at)
        .bind(error)
        .bind(id)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

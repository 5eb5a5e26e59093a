//! Deliveries: one row per recipient of a campaign, and what they say.

use rendezvous_platform::db::{Db, Dialect, SqlType};
use sqlx::Row;

use crate::ids::{CampaignId, DeliveryId, ListId, SubscriberId};
use crate::model::{DeliveryState, Status};
use crate::store::SubscriberRow;

/// Whom and what a delivery's VERP token stands for.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct DeliveryRef {
    pub campaign_id: CampaignId,
    pub list_id: ListId,
    pub subscriber_id: SubscriberId,
}

pub async fn delivery_by_token(db: &Db, token: &str) -> Result<Option<DeliveryRef>, sqlx::Error> {
    // Some mail systems lower-case the address they bounce to; tokens are lower-case hex.
    let token = token.to_ascii_lowercase();
    sqlx::query_as(
        "SELECT d.campaign_id, c.list_id, d.subscriber_id FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
         WHERE d.verp_token = $1",
    )
    .bind(token)
    .fetch_optional(&db.pool)
    .await
}

/// A campaign's deliveries counted by state.
pub(crate) async fn delivery_counts(db: &Db, id: CampaignId) -> Result<Vec<(DeliveryState, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT state, COUNT(*) FROM deliveries WHERE campaign_id = $1 GROUP BY state")
        .bind(id)
        .fetch_all(&db.pool)
        .await
}

/// Claims up to `$3` due deliveries of campaign `$4` for a lease, in one statement so two workers
/// never get the same row (SKIP LOCKED lets PostgreSQL workers pass each other; SQLite's single
/// writer makes it exclusive). Binds: $1 = lease end, $2 = now, $3 = how many, $4 = campaign.
fn claim_sql(dialect: Dialect) -> String {
    format!(
        "UPDATE deliveries SET locked_until = $1, attempts = attempts + 1
         WHERE id IN (SELECT id FROM deliveries
                      WHERE campaign_id = $4 AND state = 'queued' AND next_attempt_at <= $2
                        AND (locked_until IS NULL OR locked_until <= $2)
                      ORDER BY id LIMIT $3{})
         RETURNING id, subscriber_id, verp_token, attempts",
        dialect.skip_locked()
    )
}

/// A delivery claimed for a lease.
pub struct ClaimedDelivery {
    pub id: DeliveryId,
    pub subscriber_id: SubscriberId,
    pub verp_token: String,
    pub attempts: i64,
}

pub async fn claim_deliveries(
    db: &Db,
    campaign_id: CampaignId,
    lease_end: i64,
    now: i64,
    limit: i64,
) -> Result<Vec<ClaimedDelivery>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(claim_sql(db.dialect)))
        .bind(lease_end)
        .bind(now)
        .bind(limit)
        .bind(campaign_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ClaimedDelivery {
                id: r.try_get(0)?,
                subscriber_id: r.try_get(1)?,
                verp_token: r.try_get(2)?,
                attempts: r.try_get(3)?,
            })
        })
        .collect()
}

/// Keeps claimed deliveries ours until `until` (their messages are still in flight).
pub async fn renew_deliveries(db: &Db, ids: &[DeliveryId], until: i64) -> Result<(), sqlx::Error> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids: Vec<serde_json::Value> = ids.iter().map(|id| serde_json::json!({ "id": id })).collect();
    let source = db.dialect.json_rows(2, &[("id", SqlType::BigInt)]);
    let sql =
        format!("UPDATE deliveries SET locked_until = $1 WHERE state = 'queued' AND id IN (SELECT r.id FROM {source})");
    // Fixed SQL with placeholders; the ids are one bound JSON value.
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(until)
        .bind(serde_json::Value::Array(ids).to_string())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Undoes a claim whose messages were never sent: the deliveries are due again at once, their
/// attempt not counted.
pub async fn unclaim_deliveries(db: &Db, ids: &[DeliveryId]) -> Result<(), sqlx::Error> {
    if ids.is_empty() {
        return Ok(());
    }
    let ids: Vec<serde_json::Value> = ids.iter().map(|id| serde_json::json!({ "id": id })).collect();
    let source = db.dialect.json_rows(1, &[("id", SqlType::BigInt)]);
    let sql = format!(
        "UPDATE deliveries SET locked_until = NULL, attempts = attempts - 1
         WHERE state = 'queued' AND id IN (SELECT r.id FROM {source})"
    );
    // Fixed SQL with placeholders; the ids are one bound JSON value.
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(serde_json::Value::Array(ids).to_string()).execute(&db.pool).await?;
    Ok(())
}

/// The campaigns being sent with deliveries due now that nobody holds: what another process
/// can join.
pub async fn campaigns_to_join(db: &Db, now: i64) -> Result<Vec<CampaignId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT c.id FROM campaigns c WHERE c.state = 'sending'
         AND EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = c.id AND d.state = 'queued'
                     AND d.next_attempt_at <= $1 AND (d.locked_until IS NULL OR d.locked_until <= $1))
         ORDER BY c.id",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await
}

/// A recipient of a batch, with their subscription to the campaign's list (if any is left).
#[derive(sqlx::FromRow)]
pub struct RecipientRow {
    #[sqlx(flatten)]
    pub subscriber: SubscriberRow,
    pub status: Option<Status>,
    pub consent_expires_at: Option<i64>,
}

/// The batch's subscribers and their subscriptions to `list_id`, in one query.
pub async fn recipients(
    db: &Db,
    list_id: ListId,
    subscriber_ids: &[SubscriberId],
) -> Result<Vec<RecipientRow>, sqlx::Error> {
    let ids: Vec<serde_json::Value> = subscriber_ids.iter().map(|id| serde_json::json!({ "id": id })).collect();
    let source = db.dialect.json_rows(2, &[("id", SqlType::BigInt)]);
    let sql = format!(
        "SELECT s.id, s.email, s.name, s.lang, s.country, s.province, s.region, s.tags, s.created_at, s.updated_at,
                sub.status, sub.consent_expires_at
         FROM subscribers s LEFT JOIN subscriptions sub ON sub.subscriber_id = s.id AND sub.list_id = $1
         WHERE s.id IN (SELECT r.id FROM {source})"
    );
    // Fixed SQL with placeholders; the ids are one bound JSON value.
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(list_id)
        .bind(serde_json::Value::Array(ids).to_string())
        .fetch_all(&db.pool)
        .await
}

/// The next time anything of the campaign can go: a retry's time, or the end of another worker's
/// lease; None when nothing is queued.
pub async fn next_delivery_due(db: &Db, campaign_id: CampaignId) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT MIN(CASE WHEN locked_until IS NOT NULL AND locked_until > next_attempt_at THEN locked_until
                         ELSE next_attempt_at END)
         FROM deliveries WHERE campaign_id = $1 AND state = 'queued'",
    )
    .bind(campaign_id)
    .fetch_one(&db.pool)
    .await
}

/// What a chunk of sending came to.
pub struct DeliveryOutcomes<'a> {
    pub sent: Vec<DeliveryId>,
    pub skipped: Vec<DeliveryId>,
    pub failed: Vec<(DeliveryId, &'a str)>,
    /// (id, when to try again, why)
    pub retries: Vec<(DeliveryId, i64, &'a str)>,
}

/// Writes a chunk of outcomes in one transaction.
pub async fn write_outcomes(db: &Db, outcomes: &DeliveryOutcomes<'_>, now: i64) -> Result<(), sqlx::Error> {
    let source = db.dialect.json_rows(3, &[("id", SqlType::BigInt)]);
    let sql = format!(
        "UPDATE deliveries SET state = $1, sent_at = $2, locked_until = NULL WHERE id IN (SELECT r.id FROM {source})"
    );
    let mut tx = db.begin_write().await?;
    for (to, ids, at) in
        [(DeliveryState::Sent, &outcomes.sent, Some(now)), (DeliveryState::Skipped, &outcomes.skipped, None)]
    {
        if ids.is_empty() {
            continue;
        }
        let rows: Vec<serde_json::Value> = ids.iter().map(|id| serde_json::json!({ "id": id })).collect();
        // Fixed SQL with placeholders; the ids are one bound JSON value.
        sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(to)
            .bind(at)
            .bind(serde_json::Value::Array(rows).to_string())
            .execute(&mut *tx)
            .await?;
    }
    for (id, error) in &outcomes.failed {
        sqlx::query("UPDATE deliveries SET state = 'failed', last_error = $1, locked_until = NULL WHERE id = $2")
            .bind(error)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    for (id, at, error) in &outcomes.retries {
        sqlx::query("UPDATE deliveries SET next_attempt_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3")
            .bind(at)
            .bind(error)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// A cancelled campaign's queued deliveries are cancelled, but for those a worker holds now (it
/// marks them after the mail server answered). Returns how many.
pub async fn cancel_queued_deliveries(db: &Db, campaign_id: CampaignId, now: i64) -> Result<i64, sqlx::Error> {
    let cancelled = sqlx::query(
        "UPDATE deliveries SET state = 'cancelled', locked_until = NULL
         WHERE campaign_id = $1 AND state = 'queued' AND (locked_until IS NULL OR locked_until <= $2)",
    )
    .bind(campaign_id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(cancelled.rows_affected() as i64)
}

/// How many of the campaign's messages went out after `since`.
pub async fn sent_since(db: &Db, campaign_id: CampaignId, since: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM deliveries WHERE campaign_id = $1 AND state = 'sent' AND sent_at > $2")
        .bind(campaign_id)
        .bind(since)
        .fetch_one(&db.pool)
        .await
}

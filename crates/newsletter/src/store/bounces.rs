//! The bounce log.

use crate::bounces::BounceKind;
use crate::ids::{CampaignId, SubscriberId};
use rendezvous_platform::db::Db;
use serde::Serialize;

/// One line of the bounce log; `campaign_id` when the bounce named one of our deliveries.
pub struct NewBounce<'a> {
    pub subscriber_id: SubscriberId,
    pub campaign_id: Option<CampaignId>,
    pub kind: &'a str,
    pub status: Option<&'a str>,
    pub diagnostic: Option<&'a str>,
}

pub async fn log_bounce(db: &Db, bounce: &NewBounce<'_>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO bounce_events (subscriber_id, campaign_id, kind, status, diagnostic, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(bounce.subscriber_id)
    .bind(bounce.campaign_id)
    .bind(bounce.kind)
    .bind(bounce.status)
    .bind(bounce.diagnostic.map(|d| d.chars().take(500).collect::<String>()))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Soft bounces logged for a subscriber since a time (this one included).
pub async fn soft_bounces_since(db: &Db, subscriber_id: SubscriberId, since: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM bounce_events WHERE subscriber_id = $1 AND kind = 'soft' AND created_at >= $2",
    )
    .bind(subscriber_id)
    .bind(since)
    .fetch_one(&db.pool)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct BounceRow {
    pub kind: String,
    pub status: Option<String>,
    pub diagnostic: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CampaignBounceRow {
    pub email: String,
    pub kind: String,
    pub status: Option<String>,
    pub diagnostic: Option<String>,
    pub created_at: i64,
}

/// A campaign's bounce log: what came back for its deliveries, newest first.
pub async fn bounces_of_campaign(
    db: &Db,
    campaign_id: CampaignId,
    limit: i64,
) -> Result<Vec<CampaignBounceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.email, b.kind, b.status, b.diagnostic, b.created_at
         FROM bounce_events b JOIN subscribers s ON s.id = b.subscriber_id
         WHERE b.campaign_id = $1 ORDER BY b.id DESC LIMIT $2",
    )
    .bind(campaign_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

pub async fn bounces_of(db: &Db, subscriber_id: SubscriberId) -> Result<Vec<BounceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, status, diagnostic, created_at FROM bounce_events WHERE subscriber_id = $1 ORDER BY id",
    )
    .bind(subscriber_id)
    .fetch_all(&db.pool)
    .await
}

/// How many people each kind of bounce came from, for a campaign.
pub async fn bounced_by_kind(db: &Db, campaign_id: CampaignId) -> Result<Vec<(BounceKind, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT kind, COUNT(DISTINCT subscriber_id) FROM bounce_events WHERE campaign_id = $1 GROUP BY kind")
        .bind(campaign_id)
        .fetch_all(&db.pool)
        .await
}

//! A campaign's numbers: whom it was for, what went, what failed, and what came back. Bounces
//! and complaints are those matched to this campaign's deliveries by their VERP token; an
//! unsubscribe counts for the last campaign of that list the person received before it.

use crate::model::CampaignState;
use rendezvous_platform::db::Db;
use serde::Serialize;

use super::by_id;

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Report {
    pub id: i64,
    pub state: CampaignState,
    pub recipients: i64,
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
    pub remaining: i64,
    pub bounced: i64,
    pub complaints: i64,
    pub unsubscribed: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

pub async fn report(db: &Db, id: i64) -> Result<Option<Report>, sqlx::Error> {
    let Some(progress) = super::progress(db, id).await? else { return Ok(None) };
    let Some(campaign) = by_id(db, id).await? else { return Ok(None) };
    let kinds: Vec<(String, i64)> = sqlx::query_as(
        "SELECT kind, COUNT(DISTINCT subscriber_id) FROM bounce_events WHERE campaign_id = $1 GROUP BY kind",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let kind = |k: &str| kinds.iter().find(|(kind, _)| kind == k).map_or(0, |c| c.1);
    let unsubscribed: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT e.subscriber_id)
         FROM consent_events e
         JOIN deliveries d ON d.campaign_id = $1 AND d.subscriber_id = e.subscriber_id
                          AND d.sent_at IS NOT NULL AND d.sent_at <= e.created_at
         WHERE e.list_id = $2 AND e.action = 'unsubscribed'
           AND NOT EXISTS (SELECT 1 FROM deliveries later JOIN campaigns c ON c.id = later.campaign_id
                           WHERE c.list_id = $2 AND later.subscriber_id = e.subscriber_id
                             AND later.campaign_id <> $1
                             AND later.sent_at > d.sent_at AND later.sent_at <= e.created_at)",
    )
    .bind(id)
    .bind(campaign.list_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(Some(Report {
        id,
        state: progress.state,
        recipients: progress.recipients,
        sent: progress.sent,
        failed: progress.failed,
        skipped: progress.skipped,
        remaining: progress.remaining,
        bounced: kind("hard") + kind("soft"),
        complaints: kind("complaint"),
        unsubscribed,
        started_at: campaign.started_at,
        finished_at: campaign.finished_at,
    }))
}

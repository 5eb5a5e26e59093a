//! The consent ledger: every change to a subscription, never edited.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;
use serde::Serialize;
use sqlx::AnyConnection;

use crate::ids::{CampaignId, ConsentEventId, ListId, SubscriberId};

/// One entry of the consent ledger.
pub struct Event<'a> {
    pub subscriber_id: SubscriberId,
    pub list_id: Option<ListId>,
    pub action: &'a str,
    pub kind: Option<&'a str>,
    pub source: &'a str,
    pub evidence: &'a str,
    pub wording_version: Option<&'a str>,
    pub actor_id: Option<UserId>,
    pub at: i64,
}

pub async fn insert_event(conn: &mut AnyConnection, e: &Event<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO consent_events (subscriber_id, list_id, action, kind, source, evidence, wording_version, actor_id,
                                     created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(e.subscriber_id)
    .bind(e.list_id)
    .bind(e.action)
    .bind(e.kind)
    .bind(e.source)
    .bind(e.evidence)
    .bind(e.wording_version)
    .bind(e.actor_id)
    .bind(e.at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct EventRow {
    pub id: ConsentEventId,
    pub email: String,
    pub list_slug: Option<String>,
    pub action: String,
    pub kind: Option<String>,
    pub source: String,
    pub evidence: String,
    pub wording_version: Option<String>,
    pub actor_id: Option<UserId>,
    pub created_at: i64,
}

rendezvous_platform::select_query!(
    select_events,
    "SELECT e.id, s.email, l.slug AS list_slug, e.action, e.kind, e.source, e.evidence, e.wording_version, ",
    "e.actor_id, e.created_at FROM consent_events e JOIN subscribers s ON s.id = e.subscriber_id ",
    "LEFT JOIN lists l ON l.id = e.list_id ",
);

pub async fn events_of_subscriber(db: &Db, subscriber_id: SubscriberId) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(select_events!("WHERE e.subscriber_id = $1 ORDER BY e.id"))
        .bind(subscriber_id)
        .fetch_all(&db.pool)
        .await
}

pub async fn events_of_list(db: &Db, list_id: ListId) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(select_events!("WHERE e.list_id = $1 ORDER BY e.id")).bind(list_id).fetch_all(&db.pool).await
}

/// How many people unsubscribed from the list after this campaign was the last of the list they
/// received.
pub async fn unsubscribed_after(db: &Db, campaign_id: CampaignId, list_id: ListId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
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
    .bind(campaign_id)
    .bind(list_id)
    .fetch_one(&db.pool)
    .await
}

//! Subscriptions: a subscriber on a list, with the consent it rests on.

use crate::ids::{ListId, SubscriberId};
use crate::model::Status;
use rendezvous_platform::db::Db;
use serde::Serialize;
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct SubscriptionRow {
    pub list_id: ListId,
    pub subscriber_id: SubscriberId,
    pub status: Status,
    pub consent_kind: Option<String>,
    pub consent_at: Option<i64>,
    pub consent_expires_at: Option<i64>,
    pub subscribed_at: Option<i64>,
    pub updated_at: i64,
}

pub async fn subscription(
    conn: &mut AnyConnection,
    list_id: ListId,
    subscriber_id: SubscriberId,
) -> Result<Option<SubscriptionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT list_id, subscriber_id, status, consent_kind, consent_at, consent_expires_at, subscribed_at, updated_at
         FROM subscriptions WHERE list_id = $1 AND subscriber_id = $2",
    )
    .bind(list_id)
    .bind(subscriber_id)
    .fetch_optional(conn)
    .await
}

pub async fn subscriptions_of(db: &Db, subscriber_id: SubscriberId) -> Result<Vec<SubscriptionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT list_id, subscriber_id, status, consent_kind, consent_at, consent_expires_at, subscribed_at, updated_at
         FROM subscriptions WHERE subscriber_id = $1 ORDER BY list_id",
    )
    .bind(subscriber_id)
    .fetch_all(&db.pool)
    .await
}

/// The consent that a subscription rests on, when it is (re)given.
pub struct Consent<'a> {
    pub kind: &'a str,
    pub at: i64,
    pub expires_at: Option<i64>,
}

/// Sets a subscription's status; with `consent`, also what it rests on (and when it began).
pub async fn set_subscription(
    conn: &mut AnyConnection,
    list_id: ListId,
    subscriber_id: SubscriberId,
    status: Status,
    consent: Option<&Consent<'_>>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let subscribed_at = (status == Status::Subscribed).then_some(now);
    sqlx::query(
        "INSERT INTO subscriptions (list_id, subscriber_id, status, consent_kind, consent_at, consent_expires_at,
                                    subscribed_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (list_id, subscriber_id) DO UPDATE SET
            status = excluded.status,
            consent_kind = COALESCE(excluded.consent_kind, subscriptions.consent_kind),
            consent_at = COALESCE(excluded.consent_at, subscriptions.consent_at),
            consent_expires_at = CASE WHEN excluded.consent_kind IS NULL THEN subscriptions.consent_expires_at
                                      ELSE excluded.consent_expires_at END,
            subscribed_at = CASE WHEN excluded.status = 'subscribed' AND subscriptions.status <> 'subscribed'
                                 THEN excluded.subscribed_at ELSE subscriptions.subscribed_at END,
            updated_at = excluded.updated_at",
    )
    .bind(list_id)
    .bind(subscriber_id)
    .bind(status)
    .bind(consent.map(|c| c.kind))
    .bind(consent.map(|c| c.at))
    .bind(consent.and_then(|c| c.expires_at))
    .bind(subscribed_at)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The rule for consent stated again on an existing subscription (admin, API, import): express
/// consent is never replaced by implied consent, an expiry is never shortened, and a subscription
/// that ended (unsubscribed, bounced, complained) is left alone. Shared by [`state_consent`] and
/// the import's batch statement, which must agree.
pub const RESTATE_CONSENT: &str = "
    status = excluded.status,
    consent_kind = CASE WHEN subscriptions.status = 'subscribed' AND subscriptions.consent_kind IS NOT NULL
                             AND subscriptions.consent_expires_at IS NULL
                        THEN subscriptions.consent_kind ELSE excluded.consent_kind END,
    consent_at = CASE WHEN subscriptions.status = 'subscribed' AND subscriptions.consent_kind IS NOT NULL
                           AND subscriptions.consent_expires_at IS NULL
                      THEN subscriptions.consent_at ELSE excluded.consent_at END,
    consent_expires_at = CASE
        WHEN subscriptions.status <> 'subscribed' THEN excluded.consent_expires_at
        WHEN subscriptions.consent_kind IS NOT NULL AND subscriptions.consent_expires_at IS NULL THEN NULL
        WHEN excluded.consent_expires_at IS NULL THEN NULL
        WHEN subscriptions.consent_expires_at > excluded.consent_expires_at THEN subscriptions.consent_expires_at
        ELSE excluded.consent_expires_at END,
    subscribed_at = CASE WHEN subscriptions.status = 'subscribed' THEN subscriptions.subscribed_at
                         ELSE excluded.subscribed_at END,
    updated_at = excluded.updated_at
    WHERE subscriptions.status IN ('subscribed', 'unconfirmed')";

/// Subscribes on stated consent under [`RESTATE_CONSENT`]. False when the subscription had ended
/// (the person left while this was being decided): nothing is changed then.
pub async fn state_consent(
    conn: &mut AnyConnection,
    list_id: ListId,
    subscriber_id: SubscriberId,
    consent: &Consent<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "INSERT INTO subscriptions (list_id, subscriber_id, status, consent_kind, consent_at, consent_expires_at,
                                    subscribed_at, updated_at)
         VALUES ($1, $2, 'subscribed', $3, $4, $5, $6, $6)
         ON CONFLICT (list_id, subscriber_id) DO UPDATE SET {RESTATE_CONSENT}"
    );
    // A fixed statement of ours; every value is bound.
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(list_id)
        .bind(subscriber_id)
        .bind(consent.kind)
        .bind(consent.at)
        .bind(consent.expires_at)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct MemberRow {
    pub subscriber_id: SubscriberId,
    pub email: String,
    pub name: Option<String>,
    pub lang: String,
    pub country: Option<String>,
    pub province: Option<String>,
    pub region: Option<String>,
    pub tags: String,
    pub status: Status,
    pub consent_kind: Option<String>,
    pub consent_at: Option<i64>,
    pub consent_expires_at: Option<i64>,
    pub subscribed_at: Option<i64>,
}

rendezvous_platform::select_query!(
    select_members,
    "SELECT s.id AS subscriber_id, s.email, s.name, s.lang, s.country, s.province, s.region, s.tags, ",
    "sub.status, sub.consent_kind, sub.consent_at, sub.consent_expires_at, sub.subscribed_at ",
    "FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id ",
);

/// A page of a list's subscribers, optionally filtered by address or name.
pub async fn list_members(
    db: &Db,
    list_id: ListId,
    query: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    let pattern = format!("%{}%", query.trim().to_lowercase().replace(['%', '_'], ""));
    sqlx::query_as(select_members!(
        "WHERE sub.list_id = $1 AND (s.email_norm LIKE $2 OR lower(COALESCE(s.name, '')) LIKE $2)
         ORDER BY s.email_norm LIMIT $3 OFFSET $4"
    ))
    .bind(list_id)
    .bind(pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

/// Every subscription of a list with the given status, for exports.
pub async fn list_members_with_status(db: &Db, list_id: ListId, status: Status) -> Result<Vec<MemberRow>, sqlx::Error> {
    sqlx::query_as(select_members!("WHERE sub.list_id = $1 AND sub.status = $2 ORDER BY s.email_norm"))
        .bind(list_id)
        .bind(status)
        .fetch_all(&db.pool)
        .await
}

/// Subscriptions of a list in any status.
pub async fn count_subscriptions(db: &Db, list_id: ListId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions WHERE list_id = $1").bind(list_id).fetch_one(&db.pool).await
}

/// Of these subscribers, those subscribed to the list now (an urgent mailing's recipients).
pub async fn subscribed_among(
    db: &Db,
    list_id: ListId,
    ids: &[SubscriberId],
) -> Result<Vec<SubscriberId>, sqlx::Error> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(5000) {
        let rows: Vec<serde_json::Value> = chunk.iter().map(|id| serde_json::json!({ "id": id })).collect();
        let source = db.dialect.json_rows(2, &[("id", rendezvous_platform::db::SqlType::BigInt)]);
        // IN (subquery), not a join: SQLite then builds a temporary index of the ids instead of
        // scanning the list once per id (seconds for 10,000 ids).
        let sql = format!(
            "SELECT sub.subscriber_id FROM subscriptions sub
             WHERE sub.list_id = $1 AND sub.status = 'subscribed' AND sub.subscriber_id IN (SELECT r.id FROM {source})
             ORDER BY sub.subscriber_id"
        );
        let json = serde_json::to_string(&rows).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let part: Vec<SubscriberId> =
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(list_id).bind(json).fetch_all(&db.pool).await?;
        found.extend(part);
    }
    Ok(found)
}

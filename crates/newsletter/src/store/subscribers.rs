//! Subscribers: one row per address, shared by every list.

use rendezvous_platform::db::Db;
use serde::Serialize;
use sqlx::AnyConnection;

use crate::ids::SubscriberId;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct SubscriberRow {
    pub id: SubscriberId,
    pub email: String,
    pub name: Option<String>,
    pub lang: String,
    pub country: Option<String>,
    pub province: Option<String>,
    pub region: Option<String>,
    pub tags: String,
    pub created_at: i64,
    pub updated_at: i64,
}

rendezvous_platform::select_query!(
    select_subscribers,
    "SELECT id, email, name, lang, country, province, region, tags, created_at, updated_at FROM subscribers ",
);

/// Whether a mailing went to this subscriber at or after `since` (ms).
pub async fn mailed_since(db: &Db, subscriber_id: SubscriberId, since: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM deliveries WHERE subscriber_id = $1 AND sent_at >= $2 LIMIT 1")
            .bind(subscriber_id)
            .bind(since)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

pub async fn subscriber_by_email(db: &Db, email_norm: &str) -> Result<Option<SubscriberRow>, sqlx::Error> {
    sqlx::query_as(select_subscribers!("WHERE email_norm = $1")).bind(email_norm).fetch_optional(&db.pool).await
}

pub async fn subscriber_by_id(db: &Db, id: SubscriberId) -> Result<Option<SubscriberRow>, sqlx::Error> {
    sqlx::query_as(select_subscribers!("WHERE id = $1")).bind(id).fetch_optional(&db.pool).await
}

pub struct NewSubscriber<'a> {
    pub email: &'a str,
    pub email_norm: &'a str,
    pub name: Option<&'a str>,
    pub lang: &'a str,
    pub country: Option<&'a str>,
    pub province: Option<&'a str>,
    pub region: Option<&'a str>,
    pub tags: &'a str,
    pub now: i64,
}

/// What a known subscriber takes from a new record of them: only what they lack, never
/// overwriting what the person set themselves. Shared with the import's batch statement.
pub const COMPLETE_SUBSCRIBER: &str = "
    name = COALESCE(subscribers.name, excluded.name),
    country = COALESCE(subscribers.country, excluded.country),
    province = COALESCE(subscribers.province, excluded.province),
    region = COALESCE(subscribers.region, excluded.region),
    tags = CASE WHEN subscribers.tags = '' THEN excluded.tags ELSE subscribers.tags END,
    updated_at = excluded.updated_at";

/// Inserts the subscriber, or completes an existing one ([`COMPLETE_SUBSCRIBER`]); returns the id.
pub async fn upsert_subscriber(conn: &mut AnyConnection, s: &NewSubscriber<'_>) -> Result<SubscriberId, sqlx::Error> {
    let sql = format!(
        "INSERT INTO subscribers (email, email_norm, name, lang, country, province, region, tags, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
         ON CONFLICT (email_norm) DO UPDATE SET {COMPLETE_SUBSCRIBER}
         RETURNING id"
    );
    // A fixed statement of ours; every value is bound.
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(s.email)
        .bind(s.email_norm)
        .bind(s.name)
        .bind(s.lang)
        .bind(s.country)
        .bind(s.province)
        .bind(s.region)
        .bind(s.tags)
        .bind(s.now)
        .fetch_one(conn)
        .await
}

pub async fn set_subscriber_lang(db: &Db, id: SubscriberId, lang: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE subscribers SET lang = $1, updated_at = $2 WHERE id = $3")
        .bind(lang)
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn update_subscriber(
    db: &Db,
    id: SubscriberId,
    name: Option<&str>,
    lang: &str,
    country: Option<&str>,
    province: Option<&str>,
    tags: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE subscribers SET name = $1, lang = $2, country = $3, province = $4, tags = $5, updated_at = $6
         WHERE id = $7",
    )
    .bind(name)
    .bind(lang)
    .bind(country)
    .bind(province)
    .bind(tags)
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Erasure: the subscriber goes, with their subscriptions, ledger entries and bounces (the
/// foreign keys cascade); suppressions stay, as keyed hashes.
pub async fn delete_subscriber(db: &Db, email_norm: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM subscribers WHERE email_norm = $1").bind(email_norm).execute(&db.pool).await?;
    Ok(())
}

/// Subscribers whose address or name contains `query` (lower-cased), a page at a time, with the
/// total. Without `private_too`, only people on some list that is not private: someone who only
/// follows the alerts is not found by anyone but an administrator.
pub async fn search_subscribers(
    db: &Db,
    query: &str,
    private_too: bool,
    limit: i64,
    offset: i64,
) -> Result<(Vec<SubscriberRow>, i64), sqlx::Error> {
    const WHERE: &str = "WHERE (email_norm LIKE $1 OR lower(COALESCE(name, '')) LIKE $1)
        AND ($2 = 1 OR EXISTS (SELECT 1 FROM subscriptions sub JOIN lists l ON l.id = sub.list_id
                               WHERE sub.subscriber_id = subscribers.id AND l.private_members = 0))";
    let pattern = format!("%{}%", query.trim().to_lowercase().replace(['%', '_'], ""));
    let sql = format!(
        "SELECT id, email, name, lang, country, province, region, tags, created_at, updated_at FROM subscribers {WHERE}
         ORDER BY email_norm LIMIT $3 OFFSET $4"
    );
    let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(&pattern)
        .bind(i64::from(private_too))
        .bind(limit)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?;
    let count = format!("SELECT COUNT(*) FROM subscribers {WHERE}");
    let total = sqlx::query_scalar(sqlx::AssertSqlSafe(count))
        .bind(&pattern)
        .bind(i64::from(private_too))
        .fetch_one(&db.pool)
        .await?;
    Ok((rows, total))
}

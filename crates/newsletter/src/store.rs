//! Every SQL statement of the newsletter feature, and only its tables: lists, subscribers,
//! subscriptions, consent_events, suppressions, segments, imports. Functions that are part of a
//! larger change take a connection, so the caller's transaction covers them.

use crate::model::{ImportStatus, Status};
use rendezvous_platform::db::Db;
use rendezvous_platform::tombstones;
use serde::Serialize;
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ListRow {
    pub id: i64,
    pub slug: String,
    pub name_en: String,
    pub name_fr: String,
    pub description_en: String,
    pub description_fr: String,
    pub is_public: i64,
    pub default_lang: String,
    pub created_at: i64,
}

impl ListRow {
    pub fn name(&self, lang: impl std::borrow::Borrow<rendezvous_platform::i18n::Lang>) -> &str {
        match lang.borrow() {
            rendezvous_platform::i18n::Lang::En => &self.name_en,
            rendezvous_platform::i18n::Lang::Fr => &self.name_fr,
        }
    }

    pub fn description(&self, lang: impl std::borrow::Borrow<rendezvous_platform::i18n::Lang>) -> &str {
        match lang.borrow() {
            rendezvous_platform::i18n::Lang::En => &self.description_en,
            rendezvous_platform::i18n::Lang::Fr => &self.description_fr,
        }
    }

    pub fn public(&self) -> bool {
        self.is_public == 1
    }
}

macro_rules! select_lists {
    ($tail:literal) => {
        concat!(
            "SELECT id, slug, name_en, name_fr, description_en, description_fr, is_public, default_lang, created_at ",
            "FROM lists ",
            $tail
        )
    };
}

pub struct NewList<'a> {
    pub slug: &'a str,
    pub name_en: &'a str,
    pub name_fr: &'a str,
    pub description_en: &'a str,
    pub description_fr: &'a str,
    pub is_public: bool,
    pub default_lang: &'a str,
    pub now: i64,
}

pub async fn create_list(db: &Db, list: &NewList<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO lists (slug, name_en, name_fr, description_en, description_fr, is_public, default_lang, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(list.slug)
    .bind(list.name_en)
    .bind(list.name_fr)
    .bind(list.description_en)
    .bind(list.description_fr)
    .bind(i64::from(list.is_public))
    .bind(list.default_lang)
    .bind(list.now)
    .fetch_one(&db.pool)
    .await
}

pub async fn list_by_slug(db: &Db, slug: &str) -> Result<Option<ListRow>, sqlx::Error> {
    sqlx::query_as(select_lists!("WHERE slug = $1")).bind(slug).fetch_optional(&db.pool).await
}

pub async fn list_by_id(db: &Db, id: i64) -> Result<Option<ListRow>, sqlx::Error> {
    sqlx::query_as(select_lists!("WHERE id = $1")).bind(id).fetch_optional(&db.pool).await
}

pub async fn all_lists(db: &Db) -> Result<Vec<ListRow>, sqlx::Error> {
    sqlx::query_as(select_lists!("ORDER BY slug")).fetch_all(&db.pool).await
}

pub async fn public_lists(db: &Db) -> Result<Vec<ListRow>, sqlx::Error> {
    sqlx::query_as(select_lists!("WHERE is_public = 1 ORDER BY slug")).fetch_all(&db.pool).await
}

/// (list id, status, count) for every list.
pub async fn status_counts(db: &Db) -> Result<Vec<(i64, Status, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT list_id, status, COUNT(*) FROM subscriptions GROUP BY list_id, status")
        .fetch_all(&db.pool)
        .await
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct SubscriberRow {
    pub id: i64,
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

macro_rules! select_subscribers {
    ($tail:literal) => {
        concat!(
            "SELECT id, email, name, lang, country, province, region, tags, created_at, updated_at FROM subscribers ",
            $tail
        )
    };
}

/// Whether a mailing went to this subscriber at or after `since` (ms).
pub async fn mailed_since(db: &Db, subscriber_id: i64, since: i64) -> Result<bool, sqlx::Error> {
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

pub async fn subscriber_by_id(db: &Db, id: i64) -> Result<Option<SubscriberRow>, sqlx::Error> {
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
pub async fn upsert_subscriber(conn: &mut AnyConnection, s: &NewSubscriber<'_>) -> Result<i64, sqlx::Error> {
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

pub async fn set_subscriber_lang(db: &Db, id: i64, lang: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE subscribers SET lang = $1, updated_at = $2 WHERE id = $3")
        .bind(lang)
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct SubscriptionRow {
    pub list_id: i64,
    pub subscriber_id: i64,
    pub status: Status,
    pub consent_kind: Option<String>,
    pub consent_at: Option<i64>,
    pub consent_expires_at: Option<i64>,
    pub subscribed_at: Option<i64>,
    pub updated_at: i64,
}

pub async fn subscription(
    conn: &mut AnyConnection,
    list_id: i64,
    subscriber_id: i64,
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

pub async fn subscriptions_of(db: &Db, subscriber_id: i64) -> Result<Vec<SubscriptionRow>, sqlx::Error> {
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
    list_id: i64,
    subscriber_id: i64,
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
    list_id: i64,
    subscriber_id: i64,
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

/// One entry of the consent ledger.
pub struct Event<'a> {
    pub subscriber_id: i64,
    pub list_id: Option<i64>,
    pub action: &'a str,
    pub kind: Option<&'a str>,
    pub source: &'a str,
    pub evidence: &'a str,
    pub wording_version: Option<&'a str>,
    pub actor_id: Option<i64>,
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
    pub id: i64,
    pub email: String,
    pub list_slug: Option<String>,
    pub action: String,
    pub kind: Option<String>,
    pub source: String,
    pub evidence: String,
    pub wording_version: Option<String>,
    pub actor_id: Option<i64>,
    pub created_at: i64,
}

macro_rules! select_events {
    ($tail:literal) => {
        concat!(
            "SELECT e.id, s.email, l.slug AS list_slug, e.action, e.kind, e.source, e.evidence, e.wording_version, ",
            "e.actor_id, e.created_at FROM consent_events e JOIN subscribers s ON s.id = e.subscriber_id ",
            "LEFT JOIN lists l ON l.id = e.list_id ",
            $tail
        )
    };
}

pub async fn events_of_subscriber(db: &Db, subscriber_id: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(select_events!("WHERE e.subscriber_id = $1 ORDER BY e.id"))
        .bind(subscriber_id)
        .fetch_all(&db.pool)
        .await
}

pub async fn events_of_list(db: &Db, list_id: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(select_events!("WHERE e.list_id = $1 ORDER BY e.id")).bind(list_id).fetch_all(&db.pool).await
}

/// True if the address may not be added to the list by anyone but its owner: suppressed for the
/// list or everywhere, or erased (platform's tombstone).
pub async fn is_suppressed(conn: &mut AnyConnection, email_hash: &str, list_id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM suppressions WHERE email_hash = $1 AND (list_id = 0 OR list_id = $2)")
            .bind(email_hash)
            .bind(list_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some() || tombstones::is_tombstoned(conn, email_hash).await?)
}

/// Every hash suppressed for a list (its own and the global ones) or erased, for imports.
pub async fn suppressed_hashes(db: &Db, list_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let mut hashes: Vec<String> =
        sqlx::query_scalar("SELECT email_hash FROM suppressions WHERE list_id = 0 OR list_id = $1")
            .bind(list_id)
            .fetch_all(&db.pool)
            .await?;
    hashes.extend(tombstones::all_hashes(db).await?);
    hashes.sort_unstable();
    hashes.dedup();
    Ok(hashes)
}

pub async fn add_suppression(
    conn: &mut AnyConnection,
    email_hash: &str,
    list_id: i64,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO suppressions (email_hash, list_id, reason, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email_hash, list_id) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at",
    )
    .bind(email_hash)
    .bind(list_id)
    .bind(reason)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The person themselves asked to come back: their own suppressions for the list, global ones and
/// the erasure tombstone go.
pub async fn lift_suppressions(conn: &mut AnyConnection, email_hash: &str, list_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM suppressions WHERE email_hash = $1 AND (list_id = 0 OR list_id = $2)")
        .bind(email_hash)
        .bind(list_id)
        .execute(&mut *conn)
        .await?;
    tombstones::lift(conn, email_hash).await
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct MemberRow {
    pub subscriber_id: i64,
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

macro_rules! select_members {
    ($tail:literal) => {
        concat!(
            "SELECT s.id AS subscriber_id, s.email, s.name, s.lang, s.country, s.province, s.region, s.tags, ",
            "sub.status, sub.consent_kind, sub.consent_at, sub.consent_expires_at, sub.subscribed_at ",
            "FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id ",
            $tail
        )
    };
}

/// A page of a list's subscribers, optionally filtered by address or name.
pub async fn list_members(
    db: &Db,
    list_id: i64,
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
pub async fn list_members_with_status(db: &Db, list_id: i64, status: Status) -> Result<Vec<MemberRow>, sqlx::Error> {
    sqlx::query_as(select_members!("WHERE sub.list_id = $1 AND sub.status = $2 ORDER BY s.email_norm"))
        .bind(list_id)
        .bind(status)
        .fetch_all(&db.pool)
        .await
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ImportRow {
    pub id: i64,
    pub list_id: i64,
    pub status: ImportStatus,
    pub file_name: String,
    pub consent_kind: String,
    pub evidence: String,
    pub total_bytes: i64,
    pub done_bytes: i64,
    pub report: Option<String>,
    pub error: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

pub struct NewImport<'a> {
    pub list_id: i64,
    pub file_name: &'a str,
    pub consent_kind: &'a str,
    pub evidence: &'a str,
    pub content: &'a [u8],
    pub created_by: Option<i64>,
    pub now: i64,
}

pub async fn create_import(db: &Db, new: &NewImport<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO imports (list_id, status, file_name, consent_kind, evidence, content, total_bytes, done_bytes,
                              created_by, created_at)
         VALUES ($1, 'queued', $2, $3, $4, $5, $6, 0, $7, $8) RETURNING id",
    )
    .bind(new.list_id)
    .bind(new.file_name)
    .bind(new.consent_kind)
    .bind(new.evidence)
    .bind(new.content.to_vec())
    .bind(new.content.len() as i64)
    .bind(new.created_by)
    .bind(new.now)
    .fetch_one(&db.pool)
    .await
}

pub async fn import_by_id(db: &Db, id: i64) -> Result<Option<ImportRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, list_id, status, file_name, consent_kind, evidence, total_bytes, done_bytes, report, error,
                created_by, created_at, finished_at FROM imports WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

pub async fn import_content(db: &Db, id: i64) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT content FROM imports WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map(Option::flatten)
}

pub async fn set_import_status(db: &Db, id: i64, status: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE imports SET status = $1 WHERE id = $2").bind(status).bind(id).execute(&db.pool).await?;
    Ok(())
}

pub async fn set_import_progress(db: &Db, id: i64, done: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE imports SET done_bytes = $1 WHERE id = $2").bind(done).bind(id).execute(&db.pool).await?;
    Ok(())
}

/// Records how an import ended and drops the uploaded file, which may hold many addresses.
pub async fn finish_import(
    db: &Db,
    id: i64,
    status: &str,
    report: Option<&str>,
    error: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE imports SET status = $1, report = $2, error = $3, finished_at = $4, content = NULL,
                            done_bytes = total_bytes WHERE id = $5",
    )
    .bind(status)
    .bind(report)
    .bind(error)
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn update_subscriber(
    db: &Db,
    id: i64,
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

/// Subscriptions of a list in any status.
pub async fn count_subscriptions(db: &Db, list_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions WHERE list_id = $1").bind(list_id).fetch_one(&db.pool).await
}

/// One line of the bounce log; `campaign_id` when the bounce named one of our deliveries.
pub struct NewBounce<'a> {
    pub subscriber_id: i64,
    pub campaign_id: Option<i64>,
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
pub async fn soft_bounces_since(db: &Db, subscriber_id: i64, since: i64) -> Result<i64, sqlx::Error> {
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
pub async fn bounces_of_campaign(db: &Db, campaign_id: i64, limit: i64) -> Result<Vec<CampaignBounceRow>, sqlx::Error> {
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

pub async fn bounces_of(db: &Db, subscriber_id: i64) -> Result<Vec<BounceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, status, diagnostic, created_at FROM bounce_events WHERE subscriber_id = $1 ORDER BY id",
    )
    .bind(subscriber_id)
    .fetch_all(&db.pool)
    .await
}

/// Whether an inbound message, known by the SHA-256 of its bytes, was already acted on.
pub async fn inbound_seen(db: &Db, digest: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM inbound_seen WHERE digest = $1")
        .bind(digest)
        .fetch_optional(&db.pool)
        .await?;
    Ok(found.is_some())
}

pub async fn mark_inbound_seen(db: &Db, digest: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO inbound_seen (digest, seen_at) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING")
        .bind(digest)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Forgets the inbound messages acted on before `before`.
pub async fn forget_inbound_seen(db: &Db, before: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM inbound_seen WHERE seen_at < $1").bind(before).execute(&db.pool).await?;
    Ok(())
}

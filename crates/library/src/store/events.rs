//! Events.

use rendezvous_platform::db::Db;

use crate::ids::EventId;
use crate::model::EventState;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: EventId,
    pub uid: String,
    pub state: EventState,
    pub title_en: String,
    pub title_fr: String,
    pub description_en: String,
    pub description_fr: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: String,
    pub location: String,
    pub address: String,
    pub accessibility: String,
    pub online_url: Option<String>,
    pub category: String,
    pub organiser: String,
    pub registration_url: Option<String>,
    pub capacity: Option<i64>,
    pub sequence: i64,
    pub moved: i64,
    pub updated_at: i64,
    pub cancelled_at: Option<i64>,
}

const COLUMNS: &str =
    "id, uid, state, title_en, title_fr, description_en, description_fr, starts_at, ends_at, timezone,
    location, address, accessibility, online_url, category, organiser, registration_url, capacity, sequence, moved,
    updated_at, cancelled_at";

/// What an event says, checked.
pub struct EventFields<'a> {
    pub title_en: &'a str,
    pub title_fr: &'a str,
    pub description_en: &'a str,
    pub description_fr: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: &'a str,
    pub location: &'a str,
    pub address: &'a str,
    pub accessibility: &'a str,
    pub online_url: Option<&'a str>,
    pub category: &'a str,
    pub organiser: &'a str,
    pub registration_url: Option<&'a str>,
    pub capacity: Option<i64>,
}

pub async fn insert(
    db: &Db,
    uid: &str,
    f: &EventFields<'_>,
    by: Option<i64>,
    now: i64,
) -> Result<EventId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO library_events (uid, state, title_en, title_fr, description_en, description_fr, starts_at, ends_at,
         timezone, location, address, accessibility, online_url, category, organiser, registration_url, capacity,
         created_by, created_at, updated_at)
         VALUES ($1, 'scheduled', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
         RETURNING id",
    )
    .bind(uid)
    .bind(f.title_en)
    .bind(f.title_fr)
    .bind(f.description_en)
    .bind(f.description_fr)
    .bind(f.starts_at)
    .bind(f.ends_at)
    .bind(f.timezone)
    .bind(f.location)
    .bind(f.address)
    .bind(f.accessibility)
    .bind(f.online_url)
    .bind(f.category)
    .bind(f.organiser)
    .bind(f.registration_url)
    .bind(f.capacity)
    .bind(by)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

/// Rewrites a scheduled event; a new time marks it moved. The sequence grows (calendars then
/// take the change). False when it is cancelled or missing.
pub async fn update(db: &Db, id: EventId, f: &EventFields<'_>, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE library_events SET title_en = $2, title_fr = $3, description_en = $4, description_fr = $5,
         moved = CASE WHEN starts_at <> $6 OR ends_at <> $7 THEN 1 ELSE moved END,
         starts_at = $6, ends_at = $7, timezone = $8, location = $9, address = $10, accessibility = $11,
         online_url = $12, category = $13, organiser = $14, registration_url = $15, capacity = $16,
         sequence = sequence + 1, updated_at = $17
         WHERE id = $1 AND state = 'scheduled'",
    )
    .bind(id)
    .bind(f.title_en)
    .bind(f.title_fr)
    .bind(f.description_en)
    .bind(f.description_fr)
    .bind(f.starts_at)
    .bind(f.ends_at)
    .bind(f.timezone)
    .bind(f.location)
    .bind(f.address)
    .bind(f.accessibility)
    .bind(f.online_url)
    .bind(f.category)
    .bind(f.organiser)
    .bind(f.registration_url)
    .bind(f.capacity)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancels a scheduled event; false when it was not scheduled.
pub async fn cancel(db: &Db, id: EventId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE library_events SET state = 'cancelled', cancelled_at = $2, sequence = sequence + 1, updated_at = $2
         WHERE id = $1 AND state = 'scheduled'",
    )
    .bind(id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn event(db: &Db, id: EventId) -> Result<Option<EventRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM library_events WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Events ending after `from` (scheduled, and those cancelled after `cancelled_since`), soonest
/// first; in one category when given.
pub async fn upcoming(
    db: &Db,
    from: i64,
    cancelled_since: i64,
    category: Option<&str>,
    limit: i64,
) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_events
         WHERE ends_at > $1 AND (state = 'scheduled' OR cancelled_at >= $2) AND ($3 = '' OR category = $3)
         ORDER BY starts_at, id LIMIT $4"
    )))
    .bind(from)
    .bind(cancelled_since)
    .bind(category.unwrap_or_default())
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// Events that ended before `before`, latest first.
pub async fn past(db: &Db, before: i64, limit: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_events WHERE ends_at <= $1 ORDER BY starts_at DESC, id DESC LIMIT $2"
    )))
    .bind(before)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// The categories events use.
pub async fn categories(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT category FROM library_events WHERE category <> '' ORDER BY category")
        .fetch_all(&db.pool)
        .await
}

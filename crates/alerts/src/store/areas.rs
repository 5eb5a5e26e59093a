//! Regions and where each subscriber gets alerts for.

use rendezvous_newsletter::SubscriberId;
use rendezvous_platform::db::{Db, SqlType};

use crate::ids::RegionId;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegionRow {
    pub id: RegionId,
    pub slug: String,
    pub province: String,
    pub name_en: String,
    pub name_fr: String,
    pub geocodes: String,
}

pub async fn all_regions(db: &Db) -> Result<Vec<RegionRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, province, name_en, name_fr, geocodes FROM alert_regions ORDER BY name_en")
        .fetch_all(&db.pool)
        .await
}

pub struct NewRegion<'a> {
    pub slug: &'a str,
    pub province: &'a str,
    pub name_en: &'a str,
    pub name_fr: &'a str,
    pub geocodes: &'a str,
}

/// Adds a region; false when the slug is taken.
pub async fn insert_region(db: &Db, r: &NewRegion<'_>, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO alert_regions (slug, province, name_en, name_fr, geocodes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (slug) DO NOTHING",
    )
    .bind(r.slug)
    .bind(r.province)
    .bind(r.name_en)
    .bind(r.name_fr)
    .bind(r.geocodes)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces a subscriber's areas.
pub async fn set_subscriber_areas(db: &Db, subscriber: SubscriberId, areas: &[String]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM alert_subscriber_areas WHERE subscriber_id = $1")
        .bind(subscriber)
        .execute(&mut *tx)
        .await?;
    for area in areas {
        sqlx::query("INSERT INTO alert_subscriber_areas (subscriber_id, area) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(subscriber)
            .bind(area)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// Sets many subscribers' areas at once (an import): each row replaces that person's areas.
pub async fn set_many_subscriber_areas(db: &Db, rows: &[(SubscriberId, String)]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    for chunk in rows.chunks(1000) {
        let json: Vec<serde_json::Value> =
            chunk.iter().map(|(id, area)| serde_json::json!({ "id": id, "area": area })).collect();
        let json = serde_json::to_string(&json).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let source = db.dialect.json_rows(1, &[("id", SqlType::BigInt), ("area", SqlType::Text)]);
        let delete = format!("DELETE FROM alert_subscriber_areas WHERE subscriber_id IN (SELECT r.id FROM {source})");
        sqlx::query(sqlx::AssertSqlSafe(delete)).bind(&json).execute(&mut *tx).await?;
        let insert = format!(
            "INSERT INTO alert_subscriber_areas (subscriber_id, area) SELECT r.id, r.area FROM {source} WHERE true
             ON CONFLICT DO NOTHING"
        );
        sqlx::query(sqlx::AssertSqlSafe(insert)).bind(&json).execute(&mut *tx).await?;
    }
    tx.commit().await
}

pub async fn subscriber_areas(db: &Db, subscriber: SubscriberId) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT area FROM alert_subscriber_areas WHERE subscriber_id = $1 ORDER BY area")
        .bind(subscriber)
        .fetch_all(&db.pool)
        .await
}

/// Everyone who chose one of these areas (subscribed or not: the mailing skips who is not).
pub async fn subscribers_in(db: &Db, areas: &[String]) -> Result<Vec<SubscriberId>, sqlx::Error> {
    if areas.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<serde_json::Value> = areas.iter().map(|a| serde_json::json!({ "area": a })).collect();
    let json = serde_json::to_string(&rows).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let source = db.dialect.json_rows(1, &[("area", SqlType::Text)]);
    let sql = format!(
        "SELECT DISTINCT subscriber_id FROM alert_subscriber_areas WHERE area IN (SELECT r.area FROM {source})
         ORDER BY subscriber_id"
    );
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(json).fetch_all(&db.pool).await
}

/// How many people chose each area (for the communications role's counts).
pub async fn counts_by_area(db: &Db) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT area, COUNT(*) FROM alert_subscriber_areas GROUP BY area ORDER BY area")
        .fetch_all(&db.pool)
        .await
}

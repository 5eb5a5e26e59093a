//! Reports sent through the public form: only what the person typed, a re-encoded photo and the
//! hash of their receipt code.

use rendezvous_platform::db::Db;
use rendezvous_platform::state_enum;

use crate::ids::{AlertId, ReportId};

state_enum!(
    /// Where a report is in the review queue.
    pub enum ReportState {
        New = "new",
        /// Used for an alert (the alert's id is kept with it).
        Used = "used",
        /// Read and kept, without an alert (yet).
        Reviewed = "reviewed",
        Dismissed = "dismissed",
    }
);

#[derive(Debug, Clone, Default)]
pub struct NewReport {
    pub receipt_hash: String,
    pub lang: String,
    pub province: String,
    pub place: String,
    pub sold_as: String,
    pub colour: String,
    pub form: String,
    pub markings: String,
    pub effects: String,
    pub overdoses: i64,
    pub happened_on: String,
    pub test_result: String,
    pub contact: Option<String>,
    pub photo: Option<Vec<u8>>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: ReportId,
    pub lang: String,
    pub province: String,
    pub place: String,
    pub sold_as: String,
    pub colour: String,
    pub form: String,
    pub markings: String,
    pub effects: String,
    pub overdoses: i64,
    pub happened_on: String,
    pub test_result: String,
    pub contact: Option<String>,
    pub has_photo: i64,
    pub state: ReportState,
    pub alert_id: Option<AlertId>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, lang, province, place, sold_as, colour, form, markings, effects, overdoses, happened_on,
    test_result, contact, CASE WHEN photo IS NULL THEN 0 ELSE 1 END AS has_photo, state, alert_id, created_at";

/// Keeps a report; `created_at` is rounded down to the hour by the caller.
pub async fn insert_report(db: &Db, r: &NewReport, created_at: i64) -> Result<ReportId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO alert_reports (receipt_hash, lang, province, place, sold_as, colour, form, markings, effects,
             overdoses, happened_on, test_result, contact, photo, state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'new', $15) RETURNING id",
    )
    .bind(&r.receipt_hash)
    .bind(&r.lang)
    .bind(&r.province)
    .bind(&r.place)
    .bind(&r.sold_as)
    .bind(&r.colour)
    .bind(&r.form)
    .bind(&r.markings)
    .bind(&r.effects)
    .bind(r.overdoses)
    .bind(&r.happened_on)
    .bind(&r.test_result)
    .bind(&r.contact)
    .bind(&r.photo)
    .bind(created_at)
    .fetch_one(&db.pool)
    .await
}

pub async fn report(db: &Db, id: ReportId) -> Result<Option<ReportRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM alert_reports WHERE id = $1");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&db.pool).await
}

pub async fn report_by_receipt(db: &Db, receipt_hash: &str) -> Result<Option<ReportRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM alert_reports WHERE receipt_hash = $1");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(receipt_hash).fetch_optional(&db.pool).await
}

/// The review queue: new reports first, then the latest others.
pub async fn queue(db: &Db, limit: i64) -> Result<Vec<ReportRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM alert_reports ORDER BY CASE WHEN state = 'new' THEN 0 ELSE 1 END, id DESC LIMIT $1"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(&db.pool).await
}

pub async fn photo(db: &Db, id: ReportId) -> Result<Option<Vec<u8>>, sqlx::Error> {
    let photo: Option<Option<Vec<u8>>> =
        sqlx::query_scalar("SELECT photo FROM alert_reports WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
    Ok(photo.flatten())
}

pub async fn set_report_state(
    db: &Db,
    id: ReportId,
    state: ReportState,
    alert: Option<AlertId>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE alert_reports SET state = $1, alert_id = COALESCE($2, alert_id) WHERE id = $3")
        .bind(state)
        .bind(alert)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn new_reports(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM alert_reports WHERE state = 'new'").fetch_one(&db.pool).await
}

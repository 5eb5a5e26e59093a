//! Job postings.

use rendezvous_platform::db::Db;

use crate::ids::{PostingId, SubmissionId};
use crate::model::PostingKind;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PostingRow {
    pub id: PostingId,
    pub organisation: String,
    pub title_en: String,
    pub title_fr: String,
    pub description_en: String,
    pub description_fr: String,
    pub place: String,
    pub remote: i64,
    pub kind: PostingKind,
    pub pay: String,
    pub how_to_apply: String,
    pub closes_on: String,
    pub closes_at: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    /// The public submission it was approved from, if any.
    pub submission_id: Option<SubmissionId>,
}

const COLUMNS: &str = "id, organisation, title_en, title_fr, description_en, description_fr, place, remote, kind, pay,
    how_to_apply, closes_on, closes_at, created_by, created_at, submission_id";

pub struct PostingFields<'a> {
    pub organisation: &'a str,
    pub title_en: &'a str,
    pub title_fr: &'a str,
    pub description_en: &'a str,
    pub description_fr: &'a str,
    pub place: &'a str,
    pub remote: bool,
    pub kind: PostingKind,
    pub pay: &'a str,
    pub how_to_apply: &'a str,
    pub closes_on: &'a str,
    pub closes_at: i64,
    /// The public submission it comes from (its submitter is reminded before it closes).
    pub submission: Option<SubmissionId>,
}

pub async fn insert(db: &Db, f: &PostingFields<'_>, by: Option<i64>, now: i64) -> Result<PostingId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO library_job_postings (state, organisation, title_en, title_fr, description_en, description_fr,
         place, remote, kind, pay, how_to_apply, closes_on, closes_at, created_by, created_at, submission_id)
         VALUES ('published', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(f.organisation)
    .bind(f.title_en)
    .bind(f.title_fr)
    .bind(f.description_en)
    .bind(f.description_fr)
    .bind(f.place)
    .bind(i64::from(f.remote))
    .bind(f.kind)
    .bind(f.pay)
    .bind(f.how_to_apply)
    .bind(f.closes_on)
    .bind(f.closes_at)
    .bind(by)
    .bind(now)
    .bind(f.submission)
    .fetch_one(&db.pool)
    .await
}

pub async fn posting(db: &Db, id: PostingId) -> Result<Option<PostingRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_job_postings WHERE id = $1 AND state = 'published'"
    )))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// Postings still open at `now`, closing soonest first.
pub async fn open(db: &Db, now: i64) -> Result<Vec<PostingRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_job_postings WHERE state = 'published' AND closes_at > $1 ORDER BY closes_at, id"
    )))
    .bind(now)
    .fetch_all(&db.pool)
    .await
}

/// Open postings closing before `before` whose poster was not reminded; marks them reminded.
pub async fn to_remind(db: &Db, now: i64, before: i64) -> Result<Vec<PostingRow>, sqlx::Error> {
    let rows: Vec<PostingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_job_postings
         WHERE state = 'published' AND reminded = 0 AND closes_at > $1 AND closes_at <= $2 ORDER BY id"
    )))
    .bind(now)
    .bind(before)
    .fetch_all(&db.pool)
    .await?;
    for row in &rows {
        sqlx::query("UPDATE library_job_postings SET reminded = 1 WHERE id = $1")
            .bind(row.id)
            .execute(&db.pool)
            .await?;
    }
    Ok(rows)
}

//! Submissions, comments and the library's options.

use rendezvous_platform::db::Db;

use crate::ids::SubmissionId;
use crate::model::{SubmissionKind, SubmissionState};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubmissionRow {
    pub id: SubmissionId,
    pub kind: SubmissionKind,
    pub state: SubmissionState,
    pub fields: String,
    pub target: Option<String>,
    pub user_id: Option<rendezvous_platform::auth::UserId>,
    pub email: Option<String>,
    pub shown_name: String,
    pub lang: String,
    pub policy_version: i64,
    pub policy_accepted_at: i64,
    pub name_warning: Option<String>,
    pub reason: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

const COLUMNS: &str =
    "id, kind, state, fields, target, user_id, email, shown_name, lang, policy_version, policy_accepted_at,
    name_warning, reason, created_at, decided_at";

pub struct NewSubmission<'a> {
    pub kind: SubmissionKind,
    pub state: SubmissionState,
    pub fields: &'a str,
    pub target: Option<&'a str>,
    pub user_id: Option<rendezvous_platform::auth::UserId>,
    pub email: Option<&'a str>,
    pub shown_name: &'a str,
    pub lang: &'a str,
    pub token_hash: Option<&'a str>,
    pub policy_version: i64,
    pub name_warning: Option<&'a str>,
}

pub async fn insert(db: &Db, s: &NewSubmission<'_>, now: i64) -> Result<SubmissionId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO library_submissions (kind, state, fields, target, user_id, email, shown_name, lang, token_hash,
         policy_version, policy_accepted_at, name_warning, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11) RETURNING id",
    )
    .bind(s.kind)
    .bind(s.state)
    .bind(s.fields)
    .bind(s.target)
    .bind(s.user_id)
    .bind(s.email)
    .bind(s.shown_name)
    .bind(s.lang)
    .bind(s.token_hash)
    .bind(s.policy_version)
    .bind(now)
    .bind(s.name_warning)
    .fetch_one(&db.pool)
    .await
}

pub async fn by_token(db: &Db, token_hash: &str) -> Result<Option<SubmissionRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM library_submissions WHERE token_hash = $1")))
        .bind(token_hash)
        .fetch_optional(&db.pool)
        .await
}

pub async fn by_id(db: &Db, id: SubmissionId) -> Result<Option<SubmissionRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM library_submissions WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Confirms an unconfirmed submission (it joins the queue); false when it was not unconfirmed.
pub async fn confirm(db: &Db, id: SubmissionId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE library_submissions SET state = 'queued', token_hash = NULL WHERE id = $1 AND state = 'unconfirmed'",
    )
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The queue, oldest first.
pub async fn queued(db: &Db) -> Result<Vec<SubmissionRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_submissions WHERE state = 'queued' ORDER BY id"
    )))
    .fetch_all(&db.pool)
    .await
}

pub async fn queued_count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM library_submissions WHERE state = 'queued'").fetch_one(&db.pool).await
}

/// Decides a queued submission, with its fields as the moderator left them; false when it was
/// not queued (decided by someone else meanwhile).
pub async fn decide(
    db: &Db,
    id: SubmissionId,
    state: SubmissionState,
    fields: &str,
    reason: Option<&str>,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE library_submissions SET state = $2, fields = $3, reason = $4, decided_by = $5, decided_at = $6
         WHERE id = $1 AND state = 'queued'",
    )
    .bind(id)
    .bind(state)
    .bind(fields)
    .bind(reason)
    .bind(by)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Approved comments about a news post or resource, oldest first.
pub async fn comments(db: &Db, target: &str) -> Result<Vec<SubmissionRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_submissions WHERE target = $1 AND kind = 'comment' AND state = 'approved'
         ORDER BY decided_at, id"
    )))
    .bind(target)
    .fetch_all(&db.pool)
    .await
}

pub async fn option(db: &Db, name: &str) -> Result<bool, sqlx::Error> {
    let on: Option<i64> = sqlx::query_scalar("SELECT enabled FROM library_options WHERE name = $1")
        .bind(name)
        .fetch_optional(&db.pool)
        .await?;
    Ok(on == Some(1))
}

pub async fn set_option(db: &Db, name: &str, enabled: bool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO library_options (name, enabled) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled",
    )
    .bind(name)
    .bind(i64::from(enabled))
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Unconfirmed submissions older than `before` are forgotten (their address with them).
pub async fn forget_unconfirmed(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM library_submissions WHERE state = 'unconfirmed' AND created_at < $1")
        .bind(before)
        .execute(&db.pool)
        .await?
        .rows_affected())
}

/// Everything an address or account submitted (export), and its erasure.
pub async fn of_person(
    db: &Db,
    user_id: rendezvous_platform::auth::UserId,
    email: &str,
) -> Result<Vec<SubmissionRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_submissions WHERE user_id = $1 OR email = $2 ORDER BY id"
    )))
    .bind(user_id)
    .bind(email)
    .fetch_all(&db.pool)
    .await
}

pub async fn erase_person(db: &Db, user_id: rendezvous_platform::auth::UserId, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM library_submissions WHERE user_id = $1 OR email = $2")
        .bind(user_id)
        .bind(email)
        .execute(&db.pool)
        .await?;
    Ok(())
}

//! Imports sent from the web page, run as jobs.

use crate::ids::{ImportId, ListId};
use crate::model::ImportStatus;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ImportRow {
    pub id: ImportId,
    pub list_id: ListId,
    pub status: ImportStatus,
    pub file_name: String,
    pub consent_kind: String,
    pub evidence: String,
    pub total_bytes: i64,
    pub done_bytes: i64,
    pub report: Option<String>,
    pub error: Option<String>,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

pub struct NewImport<'a> {
    pub list_id: ListId,
    pub file_name: &'a str,
    pub consent_kind: &'a str,
    pub evidence: &'a str,
    pub content: &'a [u8],
    pub created_by: Option<UserId>,
    pub now: i64,
}

pub async fn create_import(db: &Db, new: &NewImport<'_>) -> Result<ImportId, sqlx::Error> {
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

pub async fn import_by_id(db: &Db, id: ImportId) -> Result<Option<ImportRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, list_id, status, file_name, consent_kind, evidence, total_bytes, done_bytes, report, error,
                created_by, created_at, finished_at FROM imports WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

pub async fn import_content(db: &Db, id: ImportId) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT content FROM imports WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map(Option::flatten)
}

pub async fn set_import_status(db: &Db, id: ImportId, status: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE imports SET status = $1 WHERE id = $2").bind(status).bind(id).execute(&db.pool).await?;
    Ok(())
}

pub async fn set_import_progress(db: &Db, id: ImportId, done: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE imports SET done_bytes = $1 WHERE id = $2").bind(done).bind(id).execute(&db.pool).await?;
    Ok(())
}

/// Records how an import ended and drops the uploaded file, which may hold many addresses.
pub async fn finish_import(
    db: &Db,
    id: ImportId,
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

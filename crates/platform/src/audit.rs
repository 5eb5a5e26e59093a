//! The audit log: who did what to whom, when. Entries name people by id only, so erasing a person
//! leaves the entry ("a former member did ...") without their name or address.

use serde::Serialize;

use crate::auth::UserId;
use crate::clock::Clock;
use crate::db::Db;

crate::id_type!(
    /// An entry of the audit log.
    pub AuditEntryId
);

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct AuditEntry {
    pub id: AuditEntryId,
    pub actor_id: Option<UserId>,
    pub action: String,
    pub subject_id: Option<UserId>,
    pub detail: String,
    pub created_at: i64,
}

/// Records an action. `detail` must not hold personal data (no names, no addresses).
pub async fn record(
    db: &Db,
    clock: &Clock,
    actor: Option<UserId>,
    action: &str,
    subject: Option<UserId>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (actor_id, action, subject_id, detail, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(actor.map(|u| u.0))
        .bind(action)
        .bind(subject.map(|u| u.0))
        .bind(detail)
        .bind(clock.now_ms())
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn recent(db: &Db, limit: i64, offset: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, actor_id, action, subject_id, detail, created_at FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

/// What a person did as an actor, for their own data export.
pub async fn by_actor(db: &Db, actor: UserId) -> Result<Vec<AuditEntry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, actor_id, action, subject_id, detail, created_at FROM audit_log WHERE actor_id = $1 ORDER BY id",
    )
    .bind(actor.0)
    .fetch_all(&db.pool)
    .await
}

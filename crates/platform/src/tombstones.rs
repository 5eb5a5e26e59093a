//! Erasure tombstones: keyed hashes of erased addresses (see [`crate::hash_key`]), so an import or
//! an admin cannot bring an erased person back; only the person themselves can, by subscribing
//! again. platform's table, reached by features through these functions.

use sqlx::AnyConnection;

use crate::db::Db;

/// Marks the address (by its keyed hash) as erased.
pub async fn record(db: &Db, email_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_tombstones (email_hash, reason, created_at) VALUES ($1, 'erased', $2)
         ON CONFLICT (email_hash) DO UPDATE SET reason = 'erased', created_at = $2",
    )
    .bind(email_hash)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn is_tombstoned(conn: &mut AnyConnection, email_hash: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM email_tombstones WHERE email_hash = $1")
        .bind(email_hash)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// Every tombstoned hash, for imports (which check thousands of rows at once).
pub async fn all_hashes(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT email_hash FROM email_tombstones").fetch_all(&db.pool).await
}

/// The person came back by their own request: the tombstone goes.
pub async fn lift(conn: &mut AnyConnection, email_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM email_tombstones WHERE email_hash = $1").bind(email_hash).execute(conn).await?;
    Ok(())
}

//! Suppressions (keyed hashes) and, through platform, the erasure tombstones.

use rendezvous_platform::db::Db;
use rendezvous_platform::tombstones;
use sqlx::AnyConnection;

use crate::ids::ListId;

/// True if the address may not be added to the list by anyone but its owner: suppressed for the
/// list or everywhere, or erased (platform's tombstone).
pub async fn is_suppressed(conn: &mut AnyConnection, email_hash: &str, list_id: ListId) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM suppressions WHERE email_hash = $1 AND (list_id = 0 OR list_id = $2)")
            .bind(email_hash)
            .bind(list_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some() || tombstones::is_tombstoned(conn, email_hash).await?)
}

/// Every hash suppressed for a list (its own and the global ones) or erased, for imports.
pub async fn suppressed_hashes(db: &Db, list_id: ListId) -> Result<Vec<String>, sqlx::Error> {
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
    list_id: ListId,
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
pub async fn lift_suppressions(conn: &mut AnyConnection, email_hash: &str, list_id: ListId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM suppressions WHERE email_hash = $1 AND (list_id = 0 OR list_id = $2)")
        .bind(email_hash)
        .bind(list_id)
        .execute(&mut *conn)
        .await?;
    tombstones::lift(conn, email_hash).await
}

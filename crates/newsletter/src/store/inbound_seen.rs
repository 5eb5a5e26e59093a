//! Inbound messages already acted on, by digest (the bounce mailbox).

use rendezvous_platform::db::Db;

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

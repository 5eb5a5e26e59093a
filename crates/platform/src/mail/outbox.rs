//! The outbox: where mail goes when no SMTP server is configured, readable by admins.

use serde::Serialize;

use super::OutgoingMail;
use crate::clock::Clock;
use crate::db::Db;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct OutboxMail {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub created_at: i64,
}

pub async fn store(db: &Db, clock: &Clock, mail: &OutgoingMail) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (to_address, subject, text_body, html_body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(clock.now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn recent(db: &Db, limit: i64) -> Result<Vec<OutboxMail>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, to_address, subject, text_body, html_body, created_at FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

pub async fn get(db: &Db, id: i64) -> Result<Option<OutboxMail>, sqlx::Error> {
    sqlx::query_as("SELECT id, to_address, subject, text_body, html_body, created_at FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Forgets every mail to an address (erasure): kept in the outbox, or still waiting to be sent.
pub async fn forget_address(db: &Db, address: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM outbox WHERE lower(to_address) = lower($1)").bind(address).execute(&db.pool).await?;
    // The payload is serde_json's compact form of OutgoingMail, so the address appears as "to":"...".
    let to = format!("%\"to\":{}%", serde_json::Value::String(address.to_owned()));
    sqlx::query("DELETE FROM jobs WHERE kind = $1 AND lower(payload) LIKE lower($2)")
        .bind(super::SEND_JOB)
        .bind(to)
        .execute(&db.pool)
        .await?;
    Ok(())
}

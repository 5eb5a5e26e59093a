//! Sessions in our own table: a random cookie token, stored only as its hash, with an idle and an
//! absolute expiry. A session is either fully signed in or waiting for the second factor.

use crate::auth::UserId;
use crate::clock::{Clock, DAY_MS, MINUTE_MS};
use crate::crypto::{random_token, sha256_hex};
use crate::db::Db;

pub const COOKIE: &str = "rv_session";

/// Touching last_seen_at on every request would make every page a write; once a minute is enough
/// for an idle timeout counted in hours.
const TOUCH_EVERY_MS: i64 = MINUTE_MS;

crate::state_enum!(
    /// How far a session's person got in signing in.
    pub enum Stage {
        /// Password accepted, second factor still to come.
        AwaitingSecondFactor = "mfa",
        SignedIn = "full",
    }
);

#[derive(Debug, Clone)]
pub struct Session {
    pub id_hash: String,
    pub user_id: UserId,
    pub stage: Stage,
    pub created_at: i64,
}

#[derive(Clone)]
pub struct SessionStore {
    db: Db,
    clock: Clock,
    idle_ms: i64,
    max_ms: i64,
}

impl SessionStore {
    pub fn new(db: Db, clock: Clock, idle_minutes: i64, max_days: i64) -> Self {
        Self { db, clock, idle_ms: idle_minutes * MINUTE_MS, max_ms: max_days * DAY_MS }
    }

    /// Starts a session and returns the cookie token (the only place it exists in clear).
    pub async fn create(&self, user: UserId, stage: Stage) -> Result<String, sqlx::Error> {
        let token = random_token();
        let now = self.clock.now_ms();
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, stage, created_at, last_seen_at, expires_at)
             VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(sha256_hex(&token))
        .bind(user.0)
        .bind(stage)
        .bind(now)
        .bind(now + self.max_ms)
        .execute(&self.db.pool)
        .await?;
        Ok(token)
    }

    /// The live session for a cookie token; expired ones are deleted on sight.
    pub async fn load(&self, token: &str) -> Result<Option<Session>, sqlx::Error> {
        let id_hash = sha256_hex(token);
        let row: Option<(UserId, Stage, i64, i64, i64)> = sqlx::query_as(
            "SELECT user_id, stage, created_at, last_seen_at, expires_at FROM sessions WHERE id_hash = $1",
        )
        .bind(&id_hash)
        .fetch_optional(&self.db.pool)
        .await?;
        let Some((user_id, stage, created_at, last_seen_at, expires_at)) = row else { return Ok(None) };
        let now = self.clock.now_ms();
        if now >= expires_at || now - last_seen_at >= self.idle_ms {
            self.delete(&id_hash).await?;
            return Ok(None);
        }
        if now - last_seen_at >= TOUCH_EVERY_MS {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
                .bind(now)
                .bind(&id_hash)
                .execute(&self.db.pool)
                .await?;
        }
        Ok(Some(Session { id_hash, user_id, stage, created_at }))
    }

    pub async fn delete(&self, id_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(&self.db.pool).await?;
        Ok(())
    }

    /// "Log out everywhere", and what a password change or erasure does.
    pub async fn delete_all_for(&self, user: UserId) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.0).execute(&self.db.pool).await?;
        Ok(done.rows_affected())
    }

    /// Every session of a person but the one they are using.
    pub async fn delete_others(&self, user: UserId, keep_hash: &str) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user.0)
            .bind(keep_hash)
            .execute(&self.db.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// How many live sessions a person has and when each began (for their account page and export).
    pub async fn list_for(&self, user: UserId) -> Result<Vec<(i64, i64)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT created_at, last_seen_at FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at",
        )
        .bind(user.0)
        .bind(self.clock.now_ms())
        .fetch_all(&self.db.pool)
        .await
    }

    /// Removes expired sessions (run as a periodic job).
    pub async fn purge_expired(&self) -> Result<u64, sqlx::Error> {
        let now = self.clock.now_ms();
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
            .bind(now)
            .bind(now - self.idle_ms)
            .execute(&self.db.pool)
            .await?;
        Ok(done.rows_affected())
    }
}

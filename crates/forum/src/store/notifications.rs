//! In-app notifications, email preferences (none until the person chooses) and reply-by-email
//! tokens (stored hashed, expiring, single use). The notification and digest engine builds on
//! these; every post it shows must pass [`crate::access::can_read`] for the recipient at send time.

use rendezvous_platform::crypto::{random_token, sha256_hex};
use rendezvous_platform::db::Db;
use serde::Serialize;

use crate::model::EmailMode;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct NotificationRow {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub space_id: Option<i64>,
    pub thread_id: Option<i64>,
    pub post_id: Option<i64>,
    /// NULL when the post that caused it is anonymous.
    pub actor_id: Option<i64>,
    pub created_at: i64,
    pub read_at: Option<i64>,
    pub emailed_at: Option<i64>,
}

pub struct NewNotification<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    pub space_id: i64,
    pub thread_id: i64,
    pub post_id: i64,
    pub actor_id: Option<i64>,
}

pub async fn insert(db: &Db, n: &NewNotification<'_>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO forum_notifications (user_id, kind, space_id, thread_id, post_id, actor_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(n.user_id)
    .bind(n.kind)
    .bind(n.space_id)
    .bind(n.thread_id)
    .bind(n.post_id)
    .bind(n.actor_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

pub async fn of_user(db: &Db, user_id: i64, limit: i64) -> Result<Vec<NotificationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id, kind, space_id, thread_id, post_id, actor_id, created_at, read_at, emailed_at
         FROM forum_notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PrefsRow {
    pub user_id: i64,
    pub email_mode: String,
    pub notify_replies: i32,
    pub notify_mentions: i32,
    pub notify_watched: i32,
    pub chosen_at: Option<i64>,
    pub wording_version: String,
    pub last_digest_at: Option<i64>,
    pub updated_at: i64,
}

impl PrefsRow {
    pub fn email_mode(&self) -> EmailMode {
        EmailMode::parse(&self.email_mode).unwrap_or(EmailMode::None)
    }
}

/// A person's preferences; none stored means no mail at all.
pub async fn prefs(db: &Db, user_id: i64) -> Result<Option<PrefsRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT user_id, email_mode, notify_replies, notify_mentions, notify_watched, chosen_at, wording_version,
                last_digest_at, updated_at
         FROM forum_notification_prefs WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await
}

/// The person's own choice of email mode (the consent record: when, and the wording shown).
pub async fn choose_email_mode(
    db: &Db,
    user_id: i64,
    mode: EmailMode,
    wording: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO forum_notification_prefs (user_id, email_mode, chosen_at, wording_version, updated_at)
         VALUES ($1, $2, $3, $4, $3)
         ON CONFLICT (user_id) DO UPDATE SET email_mode = excluded.email_mode, chosen_at = excluded.chosen_at,
            wording_version = excluded.wording_version, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(mode.as_str())
    .bind(now)
    .bind(wording)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A new reply token for `user_id` in `thread_id`: the clear token goes in the reply address
/// only; the table keeps its SHA-256.
pub async fn new_reply_token(
    db: &Db,
    user_id: i64,
    thread_id: i64,
    post_id: Option<i64>,
    now: i64,
    valid_ms: i64,
) -> Result<String, sqlx::Error> {
    let token = random_token();
    sqlx::query(
        "INSERT INTO forum_reply_tokens (token_hash, user_id, thread_id, post_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(sha256_hex(&token))
    .bind(user_id)
    .bind(thread_id)
    .bind(post_id)
    .bind(now)
    .bind(now + valid_ms)
    .execute(&db.pool)
    .await?;
    Ok(token)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyTokenError {
    Unknown,
    Expired,
    Used,
}

/// Claims a reply token once: (user id, thread id). Forged, expired and reused tokens are told
/// apart so the explanation mail can say which.
pub async fn claim_reply_token(
    db: &Db,
    token: &str,
    now: i64,
) -> Result<Result<(i64, i64), ReplyTokenError>, sqlx::Error> {
    let hash = sha256_hex(token);
    let row: Option<(i64, i64, i64, Option<i64>)> =
        sqlx::query_as("SELECT user_id, thread_id, expires_at, used_at FROM forum_reply_tokens WHERE token_hash = $1")
            .bind(&hash)
            .fetch_optional(&db.pool)
            .await?;
    let Some((user_id, thread_id, expires_at, used_at)) = row else { return Ok(Err(ReplyTokenError::Unknown)) };
    if used_at.is_some() {
        return Ok(Err(ReplyTokenError::Used));
    }
    if expires_at <= now {
        return Ok(Err(ReplyTokenError::Expired));
    }
    let claimed = sqlx::query("UPDATE forum_reply_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL")
        .bind(&hash)
        .bind(now)
        .execute(&db.pool)
        .await?;
    if claimed.rows_affected() == 0 {
        return Ok(Err(ReplyTokenError::Used));
    }
    Ok(Ok((user_id, thread_id)))
}

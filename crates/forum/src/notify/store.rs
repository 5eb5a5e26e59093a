//! The SQL of notifications and their mail that the core store does not already have: who
//! watches or mutes, unread counts, mail claims, digest periods, reply tokens and handled
//! replies. Only the forum's tables.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::crypto::{random_token, sha256_hex};
use rendezvous_platform::db::Db;

use crate::ids::{NotificationId, PostId, ReplyTokenId, SpaceId, ThreadId};
use crate::store::notifications::NotificationRow;

const COLUMNS: &str = "id, user_id, kind, space_id, thread_id, post_id, actor_id, created_at, read_at, emailed_at";

/// People who watch this thread or its space (not muting either).
pub async fn watchers(db: &Db, thread_id: ThreadId, space_id: SpaceId) -> Result<Vec<UserId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT user_id FROM forum_thread_watches WHERE thread_id = $1 AND level = 'watch'
         UNION SELECT user_id FROM forum_space_watches WHERE space_id = $2 AND level = 'watch'",
    )
    .bind(thread_id)
    .bind(space_id)
    .fetch_all(&db.pool)
    .await
}

/// People who muted this thread or its space: muting wins over everything else.
pub async fn muters(db: &Db, thread_id: ThreadId, space_id: SpaceId) -> Result<Vec<UserId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT user_id FROM forum_thread_watches WHERE thread_id = $1 AND level = 'mute'
         UNION SELECT user_id FROM forum_space_watches WHERE space_id = $2 AND level = 'mute'",
    )
    .bind(thread_id)
    .bind(space_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn by_id(db: &Db, id: NotificationId) -> Result<Option<NotificationRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM forum_notifications WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

pub async fn unread_count(db: &Db, user_id: UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM forum_notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await
}

/// Marks one of the person's notifications read (`None`: all of them).
pub async fn mark_read(db: &Db, user_id: UserId, id: Option<NotificationId>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE forum_notifications SET read_at = $3
         WHERE user_id = $1 AND read_at IS NULL AND ($2 = 0 OR id = $2)",
    )
    .bind(user_id)
    .bind(id.map_or(0, i64::from))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Takes a notification for mailing, once: false when it was already mailed (or taken).
pub async fn claim_for_mail(db: &Db, id: NotificationId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE forum_notifications SET emailed_at = $2 WHERE id = $1 AND emailed_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// People whose email mode is `mode` (digest recipients).
pub async fn users_with_mode(db: &Db, mode: &str) -> Result<Vec<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM forum_notification_prefs WHERE email_mode = $1 ORDER BY user_id")
        .bind(mode)
        .fetch_all(&db.pool)
        .await
}

/// A person's notifications not yet mailed, created before `until`, oldest first.
pub async fn unmailed(db: &Db, user_id: UserId, until: i64, limit: i64) -> Result<Vec<NotificationRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM forum_notifications
         WHERE user_id = $1 AND emailed_at IS NULL AND created_at < $2 ORDER BY id LIMIT $3"
    )))
    .bind(user_id)
    .bind(until)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

pub async fn mark_mailed(db: &Db, ids: &[NotificationId], now: i64) -> Result<(), sqlx::Error> {
    if ids.is_empty() {
        return Ok(());
    }
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE forum_notifications SET emailed_at = $1 WHERE emailed_at IS NULL AND id IN ({})",
        crate::store::id_list(ids)
    )))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Records that `user_id` is being sent the digest of `period`; false when it already was (a
/// run that crashed, or another worker): whoever records it first sends it.
pub async fn record_digest(db: &Db, user_id: UserId, period: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO forum_digest_runs (user_id, period, sent_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, period) DO NOTHING",
    )
    .bind(user_id)
    .bind(period)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_last_digest(db: &Db, user_id: UserId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE forum_notification_prefs SET last_digest_at = $2 WHERE user_id = $1")
        .bind(user_id)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Which kinds of notification a person wants (replies, mentions, watched); all until they say.
pub async fn set_kinds(
    db: &Db,
    user_id: UserId,
    replies: bool,
    mentions: bool,
    watched: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO forum_notification_prefs (user_id, notify_replies, notify_mentions, notify_watched, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id) DO UPDATE SET notify_replies = excluded.notify_replies,
            notify_mentions = excluded.notify_mentions, notify_watched = excluded.notify_watched,
            updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(i32::from(replies))
    .bind(i32::from(mentions))
    .bind(i32::from(watched))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A reply token: lower-case hex, so it survives mail systems that lower-case the local part.
/// The clear token goes in the reply address only; the table keeps its SHA-256.
pub async fn new_reply_token(
    db: &Db,
    user_id: UserId,
    thread_id: ThreadId,
    post_id: PostId,
    now: i64,
    valid_ms: i64,
) -> Result<String, sqlx::Error> {
    let token = sha256_hex(random_token())[..40].to_owned();
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

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReplyTokenRow {
    pub id: ReplyTokenId,
    pub user_id: UserId,
    pub thread_id: ThreadId,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub used_for_post_id: Option<PostId>,
}

pub async fn reply_token(db: &Db, token: &str) -> Result<Option<ReplyTokenRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id, thread_id, expires_at, used_at, used_for_post_id FROM forum_reply_tokens
         WHERE token_hash = $1",
    )
    .bind(sha256_hex(token.to_ascii_lowercase()))
    .fetch_optional(&db.pool)
    .await
}

/// Takes an unused token (false: someone else did first).
pub async fn use_reply_token(db: &Db, id: ReplyTokenId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE forum_reply_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a token back when posting failed for a reason of ours (the database), so the MTA's
/// retry can use it.
pub async fn release_reply_token(db: &Db, id: ReplyTokenId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE forum_reply_tokens SET used_at = NULL WHERE id = $1 AND used_for_post_id IS NULL")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Takes an inbound reply message for handling, once: false when it was handled already (a
/// retried delivery, or the same message through the mailbox poller too).
pub async fn claim_message(db: &Db, message_hash: &str, token_id: ReplyTokenId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO forum_reply_messages (message_hash, token_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (message_hash) DO NOTHING",
    )
    .bind(message_hash)
    .bind(token_id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the post a reply message (and its token) became.
pub async fn set_message_post(
    db: &Db,
    message_hash: &str,
    token_id: ReplyTokenId,
    post_id: PostId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE forum_reply_messages SET post_id = $2 WHERE message_hash = $1")
        .bind(message_hash)
        .bind(post_id)
        .execute(&db.pool)
        .await?;
    sqlx::query("UPDATE forum_reply_tokens SET used_for_post_id = $2 WHERE id = $1")
        .bind(token_id)
        .bind(post_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Forgets a message whose handling failed on our side, so the MTA's retry is handled afresh.
pub async fn forget_message(db: &Db, message_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM forum_reply_messages WHERE message_hash = $1")
        .bind(message_hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}

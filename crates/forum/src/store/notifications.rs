//! In-app notifications, email preferences (none until the person chooses) and reply-by-email
//! tokens (stored hashed, expiring, single use). The notification and digest engine builds on
//! these; every post it shows must pass [`crate::access::can_read`] for the recipient at send time.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;
use serde::Serialize;

use crate::ids::{NotificationId, PostId, SpaceId, ThreadId};
use crate::model::EmailMode;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct NotificationRow {
    pub id: NotificationId,
    pub user_id: UserId,
    pub kind: String,
    pub space_id: Option<SpaceId>,
    pub thread_id: Option<ThreadId>,
    pub post_id: Option<PostId>,
    /// NULL when the post that caused it is anonymous.
    pub actor_id: Option<UserId>,
    pub created_at: i64,
    pub read_at: Option<i64>,
    pub emailed_at: Option<i64>,
}

pub struct NewNotification<'a> {
    pub user_id: UserId,
    pub kind: &'a str,
    pub space_id: SpaceId,
    pub thread_id: ThreadId,
    pub post_id: PostId,
    pub actor_id: Option<UserId>,
}

pub async fn insert(db: &Db, n: &NewNotification<'_>, now: i64) -> Result<NotificationId, sqlx::Error> {
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

pub async fn of_user(db: &Db, user_id: UserId, limit: i64) -> Result<Vec<NotificationRow>, sqlx::Error> {
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
    pub user_id: UserId,
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
pub async fn prefs(db: &Db, user_id: UserId) -> Result<Option<PrefsRow>, sqlx::Error> {
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
    user_id: UserId,
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

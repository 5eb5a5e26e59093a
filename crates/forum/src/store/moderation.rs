//! Flags, the per-space moderation log, and sanctions (warnings, suspensions, bans).

use crate::ids::{FlagId, LogEntryId, PostId, SpaceId, ThreadId};
use crate::model::FlagState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FlagRow {
    pub id: FlagId,
    pub post_id: PostId,
    pub flagger_id: UserId,
    pub reason: String,
    pub state: FlagState,
    pub created_at: i64,
}

pub async fn insert_flag(
    db: &Db,
    post_id: PostId,
    flagger_id: UserId,
    reason: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO forum_flags (post_id, flagger_id, reason, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(post_id)
    .bind(flagger_id)
    .bind(reason)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

/// Open flags on posts of the given spaces, oldest first.
pub async fn open_flags(db: &Db, space_ids: &[SpaceId], limit: i64) -> Result<Vec<FlagRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT f.id, f.post_id, f.flagger_id, f.reason, f.state, f.created_at FROM forum_flags f
         JOIN forum_posts p ON p.id = f.post_id
         WHERE f.state = 'open' AND p.space_id IN ({}) ORDER BY f.id LIMIT $1",
        super::id_list(space_ids)
    )))
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// Closes every open flag on a post.
pub async fn resolve_flags(
    db: &Db,
    post_id: PostId,
    by: UserId,
    state: FlagState,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE forum_flags SET state = $3, resolved_by = $2, resolved_at = $4 WHERE post_id = $1 AND state = 'open'",
    )
    .bind(post_id)
    .bind(by)
    .bind(state)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct LogRow {
    pub id: LogEntryId,
    pub space_id: SpaceId,
    pub moderator_id: UserId,
    pub action: String,
    pub thread_id: Option<ThreadId>,
    pub post_id: Option<PostId>,
    /// NULL when the post acted on is anonymous: the log never names its author.
    pub target_user_id: Option<UserId>,
    pub reason: String,
    pub created_at: i64,
}

pub struct LogEntry<'a> {
    pub space_id: SpaceId,
    pub moderator_id: UserId,
    pub action: &'a str,
    pub thread_id: Option<ThreadId>,
    pub post_id: Option<PostId>,
    pub target_user_id: Option<UserId>,
    pub reason: &'a str,
}

pub async fn log(db: &Db, e: &LogEntry<'_>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO forum_moderation_log (space_id, moderator_id, action, thread_id, post_id, target_user_id, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(e.space_id)
    .bind(e.moderator_id)
    .bind(e.action)
    .bind(e.thread_id)
    .bind(e.post_id)
    .bind(e.target_user_id)
    .bind(e.reason)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn log_of_space(db: &Db, space_id: SpaceId, limit: i64) -> Result<Vec<LogRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, space_id, moderator_id, action, thread_id, post_id, target_user_id, reason, created_at
         FROM forum_moderation_log WHERE space_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(space_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

pub async fn insert_sanction(
    db: &Db,
    user_id: UserId,
    kind: &str,
    reason: &str,
    ends_at: Option<i64>,
    by: UserId,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO forum_sanctions (user_id, kind, reason, starts_at, ends_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(kind)
    .bind(reason)
    .bind(now)
    .bind(ends_at)
    .bind(by)
    .fetch_one(&db.pool)
    .await
}

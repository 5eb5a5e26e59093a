//! Threads: a title in a space, pinned or locked, with its visible-post count and last post.

use crate::ids::{PostId, SpaceId, ThreadId};
use crate::model::PostState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;
use serde::Serialize;
use sqlx::{Any, Transaction};

#[derive(Debug, Clone, Default, sqlx::FromRow, Serialize)]
pub struct ThreadRow {
    pub id: ThreadId,
    pub space_id: SpaceId,
    #[serde(skip)]
    pub author_id: UserId,
    pub anonymous: i32,
    pub title: String,
    pub pinned: i32,
    pub locked: i32,
    pub state: PostState,
    pub post_count: i64,
    pub last_post_id: Option<PostId>,
    pub last_post_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, space_id, author_id, anonymous, title, pinned, locked, state, post_count, last_post_id, \
    last_post_at, created_at, updated_at";

pub async fn insert(
    tx: &mut Transaction<'static, Any>,
    space_id: SpaceId,
    author_id: UserId,
    anonymous: bool,
    title: &str,
    state: PostState,
    now: i64,
) -> Result<ThreadId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO forum_threads (space_id, author_id, anonymous, title, state, last_post_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING id",
    )
    .bind(space_id)
    .bind(author_id)
    .bind(i32::from(anonymous))
    .bind(title)
    .bind(state)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn by_id(db: &Db, id: ThreadId) -> Result<Option<ThreadRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM forum_threads WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// A page of a space's visible threads, pinned first, then by latest post.
pub async fn in_space(db: &Db, space_id: SpaceId, limit: i64, offset: i64) -> Result<Vec<ThreadRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM forum_threads WHERE space_id = $1 AND state = 'visible'
         ORDER BY pinned DESC, last_post_at DESC, id DESC LIMIT $2 OFFSET $3"
    )))
    .bind(space_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

pub async fn count_in_space(db: &Db, space_id: SpaceId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM forum_threads WHERE space_id = $1 AND state = 'visible'")
        .bind(space_id)
        .fetch_one(&db.pool)
        .await
}

/// Recomputes a thread's visible-post count and last post, and its state from its opening post:
/// held or hidden with it; an opening post deleted leaves the thread up while others' replies are
/// visible.
pub async fn refresh(tx: &mut Transaction<'static, Any>, thread_id: ThreadId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE forum_threads SET
            post_count = (SELECT COUNT(*) FROM forum_posts WHERE thread_id = $1 AND state = 'visible'),
            last_post_id = (SELECT MAX(id) FROM forum_posts WHERE thread_id = $1 AND state = 'visible'),
            last_post_at = COALESCE((SELECT MAX(created_at) FROM forum_posts WHERE thread_id = $1 AND state = 'visible'), last_post_at),
            state = COALESCE((SELECT CASE WHEN f.state <> 'deleted' THEN f.state
                                          WHEN EXISTS (SELECT 1 FROM forum_posts o WHERE o.thread_id = $1 AND o.state = 'visible')
                                          THEN 'visible' ELSE 'deleted' END
                              FROM forum_posts f WHERE f.thread_id = $1 ORDER BY f.id LIMIT 1), state),
            updated_at = $2
         WHERE id = $1",
    )
    .bind(thread_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_flag(
    db: &Db,
    thread_id: ThreadId,
    pinned: Option<bool>,
    locked: Option<bool>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE forum_threads SET pinned = COALESCE($2, pinned), locked = COALESCE($3, locked), updated_at = $4
         WHERE id = $1",
    )
    .bind(thread_id)
    .bind(pinned.map(i32::from))
    .bind(locked.map(i32::from))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Moves a thread and its posts to another space.
pub async fn move_to(
    tx: &mut Transaction<'static, Any>,
    thread_id: ThreadId,
    space_id: SpaceId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE forum_threads SET space_id = $2, updated_at = $3 WHERE id = $1")
        .bind(thread_id)
        .bind(space_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE forum_posts SET space_id = $2 WHERE thread_id = $1")
        .bind(thread_id)
        .bind(space_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The last post each of these threads' reader has read (thread id, post id).
pub async fn read_markers(
    db: &Db,
    user_id: UserId,
    thread_ids: &[ThreadId],
) -> Result<Vec<(ThreadId, PostId)>, sqlx::Error> {
    if thread_ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT thread_id, last_read_post_id FROM forum_read_markers WHERE user_id = $1 AND thread_id IN ({})",
        super::id_list(thread_ids)
    )))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

/// Marks a thread read up to `post_id` (never backwards).
pub async fn mark_read(
    db: &Db,
    user_id: UserId,
    thread_id: ThreadId,
    post_id: PostId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO forum_read_markers (user_id, thread_id, last_read_post_id, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, thread_id) DO UPDATE SET
            last_read_post_id = CASE WHEN excluded.last_read_post_id > forum_read_markers.last_read_post_id
                                     THEN excluded.last_read_post_id ELSE forum_read_markers.last_read_post_id END,
            updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(thread_id)
    .bind(post_id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// What a person watches or mutes: a thread or a whole space (each has its own table).
#[derive(Clone, Copy)]
enum Watched {
    Thread,
    Space,
}

impl Watched {
    /// Fixed table and column names of ours, never input.
    fn table_and_column(self) -> (&'static str, &'static str) {
        match self {
            Watched::Thread => ("forum_thread_watches", "thread_id"),
            Watched::Space => ("forum_space_watches", "space_id"),
        }
    }

    async fn set(
        self,
        db: &Db,
        user_id: UserId,
        id: impl Into<i64>,
        level: Option<&str>,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let (table, column) = self.table_and_column();
        let sql = match level {
            Some(_) => format!(
                "INSERT INTO {table} (user_id, {column}, level, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (user_id, {column}) DO UPDATE SET level = excluded.level"
            ),
            None => format!("DELETE FROM {table} WHERE user_id = $1 AND {column} = $2"),
        };
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(user_id).bind(id.into());
        match level {
            Some(level) => query.bind(level).bind(now).execute(&db.pool).await?,
            None => query.execute(&db.pool).await?,
        };
        Ok(())
    }

    async fn level(self, db: &Db, user_id: UserId, id: impl Into<i64>) -> Result<Option<String>, sqlx::Error> {
        let (table, column) = self.table_and_column();
        let sql = format!("SELECT level FROM {table} WHERE user_id = $1 AND {column} = $2");
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(user_id).bind(id.into()).fetch_optional(&db.pool).await
    }
}

/// Watch or mute a thread (None: back to the default).
pub async fn set_watch(
    db: &Db,
    user_id: UserId,
    thread_id: ThreadId,
    level: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    Watched::Thread.set(db, user_id, thread_id, level, now).await
}

pub async fn watch_level(db: &Db, user_id: UserId, thread_id: ThreadId) -> Result<Option<String>, sqlx::Error> {
    Watched::Thread.level(db, user_id, thread_id).await
}

/// Watch or mute a whole space (None: back to the default).
pub async fn set_space_watch(
    db: &Db,
    user_id: UserId,
    space_id: SpaceId,
    level: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    Watched::Space.set(db, user_id, space_id, level, now).await
}

pub async fn space_watch_level(db: &Db, user_id: UserId, space_id: SpaceId) -> Result<Option<String>, sqlx::Error> {
    Watched::Space.level(db, user_id, space_id).await
}

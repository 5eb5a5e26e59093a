//! A person's forum data, for their export and their erasure.

use crate::ids::{PostId, ThreadId};
use crate::model::PostState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::{Db, Dialect};
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct OwnPost {
    pub id: PostId,
    pub thread_id: ThreadId,
    pub anonymous: i32,
    pub body_markdown: String,
    pub content_warning: Option<String>,
    pub state: PostState,
    pub created_at: i64,
}

pub async fn posts_of(db: &Db, user_id: UserId) -> Result<Vec<OwnPost>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, thread_id, anonymous, body_markdown, content_warning, state, created_at FROM forum_posts
         WHERE author_id = $1 AND state <> 'deleted' ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

/// (thread id, level) and (space id, level) watches, and the email mode.
pub async fn settings_of(
    db: &Db,
    user_id: UserId,
) -> Result<(Vec<(i64, String)>, Vec<(i64, String)>, Option<String>), sqlx::Error> {
    let threads = sqlx::query_as("SELECT thread_id, level FROM forum_thread_watches WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    let spaces = sqlx::query_as("SELECT space_id, level FROM forum_space_watches WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    let mode = sqlx::query_scalar("SELECT email_mode FROM forum_notification_prefs WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok((threads, spaces, mode))
}

/// Erases what is about the person; with `delete_posts`, their posts' words too (the posts keep
/// their place as "deleted" so replies still make sense).
pub async fn erase(db: &Db, user_id: UserId, delete_posts: bool, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    for sql in [
        "DELETE FROM forum_reactions WHERE user_id = $1",
        "DELETE FROM forum_read_markers WHERE user_id = $1",
        "DELETE FROM forum_thread_watches WHERE user_id = $1",
        "DELETE FROM forum_space_watches WHERE user_id = $1",
        "DELETE FROM forum_notifications WHERE user_id = $1",
        "DELETE FROM forum_notification_prefs WHERE user_id = $1",
        "DELETE FROM forum_reply_tokens WHERE user_id = $1",
        "DELETE FROM forum_space_moderators WHERE user_id = $1",
        "DELETE FROM forum_sanctions WHERE user_id = $1",
        "UPDATE forum_flags SET flagger_id = 0 WHERE flagger_id = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *tx).await?;
    }
    if delete_posts {
        let ids: Vec<PostId> = sqlx::query_scalar("SELECT id FROM forum_posts WHERE author_id = $1")
            .bind(user_id)
            .fetch_all(&mut *tx)
            .await?;
        let unindex = match db.dialect {
            Dialect::Sqlite => "DELETE FROM forum_search WHERE rowid = $1",
            Dialect::Postgres => "DELETE FROM forum_search WHERE post_id = $1",
        };
        for id in &ids {
            sqlx::query(unindex).bind(id).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM forum_post_edits WHERE post_id IN (SELECT id FROM forum_posts WHERE author_id = $1)")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE forum_posts SET state = 'deleted', body_markdown = '', body_html = '', content_warning = NULL,
                updated_at = $2 WHERE author_id = $1",
        )
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let threads: Vec<ThreadId> =
            sqlx::query_scalar("SELECT DISTINCT thread_id FROM forum_posts WHERE author_id = $1")
                .bind(user_id)
                .fetch_all(&mut *tx)
                .await?;
        for thread in threads {
            super::threads::refresh(&mut tx, thread, now).await?;
        }
    }
    tx.commit().await
}

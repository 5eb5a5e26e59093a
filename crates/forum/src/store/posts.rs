//! Posts, their edit history and the "support" reaction.

use crate::access::PostFilter;
use crate::ids::{PostEditId, PostId, SpaceId, ThreadId};
use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;
use sqlx::{Any, Transaction};

use crate::model::PostState;

/// A post as stored. `author_id` of an anonymous post is for moderation only: never shown,
/// serialised or mailed (see [`crate::posts::PostView`], which is what leaves the crate).
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct PostRow {
    pub id: PostId,
    pub thread_id: ThreadId,
    pub space_id: SpaceId,
    pub author_id: UserId,
    pub anonymous: i32,
    pub body_markdown: String,
    pub body_html: String,
    pub content_warning: Option<String>,
    pub quote_of: Option<PostId>,
    pub state: PostState,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, thread_id, space_id, author_id, anonymous, body_markdown, body_html, content_warning, \
    quote_of, state, created_at, edited_at, updated_at";

pub struct NewPost<'a> {
    pub thread_id: ThreadId,
    pub space_id: SpaceId,
    pub author_id: UserId,
    pub anonymous: bool,
    pub body_markdown: &'a str,
    pub body_html: &'a str,
    pub content_warning: Option<&'a str>,
    pub quote_of: Option<PostId>,
    pub state: PostState,
}

pub async fn insert(tx: &mut Transaction<'static, Any>, p: &NewPost<'_>, now: i64) -> Result<PostId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO forum_posts (thread_id, space_id, author_id, anonymous, body_markdown, body_html,
            content_warning, quote_of, state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(p.thread_id)
    .bind(p.space_id)
    .bind(p.author_id)
    .bind(i32::from(p.anonymous))
    .bind(p.body_markdown)
    .bind(p.body_html)
    .bind(p.content_warning)
    .bind(p.quote_of)
    .bind(p.state)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn by_id(db: &Db, id: PostId) -> Result<Option<PostRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM forum_posts WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// A page of a thread's posts, oldest first: those `filter` shows to the viewer `own` (see
/// `access::post_filter`). Deleted posts keep their place (shown as "deleted") so replies still
/// make sense.
pub async fn in_thread(
    db: &Db,
    thread_id: ThreadId,
    filter: &PostFilter,
    own: Option<UserId>,
    limit: i64,
    offset: i64,
) -> Result<Vec<PostRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM forum_posts WHERE thread_id = $1 AND {}
         ORDER BY id LIMIT $3 OFFSET $4",
        filter.sql(2)
    )))
    .bind(thread_id)
    .bind(own.map_or(-1, i64::from))
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

pub async fn count_in_thread(
    db: &Db,
    thread_id: ThreadId,
    filter: &PostFilter,
    own: Option<UserId>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM forum_posts WHERE thread_id = $1 AND {}",
        filter.sql(2)
    )))
    .bind(thread_id)
    .bind(own.map_or(-1, i64::from))
    .fetch_one(&db.pool)
    .await
}

/// How many posts the same reader sees before `post` in its thread (to find its page).
pub async fn position_in_thread(
    db: &Db,
    post: &PostRow,
    filter: &PostFilter,
    own: Option<UserId>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM forum_posts WHERE thread_id = $1 AND id < $3 AND {}",
        filter.sql(2)
    )))
    .bind(post.thread_id)
    .bind(own.map_or(-1, i64::from))
    .bind(post.id)
    .fetch_one(&db.pool)
    .await
}

/// The first post of a thread (its opening post).
pub async fn first_in_thread(db: &Db, thread_id: ThreadId) -> Result<Option<PostRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM forum_posts WHERE thread_id = $1 ORDER BY id LIMIT 1"
    )))
    .bind(thread_id)
    .fetch_optional(&db.pool)
    .await
}

/// Replaces a post's body, keeping the previous version in the history.
pub async fn edit(
    tx: &mut Transaction<'static, Any>,
    before: &PostRow,
    editor_id: UserId,
    body_markdown: &str,
    body_html: &str,
    content_warning: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO forum_post_edits (post_id, editor_id, body_markdown, content_warning, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(before.id)
    .bind(editor_id)
    .bind(&before.body_markdown)
    .bind(&before.content_warning)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE forum_posts SET body_markdown = $2, body_html = $3, content_warning = $4, edited_at = $5, updated_at = $5
         WHERE id = $1",
    )
    .bind(before.id)
    .bind(body_markdown)
    .bind(body_html)
    .bind(content_warning)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EditRow {
    pub id: PostEditId,
    pub post_id: PostId,
    pub editor_id: UserId,
    pub body_markdown: String,
    pub content_warning: Option<String>,
    pub created_at: i64,
}

pub async fn edits(db: &Db, post_id: PostId) -> Result<Vec<EditRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, post_id, editor_id, body_markdown, content_warning, created_at FROM forum_post_edits
         WHERE post_id = $1 ORDER BY id",
    )
    .bind(post_id)
    .fetch_all(&db.pool)
    .await
}

/// Sets a post's state; returns false when it was not in one of `from`.
pub async fn set_state(
    tx: &mut Transaction<'static, Any>,
    post_id: PostId,
    from: &[PostState],
    to: PostState,
    now: i64,
) -> Result<bool, sqlx::Error> {
    // The states are our own constants, so the list is safe to splice.
    let from: Vec<String> = from.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let done = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE forum_posts SET state = $2, updated_at = $3 WHERE id = $1 AND state IN ({})",
        from.join(",")
    )))
    .bind(post_id)
    .bind(to.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Posts a person wrote since `since` (all states): for rate limits.
pub async fn count_by_author_since(db: &Db, author_id: UserId, since: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM forum_posts WHERE author_id = $1 AND created_at >= $2")
        .bind(author_id)
        .bind(since)
        .fetch_one(&db.pool)
        .await
}

/// A person's approved (visible) posts, in one space or everywhere: "new members" have few.
pub async fn count_visible_by_author(
    db: &Db,
    author_id: UserId,
    space_id: Option<SpaceId>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM forum_posts WHERE author_id = $1 AND state = 'visible' AND ($2 = 0 OR space_id = $2)",
    )
    .bind(author_id)
    .bind(space_id.map_or(0, i64::from))
    .fetch_one(&db.pool)
    .await
}

/// Held posts waiting for a moderator, in the given spaces, oldest first.
pub async fn held(db: &Db, space_ids: &[SpaceId], limit: i64) -> Result<Vec<PostRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM forum_posts WHERE state = 'held' AND space_id IN ({}) ORDER BY id LIMIT $1",
        super::id_list(space_ids)
    )))
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// Recent visible posts of some spaces, newest first (feeds).
pub async fn recent_in_spaces(db: &Db, space_ids: &[SpaceId], limit: i64) -> Result<Vec<PostRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM forum_posts WHERE state = 'visible' AND space_id IN ({}) ORDER BY id DESC LIMIT $1",
        super::id_list(space_ids)
    )))
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

pub async fn by_ids(db: &Db, ids: &[PostId]) -> Result<Vec<PostRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM forum_posts WHERE id IN ({})",
        super::id_list(ids)
    )))
    .fetch_all(&db.pool)
    .await
}

/// Adds or removes the person's "support" on a post; true when it is now on.
pub async fn toggle_support(db: &Db, post_id: PostId, user_id: UserId, now: i64) -> Result<bool, sqlx::Error> {
    let removed = sqlx::query("DELETE FROM forum_reactions WHERE post_id = $1 AND user_id = $2 AND kind = 'support'")
        .bind(post_id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    if removed.rows_affected() > 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO forum_reactions (post_id, user_id, kind, created_at) VALUES ($1, $2, 'support', $3)
         ON CONFLICT (post_id, user_id, kind) DO NOTHING",
    )
    .bind(post_id)
    .bind(user_id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(true)
}

/// (post id, support count, whether `user_id` gave it) for these posts.
pub async fn support(
    db: &Db,
    post_ids: &[PostId],
    user_id: Option<UserId>,
) -> Result<Vec<(PostId, i64, i64)>, sqlx::Error> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT post_id, COUNT(*), SUM(CASE WHEN user_id = $1 THEN 1 ELSE 0 END) FROM forum_reactions
         WHERE kind = 'support' AND post_id IN ({}) GROUP BY post_id",
        super::id_list(post_ids)
    )))
    .bind(user_id.map_or(-1, i64::from))
    .fetch_all(&db.pool)
    .await
}

/// Whether the person wrote anonymously in the thread (their replies by mail stay anonymous).
pub async fn wrote_anonymously_in(db: &Db, thread_id: ThreadId, user_id: UserId) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM forum_posts WHERE thread_id = $1 AND author_id = $2 AND anonymous = 1 LIMIT 1",
    )
    .bind(thread_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.is_some())
}

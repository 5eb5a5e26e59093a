//! The forum's part of who a reader is (the spaces they moderate, whether a sanction stops them
//! posting) and, on a thread's page, what is theirs there (how far they read, how they watch it,
//! which posts they supported): one statement, read afresh on every request, never kept.

use std::collections::HashSet;

use crate::ids::{PostId, SpaceId, ThreadId};
use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;

/// The forum's part of a reader's standing.
#[derive(Debug, Default)]
pub struct Standing {
    pub moderates: Vec<SpaceId>,
    /// Suspended now, or banned.
    pub posting_blocked: bool,
    pub marks: ReaderMarks,
}

/// What is one reader's own on a thread's page.
#[derive(Debug, Default)]
pub struct ReaderMarks {
    pub read_up_to: Option<PostId>,
    pub watch: Option<String>,
    pub supported: HashSet<PostId>,
}

/// The reader's [`Standing`], with their marks on `thread` when one is given (empty otherwise).
pub async fn of_reader(db: &Db, user_id: UserId, now: i64, thread: Option<ThreadId>) -> Result<Standing, sqlx::Error> {
    const MODERATES: i64 = 1;
    const BLOCKED: i64 = 2;
    const MARKER: i64 = 3;
    const WATCH: i64 = 4;
    const SUPPORT: i64 = 5;
    // Each arm is one part, told apart by its first column; a NULL thread matches no mark.
    let rows: Vec<(i64, Option<i64>, Option<String>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT CAST({MODERATES} AS BIGINT), space_id, CAST(NULL AS TEXT) FROM forum_space_moderators
          WHERE user_id = $1
         UNION ALL
         SELECT {BLOCKED}, NULL, NULL FROM forum_sanctions
          WHERE user_id = $1 AND lifted_at IS NULL
            AND (kind = 'ban' OR (kind = 'suspension' AND starts_at <= $2 AND ends_at > $2))
         UNION ALL
         SELECT {MARKER}, last_read_post_id, NULL FROM forum_read_markers WHERE user_id = $1 AND thread_id = $3
         UNION ALL
         SELECT {WATCH}, NULL, level FROM forum_thread_watches WHERE user_id = $1 AND thread_id = $3
         UNION ALL
         SELECT {SUPPORT}, r.post_id, NULL FROM forum_reactions r JOIN forum_posts p ON p.id = r.post_id
          WHERE r.kind = 'support' AND r.user_id = $1 AND p.thread_id = $3"
    )))
    .bind(user_id)
    .bind(now)
    .bind(thread)
    .fetch_all(&db.pool)
    .await?;
    let mut standing = Standing::default();
    for (part, id, level) in rows {
        match (part, id) {
            (MODERATES, Some(space)) => standing.moderates.push(SpaceId(space)),
            (BLOCKED, _) => standing.posting_blocked = true,
            (MARKER, Some(post)) => standing.marks.read_up_to = Some(PostId(post)),
            (WATCH, _) => standing.marks.watch = level,
            (SUPPORT, Some(post)) => {
                standing.marks.supported.insert(PostId(post));
            }
            _ => {}
        }
    }
    Ok(standing)
}

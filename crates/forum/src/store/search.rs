//! The full-text index, the one place where the two backends differ for the forum: an FTS5 table
//! on SQLite (rowid = post id; each term quoted so nothing typed is query syntax), a generated
//! tsvector (English, French and 'simple') on PostgreSQL queried with `plainto_tsquery` (which
//! reads no operators).

use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::{Db, Dialect};
use sqlx::{Any, Transaction};

use crate::ids::{PostId, SpaceId};

/// Puts a post in the index, or replaces its entry. `title` only for a thread's first post.
pub async fn index(
    tx: &mut Transaction<'static, Any>,
    dialect: Dialect,
    post_id: PostId,
    title: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    unindex(tx, dialect, post_id).await?;
    let sql = match dialect {
        Dialect::Sqlite => "INSERT INTO forum_search (rowid, title, body) VALUES ($1, $2, $3)",
        Dialect::Postgres => "INSERT INTO forum_search (post_id, title, body) VALUES ($1, $2, $3)",
    };
    sqlx::query(sql).bind(post_id).bind(title).bind(body).execute(&mut **tx).await?;
    Ok(())
}

pub async fn unindex(tx: &mut Transaction<'static, Any>, dialect: Dialect, post_id: PostId) -> Result<(), sqlx::Error> {
    let sql = match dialect {
        Dialect::Sqlite => "DELETE FROM forum_search WHERE rowid = $1",
        Dialect::Postgres => "DELETE FROM forum_search WHERE post_id = $1",
    };
    sqlx::query(sql).bind(post_id).execute(&mut **tx).await?;
    Ok(())
}

/// An FTS5 query that matches every word typed, each as a quoted string (so `OR`, `NEAR`, `*`,
/// `:` and quotes are just text). None when nothing searchable was typed.
pub fn fts5_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(12)
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// How many of the most recent matches are ranked: ranking every match of a common word (half of
/// 100,000 posts) cost 50 ms on SQLite and 100-300 ms on PostgreSQL; the newest 500 cost a few.
pub const CANDIDATES: i64 = 500;

/// Ids of visible posts matching `text` in the given spaces (and by `author`, never matching
/// anonymous posts): the best-ranked among the [`CANDIDATES`] most recent matches. The spaces
/// are an integer list (safe to splice).
pub async fn search(
    db: &Db,
    text: &str,
    space_ids: &[SpaceId],
    author: Option<UserId>,
    limit: i64,
    offset: i64,
) -> Result<Vec<PostId>, sqlx::Error> {
    if space_ids.is_empty() {
        return Ok(Vec::new());
    }
    let spaces = super::id_list(space_ids);
    let author = author.map_or(0, i64::from);
    match db.dialect {
        Dialect::Sqlite => {
            let Some(query) = fts5_query(text) else { return Ok(Vec::new()) };
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                // CROSS JOIN keeps the full-text index as the outer loop: otherwise the planner may
                // walk the space's posts and probe the index once per post (80 ms for no match
                // over 5,000 posts). FTS5 reads matches newest first and computes `rank` only for
                // the candidates kept.
                "SELECT id FROM (
                    SELECT p.id AS id, s.rank AS score FROM forum_search s CROSS JOIN forum_posts p ON p.id = s.rowid
                    WHERE forum_search MATCH $1 AND p.state = 'visible' AND p.space_id IN ({spaces})
                      AND ($2 = 0 OR (p.author_id = $2 AND p.anonymous = 0))
                    ORDER BY s.rowid DESC LIMIT {CANDIDATES}
                 ) ORDER BY score, id DESC LIMIT $3 OFFSET $4"
            )))
            .bind(query)
            .bind(author)
            .bind(limit)
            .bind(offset)
            .fetch_all(&db.pool)
            .await
        }
        Dialect::Postgres => {
            if fts5_query(text).is_none() {
                return Ok(Vec::new());
            }
            // A plan per query: how many posts a word matches decides between walking posts
            // newest first (a common word) and the GIN index (a rare one); a generic plan cached
            // for the prepared statement would pick one for all words.
            let mut tx = db.pool.begin().await?;
            sqlx::query("SET LOCAL plan_cache_mode = force_custom_plan").execute(&mut *tx).await?;
            let ids = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT c.id FROM (
                    SELECT p.id, s.document FROM forum_search s JOIN forum_posts p ON p.id = s.post_id
                    WHERE s.document @@ ({TSQUERY}) AND p.state = 'visible' AND p.space_id IN ({spaces})
                      AND ($2 = 0 OR (p.author_id = $2 AND p.anonymous = 0))
                    ORDER BY p.id DESC LIMIT {CANDIDATES}
                 ) c ORDER BY ts_rank(c.document, ({TSQUERY})) DESC, c.id DESC LIMIT $3 OFFSET $4"
            )))
            .bind(text)
            .bind(author)
            .bind(limit)
            .bind(offset)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(ids)
        }
    }
}

/// What was typed as a PostgreSQL query: the words in English, French or as written (no
/// operators are read from the text).
const TSQUERY: &str = "plainto_tsquery('english'::regconfig, $1) || plainto_tsquery('french'::regconfig, $1) \
    || plainto_tsquery('simple'::regconfig, $1)";

#[cfg(test)]
mod tests {
    use super::fts5_query;

    #[test]
    fn every_term_is_quoted() {
        assert_eq!(fts5_query("naloxone kits").as_deref(), Some("\"naloxone\" \"kits\""));
        assert_eq!(fts5_query("a\" OR body:* NEAR(").as_deref(), Some("\"a\" \"OR\" \"body\" \"NEAR\""));
        assert_eq!(fts5_query("\"*:^()"), None);
        assert_eq!(fts5_query("réduction des méfaits").as_deref(), Some("\"réduction\" \"des\" \"méfaits\""));
    }
}

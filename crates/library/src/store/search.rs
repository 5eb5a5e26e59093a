//! The library's search index, the one place where the backends differ: an FTS5 table on SQLite,
//! a 'simple' tsvector on PostgreSQL. Both hold the same terms, folded and stemmed in Rust (see
//! `words`), and both are queried with those terms only (letters and digits), so nothing typed
//! is query syntax.

use rendezvous_platform::db::{Db, Dialect};

use super::resources::{Filters, filter_sql};
use crate::ids::ResourceId;

/// Replaces a version's entry.
pub async fn index(db: &Db, id: ResourceId, lang: &str, terms: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let (delete, insert) = match db.dialect {
        Dialect::Sqlite => (
            "DELETE FROM library_search WHERE resource_id = $1 AND lang = $2",
            "INSERT INTO library_search (resource_id, lang, terms) VALUES ($1, $2, $3)",
        ),
        Dialect::Postgres => (
            "DELETE FROM library_search WHERE resource_id = $1 AND lang = $2",
            "INSERT INTO library_search (resource_id, lang, terms) VALUES ($1, $2, $3)",
        ),
    };
    sqlx::query(delete).bind(id).bind(lang).execute(&mut *tx).await?;
    sqlx::query(insert).bind(id).bind(lang).bind(terms).execute(&mut *tx).await?;
    tx.commit().await
}

/// Published resources matching every word group (any stem of each), newest first.
pub async fn search(
    db: &Db,
    groups: &[Vec<String>],
    filters: &Filters,
    limit: i64,
    offset: i64,
) -> Result<Vec<ResourceId>, sqlx::Error> {
    let safe = |s: &String| s.chars().all(char::is_alphanumeric) && !s.is_empty();
    let groups: Vec<Vec<&String>> =
        groups.iter().map(|g| g.iter().filter(|s| safe(s)).collect::<Vec<_>>()).filter(|g| !g.is_empty()).collect();
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let [kind, topic, year, lang] = filters.values();
    let (query, sql) = match db.dialect {
        Dialect::Sqlite => {
            let query = groups
                .iter()
                .map(|g| format!("({})", g.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(" OR ")))
                .collect::<Vec<_>>()
                .join(" AND ");
            let sql = format!(
                "SELECT r.id FROM library_resources r WHERE r.id IN (
                   SELECT CAST(resource_id AS BIGINT) FROM library_search WHERE library_search MATCH $1
                 ) AND {} ORDER BY r.published_on DESC, r.id DESC LIMIT $2 OFFSET $3",
                filter_sql(4)
            );
            (query, sql)
        }
        Dialect::Postgres => {
            let query = groups
                .iter()
                .map(|g| format!("({})", g.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" | ")))
                .collect::<Vec<_>>()
                .join(" & ");
            // The matches are found once through the GIN index (MATERIALIZED keeps the planner
            // from probing it once per resource while walking them by date: 1 s for two common
            // words), then sorted by date.
            let sql = format!(
                "WITH m AS MATERIALIZED (
                   SELECT DISTINCT resource_id FROM library_search WHERE document @@ to_tsquery('simple'::regconfig, $1)
                 )
                 SELECT r.id FROM library_resources r JOIN m ON m.resource_id = r.id
                 WHERE {} ORDER BY r.published_on DESC, r.id DESC LIMIT $2 OFFSET $3",
                filter_sql(4)
            );
            (query, sql)
        }
    };
    let run = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(query)
        .bind(limit)
        .bind(offset)
        .bind(kind)
        .bind(topic)
        .bind(year)
        .bind(lang);
    match db.dialect {
        Dialect::Sqlite => run.fetch_all(&db.pool).await,
        Dialect::Postgres => {
            // A plan per query: how many resources a word matches decides between the GIN index
            // and walking resources newest first; the generic plan PostgreSQL caches for a
            // prepared statement after five runs picked one for every word (8.6 s at p99).
            let mut tx = db.pool.begin().await?;
            sqlx::query("SET LOCAL plan_cache_mode = force_custom_plan").execute(&mut *tx).await?;
            let ids = run.fetch_all(&mut *tx).await?;
            tx.commit().await?;
            Ok(ids)
        }
    }
}

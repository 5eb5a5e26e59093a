//! Resources and their language versions.

use rendezvous_platform::db::Db;
use sqlx::{Any, Transaction};

use crate::ids::ResourceId;
use crate::model::{Publication, ResourceKind, TextState};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ResourceRow {
    pub id: ResourceId,
    pub slug: String,
    pub kind: ResourceKind,
    pub state: Publication,
    pub published_on: String,
    pub authors: String,
    pub topics: String,
    pub tags: String,
    pub bill: String,
    pub committee: String,
    pub committee_url: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "r.id, r.slug, r.kind, r.state, r.published_on, r.authors, r.topics, r.tags, r.bill, r.committee,
    r.committee_url, r.created_at, r.updated_at";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VersionRow {
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub file_key: Option<String>,
    pub file_name: Option<String>,
    pub file_type: Option<String>,
    pub file_size: Option<i64>,
    pub text_state: TextState,
}

pub struct ResourceFields<'a> {
    pub slug: &'a str,
    pub kind: ResourceKind,
    pub state: Publication,
    pub published_on: &'a str,
    pub authors: &'a str,
    pub topics: &'a str,
    pub tags: &'a str,
    pub bill: &'a str,
    pub committee: &'a str,
    pub committee_url: Option<&'a str>,
}

pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    f: &ResourceFields<'_>,
    by: Option<i64>,
    now: i64,
) -> Result<ResourceId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO library_resources (slug, kind, state, published_on, authors, topics, tags, bill, committee,
         committee_url, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(f.slug)
    .bind(f.kind)
    .bind(f.state)
    .bind(f.published_on)
    .bind(f.authors)
    .bind(f.topics)
    .bind(f.tags)
    .bind(f.bill)
    .bind(f.committee)
    .bind(f.committee_url)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn insert_version(
    tx: &mut Transaction<'_, Any>,
    id: ResourceId,
    lang: &str,
    title: &str,
    summary: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO library_versions (resource_id, lang, title, summary) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(lang)
        .bind(title)
        .bind(summary)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<ResourceRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM library_resources r WHERE r.slug = $1")))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}

pub async fn by_id(db: &Db, id: ResourceId) -> Result<Option<ResourceRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM library_resources r WHERE r.id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

pub async fn versions(db: &Db, id: ResourceId) -> Result<Vec<VersionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT lang, title, summary, file_key, file_name, file_type, file_size, text_state FROM library_versions
         WHERE resource_id = $1 ORDER BY lang",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
}

/// What filters a listing or a search.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub kind: Option<ResourceKind>,
    pub topic: Option<String>,
    pub year: Option<String>,
    pub lang: Option<String>,
}

/// The filters as SQL over `r` (the resource), with their values bound from `$first` on, in
/// this order: kind, topic, year, language ('' means any).
pub(crate) fn filter_sql(first: usize) -> String {
    let (k, t, y, l) = (first, first + 1, first + 2, first + 3);
    format!(
        "r.state = 'published' AND (${k} = '' OR r.kind = ${k})
         AND (${t} = '' OR r.topics LIKE '%' || ${t} || '%' ESCAPE '\\')
         AND (${y} = '' OR substr(r.published_on, 1, 4) = ${y})
         AND (${l} = '' OR EXISTS (SELECT 1 FROM library_versions v WHERE v.resource_id = r.id AND v.lang = ${l}))"
    )
}

/// A topic as it is written in the stored JSON array (quoted, so only a whole topic matches),
/// with LIKE's wildcards escaped: what a visitor types is compared as text, never as a pattern.
fn topic_pattern(topic: &str) -> String {
    let quoted = serde_json::to_string(topic).unwrap_or_default();
    quoted.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

impl Filters {
    pub(crate) fn values(&self) -> [String; 4] {
        [
            self.kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
            self.topic.as_deref().map(topic_pattern).unwrap_or_default(),
            self.year.clone().unwrap_or_default(),
            self.lang.clone().unwrap_or_default(),
        ]
    }
}

/// Published resources, newest first, filtered.
pub async fn published(db: &Db, filters: &Filters, limit: i64, offset: i64) -> Result<Vec<ResourceRow>, sqlx::Error> {
    let [kind, topic, year, lang] = filters.values();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_resources r WHERE {} ORDER BY r.published_on DESC, r.id DESC LIMIT $1 OFFSET $2",
        filter_sql(3)
    )))
    .bind(limit)
    .bind(offset)
    .bind(kind)
    .bind(topic)
    .bind(year)
    .bind(lang)
    .fetch_all(&db.pool)
    .await
}

/// Ids as a list of integers for `IN (...)` (integers only: safe to splice).
fn id_list(ids: &[ResourceId]) -> String {
    if ids.is_empty() {
        return "NULL".into();
    }
    ids.iter().map(|id| id.0.to_string()).collect::<Vec<_>>().join(",")
}

/// These resources, in this order (missing ones left out), in one query.
pub async fn by_ids(db: &Db, ids: &[ResourceId]) -> Result<Vec<ResourceRow>, sqlx::Error> {
    let rows: Vec<ResourceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_resources r WHERE r.id IN ({})",
        id_list(ids)
    )))
    .fetch_all(&db.pool)
    .await?;
    let mut by_id: std::collections::HashMap<ResourceId, ResourceRow> = rows.into_iter().map(|r| (r.id, r)).collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// The versions of these resources, in one query.
pub async fn versions_of(
    db: &Db,
    ids: &[ResourceId],
) -> Result<std::collections::HashMap<ResourceId, Vec<VersionRow>>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        resource_id: ResourceId,
        #[sqlx(flatten)]
        version: VersionRow,
    }
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT resource_id, lang, title, summary, file_key, file_name, file_type, file_size, text_state FROM library_versions
         WHERE resource_id IN ({}) ORDER BY lang",
        id_list(ids)
    )))
    .fetch_all(&db.pool)
    .await?;
    let mut out: std::collections::HashMap<ResourceId, Vec<VersionRow>> = std::collections::HashMap::new();
    for row in rows {
        out.entry(row.resource_id).or_default().push(row.version);
    }
    Ok(out)
}

/// Every topic of the published resources (JSON arrays), for the filter.
pub async fn topic_lists(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT topics FROM library_resources WHERE state = 'published'")
        .fetch_all(&db.pool)
        .await
}

/// Records a version's new file; its text is read next.
#[allow(clippy::too_many_arguments)]
pub async fn set_file(
    db: &Db,
    id: ResourceId,
    lang: &str,
    key: &str,
    name: &str,
    content_type: &str,
    size: i64,
    text_state: TextState,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE library_versions SET file_key = $3, file_name = $4, file_type = $5, file_size = $6, text = '',
         text_state = $7 WHERE resource_id = $1 AND lang = $2",
    )
    .bind(id)
    .bind(lang)
    .bind(key)
    .bind(name)
    .bind(content_type)
    .bind(size)
    .bind(text_state)
    .execute(&db.pool)
    .await?;
    sqlx::query("UPDATE library_resources SET updated_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_text(db: &Db, id: ResourceId, lang: &str, text: &str, state: TextState) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE library_versions SET text = $3, text_state = $4 WHERE resource_id = $1 AND lang = $2")
        .bind(id)
        .bind(lang)
        .bind(text)
        .bind(state)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A version's text as extracted.
pub async fn text(db: &Db, id: ResourceId, lang: &str) -> Result<String, sqlx::Error> {
    let text: Option<String> =
        sqlx::query_scalar("SELECT text FROM library_versions WHERE resource_id = $1 AND lang = $2")
            .bind(id)
            .bind(lang)
            .fetch_optional(&db.pool)
            .await?;
    Ok(text.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_topic_is_matched_whole_and_its_wildcards_are_text() {
        assert_eq!(super::topic_pattern("hiv"), "\"hiv\"");
        assert_eq!(super::topic_pattern("50%_off"), "\"50\\%\\_off\"");
        assert_eq!(super::topic_pattern("a\\b"), "\"a\\\\\\\\b\"");
    }
}

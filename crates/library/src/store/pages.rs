//! Pages and their versions.

use rendezvous_platform::db::Db;

use crate::ids::PageVersionId;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PageVersion {
    pub id: PageVersionId,
    pub slug: String,
    pub title_en: String,
    pub title_fr: String,
    pub body_en: String,
    pub body_fr: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, slug, title_en, title_fr, body_en, body_fr, created_by, created_at";

pub struct PageFields<'a> {
    pub slug: &'a str,
    pub title_en: &'a str,
    pub title_fr: &'a str,
    pub body_en: &'a str,
    pub body_fr: &'a str,
}

pub async fn insert(db: &Db, f: &PageFields<'_>, by: Option<i64>, now: i64) -> Result<PageVersionId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO library_page_versions (slug, title_en, title_fr, body_en, body_fr, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(f.slug)
    .bind(f.title_en)
    .bind(f.title_fr)
    .bind(f.body_en)
    .bind(f.body_fr)
    .bind(by)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

/// The latest version of a page.
pub async fn current(db: &Db, slug: &str) -> Result<Option<PageVersion>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_page_versions WHERE slug = $1 ORDER BY id DESC LIMIT 1"
    )))
    .bind(slug)
    .fetch_optional(&db.pool)
    .await
}

pub async fn version(db: &Db, id: PageVersionId) -> Result<Option<PageVersion>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM library_page_versions WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Every version of a page, newest first.
pub async fn history(db: &Db, slug: &str) -> Result<Vec<PageVersion>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_page_versions WHERE slug = $1 ORDER BY id DESC"
    )))
    .bind(slug)
    .fetch_all(&db.pool)
    .await
}

/// The latest version of every page, by slug.
pub async fn all_current(db: &Db) -> Result<Vec<PageVersion>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_page_versions v
         WHERE id = (SELECT MAX(id) FROM library_page_versions w WHERE w.slug = v.slug) ORDER BY slug"
    )))
    .fetch_all(&db.pool)
    .await
}

//! News posts.

use rendezvous_platform::db::Db;

use crate::ids::NewsId;
use crate::model::Publication;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NewsRow {
    pub id: NewsId,
    pub slug: String,
    pub state: Publication,
    pub title_en: String,
    pub title_fr: String,
    pub body_en: String,
    pub body_fr: String,
    pub author_line: String,
    pub category: String,
    pub has_image: i64,
    pub image_alt_en: String,
    pub image_alt_fr: String,
    pub campaign_id: Option<rendezvous_newsletter::CampaignId>,
    pub published_at: Option<i64>,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, slug, state, title_en, title_fr, body_en, body_fr, author_line, category,
    CASE WHEN image IS NULL THEN 0 ELSE 1 END AS has_image, image_alt_en, image_alt_fr, campaign_id, published_at,
    updated_at";

pub struct NewsFields<'a> {
    pub slug: &'a str,
    pub title_en: &'a str,
    pub title_fr: &'a str,
    pub body_en: &'a str,
    pub body_fr: &'a str,
    pub author_line: &'a str,
    pub category: &'a str,
    pub state: Publication,
}

/// Writes a post; a taken slug is a unique violation.
pub async fn insert(db: &Db, f: &NewsFields<'_>, by: Option<i64>, now: i64) -> Result<NewsId, sqlx::Error> {
    let published_at = (f.state == Publication::Published).then_some(now);
    sqlx::query_scalar(
        "INSERT INTO library_news (slug, state, title_en, title_fr, body_en, body_fr, author_line, category,
         created_by, published_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(f.slug)
    .bind(f.state)
    .bind(f.title_en)
    .bind(f.title_fr)
    .bind(f.body_en)
    .bind(f.body_fr)
    .bind(f.author_line)
    .bind(f.category)
    .bind(by)
    .bind(published_at)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<NewsRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM library_news WHERE slug = $1")))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}

pub async fn by_id(db: &Db, id: NewsId) -> Result<Option<NewsRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM library_news WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Published posts, newest first.
pub async fn published(db: &Db, limit: i64, offset: i64) -> Result<Vec<NewsRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_news WHERE state = 'published' ORDER BY published_at DESC, id DESC LIMIT $1 OFFSET $2"
    )))
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

pub async fn set_image(
    db: &Db,
    id: NewsId,
    image: &[u8],
    alt_en: &str,
    alt_fr: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE library_news SET image = $2, image_alt_en = $3, image_alt_fr = $4, updated_at = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(image)
    .bind(alt_en)
    .bind(alt_fr)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn image(db: &Db, id: NewsId) -> Result<Option<Vec<u8>>, sqlx::Error> {
    let image: Option<Option<Vec<u8>>> =
        sqlx::query_scalar("SELECT image FROM library_news WHERE id = $1 AND state = 'published'")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(image.flatten())
}

/// Records the campaign a post was sent as; false when it was sent already.
pub async fn set_campaign(
    db: &Db,
    id: NewsId,
    campaign: rendezvous_newsletter::CampaignId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE library_news SET campaign_id = $2 WHERE id = $1 AND campaign_id IS NULL")
        .bind(id)
        .bind(campaign)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

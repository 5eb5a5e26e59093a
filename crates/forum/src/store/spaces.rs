//! Spaces and their moderators.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;
use serde::Serialize;

use crate::ids::SpaceId;
use crate::model::{PostRule, ReadRule};

#[derive(Debug, Clone, Default, sqlx::FromRow, Serialize)]
pub struct SpaceRow {
    pub id: SpaceId,
    pub slug: String,
    pub name_en: String,
    pub name_fr: String,
    pub description_en: String,
    pub description_fr: String,
    pub read_rule: String,
    pub post_rule: String,
    pub allow_anonymous: i32,
    pub content_warnings: i32,
    pub allow_images: i32,
    pub hold_first_posts: i64,
    pub position: i64,
    pub archived: i32,
    pub created_at: i64,
    pub updated_at: i64,
}

impl SpaceRow {
    /// The stored rule; one that no longer parses lets nobody in (but moderators).
    pub fn read_rule(&self) -> ReadRule {
        ReadRule::parse(&self.read_rule).unwrap_or(ReadRule::Groups(Vec::new()))
    }

    pub fn post_rule(&self) -> PostRule {
        PostRule::parse(&self.post_rule).unwrap_or(PostRule::Moderators)
    }

    pub fn name(&self, lang: impl std::borrow::Borrow<rendezvous_platform::i18n::Lang>) -> &str {
        rendezvous_members::model::pick(*lang.borrow(), &self.name_en, &self.name_fr)
    }

    pub fn description(&self, lang: impl std::borrow::Borrow<rendezvous_platform::i18n::Lang>) -> &str {
        rendezvous_members::model::pick(*lang.borrow(), &self.description_en, &self.description_fr)
    }

    pub fn is_public(&self) -> bool {
        self.read_rule() == ReadRule::Public
    }
}

const COLUMNS: &str = "id, slug, name_en, name_fr, description_en, description_fr, read_rule, post_rule, \
    allow_anonymous, content_warnings, allow_images, hold_first_posts, position, archived, created_at, updated_at";

/// What an administrator sets on a space.
#[derive(Debug, Clone)]
pub struct NewSpace {
    pub slug: String,
    pub name_en: String,
    pub name_fr: String,
    pub description_en: String,
    pub description_fr: String,
    pub read: ReadRule,
    pub post: PostRule,
    pub allow_anonymous: bool,
    pub content_warnings: bool,
    pub allow_images: bool,
    pub hold_first_posts: i64,
}

/// Binds a space's settings as $2 to $11, in the order `insert` and `update` name them.
macro_rules! bind_settings {
    ($query:expr, $s:expr) => {
        $query
            .bind(&$s.name_en)
            .bind(&$s.name_fr)
            .bind(&$s.description_en)
            .bind(&$s.description_fr)
            .bind($s.read.as_string())
            .bind($s.post.as_string())
            .bind(i32::from($s.allow_anonymous))
            .bind(i32::from($s.content_warnings))
            .bind(i32::from($s.allow_images))
            .bind($s.hold_first_posts)
    };
}

pub async fn insert(db: &Db, s: &NewSpace, now: i64) -> Result<SpaceId, sqlx::Error> {
    let query = sqlx::query_scalar(
        "INSERT INTO forum_spaces (slug, name_en, name_fr, description_en, description_fr, read_rule, post_rule,
            allow_anonymous, content_warnings, allow_images, hold_first_posts, position, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
            (SELECT COALESCE(MAX(position), 0) + 1 FROM forum_spaces), $12, $12)
         RETURNING id",
    );
    bind_settings!(query.bind(&s.slug), s).bind(now).fetch_one(&db.pool).await
}

/// Changes everything but the slug.
pub async fn update(db: &Db, id: SpaceId, s: &NewSpace, now: i64) -> Result<(), sqlx::Error> {
    let query = sqlx::query(
        "UPDATE forum_spaces SET name_en = $2, name_fr = $3, description_en = $4, description_fr = $5, read_rule = $6,
            post_rule = $7, allow_anonymous = $8, content_warnings = $9, allow_images = $10, hold_first_posts = $11,
            updated_at = $12
         WHERE id = $1",
    );
    bind_settings!(query.bind(id), s).bind(now).execute(&db.pool).await?;
    Ok(())
}

pub async fn all(db: &Db) -> Result<Vec<SpaceRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM forum_spaces ORDER BY position, id")))
        .fetch_all(&db.pool)
        .await
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<SpaceRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM forum_spaces WHERE slug = $1")))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}

pub async fn by_id(db: &Db, id: SpaceId) -> Result<Option<SpaceRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM forum_spaces WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// The spaces a person moderates.
pub async fn moderated_by(db: &Db, user_id: UserId) -> Result<Vec<SpaceId>, sqlx::Error> {
    sqlx::query_scalar("SELECT space_id FROM forum_space_moderators WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await
}

pub async fn moderators(db: &Db, space_id: SpaceId) -> Result<Vec<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM forum_space_moderators WHERE space_id = $1 ORDER BY user_id")
        .bind(space_id)
        .fetch_all(&db.pool)
        .await
}

pub async fn add_moderator(db: &Db, space_id: SpaceId, user_id: UserId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO forum_space_moderators (space_id, user_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (space_id, user_id) DO NOTHING",
    )
    .bind(space_id)
    .bind(user_id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn remove_moderator(db: &Db, space_id: SpaceId, user_id: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM forum_space_moderators WHERE space_id = $1 AND user_id = $2")
        .bind(space_id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

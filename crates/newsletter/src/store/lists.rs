//! Lists and their counts.

use crate::ids::ListId;
use crate::model::Status;
use rendezvous_platform::db::Db;
use serde::Serialize;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ListRow {
    pub id: ListId,
    pub slug: String,
    pub name_en: String,
    pub name_fr: String,
    pub description_en: String,
    pub description_fr: String,
    pub is_public: i64,
    pub default_lang: String,
    pub created_at: i64,
    /// 1 when only express consent is accepted (the alerts list).
    pub express_only: i64,
    /// 1 when only administrators see who is on the list (the alerts list).
    pub private_members: i64,
}

impl ListRow {
    /// Whether this person may see who is on the list (everyone on its staff pages may see its
    /// counts): anyone who manages lists, but only administrators for a private list.
    pub fn members_visible_to(&self, user: &rendezvous_platform::auth::AuthUser) -> bool {
        self.private_members == 0 || user.can_use(rendezvous_platform::auth::Role::ADMIN)
    }

    pub fn name(&self, lang: impl std::borrow::Borrow<rendezvous_platform::i18n::Lang>) -> &str {
        match lang.borrow() {
            rendezvous_platform::i18n::Lang::En => &self.name_en,
            rendezvous_platform::i18n::Lang::Fr => &self.name_fr,
        }
    }

    pub fn description(&self, lang: impl std::borrow::Borrow<rendezvous_platform::i18n::Lang>) -> &str {
        match lang.borrow() {
            rendezvous_platform::i18n::Lang::En => &self.description_en,
            rendezvous_platform::i18n::Lang::Fr => &self.description_fr,
        }
    }

    pub fn public(&self) -> bool {
        self.is_public == 1
    }
}

rendezvous_platform::select_query!(
    select_lists,
    "SELECT id, slug, name_en, name_fr, description_en, description_fr, is_public, default_lang, created_at, express_only, private_members ",
    "FROM lists ",
);

pub struct NewList<'a> {
    pub slug: &'a str,
    pub name_en: &'a str,
    pub name_fr: &'a str,
    pub description_en: &'a str,
    pub description_fr: &'a str,
    pub is_public: bool,
    pub default_lang: &'a str,
    pub now: i64,
}

pub async fn create_list(db: &Db, list: &NewList<'_>) -> Result<ListId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO lists (slug, name_en, name_fr, description_en, description_fr, is_public, default_lang, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(list.slug)
    .bind(list.name_en)
    .bind(list.name_fr)
    .bind(list.description_en)
    .bind(list.description_fr)
    .bind(i64::from(list.is_public))
    .bind(list.default_lang)
    .bind(list.now)
    .fetch_one(&db.pool)
    .await
}

pub async fn list_by_slug(db: &Db, slug: &str) -> Result<Option<ListRow>, sqlx::Error> {
    sqlx::query_as(select_lists!("WHERE slug = $1")).bind(slug).fetch_optional(&db.pool).await
}

pub async fn list_by_id(db: &Db, id: ListId) -> Result<Option<ListRow>, sqlx::Error> {
    sqlx::query_as(select_lists!("WHERE id = $1")).bind(id).fetch_optional(&db.pool).await
}

pub async fn all_lists(db: &Db) -> Result<Vec<ListRow>, sqlx::Error> {
    sqlx::query_as(select_lists!("ORDER BY slug")).fetch_all(&db.pool).await
}

pub async fn public_lists(db: &Db) -> Result<Vec<ListRow>, sqlx::Error> {
    sqlx::query_as(select_lists!("WHERE is_public = 1 ORDER BY slug")).fetch_all(&db.pool).await
}

/// (list id, status, count) for every list.
pub async fn status_counts(db: &Db) -> Result<Vec<(ListId, Status, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT list_id, status, COUNT(*) FROM subscriptions GROUP BY list_id, status")
        .fetch_all(&db.pool)
        .await
}

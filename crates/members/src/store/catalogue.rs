//! Member categories and membership types.

use rendezvous_platform::db::Db;
use rendezvous_platform::i18n::Lang;

use crate::ids::{CategoryId, MembershipTypeId};
use crate::model::{ForKind, Term, pick};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct CategoryRow {
    pub id: CategoryId,
    pub slug: String,
    pub name_en: String,
    pub name_fr: String,
    pub sensitive: i64,
    pub position: i64,
}

impl CategoryRow {
    pub fn name(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        pick(*lang.borrow(), &self.name_en, &self.name_fr)
    }

    pub fn is_sensitive(&self) -> bool {
        self.sensitive == 1
    }
}

pub async fn categories(db: &Db) -> Result<Vec<CategoryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, slug, name_en, name_fr, sensitive, position FROM member_categories ORDER BY position, id",
    )
    .fetch_all(&db.pool)
    .await
}

pub async fn upsert_category(
    db: &Db,
    slug: &str,
    name_en: &str,
    name_fr: &str,
    sensitive: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO member_categories (slug, name_en, name_fr, sensitive, position)
         VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM member_categories))
         ON CONFLICT (slug) DO UPDATE SET name_en = excluded.name_en, name_fr = excluded.name_fr,
                                          sensitive = excluded.sensitive",
    )
    .bind(slug)
    .bind(name_en)
    .bind(name_fr)
    .bind(i64::from(sensitive))
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct TypeRow {
    pub id: MembershipTypeId,
    pub slug: String,
    pub name_en: String,
    pub name_fr: String,
    pub for_kind: String,
    pub term: String,
    pub term_months: i64,
    pub needs_approval: i64,
    pub questions_en: String,
    pub questions_fr: String,
    pub implied_consent: i64,
    pub is_open: i64,
    pub reminder_days: i64,
    pub grace_days: i64,
}

impl TypeRow {
    pub fn name(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        pick(*lang.borrow(), &self.name_en, &self.name_fr)
    }

    pub fn for_kind(&self) -> ForKind {
        ForKind::parse(&self.for_kind).unwrap_or(ForKind::Person)
    }

    pub fn term(&self) -> Term {
        Term::from_columns(&self.term, self.term_months).unwrap_or(Term::Annual)
    }

    pub fn open(&self) -> bool {
        self.is_open == 1
    }

    pub fn needs_approval(&self) -> bool {
        self.needs_approval == 1
    }

    pub fn implied_consent(&self) -> bool {
        self.implied_consent == 1
    }

    pub fn for_organisation(&self) -> bool {
        self.for_kind() == ForKind::Organisation
    }

    /// The questions in the reader's language, one a line.
    pub fn questions(&self, lang: impl std::borrow::Borrow<Lang>) -> Vec<String> {
        pick(*lang.borrow(), &self.questions_en, &self.questions_fr)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

const TYPE_COLUMNS: &str =
    "SELECT id, slug, name_en, name_fr, for_kind, term, term_months, needs_approval, questions_en,
    questions_fr, implied_consent, is_open, reminder_days, grace_days FROM membership_types";

pub async fn types(db: &Db) -> Result<Vec<TypeRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{TYPE_COLUMNS} ORDER BY id"))).fetch_all(&db.pool).await
}

pub async fn type_by_id(db: &Db, id: MembershipTypeId) -> Result<Option<TypeRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{TYPE_COLUMNS} WHERE id = $1"))).bind(id).fetch_optional(&db.pool).await
}

pub struct NewType<'a> {
    pub slug: &'a str,
    pub name_en: &'a str,
    pub name_fr: &'a str,
    pub for_kind: ForKind,
    pub term: Term,
    pub needs_approval: bool,
    pub questions_en: &'a str,
    pub questions_fr: &'a str,
    pub implied_consent: bool,
    pub is_open: bool,
    pub reminder_days: i64,
    pub grace_days: i64,
}

pub async fn insert_type(db: &Db, t: &NewType<'_>, now: i64) -> Result<MembershipTypeId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO membership_types (slug, name_en, name_fr, for_kind, term, term_months, needs_approval,
             questions_en, questions_fr, implied_consent, is_open, reminder_days, grace_days, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(t.slug)
    .bind(t.name_en)
    .bind(t.name_fr)
    .bind(t.for_kind.as_str())
    .bind(t.term.as_str())
    .bind(t.term.months())
    .bind(i64::from(t.needs_approval))
    .bind(t.questions_en)
    .bind(t.questions_fr)
    .bind(i64::from(t.implied_consent))
    .bind(i64::from(t.is_open))
    .bind(t.reminder_days)
    .bind(t.grace_days)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

pub async fn set_type_open(db: &Db, id: MembershipTypeId, open: bool) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE membership_types SET is_open = $1 WHERE id = $2")
        .bind(i64::from(open))
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

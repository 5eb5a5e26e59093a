//! Organisations and their delegates.

use crate::ids::OrganisationId;
use crate::model::DelegateRole;
use crate::model::Visibility;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;
use rendezvous_platform::i18n::Lang;

use crate::model::{OrgKind, pick, set_from_column};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, serde::Deserialize)]
pub struct OrganisationRow {
    pub id: OrganisationId,
    pub name_en: String,
    pub name_fr: String,
    pub kind: String,
    pub city: String,
    pub province: Option<String>,
    pub country: String,
    pub website: String,
    pub services: String,
    pub languages: String,
    pub visibility: Visibility,
    pub is_partner: i64,
}

impl OrganisationRow {
    pub fn name(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        pick(*lang.borrow(), &self.name_en, &self.name_fr)
    }

    pub fn kind(&self) -> OrgKind {
        OrgKind::parse(&self.kind).unwrap_or(OrgKind::Other)
    }

    pub fn services(&self) -> Vec<String> {
        set_from_column(&self.services)
    }

    pub fn languages(&self) -> Vec<String> {
        set_from_column(&self.languages)
    }

    pub fn partner(&self) -> bool {
        self.is_partner == 1
    }
}

const NAMES: [&str; 12] = [
    "id",
    "name_en",
    "name_fr",
    "kind",
    "city",
    "province",
    "country",
    "website",
    "services",
    "languages",
    "visibility",
    "is_partner",
];

const COLUMNS: &str = "SELECT id, name_en, name_fr, kind, city, province, country, website, services, languages,
    visibility, is_partner FROM organisations";

fn select(rest: &str) -> sqlx::AssertSqlSafe<String> {
    // Our fixed column list and a fixed clause of ours; every value is bound.
    sqlx::AssertSqlSafe(format!("{COLUMNS} {rest}"))
}

/// An organisation's profile as its delegates or an admin state it, already checked.
#[derive(Debug, Clone, Default)]
pub struct OrganisationFields {
    pub name_en: String,
    pub name_fr: String,
    pub kind: String,
    pub city: String,
    pub province: Option<String>,
    pub country: String,
    pub website: String,
    pub services: String,
    pub languages: String,
    pub visibility: String,
}

/// Binds an organisation's fields as $1 to $12, in the order `insert` and `update` name them.
macro_rules! bind_fields {
    ($query:expr, $f:expr) => {
        $query
            .bind(&$f.name_en)
            .bind(&$f.name_fr)
            .bind(crate::model::name_key(&$f.name_en))
            .bind(crate::model::name_key(&$f.name_fr))
            .bind(&$f.kind)
            .bind(&$f.city)
            .bind($f.province.as_deref())
            .bind(&$f.country)
            .bind(&$f.website)
            .bind(&$f.services)
            .bind(&$f.languages)
            .bind(&$f.visibility)
    };
}

pub async fn insert(db: &Db, f: &OrganisationFields, now: i64) -> Result<OrganisationId, sqlx::Error> {
    bind_fields!(
        sqlx::query_scalar(
            "INSERT INTO organisations (name_en, name_fr, name_en_key, name_fr_key, kind, city, province, country,
                 website, services, languages, visibility, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
        ),
        f
    )
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

pub async fn update(db: &Db, id: OrganisationId, f: &OrganisationFields, now: i64) -> Result<(), sqlx::Error> {
    bind_fields!(
        sqlx::query(
            "UPDATE organisations SET name_en = $1, name_fr = $2, name_en_key = $3, name_fr_key = $4, kind = $5,
                 city = $6, province = $7, country = $8, website = $9, services = $10, languages = $11,
                 visibility = $12, updated_at = $13
             WHERE id = $14",
        ),
        f
    )
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Another organisation already using one of these names, in either language, whatever the case.
pub async fn name_taken(
    db: &Db,
    name_en: &str,
    name_fr: &str,
    except: Option<OrganisationId>,
) -> Result<bool, sqlx::Error> {
    let (en, fr) = (crate::model::name_key(name_en), crate::model::name_key(name_fr));
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM organisations
         WHERE (name_en_key IN ($1, $2) OR name_fr_key IN ($1, $2)) AND ($3 IS NULL OR id <> $3)",
    )
    .bind(en)
    .bind(fr)
    .bind(except)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

pub async fn by_id(db: &Db, id: OrganisationId) -> Result<Option<OrganisationRow>, sqlx::Error> {
    sqlx::query_as(select("WHERE id = $1")).bind(id).fetch_optional(&db.pool).await
}

pub async fn all(db: &Db) -> Result<Vec<OrganisationRow>, sqlx::Error> {
    sqlx::query_as(select("ORDER BY name_en_key")).fetch_all(&db.pool).await
}

/// Candidates for a directory search: listed organisations matching the coarse filters. The
/// visibility rules and exact filters are applied afterwards, in one place.
pub async fn listed_candidates(
    db: &Db,
    text: &str,
    province: Option<&str>,
    service: Option<&str>,
    language: Option<&str>,
) -> Result<Vec<OrganisationRow>, sqlx::Error> {
    let like = format!("%{}%", text.trim().to_lowercase());
    let inner = format!(
        "{COLUMNS} WHERE visibility <> 'hidden'
           AND ($1 = '%%' OR name_en_key LIKE $1 OR name_fr_key LIKE $1 OR lower(city) LIKE $1)
           AND ($2 IS NULL OR province = $2)
           AND ($3 IS NULL OR services LIKE $3)
           AND ($4 IS NULL OR languages LIKE $4)
         ORDER BY name_en_key LIMIT 5000"
    );
    // Thousands of rows come back as one JSON value (see `Dialect::json_array_of`).
    let sql = db.dialect.json_array_of(&inner, &NAMES);
    // Our fixed columns and clauses; every value is bound.
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(like)
        .bind(province)
        .bind(service.map(|s| format!("%,{s},%")))
        .bind(language.map(|s| format!("%,{s},%")))
        .fetch_one(&db.pool)
        .await?;
    serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// One page of the organisations kept at one of `levels` (an SQL list of visibility literals from
/// [`crate::visibility::DirectoryViewer::levels_sql`]), in name order, and how many in all.
pub async fn visible_page(
    db: &Db,
    levels: &str,
    offset: usize,
    limit: usize,
) -> Result<(Vec<OrganisationRow>, usize), sqlx::Error> {
    let filter = format!("WHERE visibility IN ({levels})");
    // The levels are our fixed literals; offset and limit are bound.
    let rows = sqlx::query_as(select(&format!("{filter} ORDER BY name_en_key, id LIMIT $1 OFFSET $2")))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&db.pool)
        .await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM organisations {filter}")))
        .fetch_one(&db.pool)
        .await?;
    Ok((rows, usize::try_from(total).unwrap_or(0)))
}

pub async fn partners(db: &Db) -> Result<Vec<OrganisationRow>, sqlx::Error> {
    sqlx::query_as(select("WHERE is_partner = 1 AND visibility = 'public' ORDER BY name_en_key"))
        .fetch_all(&db.pool)
        .await
}

pub async fn set_partner(db: &Db, id: OrganisationId, partner: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organisations SET is_partner = $1 WHERE id = $2")
        .bind(i64::from(partner))
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct DelegateRow {
    pub organisation_id: OrganisationId,
    pub user_id: UserId,
    pub role: DelegateRole,
}

pub async fn add_delegate(
    db: &Db,
    organisation_id: OrganisationId,
    user_id: UserId,
    role: DelegateRole,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO organisation_delegates (organisation_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(organisation_id)
    .bind(user_id)
    .bind(role)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn remove_delegate(db: &Db, organisation_id: OrganisationId, user_id: UserId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM organisation_delegates WHERE organisation_id = $1 AND user_id = $2")
        .bind(organisation_id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delegates(db: &Db, organisation_id: OrganisationId) -> Result<Vec<DelegateRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT organisation_id, user_id, role FROM organisation_delegates WHERE organisation_id = $1 ORDER BY role DESC, user_id",
    )
    .bind(organisation_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn is_delegate(db: &Db, organisation_id: OrganisationId, user_id: UserId) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM organisation_delegates WHERE organisation_id = $1 AND user_id = $2")
            .bind(organisation_id)
            .bind(user_id)
            .fetch_one(&db.pool)
            .await?;
    Ok(n > 0)
}

/// The organisations a person acts for.
pub async fn of_delegate(db: &Db, user_id: UserId) -> Result<Vec<OrganisationRow>, sqlx::Error> {
    sqlx::query_as(select(
        "WHERE id IN (SELECT organisation_id FROM organisation_delegates WHERE user_id = $1) ORDER BY name_en_key",
    ))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn erase_delegate(db: &Db, user_id: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM organisation_delegates WHERE user_id = $1").bind(user_id).execute(&db.pool).await?;
    Ok(())
}

/// Counts of organisations visible to the public, by province, for the public summary.
pub async fn public_counts_by_province(db: &Db) -> Result<Vec<(Option<String>, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT province, COUNT(*) FROM organisations WHERE visibility = 'public' GROUP BY province")
        .fetch_all(&db.pool)
        .await
}

/// The organisation known by this name, in either language, whatever the case.
pub async fn by_name(db: &Db, name: &str) -> Result<Option<OrganisationRow>, sqlx::Error> {
    let key = crate::model::name_key(name);
    sqlx::query_as(select("WHERE name_en_key = $1 OR name_fr_key = $1 ORDER BY id LIMIT 1"))
        .bind(key)
        .fetch_optional(&db.pool)
        .await
}

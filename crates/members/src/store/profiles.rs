//! Directory profiles of people: each field with the visibility the person chose.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;

use crate::ids::CategoryId;

#[derive(Debug, Clone, Default, sqlx::FromRow, serde::Serialize, serde::Deserialize)]
pub struct ProfileRow {
    pub user_id: UserId,
    pub listed: i64,
    pub display_name: String,
    pub display_name_vis: String,
    pub city: String,
    pub city_vis: String,
    pub province: Option<String>,
    pub province_vis: String,
    pub category_id: Option<CategoryId>,
    pub category_vis: String,
    pub reveal_sensitive: i64,
    pub languages: String,
    pub languages_vis: String,
    pub bio: String,
    pub bio_vis: String,
    pub contact_email: String,
    pub contact_email_vis: String,
    pub groups_vis: String,
    pub reveal_hidden_groups: i64,
}

impl ProfileRow {
    /// The profile a person has before they touch it: unlisted, every field at its safe default.
    pub fn default_for(user_id: UserId) -> Self {
        Self {
            user_id,
            display_name_vis: "members".into(),
            city_vis: "hidden".into(),
            province_vis: "hidden".into(),
            category_vis: "hidden".into(),
            languages_vis: "hidden".into(),
            bio_vis: "hidden".into(),
            contact_email_vis: "hidden".into(),
            groups_vis: "hidden".into(),
            ..Self::default()
        }
    }
}

const NAMES: [&str; 19] = [
    "user_id",
    "listed",
    "display_name",
    "display_name_vis",
    "city",
    "city_vis",
    "province",
    "province_vis",
    "category_id",
    "category_vis",
    "reveal_sensitive",
    "languages",
    "languages_vis",
    "bio",
    "bio_vis",
    "contact_email",
    "contact_email_vis",
    "groups_vis",
    "reveal_hidden_groups",
];

const COLUMNS: &str = "SELECT user_id, listed, display_name, display_name_vis, city, city_vis, province, province_vis,
    category_id, category_vis, reveal_sensitive, languages, languages_vis, bio, bio_vis, contact_email,
    contact_email_vis, groups_vis, reveal_hidden_groups FROM member_profiles";

fn select(rest: &str) -> sqlx::AssertSqlSafe<String> {
    // Our fixed column list and a fixed clause of ours; every value is bound.
    sqlx::AssertSqlSafe(format!("{COLUMNS} {rest}"))
}

pub async fn by_user(db: &Db, user_id: UserId) -> Result<Option<ProfileRow>, sqlx::Error> {
    sqlx::query_as(select("WHERE user_id = $1")).bind(user_id).fetch_optional(&db.pool).await
}

pub async fn save(db: &Db, p: &ProfileRow, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO member_profiles (user_id, listed, display_name, display_name_vis, city, city_vis, province,
             province_vis, category_id, category_vis, reveal_sensitive, languages, languages_vis, bio, bio_vis,
             contact_email, contact_email_vis, groups_vis, reveal_hidden_groups, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
         ON CONFLICT (user_id) DO UPDATE SET listed = excluded.listed, display_name = excluded.display_name,
             display_name_vis = excluded.display_name_vis, city = excluded.city, city_vis = excluded.city_vis,
             province = excluded.province, province_vis = excluded.province_vis, category_id = excluded.category_id,
             category_vis = excluded.category_vis, reveal_sensitive = excluded.reveal_sensitive,
             languages = excluded.languages, languages_vis = excluded.languages_vis, bio = excluded.bio,
             bio_vis = excluded.bio_vis, contact_email = excluded.contact_email,
             contact_email_vis = excluded.contact_email_vis, groups_vis = excluded.groups_vis,
             reveal_hidden_groups = excluded.reveal_hidden_groups, updated_at = excluded.updated_at",
    )
    .bind(p.user_id)
    .bind(p.listed)
    .bind(&p.display_name)
    .bind(&p.display_name_vis)
    .bind(&p.city)
    .bind(&p.city_vis)
    .bind(p.province.as_deref())
    .bind(&p.province_vis)
    .bind(p.category_id)
    .bind(&p.category_vis)
    .bind(p.reveal_sensitive)
    .bind(&p.languages)
    .bind(&p.languages_vis)
    .bind(&p.bio)
    .bind(&p.bio_vis)
    .bind(&p.contact_email)
    .bind(&p.contact_email_vis)
    .bind(&p.groups_vis)
    .bind(p.reveal_hidden_groups)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Candidates for a directory search: listed profiles matching coarse filters on the stored
/// values. A superset: what the viewer may see, and so may match on, is decided afterwards by
/// [`crate::visibility`], the one place that knows.
pub async fn listed_candidates(
    db: &Db,
    text: &str,
    province: Option<&str>,
    category_id: Option<CategoryId>,
    language: Option<&str>,
) -> Result<Vec<ProfileRow>, sqlx::Error> {
    let like = format!("%{}%", text.trim().to_lowercase());
    let inner = format!(
        "{COLUMNS} WHERE listed = 1
           AND ($1 = '%%' OR lower(display_name) LIKE $1 OR lower(city) LIKE $1)
           AND ($2 IS NULL OR province = $2)
           AND ($3 IS NULL OR category_id = $3)
           AND ($4 IS NULL OR languages LIKE $4)
         ORDER BY lower(display_name), user_id LIMIT 10000"
    );
    // Thousands of rows come back as one JSON value (see `Dialect::json_array_of`).
    let sql = db.dialect.json_array_of(&inner, &NAMES);
    // Our fixed columns and clauses; every value is bound.
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(like)
        .bind(province)
        .bind(category_id)
        .bind(language.map(|s| format!("%,{s},%")))
        .fetch_one(&db.pool)
        .await?;
    serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// One page of the listed profiles that `appears` (an SQL condition from
/// [`crate::visibility::appears_in_directory_sql`], which binds the viewer's id as `$1`) lets a
/// viewer see, in name order, and how many there are in all: the unfiltered directory reads only
/// the rows it shows.
pub async fn listed_page(
    db: &Db,
    appears: &str,
    viewer: Option<UserId>,
    offset: usize,
    limit: usize,
) -> Result<(Vec<ProfileRow>, usize), sqlx::Error> {
    let filter = format!("WHERE listed = 1 AND {appears}");
    // The condition is ours, built from fixed levels; the viewer, offset and limit are bound.
    let rows = sqlx::query_as(select(&format!("{filter} ORDER BY lower(display_name), user_id LIMIT $2 OFFSET $3")))
        .bind(viewer)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&db.pool)
        .await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM member_profiles {filter}")))
        .bind(viewer)
        .fetch_one(&db.pool)
        .await?;
    Ok((rows, usize::try_from(total).unwrap_or(0)))
}

/// How many listed people `appears` (as in [`listed_page`]) holds for, with nobody's own id.
pub async fn listed_count(db: &Db, appears: &str) -> Result<usize, sqlx::Error> {
    // The condition is ours, built from fixed levels.
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM member_profiles WHERE listed = 1 AND {appears}"
    )))
    .bind(None::<UserId>)
    .fetch_one(&db.pool)
    .await?;
    Ok(usize::try_from(total).unwrap_or(0))
}

/// The listed people for whom `appears` (as in [`listed_page`], with nobody's own id) does not
/// hold: they appear only to themselves.
pub async fn listed_only_to_self(db: &Db, appears: &str) -> Result<Vec<UserId>, sqlx::Error> {
    // The condition is ours, built from fixed levels; no viewer is bound, so `user_id = $1` is
    // unknown and the condition is true or unknown, never false.
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT user_id FROM member_profiles WHERE listed = 1 AND ({appears}) IS NOT TRUE"
    )))
    .bind(None::<UserId>)
    .fetch_all(&db.pool)
    .await
}

/// Every profile, listed or not (the admin export decides per field what goes out).
pub async fn all(db: &Db) -> Result<Vec<ProfileRow>, sqlx::Error> {
    sqlx::query_as(select("ORDER BY user_id")).fetch_all(&db.pool).await
}

pub async fn erase(db: &Db, user_id: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM member_profiles WHERE user_id = $1").bind(user_id).execute(&db.pool).await?;
    Ok(())
}

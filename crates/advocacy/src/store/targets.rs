//! Target sets, targets, committees and postal codes.

use rendezvous_platform::db::Db;
use sqlx::{Any, Transaction};

use crate::ids::{CommitteeId, LetterId, TargetId, TargetSetId};
use crate::represent;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SetRow {
    pub id: TargetSetId,
    pub slug: String,
    pub name_en: String,
    pub name_fr: String,
    pub imported_at: Option<i64>,
    pub election_on: Option<String>,
    /// Targets in the latest import.
    pub active: i64,
}

const SET_COLUMNS: &str = "s.id, s.slug, s.name_en, s.name_fr, s.imported_at, s.election_on,
    (SELECT COUNT(*) FROM advocacy_targets t WHERE t.set_id = s.id AND t.active = 1) AS active";

pub async fn set_by_slug(db: &Db, slug: &str) -> Result<Option<SetRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {SET_COLUMNS} FROM advocacy_target_sets s WHERE s.slug = $1")))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}

pub async fn set_by_id(db: &Db, id: TargetSetId) -> Result<Option<SetRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {SET_COLUMNS} FROM advocacy_target_sets s WHERE s.id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

pub async fn all_sets(db: &Db) -> Result<Vec<SetRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {SET_COLUMNS} FROM advocacy_target_sets s ORDER BY s.name_en")))
        .fetch_all(&db.pool)
        .await
}

/// The set with this slug, made if missing; names given replace the stored ones.
pub async fn upsert_set(
    tx: &mut Transaction<'_, Any>,
    slug: &str,
    name_en: Option<&str>,
    name_fr: Option<&str>,
    now: i64,
) -> Result<TargetSetId, sqlx::Error> {
    let existing: Option<TargetSetId> = sqlx::query_scalar("SELECT id FROM advocacy_target_sets WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut **tx)
        .await?;
    match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE advocacy_target_sets SET name_en = COALESCE($2, name_en), name_fr = COALESCE($3, name_fr) WHERE id = $1",
            )
            .bind(id)
            .bind(name_en)
            .bind(name_fr)
            .execute(&mut **tx)
            .await?;
            Ok(id)
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO advocacy_target_sets (slug, name_en, name_fr, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(slug)
            .bind(name_en.unwrap_or(slug))
            .bind(name_fr.or(name_en).unwrap_or(slug))
            .bind(now)
            .fetch_one(&mut **tx)
            .await
        }
    }
}

pub async fn mark_imported(tx: &mut Transaction<'_, Any>, set: TargetSetId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE advocacy_target_sets SET imported_at = $2 WHERE id = $1")
        .bind(set)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_election(db: &Db, set: TargetSetId, election_on: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE advocacy_target_sets SET election_on = $2 WHERE id = $1")
        .bind(set)
        .bind(election_on)
        .execute(&db.pool)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TargetRow {
    pub id: TargetId,
    pub set_id: Option<TargetSetId>,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub district: String,
    pub district_key: String,
    pub province: Option<String>,
    pub office: String,
    pub party: String,
    pub email: Option<String>,
    pub phone: String,
    pub address: String,
    pub photo_url: Option<String>,
    pub source_url: Option<String>,
    pub active: i64,
    pub has_photo: i64,
}

const TARGET_COLUMNS: &str =
    "t.id, t.set_id, t.name, t.first_name, t.last_name, t.district, t.district_key, t.province,
    t.office, t.party, t.email, t.phone, t.address, t.photo_url, t.source_url, t.active,
    CASE WHEN t.photo IS NULL THEN 0 ELSE 1 END AS has_photo";

pub async fn target(db: &Db, id: TargetId) -> Result<Option<TargetRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {TARGET_COLUMNS} FROM advocacy_targets t WHERE t.id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Every target of a set, those of the latest import first, by province and district.
pub async fn targets_of_set(db: &Db, set: TargetSetId) -> Result<Vec<TargetRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TARGET_COLUMNS} FROM advocacy_targets t WHERE t.set_id = $1
         ORDER BY t.active DESC, COALESCE(t.province, ''), t.district, t.name"
    )))
    .bind(set)
    .fetch_all(&db.pool)
    .await
}

async fn targets_of_set_tx(tx: &mut Transaction<'_, Any>, set: TargetSetId) -> Result<Vec<TargetRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {TARGET_COLUMNS} FROM advocacy_targets t WHERE t.set_id = $1")))
        .bind(set)
        .fetch_all(&mut **tx)
        .await
}

/// The representatives of a district in a set (usually one), of the latest import.
pub async fn targets_in_district(db: &Db, set: TargetSetId, key: &str) -> Result<Vec<TargetRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TARGET_COLUMNS} FROM advocacy_targets t WHERE t.set_id = $1 AND t.district_key = $2 AND t.active = 1
         ORDER BY t.name"
    )))
    .bind(set)
    .bind(key)
    .fetch_all(&db.pool)
    .await
}

/// The members of a committee in one set (a code such as HESA can have members in several
/// sets), of the latest import.
pub async fn committee_targets(
    db: &Db,
    set: TargetSetId,
    committee: CommitteeId,
) -> Result<Vec<TargetRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TARGET_COLUMNS} FROM advocacy_targets t JOIN advocacy_committee_members m ON m.target_id = t.id
         WHERE m.committee_id = $1 AND t.set_id = $2 AND t.active = 1 ORDER BY t.name"
    )))
    .bind(committee)
    .bind(set)
    .fetch_all(&db.pool)
    .await
}

/// A campaign's fixed list.
pub async fn fixed_targets(db: &Db, letter: LetterId) -> Result<Vec<TargetRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TARGET_COLUMNS} FROM advocacy_targets t JOIN advocacy_letter_targets l ON l.target_id = t.id
         WHERE l.letter_id = $1 ORDER BY t.name"
    )))
    .bind(letter)
    .fetch_all(&db.pool)
    .await
}

/// What an import or a hand edit writes of a target.
pub struct TargetFields<'a> {
    pub name: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub district: &'a str,
    pub province: Option<&'a str>,
    pub office: &'a str,
    pub party: &'a str,
    pub email: Option<&'a str>,
    pub phone: &'a str,
    pub address: &'a str,
    pub photo_url: Option<&'a str>,
    pub source_url: Option<&'a str>,
}

impl<'a> TargetFields<'a> {
    pub fn of_row(row: &'a represent::TargetRow) -> Self {
        TargetFields {
            name: &row.name,
            first_name: &row.first_name,
            last_name: &row.last_name,
            district: &row.district,
            province: row.province.as_deref(),
            office: &row.office,
            party: &row.party,
            email: row.email.as_deref(),
            phone: &row.phone,
            address: &row.address,
            photo_url: row.photo_url.as_deref(),
            source_url: row.source_url.as_deref(),
        }
    }
}

pub async fn insert_target(
    tx: &mut Transaction<'_, Any>,
    set: Option<TargetSetId>,
    f: &TargetFields<'_>,
    now: i64,
) -> Result<TargetId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO advocacy_targets (set_id, name, first_name, last_name, district, district_key, province, office,
         party, email, phone, address, photo_url, source_url, active, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15) RETURNING id",
    )
    .bind(set)
    .bind(f.name)
    .bind(f.first_name)
    .bind(f.last_name)
    .bind(f.district)
    .bind(crate::model::district_key(f.district))
    .bind(f.province)
    .bind(f.office)
    .bind(f.party)
    .bind(f.email)
    .bind(f.phone)
    .bind(f.address)
    .bind(f.photo_url)
    .bind(f.source_url)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

/// Rewrites a target and makes it active; its photo is dropped when its address changed (it is
/// fetched again).
pub async fn update_target(
    tx: &mut Transaction<'_, Any>,
    id: TargetId,
    f: &TargetFields<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE advocacy_targets SET name = $2, first_name = $3, last_name = $4, district = $5, district_key = $6,
         province = $7, office = $8, party = $9, email = $10, phone = $11, address = $12,
         photo = CASE WHEN COALESCE(photo_url, '') = COALESCE($13, '') THEN photo ELSE NULL END,
         photo_url = $13, source_url = $14, active = 1, updated_at = $15 WHERE id = $1",
    )
    .bind(id)
    .bind(f.name)
    .bind(f.first_name)
    .bind(f.last_name)
    .bind(f.district)
    .bind(crate::model::district_key(f.district))
    .bind(f.province)
    .bind(f.office)
    .bind(f.party)
    .bind(f.email)
    .bind(f.phone)
    .bind(f.address)
    .bind(f.photo_url)
    .bind(f.source_url)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The set's targets, for matching an import against them.
pub async fn existing_targets(tx: &mut Transaction<'_, Any>, set: TargetSetId) -> Result<Vec<TargetRow>, sqlx::Error> {
    targets_of_set_tx(tx, set).await
}

pub async fn retire_target(tx: &mut Transaction<'_, Any>, id: TargetId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE advocacy_targets SET active = 0, updated_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A target for an address of a fixed list: one already known by that address, else a new one
/// outside any set.
pub async fn target_for_address(tx: &mut Transaction<'_, Any>, email: &str, now: i64) -> Result<TargetId, sqlx::Error> {
    let known: Option<TargetId> =
        sqlx::query_scalar("SELECT id FROM advocacy_targets WHERE email = $1 ORDER BY active DESC, id LIMIT 1")
            .bind(email)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some(id) = known {
        return Ok(id);
    }
    let fields = TargetFields {
        name: email,
        first_name: "",
        last_name: "",
        district: "",
        province: None,
        office: "",
        party: "",
        email: Some(email),
        phone: "",
        address: "",
        photo_url: None,
        source_url: None,
    };
    insert_target(tx, None, &fields, now).await
}

/// Active targets of a set with a photo address but no photo yet.
pub async fn photos_to_fetch(db: &Db, set: TargetSetId) -> Result<Vec<(TargetId, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, photo_url FROM advocacy_targets
         WHERE set_id = $1 AND active = 1 AND photo IS NULL AND photo_url IS NOT NULL ORDER BY id",
    )
    .bind(set)
    .fetch_all(&db.pool)
    .await
}

pub async fn set_photo(db: &Db, id: TargetId, photo: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE advocacy_targets SET photo = $2 WHERE id = $1").bind(id).bind(photo).execute(&db.pool).await?;
    Ok(())
}

pub async fn photo(db: &Db, id: TargetId) -> Result<Option<Vec<u8>>, sqlx::Error> {
    let photo: Option<Option<Vec<u8>>> = sqlx::query_scalar("SELECT photo FROM advocacy_targets WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(photo.flatten())
}

/// A hand edit of a target's contact details.
pub async fn edit_target(db: &Db, id: TargetId, f: &TargetFields<'_>, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let active: Option<i64> = sqlx::query_scalar("SELECT active FROM advocacy_targets WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    update_target(&mut tx, id, f, now).await?;
    if active == Some(0) {
        retire_target(&mut tx, id, now).await?;
    }
    tx.commit().await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommitteeRow {
    pub id: CommitteeId,
    pub code: String,
    pub name_en: String,
    pub name_fr: String,
    pub url: Option<String>,
    /// Members of the latest imports.
    pub members: i64,
}

const COMMITTEE_COLUMNS: &str = "c.id, c.code, c.name_en, c.name_fr, c.url,
    (SELECT COUNT(*) FROM advocacy_committee_members m JOIN advocacy_targets t ON t.id = m.target_id
     WHERE m.committee_id = c.id AND t.active = 1) AS members";

pub async fn all_committees(db: &Db) -> Result<Vec<CommitteeRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COMMITTEE_COLUMNS} FROM advocacy_committees c ORDER BY c.code"
    )))
    .fetch_all(&db.pool)
    .await
}

pub async fn committee_by_code(db: &Db, code: &str) -> Result<Option<CommitteeRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COMMITTEE_COLUMNS} FROM advocacy_committees c WHERE c.code = $1"
    )))
    .bind(code.trim().to_uppercase())
    .fetch_optional(&db.pool)
    .await
}

pub async fn committee(db: &Db, id: CommitteeId) -> Result<Option<CommitteeRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COMMITTEE_COLUMNS} FROM advocacy_committees c WHERE c.id = $1"
    )))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// Writes a committee's names and page (creating it when its code is new).
pub async fn save_committee(
    db: &Db,
    code: &str,
    name_en: &str,
    name_fr: &str,
    url: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO advocacy_committees (code, name_en, name_fr, url, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_fr = excluded.name_fr, url = excluded.url",
    )
    .bind(code.trim().to_uppercase())
    .bind(name_en)
    .bind(name_fr)
    .bind(url)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The committee with this code (upper case), made with the code as its names when new; and
/// whether it was made.
pub async fn ensure_committee(
    tx: &mut Transaction<'_, Any>,
    code: &str,
    now: i64,
) -> Result<(CommitteeId, bool), sqlx::Error> {
    let known: Option<CommitteeId> = sqlx::query_scalar("SELECT id FROM advocacy_committees WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(id) = known {
        return Ok((id, false));
    }
    let id = sqlx::query_scalar(
        "INSERT INTO advocacy_committees (code, name_en, name_fr, created_at) VALUES ($1, $1, $1, $2) RETURNING id",
    )
    .bind(code)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok((id, true))
}

/// Replaces the committees a target sits on.
pub async fn set_memberships(
    tx: &mut Transaction<'_, Any>,
    target: TargetId,
    committees: &[CommitteeId],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM advocacy_committee_members WHERE target_id = $1").bind(target).execute(&mut **tx).await?;
    for committee in committees {
        sqlx::query(
            "INSERT INTO advocacy_committee_members (committee_id, target_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(committee)
        .bind(target)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The committee codes of a target.
pub async fn committees_of(db: &Db, target: TargetId) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT c.code FROM advocacy_committees c JOIN advocacy_committee_members m ON m.committee_id = c.id
         WHERE m.target_id = $1 ORDER BY c.code",
    )
    .bind(target)
    .fetch_all(&db.pool)
    .await
}

/// Replaces a set's postal-code table.
pub async fn replace_postcodes(db: &Db, set: TargetSetId, rows: &[(String, String)]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM advocacy_postcodes WHERE set_id = $1").bind(set).execute(&mut *tx).await?;
    for (code, district_key) in rows {
        sqlx::query(
            "INSERT INTO advocacy_postcodes (set_id, postal_code, district_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(set)
        .bind(code)
        .bind(district_key)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The district keys a postal code falls in, in a set.
pub async fn districts_of_postcode(db: &Db, set: TargetSetId, code: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT district_key FROM advocacy_postcodes WHERE set_id = $1 AND postal_code = $2 ORDER BY district_key",
    )
    .bind(set)
    .bind(code)
    .fetch_all(&db.pool)
    .await
}

pub async fn has_postcodes(db: &Db, set: TargetSetId) -> Result<bool, sqlx::Error> {
    let one: Option<i64> = sqlx::query_scalar("SELECT 1 FROM advocacy_postcodes WHERE set_id = $1 LIMIT 1")
        .bind(set)
        .fetch_optional(&db.pool)
        .await?;
    Ok(one.is_some())
}

/// Replaces the committees a target sits on by these codes (upper case), making unknown ones.
pub async fn set_target_committees(db: &Db, target: TargetId, codes: &[String], now: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let mut ids = Vec::with_capacity(codes.len());
    for code in codes {
        ids.push(ensure_committee(&mut tx, code, now).await?.0);
    }
    set_memberships(&mut tx, target, &ids).await?;
    tx.commit().await
}

/// A set made by hand: empty, never imported.
pub async fn create_set(
    db: &Db,
    slug: &str,
    name_en: &str,
    name_fr: &str,
    now: i64,
) -> Result<TargetSetId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO advocacy_target_sets (slug, name_en, name_fr, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(slug)
    .bind(name_en)
    .bind(name_fr)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

pub async fn rename_set(db: &Db, set: TargetSetId, name_en: &str, name_fr: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE advocacy_target_sets SET name_en = $2, name_fr = $3 WHERE id = $1")
        .bind(set)
        .bind(name_en)
        .bind(name_fr)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A representative added to a set by hand.
pub async fn add_target(db: &Db, set: TargetSetId, f: &TargetFields<'_>, now: i64) -> Result<TargetId, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let id = insert_target(&mut tx, Some(set), f, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Retires a representative by hand; false when they were not active.
pub async fn retire(db: &Db, id: TargetId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE advocacy_targets SET active = 0, updated_at = $2 WHERE id = $1 AND active = 1")
        .bind(id)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

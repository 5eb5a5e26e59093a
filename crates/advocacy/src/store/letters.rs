//! Letter campaigns and their counts.

use rendezvous_platform::db::Db;
use sqlx::{Any, Transaction};

use crate::ids::{CommitteeId, LetterId, TargetId, TargetSetId};
use crate::model::TargetKind;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LetterRow {
    pub id: LetterId,
    pub slug: String,
    pub title_en: String,
    pub title_fr: String,
    pub intro_en: String,
    pub intro_fr: String,
    pub subject_en: String,
    pub subject_fr: String,
    pub body_en: String,
    pub body_fr: String,
    pub editable: i64,
    pub ask_address: i64,
    pub goal: Option<i64>,
    pub ends_at: Option<i64>,
    pub target_kind: TargetKind,
    pub set_id: Option<TargetSetId>,
    pub committee_id: Option<CommitteeId>,
    pub mailto_opened: i64,
    pub created_at: i64,
}

const LETTER_COLUMNS: &str =
    "id, slug, title_en, title_fr, intro_en, intro_fr, subject_en, subject_fr, body_en, body_fr,
    editable, ask_address, goal, ends_at, target_kind, set_id, committee_id, mailto_opened, created_at";

pub struct NewLetter<'a> {
    pub slug: &'a str,
    pub title_en: &'a str,
    pub title_fr: &'a str,
    pub intro_en: &'a str,
    pub intro_fr: &'a str,
    pub subject_en: &'a str,
    pub subject_fr: &'a str,
    pub body_en: &'a str,
    pub body_fr: &'a str,
    pub editable: bool,
    pub ask_address: bool,
    pub goal: Option<i64>,
    pub ends_at: Option<i64>,
    pub target_kind: TargetKind,
    pub set_id: Option<TargetSetId>,
    pub committee_id: Option<CommitteeId>,
    pub created_by: Option<i64>,
}

/// Writes a campaign; a taken slug is a unique violation.
pub async fn insert_letter(
    tx: &mut Transaction<'_, Any>,
    l: &NewLetter<'_>,
    now: i64,
) -> Result<LetterId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO advocacy_letters (slug, title_en, title_fr, intro_en, intro_fr, subject_en, subject_fr, body_en,
         body_fr, editable, ask_address, goal, ends_at, target_kind, set_id, committee_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
    )
    .bind(l.slug)
    .bind(l.title_en)
    .bind(l.title_fr)
    .bind(l.intro_en)
    .bind(l.intro_fr)
    .bind(l.subject_en)
    .bind(l.subject_fr)
    .bind(l.body_en)
    .bind(l.body_fr)
    .bind(i64::from(l.editable))
    .bind(i64::from(l.ask_address))
    .bind(l.goal)
    .bind(l.ends_at)
    .bind(l.target_kind)
    .bind(l.set_id)
    .bind(l.committee_id)
    .bind(l.created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn add_fixed_target(
    tx: &mut Transaction<'_, Any>,
    letter: LetterId,
    target: TargetId,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO advocacy_letter_targets (letter_id, target_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(letter)
        .bind(target)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn letter_by_slug(db: &Db, slug: &str) -> Result<Option<LetterRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {LETTER_COLUMNS} FROM advocacy_letters WHERE slug = $1")))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}

pub async fn letter(db: &Db, id: LetterId) -> Result<Option<LetterRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {LETTER_COLUMNS} FROM advocacy_letters WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Every campaign, newest first.
pub async fn all_letters(db: &Db) -> Result<Vec<LetterRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {LETTER_COLUMNS} FROM advocacy_letters ORDER BY created_at DESC, id DESC"
    )))
    .fetch_all(&db.pool)
    .await
}

/// Campaigns still open at `now`, newest first.
pub async fn open_letters(db: &Db, now: i64) -> Result<Vec<LetterRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {LETTER_COLUMNS} FROM advocacy_letters WHERE ends_at IS NULL OR ends_at > $1 ORDER BY created_at DESC, id DESC"
    )))
    .bind(now)
    .fetch_all(&db.pool)
    .await
}

/// Someone opened the letter in their own mail client: a number, nothing about them.
pub async fn count_mailto(db: &Db, letter: LetterId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE advocacy_letters SET mailto_opened = mailto_opened + 1 WHERE id = $1")
        .bind(letter)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// What one target got from a campaign.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct TargetCount {
    pub target_id: TargetId,
    pub name: String,
    pub district: String,
    /// Letters delivered (a collective letter counts each writer it lists).
    pub letters: i64,
    /// Of which the writer changed the campaign's text.
    pub personalised: i64,
    pub replied_yes: i64,
    pub replied_no: i64,
    pub bounced: i64,
    /// Mails not sent yet (paced, or a collective letter waiting for its day to end).
    pub waiting: i64,
}

pub async fn counts(db: &Db, letter: LetterId) -> Result<Vec<TargetCount>, sqlx::Error> {
    // The kept counts, and the few messages still waiting (an index on letter and state).
    sqlx::query_as(
        "SELECT t.id AS target_id, t.name, t.district,
           COALESCE(c.letters, 0) AS letters, COALESCE(c.personalised, 0) AS personalised,
           COALESCE(c.replied_yes, 0) AS replied_yes, COALESCE(c.replied_no, 0) AS replied_no,
           COALESCE(c.bounced, 0) AS bounced, COALESCE(w.waiting, 0) AS waiting
         FROM advocacy_targets t
         LEFT JOIN advocacy_counts c ON c.target_id = t.id AND c.letter_id = $1
         LEFT JOIN (SELECT target_id, COUNT(*) AS waiting FROM advocacy_messages
                    WHERE letter_id = $1 AND state = 'waiting' GROUP BY target_id) w ON w.target_id = t.id
         WHERE c.target_id IS NOT NULL OR w.target_id IS NOT NULL
         ORDER BY letters DESC, t.name",
    )
    .bind(letter)
    .fetch_all(&db.pool)
    .await
}

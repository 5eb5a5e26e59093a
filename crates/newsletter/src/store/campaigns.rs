//! Campaigns: the rows, their reads, and the one statement that starts one.

use rendezvous_platform::crypto::random_token;
use rendezvous_platform::db::Db;
use rendezvous_platform::i18n::Lang;
use serde::Serialize;

use crate::model::CampaignState;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CampaignRow {
    pub id: i64,
    pub list_id: i64,
    pub segment_id: Option<i64>,
    pub state: CampaignState,
    pub subject_en: String,
    pub subject_fr: String,
    pub body_en: String,
    pub body_fr: String,
    pub recipients: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub preheader_en: String,
    pub preheader_fr: String,
    pub scheduled_at: Option<i64>,
}

impl CampaignRow {
    /// The subject and body for a language, or None when that version is empty.
    pub fn version(&self, lang: Lang) -> Option<(&str, &str)> {
        let (subject, body) = match lang {
            Lang::En => (&self.subject_en, &self.body_en),
            Lang::Fr => (&self.subject_fr, &self.body_fr),
        };
        (!subject.trim().is_empty() && !body.trim().is_empty()).then_some((subject.as_str(), body.as_str()))
    }

    /// The preview line shown after the subject, for a language ("" when none).
    pub fn preheader(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.preheader_en,
            Lang::Fr => &self.preheader_fr,
        }
    }
}

/// A draft as it is written.
pub struct NewCampaignRow<'a> {
    pub list_id: i64,
    pub segment_id: Option<i64>,
    pub subject_en: &'a str,
    pub subject_fr: &'a str,
    pub body_en: &'a str,
    pub body_fr: &'a str,
    pub created_by: Option<i64>,
}

pub async fn insert_campaign(db: &Db, c: &NewCampaignRow<'_>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO campaigns (list_id, segment_id, state, subject_en, subject_fr, body_en, body_fr, created_by,
                                created_at)
         VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(c.list_id)
    .bind(c.segment_id)
    .bind(c.subject_en)
    .bind(c.subject_fr)
    .bind(c.body_en)
    .bind(c.body_fr)
    .bind(c.created_by)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

/// The campaigns being sent now.
pub async fn sending_ids(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM campaigns WHERE state = 'sending' ORDER BY id").fetch_all(&db.pool).await
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<CampaignRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, list_id, segment_id, state, subject_en, subject_fr, body_en, body_fr, recipients, created_by,
                created_at, started_at, finished_at, preheader_en, preheader_fr, scheduled_at
         FROM campaigns WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// A campaign's state alone, read between delivery batches so a pause or cancel takes hold.
pub async fn state_of(db: &Db, id: i64) -> Result<Option<CampaignState>, sqlx::Error> {
    sqlx::query_scalar("SELECT state FROM campaigns WHERE id = $1").bind(id).fetch_optional(&db.pool).await
}

/// Every campaign, newest first (the admin list).
pub async fn all(db: &Db) -> Result<Vec<CampaignRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, list_id, segment_id, state, subject_en, subject_fr, body_en, body_fr, recipients, created_by,
                created_at, started_at, finished_at, preheader_en, preheader_fr, scheduled_at
         FROM campaigns ORDER BY id DESC",
    )
    .fetch_all(&db.pool)
    .await
}

/// Writes one queued delivery per subscriber (idempotent) and moves the campaign from `from` to
/// sending, in one transaction. False, and nothing written, when it was no longer in `from`.
pub async fn start_sending(
    db: &Db,
    id: i64,
    from: CampaignState,
    subscriber_ids: &[i64],
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    for chunk in subscriber_ids.chunks(1000) {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .map(|id| serde_json::json!({ "id": id, "token": random_token()[..16].to_lowercase() }))
            .collect();
        let source = db.dialect.json_rows(
            3,
            &[("id", rendezvous_platform::db::SqlType::BigInt), ("token", rendezvous_platform::db::SqlType::Text)],
        );
        let sql = format!(
            "INSERT INTO deliveries (campaign_id, subscriber_id, state, attempts, next_attempt_at, verp_token)
             SELECT $1, r.id, 'queued', 0, $2, r.token FROM {source} WHERE true
             ON CONFLICT (campaign_id, subscriber_id) DO NOTHING"
        );
        // Placeholders and fixed column names only; the rows are one bound JSON value.
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(now)
            .bind(serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into()))
            .execute(&mut *tx)
            .await?;
    }
    let started = sqlx::query(
        "UPDATE campaigns SET state = 'sending', recipients = $1, started_at = $2 WHERE id = $3 AND state = $4",
    )
    .bind(subscriber_ids.len() as i64)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(&mut *tx)
    .await?;
    if started.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// A sending campaign with nothing left queued is sent.
pub async fn mark_sent(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE campaigns SET state = 'sent', finished_at = $1 WHERE id = $2 AND state = 'sending'")
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

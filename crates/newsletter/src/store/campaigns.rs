//! Campaigns: the rows, their reads, and the one statement that starts one.

use rendezvous_platform::crypto::random_token;
use rendezvous_platform::db::Db;
use rendezvous_platform::i18n::Lang;
use serde::Serialize;

use crate::ids::{CampaignId, ListId, SegmentId, SubscriberId};
use crate::model::CampaignState;
use rendezvous_platform::auth::UserId;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct CampaignRow {
    pub id: CampaignId,
    pub list_id: ListId,
    pub segment_id: Option<SegmentId>,
    pub state: CampaignState,
    pub subject_en: String,
    pub subject_fr: String,
    pub body_en: String,
    pub body_fr: String,
    pub recipients: i64,
    pub created_by: Option<UserId>,
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
    pub list_id: ListId,
    pub segment_id: Option<SegmentId>,
    pub subject_en: &'a str,
    pub subject_fr: &'a str,
    pub body_en: &'a str,
    pub body_fr: &'a str,
    pub preheader_en: &'a str,
    pub preheader_fr: &'a str,
    pub created_by: Option<UserId>,
}

/// Binds a draft's list, segment and text as $1 to $8, in the order insert and update name them.
macro_rules! bind_draft {
    ($query:expr, $c:expr) => {
        $query
            .bind($c.list_id)
            .bind($c.segment_id)
            .bind($c.subject_en)
            .bind($c.subject_fr)
            .bind($c.body_en)
            .bind($c.body_fr)
            .bind($c.preheader_en)
            .bind($c.preheader_fr)
    };
}

/// Saves a new draft. `edited` marks one written on the campaign form (the command line's are not).
pub async fn insert_campaign(
    db: &Db,
    c: &NewCampaignRow<'_>,
    now: i64,
    edited: bool,
) -> Result<CampaignId, sqlx::Error> {
    let query = sqlx::query_scalar(
        "INSERT INTO campaigns (list_id, segment_id, state, subject_en, subject_fr, body_en, body_fr, preheader_en,
                                preheader_fr, created_by, created_at, updated_at)
         VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    );
    bind_draft!(query, c).bind(c.created_by).bind(now).bind(edited.then_some(now)).fetch_one(&db.pool).await
}

/// Replaces a draft's list, segment and text; false (nothing changed) unless it still is a draft.
pub async fn update_draft(db: &Db, id: CampaignId, c: &NewCampaignRow<'_>, now: i64) -> Result<bool, sqlx::Error> {
    let query = sqlx::query(
        "UPDATE campaigns SET list_id = $1, segment_id = $2, subject_en = $3, subject_fr = $4, body_en = $5,
                body_fr = $6, preheader_en = $7, preheader_fr = $8, updated_at = $9
         WHERE id = $10 AND state = 'draft'",
    );
    let updated = bind_draft!(query, c).bind(now).bind(id).execute(&db.pool).await?;
    Ok(updated.rows_affected() == 1)
}

/// The campaigns being sent now.
pub async fn sending_ids(db: &Db) -> Result<Vec<CampaignId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM campaigns WHERE state = 'sending' ORDER BY id").fetch_all(&db.pool).await
}

pub async fn by_id(db: &Db, id: CampaignId) -> Result<Option<CampaignRow>, sqlx::Error> {
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
pub async fn state_of(db: &Db, id: CampaignId) -> Result<Option<CampaignState>, sqlx::Error> {
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
    id: CampaignId,
    from: CampaignState,
    subscriber_ids: &[SubscriberId],
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
/// True for the one call that moved it (only that one announces the campaign as sent).
pub async fn mark_sent(db: &Db, id: CampaignId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE campaigns SET state = 'sent', finished_at = $1 WHERE id = $2 AND state = 'sending'")
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// What else changes with a campaign's state.
#[derive(Debug, Clone, Copy)]
pub enum AlsoSet {
    Nothing,
    ClearSchedule,
    ScheduledAt(i64),
    FinishedAt(i64),
}

/// Moves a campaign from `from` to `to` (and sets what goes with it) if it still is in `from`:
/// false, and nothing changed, otherwise.
pub async fn change_state(
    db: &Db,
    id: CampaignId,
    from: CampaignState,
    to: CampaignState,
    also: AlsoSet,
) -> Result<bool, sqlx::Error> {
    let (sql, at) = match also {
        AlsoSet::Nothing => ("UPDATE campaigns SET state = $1 WHERE id = $2 AND state = $3", None),
        AlsoSet::ClearSchedule => {
            ("UPDATE campaigns SET state = $1, scheduled_at = NULL WHERE id = $2 AND state = $3", None)
        }
        AlsoSet::ScheduledAt(at) => {
            ("UPDATE campaigns SET state = $1, scheduled_at = $4 WHERE id = $2 AND state = $3", Some(at))
        }
        AlsoSet::FinishedAt(at) => {
            ("UPDATE campaigns SET state = $1, finished_at = $4 WHERE id = $2 AND state = $3", Some(at))
        }
    };
    let mut query = sqlx::query(sql).bind(to).bind(id).bind(from);
    if let Some(at) = at {
        query = query.bind(at);
    }
    Ok(query.execute(&db.pool).await?.rows_affected() == 1)
}

/// The newest `limit` campaigns, newest first.
pub async fn latest_campaign_ids(db: &Db, limit: i64) -> Result<Vec<CampaignId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM campaigns ORDER BY id DESC LIMIT $1").bind(limit).fetch_all(&db.pool).await
}

/// The newest `limit` campaigns of public lists that went out or are going out: the archive.
pub async fn archived_campaign_ids(db: &Db, limit: i64) -> Result<Vec<CampaignId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT c.id FROM campaigns c JOIN lists l ON l.id = c.list_id
         WHERE c.state IN ('sent', 'sending') AND l.is_public = 1
         ORDER BY c.started_at DESC, c.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// Makes a draft urgent (see `campaigns::urgent`).
pub async fn mark_urgent(db: &Db, id: CampaignId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE campaigns SET urgent = 1 WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}

pub async fn is_urgent(db: &Db, id: CampaignId) -> Result<bool, sqlx::Error> {
    let urgent: Option<i64> =
        sqlx::query_scalar("SELECT urgent FROM campaigns WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
    Ok(urgent == Some(1))
}

/// Whether an urgent campaign still has deliveries queued (bulk campaigns wait meanwhile).
pub async fn urgent_sending(db: &Db) -> Result<bool, sqlx::Error> {
    let any: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM campaigns WHERE state = 'sending' AND urgent = 1
         AND EXISTS (SELECT 1 FROM deliveries d WHERE d.campaign_id = campaigns.id AND d.state = 'queued') LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    Ok(any.is_some())
}

/// The subscribers these campaigns were sent to or are still queued for.
pub async fn reached_by(db: &Db, campaigns: &[CampaignId]) -> Result<Vec<SubscriberId>, sqlx::Error> {
    if campaigns.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = campaigns.iter().map(|c| c.0.to_string()).collect();
    // Integers formatted here, so inlining them injects nothing.
    let sql = format!(
        "SELECT DISTINCT subscriber_id FROM deliveries WHERE campaign_id IN ({}) AND state IN ('sent', 'queued')
         ORDER BY subscriber_id",
        ids.join(",")
    );
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(&db.pool).await
}

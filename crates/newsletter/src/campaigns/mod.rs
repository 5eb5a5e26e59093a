//! Campaigns: a mailing to a list (optionally narrowed by a segment), written in English and French
//! in Markdown, sent to each subscriber in their language (else the list's). Sending creates one
//! delivery row per recipient (see [`delivery`]); the campaign's progress is counted from them.

pub mod archive;
pub mod delivery;
pub mod drafts;
pub mod lifecycle;
pub mod pace;
pub mod preview;
pub mod render;
pub mod report;
pub mod schedule;

use crate::model::{CampaignState, DeliveryState};
use rendezvous_platform::clock::Clock;
use rendezvous_platform::crypto::random_token;
use rendezvous_platform::db::Db;
use rendezvous_platform::i18n::Lang;
use serde::Serialize;

use crate::segment::SegmentFilter;
use crate::store;

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

#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    #[error("no list has this slug")]
    NoSuchList,
    #[error("the campaign needs a subject and a body in the list's default language ({0})")]
    DefaultVersionMissing(&'static str),
    #[error("a subject must be 1 to 200 characters on one line")]
    Subject,
    #[error("no campaign has this id")]
    NoSuchCampaign,
    #[error("only a draft can be sent (this one is {0})")]
    NotDraft(CampaignState),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

pub struct NewCampaign<'a> {
    pub list_slug: &'a str,
    pub subject_en: &'a str,
    pub body_en: &'a str,
    pub subject_fr: &'a str,
    pub body_fr: &'a str,
    pub segment_id: Option<i64>,
    pub created_by: Option<i64>,
}

fn subject_ok(subject: &str) -> bool {
    subject.is_empty() || (subject.chars().count() <= 200 && !subject.chars().any(char::is_control))
}

/// Creates a draft. The list's default language must have a subject and a body.
pub async fn create(db: &Db, clock: &Clock, new: &NewCampaign<'_>) -> Result<i64, CampaignError> {
    let list = store::list_by_slug(db, new.list_slug).await?.ok_or(CampaignError::NoSuchList)?;
    let (subject_en, subject_fr) = (new.subject_en.trim(), new.subject_fr.trim());
    if !subject_ok(subject_en) || !subject_ok(subject_fr) {
        return Err(CampaignError::Subject);
    }
    let default = Lang::parse(&list.default_lang).unwrap_or_default();
    let has_default = match default {
        Lang::En => !subject_en.is_empty() && !new.body_en.trim().is_empty(),
        Lang::Fr => !subject_fr.is_empty() && !new.body_fr.trim().is_empty(),
    };
    if !has_default {
        return Err(CampaignError::DefaultVersionMissing(default.code()));
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO campaigns (list_id, segment_id, state, subject_en, subject_fr, body_en, body_fr, created_by,
                                created_at)
         VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(list.id)
    .bind(new.segment_id)
    .bind(subject_en)
    .bind(subject_fr)
    .bind(new.body_en)
    .bind(new.body_fr)
    .bind(new.created_by)
    .bind(clock.now_ms())
    .fetch_one(&db.pool)
    .await?)
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
pub async fn state_of(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
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

/// The first half of sending a draft: one delivery per person the list (and segment) reaches at
/// this moment, without their job. Idempotent: sending again adds no second delivery for anyone.
/// Pages, the command line and tests send through [`lifecycle::send_now`], which also queues the
/// job; this half alone is what a crash between the two leaves (see `requeue_orphans`).
pub async fn send(db: &Db, clock: &Clock, id: i64) -> Result<i64, CampaignError> {
    start(db, clock, id, CampaignState::Draft).await
}

/// Who a campaign reaches: its list, narrowed by its segment when it has one.
pub async fn audience(db: &Db, campaign: &CampaignRow) -> Result<SegmentFilter, sqlx::Error> {
    let mut filter = match campaign.segment_id {
        Some(segment) => crate::segment::by_id(db, segment).await?.map(|s| s.filter()).unwrap_or_default(),
        None => SegmentFilter::default(),
    };
    filter.lists = vec![campaign.list_id];
    Ok(filter)
}

/// How many people the campaign would go to if it were sent now.
pub async fn recipient_count(db: &Db, clock: &Clock, campaign: &CampaignRow) -> Result<i64, sqlx::Error> {
    audience(db, campaign).await?.count(db, clock.now_ms()).await
}

/// Queues a campaign that is in state `from` (a draft sent now, or a scheduled one whose time
/// came). The state changes only if it still is `from`, so two starts queue it once.
pub(crate) async fn start(db: &Db, clock: &Clock, id: i64, from: CampaignState) -> Result<i64, CampaignError> {
    let campaign = by_id(db, id).await?.ok_or(CampaignError::NoSuchCampaign)?;
    if campaign.state != from {
        return Err(CampaignError::NotDraft(campaign.state));
    }
    let now = clock.now_ms();
    let ids = audience(db, &campaign).await?.subscriber_ids(db, now).await?;
    let mut tx = db.begin_write().await?;
    for chunk in ids.chunks(1000) {
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
    .bind(ids.len() as i64)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(&mut *tx)
    .await?;
    if started.rows_affected() == 0 {
        tx.rollback().await?;
        let state = by_id(db, id).await?.map(|c| c.state).unwrap_or_default();
        return Err(CampaignError::NotDraft(state));
    }
    tx.commit().await?;
    Ok(ids.len() as i64)
}

/// Whom and what a delivery's VERP token stands for.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct DeliveryRef {
    pub campaign_id: i64,
    pub list_id: i64,
    pub subscriber_id: i64,
}

pub async fn delivery_by_token(db: &Db, token: &str) -> Result<Option<DeliveryRef>, sqlx::Error> {
    // Some mail systems lower-case the address they bounce to; tokens are lower-case hex.
    let token = token.to_ascii_lowercase();
    sqlx::query_as(
        "SELECT d.campaign_id, c.list_id, d.subscriber_id FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
         WHERE d.verp_token = $1",
    )
    .bind(token)
    .fetch_optional(&db.pool)
    .await
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Progress {
    pub state: CampaignState,
    pub recipients: i64,
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
    pub remaining: i64,
}

/// A campaign's deliveries counted by state.
pub(crate) async fn delivery_counts(db: &Db, id: i64) -> Result<Vec<(DeliveryState, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT state, COUNT(*) FROM deliveries WHERE campaign_id = $1 GROUP BY state")
        .bind(id)
        .fetch_all(&db.pool)
        .await
}

/// The delivery numbers alone: cheap enough for the progress page to poll.
pub async fn progress(db: &Db, id: i64) -> Result<Option<Progress>, sqlx::Error> {
    let Some(campaign) = by_id(db, id).await? else { return Ok(None) };
    let counts = delivery_counts(db, id).await?;
    let count = |s: DeliveryState| counts.iter().find(|(state, _)| *state == s).map_or(0, |c| c.1);
    Ok(Some(Progress {
        state: campaign.state,
        recipients: campaign.recipients,
        sent: count(DeliveryState::Sent),
        failed: count(DeliveryState::Failed),
        skipped: count(DeliveryState::Skipped),
        remaining: count(DeliveryState::Queued),
    }))
}

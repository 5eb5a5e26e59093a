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
pub mod sharing;
pub mod urgent;

use crate::ids::{CampaignId, SegmentId};
use crate::model::{CampaignState, DeliveryState};
use rendezvous_platform::auth::UserId;
use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::Db;
use rendezvous_platform::i18n::Lang;
use serde::Serialize;

use crate::segment::SegmentFilter;
use crate::store;
pub(crate) use crate::store::delivery_counts;
/// The campaign rows and reads other modules use, kept in the store.
pub use crate::store::{CampaignRow, DeliveryRef, all, by_id, delivery_by_token, sending_ids, state_of};

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
    pub segment_id: Option<SegmentId>,
    pub created_by: Option<UserId>,
}

fn subject_ok(subject: &str) -> bool {
    subject.is_empty() || (subject.chars().count() <= 200 && !subject.chars().any(char::is_control))
}

/// Creates a draft. The list's default language must have a subject and a body.
pub async fn create(db: &Db, clock: &Clock, new: &NewCampaign<'_>) -> Result<CampaignId, CampaignError> {
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
    let row = store::NewCampaignRow {
        list_id: list.id,
        segment_id: new.segment_id,
        subject_en,
        subject_fr,
        body_en: new.body_en,
        body_fr: new.body_fr,
        preheader_en: "",
        preheader_fr: "",
        created_by: new.created_by,
    };
    Ok(store::insert_campaign(db, &row, clock.now_ms(), false).await?)
}

/// The first half of sending a draft: one delivery per person the list (and segment) reaches at
/// this moment, without their job. Idempotent: sending again adds no second delivery for anyone.
/// Pages, the command line and tests send through [`lifecycle::send_now`], which also queues the
/// job; this half alone is what a crash between the two leaves (see `requeue_orphans`).
pub async fn send(db: &Db, clock: &Clock, id: CampaignId) -> Result<i64, CampaignError> {
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
pub(crate) async fn start(db: &Db, clock: &Clock, id: CampaignId, from: CampaignState) -> Result<i64, CampaignError> {
    let campaign = by_id(db, id).await?.ok_or(CampaignError::NoSuchCampaign)?;
    if campaign.state != from {
        return Err(CampaignError::NotDraft(campaign.state));
    }
    let now = clock.now_ms();
    let ids = audience(db, &campaign).await?.subscriber_ids(db, now).await?;
    if !store::start_sending(db, id, from, &ids, now).await? {
        let state = by_id(db, id).await?.map(|c| c.state).unwrap_or_default();
        return Err(CampaignError::NotDraft(state));
    }
    Ok(ids.len() as i64)
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

/// The delivery numbers alone: cheap enough for the progress page to poll.
pub async fn progress(db: &Db, id: CampaignId) -> Result<Option<Progress>, sqlx::Error> {
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

//! A campaign's numbers: whom it was for, what went, what failed, and what came back. Bounces
//! and complaints are those matched to this campaign's deliveries by their VERP token; an
//! unsubscribe counts for the last campaign of that list the person received before it.

use crate::bounces::BounceKind;
use crate::ids::CampaignId;
use crate::model::CampaignState;
use crate::store;
use rendezvous_platform::db::Db;
use serde::Serialize;

use super::by_id;

/// A campaign's statistics.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Report {
    pub id: CampaignId,
    pub state: CampaignState,
    pub recipients: i64,
    pub sent: i64,
    pub failed: i64,
    /// Left the list before their message went.
    pub skipped: i64,
    pub remaining: i64,
    pub bounced: i64,
    pub complaints: i64,
    /// Unsubscribed after this campaign, before the next.
    pub unsubscribed: i64,
    /// Unix milliseconds.
    pub started_at: Option<i64>,
    /// Unix milliseconds.
    pub finished_at: Option<i64>,
}

pub async fn report(db: &Db, id: CampaignId) -> Result<Option<Report>, sqlx::Error> {
    let Some(progress) = super::progress(db, id).await? else { return Ok(None) };
    let Some(campaign) = by_id(db, id).await? else { return Ok(None) };
    let kinds = store::bounced_by_kind(db, id).await?;
    let kind = |k: BounceKind| kinds.iter().find(|(kind, _)| *kind == k).map_or(0, |c| c.1);
    let unsubscribed = store::unsubscribed_after(db, id, campaign.list_id).await?;
    Ok(Some(Report {
        id,
        state: progress.state,
        recipients: progress.recipients,
        sent: progress.sent,
        failed: progress.failed,
        skipped: progress.skipped,
        remaining: progress.remaining,
        bounced: kind(BounceKind::Hard) + kind(BounceKind::Soft),
        complaints: kind(BounceKind::Complaint),
        unsubscribed,
        started_at: campaign.started_at,
        finished_at: campaign.finished_at,
    }))
}

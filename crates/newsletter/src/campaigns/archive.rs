//! The public archive: campaigns of public lists that went out (or are going out), newest first.
//! A private list's campaigns are never in it, whatever id one asks for.

use crate::ids::CampaignId;
use crate::model::CampaignState;
use rendezvous_platform::db::Db;

use super::{CampaignRow, by_id};
use crate::store::{self, ListRow};

/// What the archive shows of a campaign it holds.
pub struct ArchivedCampaign {
    pub campaign: CampaignRow,
    pub list: ListRow,
}

/// The newest `limit` campaigns in the archive.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<ArchivedCampaign>, sqlx::Error> {
    let ids = store::archived_campaign_ids(db, limit).await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.extend(get(db, id).await?);
    }
    Ok(out)
}

/// One campaign if the archive holds it.
pub async fn get(db: &Db, id: CampaignId) -> Result<Option<ArchivedCampaign>, sqlx::Error> {
    let Some(campaign) = by_id(db, id).await? else { return Ok(None) };
    let Some(list) = store::list_by_id(db, campaign.list_id).await? else { return Ok(None) };
    let shown = matches!(campaign.state, CampaignState::Sent | CampaignState::Sending) && list.public();
    Ok(shown.then_some(ArchivedCampaign { campaign, list }))
}

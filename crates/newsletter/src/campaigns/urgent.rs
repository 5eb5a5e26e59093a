//! Urgent mailings: a campaign another feature sends at once to people it names (the alerts
//! feature's drug-supply alerts). It is a campaign like any other (the subscriber's language, the
//! sender's identity, one-click unsubscribe, bounces), with two differences: its delivery job runs
//! at the alert priority, and while it is sending every bulk campaign stops claiming (see
//! `delivery::claims`), so its recipients are served before a campaign's remaining ones.

use rendezvous_platform::AppState;
use rendezvous_platform::BoxError;
use rendezvous_platform::auth::UserId;

use super::{NewCampaign, delivery};
use crate::ids::{CampaignId, SubscriberId};
use crate::model::CampaignState;
use crate::store;

/// The job kind of an urgent campaign's delivery: the same work as a bulk one's, claimed first.
pub const KIND: &str = "newsletter.deliver.urgent";

pub struct UrgentMailing<'a> {
    pub list_slug: &'a str,
    pub subject_en: &'a str,
    pub body_en: &'a str,
    pub subject_fr: &'a str,
    pub body_fr: &'a str,
    pub created_by: Option<UserId>,
    /// Who may get it: those of them subscribed to the list now (and still when their turn comes).
    pub recipients: &'a [SubscriberId],
}

/// Creates the campaign, its deliveries and its job; returns the campaign and how many it goes to.
pub async fn send(state: &AppState, mailing: &UrgentMailing<'_>) -> Result<(CampaignId, i64), BoxError> {
    let new = NewCampaign {
        list_slug: mailing.list_slug,
        subject_en: mailing.subject_en,
        body_en: mailing.body_en,
        subject_fr: mailing.subject_fr,
        body_fr: mailing.body_fr,
        segment_id: None,
        created_by: mailing.created_by,
    };
    let list = store::list_by_slug(&state.db, mailing.list_slug).await?.ok_or("no such list")?;
    let recipients = store::subscribed_among(&state.db, list.id, mailing.recipients).await?;
    let id = super::create(&state.db, &state.clock, &new).await?;
    store::mark_urgent(&state.db, id).await?;
    let now = state.clock.now_ms();
    if !store::start_sending(&state.db, id, CampaignState::Draft, &recipients, now).await? {
        return Err("the urgent campaign could not start".into());
    }
    state.jobs.enqueue(KIND, &delivery::DeliverJob { campaign_id: id }).await?;
    Ok((id, recipients.len() as i64))
}

/// The people an urgent campaign reached, or is about to (its deliveries sent or still queued).
pub async fn reached(state: &AppState, campaigns: &[CampaignId]) -> Result<Vec<SubscriberId>, sqlx::Error> {
    store::reached_by(&state.db, campaigns).await
}

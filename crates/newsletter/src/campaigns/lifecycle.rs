//! A campaign's life after it is written: send now, schedule (the start runs through the job
//! queue), unschedule, pause, resume and cancel. Each change happens only from the states it
//! names (`UPDATE ... WHERE state = ...`), so two clicks, or a click racing the scheduled start,
//! change it once.
//!
//! draft → scheduled → sending ⇄ paused → sent; draft, scheduled, sending and paused → cancelled.

use crate::ids::CampaignId;
use crate::model::CampaignState;
use crate::store::{self, AlsoSet};
use rendezvous_platform::{AppState, BoxError};
use serde::{Deserialize, Serialize};

use super::schedule::{self, ScheduleError};
use super::{CampaignError, by_id, delivery, start};

/// The job that starts a scheduled campaign.
pub const START_KIND: &str = "newsletter.campaign-start";

#[derive(Debug, Serialize, Deserialize)]
pub struct StartJob {
    pub campaign_id: CampaignId,
    /// The time this job was queued for: a campaign unscheduled and scheduled again ignores the
    /// job of its earlier time.
    pub at: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum LifecycleError {
    #[error("no campaign has this id")]
    NoSuchCampaign,
    #[error("a campaign that is {0} cannot do that")]
    WrongState(CampaignState),
    #[error("bad schedule: {0:?}")]
    Schedule(ScheduleError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("{0}")]
    Queue(BoxError),
}

impl LifecycleError {
    /// A Fluent message id for the person who clicked.
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::NoSuchCampaign => "error-not-found",
            Self::WrongState(_) => "campaign-wrong-state",
            Self::Schedule(e) => e.message_id(),
            Self::Db(_) | Self::Queue(_) => "error-internal",
        }
    }
}

impl From<CampaignError> for LifecycleError {
    fn from(e: CampaignError) -> Self {
        match e {
            CampaignError::NoSuchCampaign => Self::NoSuchCampaign,
            CampaignError::NotDraft(state) => Self::WrongState(state),
            CampaignError::Db(e) => Self::Db(e),
            other => Self::Queue(other.into()),
        }
    }
}

/// Moves a campaign from one of `from` to `to`; refused (and nothing changed) from any other state.
async fn transition(
    state: &AppState,
    id: CampaignId,
    from: &[CampaignState],
    to: CampaignState,
    also: AlsoSet,
) -> Result<(), LifecycleError> {
    let campaign = by_id(&state.db, id).await?.ok_or(LifecycleError::NoSuchCampaign)?;
    if !from.contains(&campaign.state) {
        return Err(LifecycleError::WrongState(campaign.state));
    }
    if !store::change_state(&state.db, id, campaign.state, to, also).await? {
        let now = by_id(&state.db, id).await?.map(|c| c.state).unwrap_or_default();
        return Err(LifecycleError::WrongState(now));
    }
    Ok(())
}

async fn enqueue_delivery(state: &AppState, id: CampaignId) -> Result<(), LifecycleError> {
    let job = delivery::DeliverJob { campaign_id: id };
    state.jobs.enqueue(delivery::KIND, &job).await.map_err(LifecycleError::Queue)?;
    Ok(())
}

/// Sends a draft now: one delivery per person it reaches, then the delivery job. Returns how many.
pub async fn send_now(state: &AppState, id: CampaignId) -> Result<i64, LifecycleError> {
    let recipients = start(&state.db, &state.clock, id, CampaignState::Draft).await?;
    enqueue_delivery(state, id).await?;
    Ok(recipients)
}

/// Schedules a draft for a local date and time in the site's time zone; returns the instant.
pub async fn schedule(state: &AppState, id: CampaignId, date: &str, time: &str) -> Result<i64, LifecycleError> {
    let at = schedule::parse_local(&state.config.timezone, date, time, state.clock.now_ms())
        .map_err(LifecycleError::Schedule)?;
    let campaign = by_id(&state.db, id).await?.ok_or(LifecycleError::NoSuchCampaign)?;
    if campaign.state != CampaignState::Draft {
        return Err(LifecycleError::WrongState(campaign.state));
    }
    // The job first: if the state change then fails, the job finds no campaign scheduled for its
    // time and does nothing; the other way round, a failure would leave a schedule with no start.
    let job = StartJob { campaign_id: id, at };
    state
        .jobs
        .enqueue_at(START_KIND, &job, at, rendezvous_platform::jobs::DEFAULT_MAX_ATTEMPTS)
        .await
        .map_err(LifecycleError::Queue)?;
    let scheduled =
        store::change_state(&state.db, id, CampaignState::Draft, CampaignState::Scheduled, AlsoSet::ScheduledAt(at))
            .await?;
    if !scheduled {
        let now = by_id(&state.db, id).await?.map(|c| c.state).unwrap_or_default();
        return Err(LifecycleError::WrongState(now));
    }
    Ok(at)
}

/// A scheduled campaign back to a draft (its start job then does nothing).
pub async fn unschedule(state: &AppState, id: CampaignId) -> Result<(), LifecycleError> {
    transition(state, id, &[CampaignState::Scheduled], CampaignState::Draft, AlsoSet::ClearSchedule).await
}

/// Stops claiming deliveries; what is already with the mail server finishes.
pub async fn pause(state: &AppState, id: CampaignId) -> Result<(), LifecycleError> {
    transition(state, id, &[CampaignState::Sending], CampaignState::Paused, AlsoSet::Nothing).await
}

/// Goes on with the deliveries left.
pub async fn resume(state: &AppState, id: CampaignId) -> Result<(), LifecycleError> {
    transition(state, id, &[CampaignState::Paused], CampaignState::Sending, AlsoSet::Nothing).await?;
    enqueue_delivery(state, id).await
}

/// Stops for good: the deliveries still queued are marked cancelled and never sent.
/// Returns how many were cancelled.
pub async fn cancel(state: &AppState, id: CampaignId) -> Result<i64, LifecycleError> {
    let finished = AlsoSet::FinishedAt(state.clock.now_ms());
    transition(
        state,
        id,
        &[CampaignState::Draft, CampaignState::Scheduled, CampaignState::Sending, CampaignState::Paused],
        CampaignState::Cancelled,
        finished,
    )
    .await?;
    // A delivery in flight at this moment is marked by its worker after the mail server answered
    // (it was sent); every other queued one is cancelled here.
    Ok(store::cancel_queued_deliveries(&state.db, id, state.clock.now_ms()).await?)
}

/// The job: at the scheduled time, a campaign still scheduled for that time starts as `send` does.
pub async fn handle_start(state: AppState, payload: serde_json::Value) -> Result<(), BoxError> {
    let job: StartJob = serde_json::from_value(payload)?;
    let Some(campaign) = by_id(&state.db, job.campaign_id).await? else { return Ok(()) };
    if campaign.state == CampaignState::Scheduled && campaign.scheduled_at == Some(job.at) {
        if state.clock.now_ms() < job.at {
            // Never before its time (a job queue that ran early would be a bug elsewhere).
            state.jobs.enqueue_at(START_KIND, &job, job.at, rendezvous_platform::jobs::DEFAULT_MAX_ATTEMPTS).await?;
            return Ok(());
        }
        match start(&state.db, &state.clock, campaign.id, CampaignState::Scheduled).await {
            Ok(_) | Err(CampaignError::NotDraft(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    // Started by this job (now, or by an earlier attempt that failed before queueing delivery).
    let started = by_id(&state.db, job.campaign_id).await?;
    if started.is_some_and(|c| c.state == CampaignState::Sending && c.scheduled_at == Some(job.at)) {
        let deliver = delivery::DeliverJob { campaign_id: job.campaign_id };
        state.jobs.enqueue(delivery::KIND, &deliver).await?;
    }
    Ok(())
}

/// Gives every sending campaign a delivery job again if it has none waiting: a process that died
/// between queueing the deliveries and queueing their job (or a job given up after its attempts)
/// would otherwise leave the campaign "sending" forever. Run at start and periodically.
pub async fn requeue_orphans(state: &AppState) -> Result<usize, rendezvous_platform::BoxError> {
    let mut orphans = 0;
    for campaign_id in super::sending_ids(&state.db).await? {
        let deliver = delivery::DeliverJob { campaign_id };
        let kind = if store::is_urgent(&state.db, campaign_id).await? { super::urgent::KIND } else { delivery::KIND };
        if !state.jobs.is_queued(kind, &deliver).await? {
            state.jobs.enqueue(kind, &deliver).await?;
            orphans += 1;
        }
    }
    Ok(orphans)
}

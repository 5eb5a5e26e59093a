//! One campaign, every process: the delivery job runs in one process, and each other process
//! with workers joins the campaign while it has deliveries nobody holds, claiming batches
//! through the same leases (SKIP LOCKED on PostgreSQL), so adding a process adds SMTP
//! connections to the campaign. A process never runs one campaign twice: what it is sending is
//! kept here, per application (tests run several in one process).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rendezvous_platform::AppState;
use rendezvous_platform::db::Dialect;
use rendezvous_platform::feature::ChoreFuture;

use crate::ids::CampaignId;
use crate::model::CampaignState;
use crate::store;

/// The campaigns this application is sending now (provided by the feature, one per app).
#[derive(Default)]
pub struct RunningHere(Mutex<HashSet<CampaignId>>);

/// Holds a campaign in [`RunningHere`] until dropped.
pub struct Running {
    campaigns: Option<Arc<RunningHere>>,
    id: CampaignId,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(here) = &self.campaigns
            && let Ok(mut set) = here.0.lock()
        {
            set.remove(&self.id);
        }
    }
}

fn registry(state: &AppState) -> Option<Arc<RunningHere>> {
    state.provided.all::<Arc<RunningHere>>().next().cloned()
}

/// Marks the campaign as sent from here (by its job), whether or not a joiner also runs it.
pub fn running_here(state: &AppState, id: CampaignId) -> Running {
    let campaigns = registry(state);
    if let Some(here) = &campaigns
        && let Ok(mut set) = here.0.lock()
    {
        set.insert(id);
    }
    Running { campaigns, id }
}

/// Marks the campaign as sent from here unless it already is.
fn join_here(state: &AppState, id: CampaignId) -> Option<Running> {
    let campaigns = registry(state)?;
    let fresh = campaigns.0.lock().is_ok_and(|mut set| set.insert(id));
    fresh.then_some(Running { campaigns: Some(campaigns), id })
}

/// On PostgreSQL, where several processes share one database; on SQLite one process sends. It
/// also runs on every job announcement (a campaign starting is one), so the period only bounds
/// a process that came up mid-campaign and heard nothing.
pub fn join_period(state: &AppState) -> Option<Duration> {
    (state.db.dialect == Dialect::Postgres).then_some(Duration::from_secs(30))
}

/// Joins each sending campaign with deliveries nobody holds that this process is not sending.
pub fn join_sending(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move {
        for id in store::campaigns_to_join(&state.db, state.clock.now_ms()).await? {
            let Some(running) = join_here(state, id) else { continue };
            let state = state.clone();
            tokio::spawn(async move {
                let _running = running;
                let campaign = match super::by_id(&state.db, id).await {
                    Ok(Some(c)) if c.state == CampaignState::Sending => c,
                    Ok(_) => return,
                    Err(e) => return tracing::warn!(campaign = id.0, error = %e, "could not join a campaign"),
                };
                if let Err(e) = super::delivery::join(&state, &campaign).await {
                    tracing::warn!(campaign = id.0, error = %e, "sending a shared campaign failed");
                }
            });
        }
        Ok(())
    })
}

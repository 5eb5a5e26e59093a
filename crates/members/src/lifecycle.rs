//! Time moves memberships on: a reminder N days before expiry, grace at expiry, lapse when grace
//! ends (implied consent then runs two years from that day), and lifetime members' implied consent
//! restated yearly. Runs as a job on the clock, never on a page visit.

use rendezvous_platform::clock::{DAY_MS, format_ms};
use rendezvous_platform::{AppState, BoxError, audit};
use serde_json::json;

use crate::consent;
use crate::mails::{self, Step};
use crate::store::catalogue;
use crate::store::memberships::{self as store, MembershipRow};

pub const KIND: &str = "members.lifecycle";

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub reminded: usize,
    pub grace: usize,
    pub lapsed: usize,
}

/// Queues a run unless one is already waiting (housekeeping calls this on its tick).
pub async fn schedule(state: &AppState) -> Result<(), BoxError> {
    if !state.jobs.any_queued(KIND).await? {
        state.jobs.enqueue(KIND, &json!({})).await?;
    }
    Ok(())
}

pub async fn handle(state: AppState, _payload: serde_json::Value) -> Result<(), BoxError> {
    let moved = run(&state).await?;
    if moved != Moved::default() {
        tracing::info!(?moved, "memberships moved on");
    }
    Ok(())
}

/// Moves every membership that is due, as of the clock's now.
pub async fn run(state: &AppState) -> Result<Moved, BoxError> {
    let now = state.clock.now_ms();
    let mut moved = Moved::default();
    for m in store::due_reminders(&state.db, now).await? {
        if store::mark_reminded(&state.db, m.id, now).await? {
            notify(state, &m, Step::Reminder, m.expires_at).await?;
            moved.reminded += 1;
        }
    }
    for m in store::due_grace(&state.db, now).await? {
        let Some(kind) = catalogue::type_by_id(&state.db, m.type_id).await? else { continue };
        let until = m.expires_at.unwrap_or(now) + kind.grace_days * DAY_MS;
        if store::enter_grace(&state.db, m.id, until, now).await? {
            audit::record(
                &state.db,
                &state.clock,
                None,
                "membership.grace",
                Some(m.user_id),
                &format!("membership {}", m.id),
            )
            .await?;
            notify(state, &m, Step::Grace, Some(until)).await?;
            moved.grace += 1;
        }
    }
    for m in store::due_lapse(&state.db, now).await? {
        if store::set_status(&state.db, m.id, crate::model::Status::Grace, crate::model::Status::Lapsed, now).await? {
            audit::record(
                &state.db,
                &state.clock,
                None,
                "membership.lapse",
                Some(m.user_id),
                &format!("membership {}", m.id),
            )
            .await?;
            if let Some(kind) = catalogue::type_by_id(&state.db, m.type_id).await? {
                consent::state_implied(state, &kind, &m, now).await?;
            }
            let data = serde_json::json!({ "membership_id": m.id, "organisation": m.organisation_id.is_some() });
            let event = rendezvous_platform::events::Event { kind: "member.lapsed", data, personal: None };
            rendezvous_platform::events::announce(state, event).await;
            notify(state, &m, Step::Lapsed, None).await?;
            moved.lapsed += 1;
        }
    }
    for m in store::consent_to_restate(&state.db, now - 365 * DAY_MS).await? {
        if let Some(kind) = catalogue::type_by_id(&state.db, m.type_id).await? {
            consent::state_implied(state, &kind, &m, now).await?;
        }
    }
    Ok(moved)
}

/// Mails everyone the membership covers.
async fn notify(state: &AppState, m: &MembershipRow, step: Step, date: Option<i64>) -> Result<(), BoxError> {
    let Some(kind) = catalogue::type_by_id(&state.db, m.type_id).await? else { return Ok(()) };
    let date = date.map(format_ms).unwrap_or_default();
    for user_id in consent::covered_people(state, m).await? {
        mails::send(state, user_id, step, &kind, "", &date).await?;
    }
    Ok(())
}

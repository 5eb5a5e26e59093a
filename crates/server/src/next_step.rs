//! What the home page tells a person to do next on the way from visitor to member: sign up and
//! confirm the address (not signed in), apply, wait for the review, answer the team's question,
//! renew, or, for a member, where to go.

use rendezvous_members::memberships;
use rendezvous_members::model::Status;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::AuthUser;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// No account yet (or not signed in): the steps from the start.
    SignUp,
    /// An account and no membership: apply.
    Apply,
    /// An application waiting for the team.
    Pending,
    /// The team asked a question about the application (its id).
    Answer(rendezvous_members::MembershipId),
    /// A membership that ran out: renew.
    Renew,
    /// A current member: the member pages.
    Member,
}

pub async fn for_person(state: &AppState, user: Option<&AuthUser>) -> Result<NextStep, sqlx::Error> {
    let Some(user) = user else { return Ok(NextStep::SignUp) };
    let id = user.id;
    if memberships::is_current_member(&state.db, id, state.clock.now_ms()).await? {
        return Ok(NextStep::Member);
    }
    let rows = memberships::of_user(&state.db, id).await?;
    if let Some(row) = rows.iter().find(|r| r.status == Status::Applied) {
        return Ok(if row.info_requested != 0 { NextStep::Answer(row.id) } else { NextStep::Pending });
    }
    if rows.iter().any(|r| matches!(r.status, Status::Lapsed | Status::Grace)) {
        return Ok(NextStep::Renew);
    }
    Ok(NextStep::Apply)
}

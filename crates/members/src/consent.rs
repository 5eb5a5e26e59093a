//! The seam to the newsletter: a current membership whose type gives implied consent puts the
//! member on the members' list, with consent that runs two years from the day the membership ends.

use rendezvous_newsletter::ListId;
use rendezvous_newsletter::model::{ConsentKind, Source};
use rendezvous_newsletter::subscriptions::{Person, StatedConsent, subscribe};
use rendezvous_platform::auth::UserId;
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::{AppState, BoxError};

use crate::store::catalogue::TypeRow;
use crate::store::memberships::{self, MembershipRow};
use crate::store::organisations;

/// The slug of the members' mailing list, created on first need.
pub const MEMBERS_LIST: &str = "members";

async fn members_list(state: &AppState) -> Result<ListId, BoxError> {
    if let Some(list) = rendezvous_newsletter::list_by_slug(&state.db, MEMBERS_LIST).await? {
        return Ok(list.id);
    }
    match rendezvous_newsletter::create_list(
        &state.db,
        &state.clock,
        MEMBERS_LIST,
        "Members",
        "Membres",
        false,
        Lang::En,
    )
    .await
    {
        Ok(id) => Ok(id),
        // Created meanwhile by another worker.
        Err(rendezvous_newsletter::CreateListError::Taken) => {
            let list = rendezvous_newsletter::list_by_slug(&state.db, MEMBERS_LIST).await?;
            Ok(list.ok_or("members list vanished")?.id)
        }
        Err(e) => Err(e.into()),
    }
}

/// The people a membership covers: the person, or the organisation's delegates.
pub async fn covered_people(state: &AppState, membership: &MembershipRow) -> Result<Vec<UserId>, sqlx::Error> {
    match membership.organisation_id {
        None => Ok(vec![membership.user_id]),
        Some(org) => Ok(organisations::delegates(&state.db, org).await?.into_iter().map(|d| d.user_id).collect()),
    }
}

/// States implied consent for everyone the membership covers, running two years from `since_ms`
/// (the end of the current term, or the day the membership ended). Never shortens an expiry.
pub async fn state_implied(
    state: &AppState,
    kind: &TypeRow,
    membership: &MembershipRow,
    since_ms: i64,
) -> Result<(), BoxError> {
    if !kind.implied_consent() {
        return Ok(());
    }
    let list_id = members_list(state).await?;
    for user_id in covered_people(state, membership).await? {
        let Some(user) = state.users.user_by_id(user_id).await? else { continue };
        let Ok(email) = EmailAddress::parse(&user.email) else { continue };
        let mut person = Person::new(email, user.lang);
        person.name = Some(user.display_name.clone());
        let consent = StatedConsent {
            kind: ConsentKind::ImpliedMembership,
            source: Source::MemberRecord,
            evidence: format!("membership {} ({})", membership.id, kind.slug),
            since_ms,
            actor_id: None,
        };
        subscribe(&state.db, &state.clock, list_id, &person, &consent).await?;
    }
    memberships::mark_consent_stated(&state.db, membership.id, state.clock.now_ms()).await?;
    Ok(())
}

/// When implied consent of a current membership is reckoned from: the end of its term, or now for
/// a lifetime membership (restated yearly by the lifecycle job).
pub fn since_for_current(membership: &MembershipRow, now: i64) -> i64 {
    membership.expires_at.unwrap_or(now).max(now)
}

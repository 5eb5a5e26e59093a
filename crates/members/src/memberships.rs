//! The membership engine: apply (for oneself or an organisation), review (approve, reject, ask
//! for more), renew, cancel, and whether someone is a member. Each step mails the applicant in
//! their language and is audited.

use crate::ids::{CategoryId, MembershipId, MembershipTypeId, OrganisationId};
use crate::model::DelegateRole;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::clock::format_ms;
use rendezvous_platform::db::Db;
use rendezvous_platform::db::is_unique_violation;
use rendezvous_platform::{AppState, BoxError, audit};

use crate::consent;
use crate::mails::{self, Step};
use crate::model::Status;
use crate::store::catalogue::{self, TypeRow};
use crate::store::memberships::{self as store, NewApplication};
/// What other features read of a person's memberships.
pub use crate::store::memberships::{MembershipRow, is_current_member, of_user};
use crate::store::organisations::{self, OrganisationFields};

/// Whom an application is for.
#[derive(Debug, Clone)]
pub enum Applicant {
    Myself,
    /// An organisation by its name (a new one, or a claim of one: the name decides which). Always
    /// reviewed by an administrator, and answered the same either way, so the answer never tells
    /// whether an organisation of that name exists.
    Organisation(Box<OrganisationFields>),
}

#[derive(Debug, Clone)]
pub struct Application {
    pub type_id: MembershipTypeId,
    pub category_id: Option<CategoryId>,
    pub answers: Vec<String>,
    pub applicant: Applicant,
}

/// Why an application or a review step was refused; each maps to a message id.
#[derive(Debug, thiserror::Error)]
pub enum MembershipError {
    #[error("no such membership type")]
    NoSuchType,
    #[error("this membership type is closed to applications")]
    TypeClosed,
    #[error("this type is for the other kind of member")]
    WrongKind,
    #[error("an application or membership of this type is already open")]
    AlreadyOpen,
    #[error("another organisation already has this name")]
    NameTaken,
    #[error("no such organisation")]
    NoSuchOrganisation,
    #[error("this step does not apply to the membership as it stands")]
    WrongStatus,
    #[error("not yours")]
    NotYours,
    #[error(transparent)]
    Other(#[from] BoxError),
}

impl From<sqlx::Error> for MembershipError {
    fn from(e: sqlx::Error) -> Self {
        Self::Other(e.into())
    }
}

impl MembershipError {
    /// The message shown to the person, by Fluent id.
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::NoSuchType => "members-error-no-type",
            Self::TypeClosed => "members-error-type-closed",
            Self::WrongKind => "members-error-wrong-kind",
            Self::AlreadyOpen => "members-error-already-open",
            Self::NameTaken => "members-error-org-name-taken",
            Self::NoSuchOrganisation => "members-error-no-organisation",
            Self::WrongStatus => "members-error-wrong-status",
            Self::NotYours => "members-error-not-yours",
            Self::Other(_) => "error-internal",
        }
    }
}

async fn kind_of(state: &AppState, type_id: MembershipTypeId) -> Result<TypeRow, MembershipError> {
    catalogue::type_by_id(&state.db, type_id).await?.ok_or(MembershipError::NoSuchType)
}

/// Files an application for `user`. A person's membership of a type without approval starts at
/// once; an organisation's is always reviewed, and it gets delegates only once approved.
/// Returns the membership's id.
pub async fn apply(state: &AppState, user: UserId, application: &Application) -> Result<MembershipId, MembershipError> {
    let kind = kind_of(state, application.type_id).await?;
    if !kind.open() {
        return Err(MembershipError::TypeClosed);
    }
    let for_org = !matches!(application.applicant, Applicant::Myself);
    if for_org != kind.for_organisation() {
        return Err(MembershipError::WrongKind);
    }
    let now = state.clock.now_ms();
    let (organisation_id, requested_name) = match &application.applicant {
        Applicant::Myself => {
            if store::open_for(&state.db, kind.id, user, None).await? {
                return Err(MembershipError::AlreadyOpen);
            }
            (None, "")
        }
        Applicant::Organisation(fields) => {
            let id = organisation_for(state, user, fields, now).await?;
            if store::open_by_applicant(&state.db, kind.id, user, id).await? {
                return Err(MembershipError::AlreadyOpen);
            }
            (Some(id), fields.name_en.as_str())
        }
    };
    let answers = serde_json::to_string(&application.answers).map_err(|e| MembershipError::Other(e.into()))?;
    let new = NewApplication {
        type_id: kind.id,
        user_id: user,
        organisation_id,
        category_id: application.category_id,
        answers: &answers,
        requested_name,
    };
    let mut tx = state.db.begin_write().await?;
    let id = store::insert_application(&mut tx, &new, now).await?;
    tx.commit().await?;
    audit::record(&state.db, &state.clock, Some(user), "membership.apply", Some(user), &format!("membership {id}"))
        .await?;
    if !kind.needs_approval() && !for_org {
        activate(state, id, None).await?;
    } else {
        mails::send(state, user, Step::Received, &kind, "", "").await?;
    }
    Ok(id)
}

/// The organisation an application names: the one already known by that name (the application
/// is then a claim), or a new one. Nobody acts for it until an administrator approves.
async fn organisation_for(
    state: &AppState,
    user: UserId,
    fields: &OrganisationFields,
    now: i64,
) -> Result<OrganisationId, MembershipError> {
    if let Some(id) = existing_named(state, fields).await? {
        return Ok(id);
    }
    match organisations::insert(&state.db, fields, now).await {
        Ok(id) => {
            audit::record(&state.db, &state.clock, Some(user), "organisation.create", Some(user), &format!("org {id}"))
                .await?;
            Ok(id)
        }
        // Another application took the name a moment ago: this one claims it.
        Err(e) if is_unique_violation(&e) => {
            existing_named(state, fields).await?.ok_or(MembershipError::NoSuchOrganisation)
        }
        Err(e) => Err(e.into()),
    }
}

async fn existing_named(state: &AppState, fields: &OrganisationFields) -> Result<Option<OrganisationId>, sqlx::Error> {
    for name in [&fields.name_en, &fields.name_fr] {
        if let Some(org) = organisations::by_name(&state.db, name).await? {
            return Ok(Some(org.id));
        }
    }
    Ok(None)
}

/// Approves an application (by an administrator, or at once for a type without approval).
pub async fn activate(state: &AppState, id: MembershipId, admin: Option<UserId>) -> Result<(), MembershipError> {
    let membership = store::by_id(&state.db, id).await?.ok_or(MembershipError::WrongStatus)?;
    let kind = kind_of(state, membership.type_id).await?;
    let now = state.clock.now_ms();
    let expires_at = kind.term().end(now);
    let mut tx = state.db.begin_write().await?;
    if !store::approve(&mut tx, id, admin.map(|a| a.0), now, expires_at).await? {
        return Err(MembershipError::WrongStatus);
    }
    tx.commit().await?;
    if let Some(org) = membership.organisation_id
        && !organisations::is_delegate(&state.db, org, membership.user_id).await?
    {
        let role = if organisations::delegates(&state.db, org).await?.is_empty() {
            DelegateRole::Primary
        } else {
            DelegateRole::Delegate
        };
        organisations::add_delegate(&state.db, org, membership.user_id, role, now).await?;
    }
    audit::record(
        &state.db,
        &state.clock,
        admin,
        "membership.approve",
        Some(membership.user_id),
        &format!("membership {id}"),
    )
    .await?;
    let active = store::by_id(&state.db, id).await?.ok_or(MembershipError::WrongStatus)?;
    consent::state_implied(state, &kind, &active, consent::since_for_current(&active, now)).await?;
    let date = expires_at.map(format_ms).unwrap_or_default();
    mails::send(state, membership.user_id, Step::Approved, &kind, "", &date).await?;
    // Thin: the membership and its type. Who the member is would go only through the one
    // visibility function (person_view), which this event does not use yet.
    let data = serde_json::json!({ "membership_id": id, "type": kind.slug, "organisation": membership.organisation_id.is_some() });
    let event = rendezvous_platform::events::Event { kind: "member.approved", data, personal: None };
    rendezvous_platform::events::announce(state, event).await;
    Ok(())
}

pub async fn reject(state: &AppState, id: MembershipId, admin: UserId, reason: &str) -> Result<(), MembershipError> {
    let membership = store::by_id(&state.db, id).await?.ok_or(MembershipError::WrongStatus)?;
    let kind = kind_of(state, membership.type_id).await?;
    if !store::reject(&state.db, id, admin, reason, state.clock.now_ms()).await? {
        return Err(MembershipError::WrongStatus);
    }
    audit::record(
        &state.db,
        &state.clock,
        Some(admin),
        "membership.reject",
        Some(membership.user_id),
        &format!("membership {id}"),
    )
    .await?;
    mails::send(state, membership.user_id, Step::Rejected, &kind, reason, "").await?;
    Ok(())
}

pub async fn request_info(
    state: &AppState,
    id: MembershipId,
    admin: UserId,
    question: &str,
) -> Result<(), MembershipError> {
    let membership = store::by_id(&state.db, id).await?.ok_or(MembershipError::WrongStatus)?;
    let kind = kind_of(state, membership.type_id).await?;
    if !store::request_info(&state.db, id, question, state.clock.now_ms()).await? {
        return Err(MembershipError::WrongStatus);
    }
    audit::record(
        &state.db,
        &state.clock,
        Some(admin),
        "membership.request_info",
        Some(membership.user_id),
        &format!("membership {id}"),
    )
    .await?;
    mails::send(state, membership.user_id, Step::InfoRequested, &kind, question, "").await?;
    Ok(())
}

/// The applicant answers an administrator's request for more information.
pub async fn answer_info(
    state: &AppState,
    id: MembershipId,
    user: UserId,
    answers: &[String],
) -> Result<(), MembershipError> {
    let json = serde_json::to_string(answers).map_err(|e| MembershipError::Other(e.into()))?;
    if !store::answer_info(&state.db, id, user, &json, state.clock.now_ms()).await? {
        return Err(MembershipError::WrongStatus);
    }
    audit::record(&state.db, &state.clock, Some(user), "membership.answer", Some(user), &format!("membership {id}"))
        .await?;
    Ok(())
}

/// Whether `user` may act for this membership: the person, or a delegate of the organisation.
pub async fn may_act_for(state: &AppState, membership: &MembershipRow, user: UserId) -> Result<bool, sqlx::Error> {
    match membership.organisation_id {
        None => Ok(membership.user_id == user),
        Some(org) => organisations::is_delegate(&state.db, org, user).await,
    }
}

/// Renews for one more term, counted from the end of the current one (no gap, no gift).
pub async fn renew(state: &AppState, id: MembershipId, user: UserId) -> Result<(), MembershipError> {
    let membership = store::by_id(&state.db, id).await?.ok_or(MembershipError::WrongStatus)?;
    if !may_act_for(state, &membership, user).await? {
        return Err(MembershipError::NotYours);
    }
    let status = membership.status();
    let Some(current_end) = membership.expires_at.filter(|_| status.is_current()) else {
        return Err(MembershipError::WrongStatus);
    };
    let kind = kind_of(state, membership.type_id).await?;
    let now = state.clock.now_ms();
    let new_end = kind.term().end(current_end);
    if !store::renew(&state.db, id, status, new_end, now).await? {
        return Err(MembershipError::WrongStatus);
    }
    audit::record(
        &state.db,
        &state.clock,
        Some(user),
        "membership.renew",
        Some(membership.user_id),
        &format!("membership {id}"),
    )
    .await?;
    let renewed = store::by_id(&state.db, id).await?.ok_or(MembershipError::WrongStatus)?;
    consent::state_implied(state, &kind, &renewed, consent::since_for_current(&renewed, now)).await?;
    Ok(())
}

/// An administrator moves a membership to another status (cancel, lapse, reinstate).
pub async fn change_status(
    state: &AppState,
    id: MembershipId,
    admin: UserId,
    to: Status,
) -> Result<(), MembershipError> {
    let membership = store::by_id(&state.db, id).await?.ok_or(MembershipError::WrongStatus)?;
    let from = membership.status();
    let kind = kind_of(state, membership.type_id).await?;
    let now = state.clock.now_ms();
    let done = match to {
        Status::Active if from == Status::Applied => {
            activate(state, id, Some(admin)).await?;
            return Ok(());
        }
        Status::Active if matches!(from, Status::Lapsed | Status::Cancelled | Status::Grace) => {
            store::renew(&state.db, id, from, kind.term().end(now), now).await?
        }
        Status::Cancelled | Status::Lapsed if from.is_current() => {
            store::set_status(&state.db, id, from, to, now).await?
        }
        _ => false,
    };
    if !done {
        return Err(MembershipError::WrongStatus);
    }
    audit::record(
        &state.db,
        &state.clock,
        Some(admin),
        "membership.status",
        Some(membership.user_id),
        &format!("membership {id} {} -> {}", from.as_str(), to.as_str()),
    )
    .await?;
    let changed = store::by_id(&state.db, id).await?.ok_or(MembershipError::WrongStatus)?;
    let since = if to.is_current() { consent::since_for_current(&changed, now) } else { now };
    consent::state_implied(state, &kind, &changed, since).await?;
    Ok(())
}

/// Whether the person holds a current membership (their own, or through an organisation they act
/// for). The forum and other features ask this.
pub async fn is_active_member(db: &Db, user_id: UserId, now: i64) -> Result<bool, sqlx::Error> {
    store::is_current_member(db, user_id, now).await
}

/// An administrator adds a membership directly (a person, or an organisation by its id), started
/// at once, even for a type closed to applications.
pub async fn add_by_admin(
    state: &AppState,
    admin: UserId,
    user_id: UserId,
    type_id: MembershipTypeId,
    organisation_id: Option<OrganisationId>,
    category_id: Option<CategoryId>,
) -> Result<MembershipId, MembershipError> {
    let kind = kind_of(state, type_id).await?;
    if kind.for_organisation() != organisation_id.is_some() {
        return Err(MembershipError::WrongKind);
    }
    if store::open_for(&state.db, kind.id, user_id, organisation_id).await? {
        return Err(MembershipError::AlreadyOpen);
    }
    let new =
        NewApplication { type_id: kind.id, user_id, organisation_id, category_id, answers: "[]", requested_name: "" };
    let mut tx = state.db.begin_write().await?;
    let id = store::insert_application(&mut tx, &new, state.clock.now_ms()).await?;
    tx.commit().await?;
    audit::record(&state.db, &state.clock, Some(admin), "membership.add", Some(user_id), &format!("membership {id}"))
        .await?;
    activate(state, id, Some(admin)).await?;
    Ok(id)
}

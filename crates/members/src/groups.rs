//! Groups as other features use them: membership checks for restricted spaces, and the rules of
//! joining (by invitation or by request, decided by a group admin or an administrator).

use crate::model::{GroupMemberState, GroupRole};
use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;
use rendezvous_platform::{AppState, audit};

use crate::model::Joining;
use crate::store::groups::{self as store, GroupRow};

/// Every group, hidden ones included (for choosing who may read a space; not for showing people).
pub async fn all(db: &Db) -> Result<Vec<GroupRow>, sqlx::Error> {
    store::all(db).await
}

/// Makes people active members of the group named by `group_slug`, if it exists (the demo).
pub async fn add_active_members(db: &Db, group_slug: &str, users: &[UserId], now: i64) -> Result<(), sqlx::Error> {
    let Some(group) = store::by_slug(db, group_slug).await? else { return Ok(()) };
    for user in users {
        store::set_membership(db, group.id, *user, GroupRole::Member, GroupMemberState::Active, now).await?;
    }
    Ok(())
}

/// True when the person is an active member of the group named by `group_slug`.
pub async fn is_member(db: &Db, group_slug: &str, user_id: UserId) -> Result<bool, sqlx::Error> {
    let Some(group) = store::by_slug(db, group_slug).await? else { return Ok(false) };
    Ok(store::membership(db, group.id, user_id).await?.is_some_and(|m| m.state == GroupMemberState::Active))
}

/// The groups a person is an active member of (hidden ones included: this is for the person's
/// own spaces, not for showing to others; the directory goes through [`crate::visibility`]).
pub async fn of_user(db: &Db, user_id: UserId) -> Result<Vec<GroupRow>, sqlx::Error> {
    store::of_user(db, user_id).await
}

/// True when the person may manage the group: its group admin, or an administrator.
pub async fn may_manage(db: &Db, group: &GroupRow, user_id: UserId, is_admin: bool) -> Result<bool, sqlx::Error> {
    if is_admin {
        return Ok(true);
    }
    Ok(store::membership(db, group.id, user_id)
        .await?
        .is_some_and(|m| m.role == GroupRole::Admin && m.state == GroupMemberState::Active))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinOutcome {
    Requested,
    Joined,
    /// The group takes members by invitation only.
    InvitationOnly,
}

/// Someone asks to join, or accepts an invitation they hold.
pub async fn join(state: &AppState, group: &GroupRow, user: UserId) -> Result<JoinOutcome, sqlx::Error> {
    let now = state.clock.now_ms();
    let current = store::membership(&state.db, group.id, user).await?;
    if let Some(m) = &current {
        if m.state == GroupMemberState::Invited {
            store::set_membership(&state.db, group.id, user, m.role, GroupMemberState::Active, now).await?;
            audit::record(
                &state.db,
                &state.clock,
                Some(user),
                "group.accept",
                Some(user),
                &format!("group {}", group.id),
            )
            .await?;
            return Ok(JoinOutcome::Joined);
        }
        if m.state == GroupMemberState::Active {
            return Ok(JoinOutcome::Joined);
        }
        return Ok(JoinOutcome::Requested);
    }
    if group.joining() == Joining::Invitation {
        return Ok(JoinOutcome::InvitationOnly);
    }
    store::set_membership(&state.db, group.id, user, GroupRole::Member, GroupMemberState::Requested, now).await?;
    audit::record(&state.db, &state.clock, Some(user), "group.request", Some(user), &format!("group {}", group.id))
        .await?;
    Ok(JoinOutcome::Requested)
}

/// A group admin invites someone, admits a request, or makes someone a group admin.
pub async fn set_member(
    state: &AppState,
    group: &GroupRow,
    actor: UserId,
    user_id: UserId,
    role: GroupRole,
    state_name: GroupMemberState,
) -> Result<(), sqlx::Error> {
    store::set_membership(&state.db, group.id, user_id, role, state_name, state.clock.now_ms()).await?;
    audit::record(
        &state.db,
        &state.clock,
        Some(actor),
        "group.member",
        Some(user_id),
        &format!("group {} {role} {state_name}", group.id),
    )
    .await
}

pub async fn remove_member(
    state: &AppState,
    group: &GroupRow,
    actor: UserId,
    user_id: UserId,
) -> Result<(), sqlx::Error> {
    store::remove(&state.db, group.id, user_id).await?;
    audit::record(&state.db, &state.clock, Some(actor), "group.remove", Some(user_id), &format!("group {}", group.id))
        .await
}

//! Invitations by address: to act for an organisation (as a delegate) or to join a group. The
//! person invited gets a single-use link by mail in their language and accepts it signed in with
//! that address. Until then the inviter knows only the address they typed, and the answer to
//! them is the same whether or not the address has an account.

use crate::model::DelegateRole;
use crate::model::{GroupMemberState, GroupRole};
use rendezvous_platform::auth::{AuthUser, UserId};
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::crypto::random_token;
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::{AppState, BoxError, audit};

use crate::store::groups as group_store;
use crate::store::invitations::{self as store, InvitationRow, NewInvitation, Target};
use crate::store::organisations as org_store;

/// How long an invitation link works: long enough to sign up first.
pub const LIFETIME_MS: i64 = 14 * DAY_MS;

/// The path of the page a link opens.
pub const PATH: &str = "/members/invitations";

/// Sends an invitation to `email` and records it; the caller has checked that `inviter` may.
/// `page_lang` is the inviter's language, used when the address has no account.
pub async fn invite(
    state: &AppState,
    target: Target,
    inviter: UserId,
    email: &EmailAddress,
    page_lang: Lang,
) -> Result<(), BoxError> {
    let email = email.normalized();
    let account = rendezvous_accounts::user_by_email(&state.db, &email).await?;
    let lang = account.and_then(|a| Lang::parse(&a.lang)).unwrap_or(page_lang);
    let token = random_token();
    let now = state.clock.now_ms();
    let new = NewInvitation {
        token: &token,
        email: &email,
        target,
        invited_by: inviter,
        lang: lang.code(),
        expires_at: now + LIFETIME_MS,
    };
    store::insert(&state.db, &new, now).await?;
    let name = target_name(state, target, lang).await?.unwrap_or_default();
    let (subject_id, body_id) = match target {
        Target::Organisation(_) => ("mail-invitation-org-subject", "mail-invitation-org-body"),
        Target::Group(_) => ("mail-invitation-group-subject", "mail-invitation-group-body"),
    };
    let args = [("name", name.as_str())];
    let notice = Notice {
        lang,
        to: &email,
        name: None,
        subject: state.tr.t_args(lang, subject_id, &args),
        paragraphs: vec![state.tr.t_args(lang, body_id, &args), state.tr.t(lang, "mail-invitation-account")],
        action: Some((state.tr.t(lang, "mail-invitation-action"), format!("{}{PATH}?token={token}", state.base_url))),
        why_id: "mail-invitation-why",
    };
    mail::enqueue(state, &notice.render(state)?).await?;
    let (action, detail) = match target {
        Target::Organisation(id) => ("organisation.invite", format!("org {id}")),
        Target::Group(id) => ("group.invite", format!("group {id}")),
    };
    audit::record(&state.db, &state.clock, Some(inviter), action, None, &detail).await?;
    Ok(())
}

/// The name of what an invitation is for, in `lang`; None once it is gone.
pub async fn target_name(state: &AppState, target: Target, lang: Lang) -> Result<Option<String>, sqlx::Error> {
    Ok(match target {
        Target::Organisation(id) => org_store::by_id(&state.db, id).await?.map(|o| o.name(lang).to_owned()),
        Target::Group(id) => group_store::by_id(&state.db, id).await?.map(|g| g.name(lang).to_owned()),
    })
}

/// What a link's holder may do with it.
#[derive(Debug)]
pub enum Standing {
    /// Expired, used, or never issued.
    Unknown,
    /// Issued to another address than the signed-in person's.
    OtherAddress,
    /// Theirs to accept.
    Yours(InvitationRow, Target),
}

/// Looks a token up for `user` without using it.
pub async fn standing(state: &AppState, token: &str, user: &AuthUser) -> Result<Standing, sqlx::Error> {
    let Some(row) = store::by_token(&state.db, token, state.clock.now_ms()).await? else {
        return Ok(Standing::Unknown);
    };
    let Some(target) = row.target() else { return Ok(Standing::Unknown) };
    if row.email != user.email.trim().to_lowercase() {
        return Ok(Standing::OtherAddress);
    }
    Ok(Standing::Yours(row, target))
}

/// Accepts an invitation: the person becomes a delegate, or an active member of the group.
/// Returns what they joined, or the standing that stopped it.
pub async fn accept(state: &AppState, token: &str, user: &AuthUser) -> Result<Result<Target, Standing>, BoxError> {
    let (row, target) = match standing(state, token, user).await? {
        Standing::Yours(row, target) => (row, target),
        other => return Ok(Err(other)),
    };
    if !store::consume(&state.db, row.id).await? {
        return Ok(Err(Standing::Unknown));
    }
    let now = state.clock.now_ms();
    match target {
        Target::Organisation(id) => {
            if !org_store::is_delegate(&state.db, id, user.id).await? {
                org_store::add_delegate(&state.db, id, user.id, DelegateRole::Delegate, now).await?;
            }
            audit::record(
                &state.db,
                &state.clock,
                Some(user.id),
                "organisation.delegate_accept",
                Some(user.id),
                &format!("org {id}"),
            )
            .await?;
        }
        Target::Group(id) => {
            let role = group_store::membership(&state.db, id, user.id).await?.map_or(GroupRole::Member, |m| m.role);
            group_store::set_membership(&state.db, id, user.id, role, GroupMemberState::Active, now).await?;
            audit::record(
                &state.db,
                &state.clock,
                Some(user.id),
                "group.accept",
                Some(user.id),
                &format!("group {id}"),
            )
            .await?;
        }
    }
    Ok(Ok(target))
}

//! Telling a person that a moderator warned, suspended or banned them, with the reason given, in
//! their language. This mail is about their own account, so it goes whatever their notification
//! choices; it goes to them alone and names no one else, so an anonymous post stays anonymous.

use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::mail::{self, notice::Notice};

use crate::ids::ThreadId;
use crate::moderation::Decision;
use crate::store::spaces::SpaceRow;

/// Queues the mail; a failure is logged, never undoes the decision already recorded.
pub async fn tell(
    state: &AppState,
    author: UserId,
    space: &SpaceRow,
    thread_id: ThreadId,
    decision: Decision,
    reason: &str,
) {
    if let Err(e) = send(state, author, space, thread_id, decision, reason).await {
        tracing::warn!(error = %e, "could not tell a person about a moderation decision");
    }
}

async fn send(
    state: &AppState,
    author: UserId,
    space: &SpaceRow,
    thread_id: ThreadId,
    decision: Decision,
    reason: &str,
) -> Result<(), rendezvous_platform::BoxError> {
    let Some(user) = state.users.user_by_id(author).await? else { return Ok(()) };
    let lang = user.lang;
    let name = space.name(lang);
    let what = match decision {
        Decision::Warn => state.tr.t_args(lang, "forum-sanction-warning", &[("space", name)]),
        Decision::Suspend { days } => {
            state.tr.t_args(lang, "forum-sanction-suspension", &[("space", name), ("days", &days.to_string())])
        }
        Decision::Ban => state.tr.t_args(lang, "forum-sanction-ban", &[("space", name)]),
        _ => return Ok(()),
    };
    let mut paragraphs = vec![what];
    if !reason.is_empty() {
        paragraphs.push(state.tr.t_args(lang, "forum-sanction-reason", &[("reason", reason)]));
    }
    let notice = Notice {
        lang,
        to: &user.email,
        name: Some(&user.display_name),
        subject: state.tr.t(lang, "forum-sanction-subject"),
        paragraphs,
        action: Some((state.tr.t(lang, "forum-sanction-open"), crate::routes::thread_url(state, thread_id))),
        why_id: "forum-sanction-why",
    };
    mail::enqueue(state, &notice.render(state)?).await
}

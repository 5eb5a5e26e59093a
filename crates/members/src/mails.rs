//! Mail to applicants and members, in their language, at each step of a membership.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::{AppState, BoxError};

use crate::store::catalogue::TypeRow;

/// Which step the mail is about: (subject id, body id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Received,
    Approved,
    Rejected,
    InfoRequested,
    Reminder,
    Grace,
    Lapsed,
}

impl Step {
    fn ids(self) -> (&'static str, &'static str) {
        match self {
            Step::Received => ("mail-members-received-subject", "mail-members-received-body"),
            Step::Approved => ("mail-members-approved-subject", "mail-members-approved-body"),
            Step::Rejected => ("mail-members-rejected-subject", "mail-members-rejected-body"),
            Step::InfoRequested => ("mail-members-info-subject", "mail-members-info-body"),
            Step::Reminder => ("mail-members-reminder-subject", "mail-members-reminder-body"),
            Step::Grace => ("mail-members-grace-subject", "mail-members-grace-body"),
            Step::Lapsed => ("mail-members-lapsed-subject", "mail-members-lapsed-body"),
        }
    }
}

/// Mails one person about their membership. `note` is the administrator's reason or question;
/// `date` the date that matters (expiry, end of grace), already formatted.
pub async fn send(
    state: &AppState,
    user_id: UserId,
    step: Step,
    kind: &TypeRow,
    note: &str,
    date: &str,
) -> Result<(), BoxError> {
    let Some(user) = state.users.user_by_id(user_id).await? else { return Ok(()) };
    let lang = user.lang;
    let (subject_id, body_id) = step.ids();
    let type_name = kind.name(lang);
    let args = [("type", type_name), ("date", date)];
    let mut paragraphs = vec![state.tr.t_args(lang, body_id, &args)];
    if !note.is_empty() {
        paragraphs.push(note.to_owned());
    }
    let notice = Notice {
        lang,
        to: &user.email,
        name: Some(&user.display_name),
        subject: state.tr.t_args(lang, subject_id, &args),
        paragraphs,
        action: Some((state.tr.t(lang, "mail-members-action"), format!("{}/members/me", state.base_url))),
        why_id: "mail-members-why",
    };
    mail::enqueue(state, &notice.render(state)?).await
}

//! Account mails (verification, password reset, change of address, a sign-up with an address that
//! already has an account), in the recipient's language, with a text and an HTML part.

use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::{AppState, BoxError};

pub enum AccountMail<'a> {
    Verify { link: &'a str },
    Reset { link: &'a str },
    SignIn { link: &'a str },
    SignUpExisting { reset_link: &'a str },
    ChangeEmail { link: &'a str },
    ChangeEmailTaken,
    EmailChanged { new_email: &'a str },
}

/// A mail's message ids, written out in full so every one can be checked against the locales.
struct MailIds {
    subject: &'static str,
    body: &'static str,
    /// The button's words, for mails with a link.
    action: &'static str,
    note: Option<&'static str>,
}

impl AccountMail<'_> {
    fn ids(&self) -> MailIds {
        let ids = |subject, body, action, note| MailIds { subject, body, action, note };
        match self {
            Self::Verify { .. } => {
                ids("mail-verify-subject", "mail-verify-body", "mail-verify-action", Some("mail-verify-note"))
            }
            Self::Reset { .. } => {
                ids("mail-reset-subject", "mail-reset-body", "mail-reset-action", Some("mail-reset-note"))
            }
            Self::SignIn { .. } => {
                ids("mail-signin-subject", "mail-signin-body", "mail-signin-action", Some("mail-signin-note"))
            }
            Self::SignUpExisting { .. } => ids(
                "mail-signup-existing-subject",
                "mail-signup-existing-body",
                "mail-signup-existing-action",
                Some("mail-signup-existing-note"),
            ),
            Self::ChangeEmail { .. } => ids(
                "mail-change-email-subject",
                "mail-change-email-body",
                "mail-change-email-action",
                Some("mail-change-email-note"),
            ),
            Self::ChangeEmailTaken => ids("mail-change-email-taken-subject", "mail-change-email-taken-body", "", None),
            Self::EmailChanged { .. } => ids("mail-email-changed-subject", "mail-email-changed-body", "", None),
        }
    }

    fn action(&self) -> Option<&str> {
        match self {
            Self::Verify { link } | Self::Reset { link } | Self::ChangeEmail { link } | Self::SignIn { link } => {
                Some(link)
            }
            Self::SignUpExisting { reset_link } => Some(reset_link),
            Self::ChangeEmailTaken | Self::EmailChanged { .. } => None,
        }
    }
}

/// Queues an account mail to `to`, written in `lang`.
pub async fn send(
    state: &AppState,
    to: &str,
    name: Option<&str>,
    lang: Lang,
    mail: AccountMail<'_>,
) -> Result<(), BoxError> {
    let ids = mail.ids();
    let body = match &mail {
        AccountMail::EmailChanged { new_email } => state.tr.t_args(lang, ids.body, &[("address", new_email)]),
        _ => state.tr.t(lang, ids.body),
    };
    let mut paragraphs = vec![body];
    if let Some(note) = ids.note {
        paragraphs.push(state.tr.t(lang, note));
    }
    let notice = Notice {
        lang,
        to,
        name,
        subject: state.tr.t(lang, ids.subject),
        paragraphs,
        action: mail.action().map(|link| (state.tr.t(lang, ids.action), link.to_owned())),
        why_id: "mail-why-account",
    };
    mail::enqueue(state, &notice.render(state)?).await
}

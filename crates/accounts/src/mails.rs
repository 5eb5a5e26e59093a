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

impl AccountMail<'_> {
    fn prefix(&self) -> &'static str {
        match self {
            Self::Verify { .. } => "mail-verify",
            Self::Reset { .. } => "mail-reset",
            Self::SignIn { .. } => "mail-signin",
            Self::SignUpExisting { .. } => "mail-signup-existing",
            Self::ChangeEmail { .. } => "mail-change-email",
            Self::ChangeEmailTaken => "mail-change-email-taken",
            Self::EmailChanged { .. } => "mail-email-changed",
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
    let prefix = mail.prefix();
    let t = |suffix: &str| state.tr.t(lang, &format!("{prefix}-{suffix}"));
    let body = match &mail {
        AccountMail::EmailChanged { new_email } => {
            state.tr.t_args(lang, &format!("{prefix}-body"), &[("address", new_email)])
        }
        _ => t("body"),
    };
    let mut paragraphs = vec![body];
    let note_id = format!("{prefix}-note");
    if state.tr.has(&note_id) {
        paragraphs.push(state.tr.t(lang, &note_id));
    }
    let notice = Notice {
        lang,
        to,
        name,
        subject: t("subject"),
        paragraphs,
        action: mail.action().map(|link| (t("action"), link.to_owned())),
        why_id: "mail-why-account",
    };
    mail::enqueue(state, &notice.render(state)?).await
}

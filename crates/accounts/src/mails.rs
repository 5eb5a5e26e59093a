//! Account mails (verification, password reset, change of address, a sign-up with an address that
//! already has an account), in the recipient's language, with a text and an HTML part.

use askama::Template;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::{self, OutgoingMail};
use rendezvous_platform::{AppState, BoxError};

#[derive(Template)]
#[template(path = "mail/layout.txt")]
struct TextMail<'a> {
    body: &'a MailBody,
}

#[derive(Template)]
#[template(path = "mail/layout.html")]
struct HtmlMail<'a> {
    body: &'a MailBody,
}

/// What a mail says, already translated.
struct MailBody {
    lang: &'static str,
    subject: String,
    greeting: String,
    paragraphs: Vec<String>,
    action: Option<(String, String)>,
    closing: String,
    org_name: String,
    org_postal_address: String,
    why: String,
}

pub enum AccountMail<'a> {
    Verify { link: &'a str },
    Reset { link: &'a str },
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
            Self::SignUpExisting { .. } => "mail-signup-existing",
            Self::ChangeEmail { .. } => "mail-change-email",
            Self::ChangeEmailTaken => "mail-change-email-taken",
            Self::EmailChanged { .. } => "mail-email-changed",
        }
    }

    fn action(&self) -> Option<&str> {
        match self {
            Self::Verify { link } | Self::Reset { link } | Self::ChangeEmail { link } => Some(link),
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
    let mut paragraphs = vec![t("body")];
    if let AccountMail::EmailChanged { new_email } = &mail {
        paragraphs = vec![state.tr.t_args(lang, &format!("{prefix}-body"), &[("address", new_email)])];
    }
    let note = state.tr.t(lang, &format!("{prefix}-note"));
    if note != format!("{prefix}-note") {
        paragraphs.push(note);
    }
    let greeting = match name {
        Some(name) => state.tr.t_args(lang, "mail-greeting-name", &[("name", name)]),
        None => state.tr.t(lang, "mail-greeting"),
    };
    let body = MailBody {
        lang: lang.code(),
        subject: t("subject"),
        greeting,
        paragraphs,
        action: mail.action().map(|link| (t("action"), link.to_owned())),
        closing: state.tr.t_args(lang, "mail-closing", &[("org", &state.config.org_name)]),
        org_name: state.config.org_name.clone(),
        org_postal_address: state.config.org_postal_address.clone(),
        why: state.tr.t(lang, "mail-why-account"),
    };
    let outgoing = OutgoingMail {
        to: to.to_owned(),
        to_name: name.map(str::to_owned),
        subject: body.subject.clone(),
        text: TextMail { body: &body }.render()?,
        html: HtmlMail { body: &body }.render()?,
        headers: Vec::new(),
        envelope_from: None,
        reply_to: None,
    };
    mail::enqueue(state, &outgoing).await
}

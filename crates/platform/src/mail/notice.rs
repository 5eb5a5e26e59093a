//! A plain notice mail (account links, subscription confirmations): a greeting, paragraphs, one
//! action link, the organisation's identity, rendered as a text and an HTML part in one language.

use askama::Template;

use super::OutgoingMail;
use crate::AppState;
use crate::i18n::Lang;

/// What a notice says, already translated.
pub struct MailBody {
    pub lang: &'static str,
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// (label, URL) of the one thing to do.
    pub action: Option<(String, String)>,
    pub closing: String,
    pub org_name: String,
    pub org_postal_address: String,
    /// Why the person gets this mail.
    pub why: String,
}

#[derive(Template)]
#[template(path = "mail/notice.txt")]
struct TextMail<'a> {
    body: &'a MailBody,
}

#[derive(Template)]
#[template(path = "mail/notice.html")]
struct HtmlMail<'a> {
    body: &'a MailBody,
}

/// A notice in `lang`: subject, body paragraphs and action label come from Fluent ids.
pub struct Notice<'a> {
    pub lang: Lang,
    pub to: &'a str,
    pub name: Option<&'a str>,
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub action: Option<(String, String)>,
    /// Fluent id of the "why you get this" line.
    pub why_id: &'a str,
}

impl Notice<'_> {
    /// Renders both parts with the greeting, closing and the organisation's identity.
    pub fn render(self, state: &AppState) -> Result<OutgoingMail, askama::Error> {
        let greeting = match self.name {
            Some(name) => state.tr.t_args(self.lang, "mail-greeting-name", &[("name", name)]),
            None => state.tr.t(self.lang, "mail-greeting"),
        };
        let body = MailBody {
            lang: self.lang.code(),
            subject: self.subject,
            greeting,
            paragraphs: self.paragraphs,
            action: self.action,
            closing: state.tr.t_args(self.lang, "mail-closing", &[("org", &state.config.org_name)]),
            org_name: state.config.org_name.clone(),
            org_postal_address: state.config.org_postal_address.clone(),
            why: state.tr.t(self.lang, self.why_id),
        };
        Ok(OutgoingMail {
            to: self.to.to_owned(),
            to_name: self.name.map(str::to_owned),
            subject: body.subject.clone(),
            text: TextMail { body: &body }.render()?,
            html: HtmlMail { body: &body }.render()?,
            headers: Vec::new(),
            envelope_from: None,
            reply_to: None,
            from_name: None,
        })
    }
}

//! A campaign rendered for one language without a real recipient: the preview (with a sample
//! name), the test send, and the public archive (with no name and no one's links). It goes through
//! the same mail templates and the same Markdown cleaning as a real delivery (see [`super::render`]).

use askama::Template;
use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::OutgoingMail;

use super::CampaignRow;
use super::render::{Footer, HtmlPart, TextPart, markdown_to_html, personalise};
use crate::store::ListRow;

/// One language of a campaign as a reader gets it.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The language shown (the one asked for, or the list's when the campaign lacks it).
    pub lang: Lang,
    pub subject: String,
    pub preheader: String,
    /// The body alone: Markdown made HTML and cleaned.
    pub body_html: String,
    /// The whole text part and the whole HTML part of the mail.
    pub text: String,
    pub html: String,
}

/// The language a reader of `lang` gets: theirs if the campaign has it, else the list's default.
pub fn language(campaign: &CampaignRow, list: &ListRow, lang: Lang) -> Lang {
    if campaign.version(lang).is_some() { lang } else { Lang::parse(&list.default_lang).unwrap_or_default() }
}

/// Renders `lang` with `name` for `{{name}}` (None: the greeting word), and footer links that
/// lead to the list's public page instead of anyone's unsubscribe or preference link.
pub fn render(
    state: &AppState,
    campaign: &CampaignRow,
    list: &ListRow,
    lang: Lang,
    name: Option<&str>,
) -> Result<Rendered, askama::Error> {
    let lang = language(campaign, list, lang);
    let (subject, body) = campaign.version(lang).unwrap_or_default();
    let fallback = state.tr.t(lang, "campaign-name-fallback");
    let markdown = personalise(body, name, &fallback);
    let list_url = format!("{}/lists/{}", state.base_url, list.slug);
    let footer = Footer {
        org_name: state.config.org_name.clone(),
        org_postal_address: state.config.org_postal_address.clone(),
        why: state.tr.t_args(lang, "campaign-why", &[("list", list.name(lang))]),
        unsubscribe_label: state.tr.t(lang, "campaign-unsubscribe"),
        unsubscribe_url: list_url.clone(),
        preferences_label: state.tr.t(lang, "preferences-link"),
        preferences_url: list_url,
    };
    let body_html = markdown_to_html(&markdown);
    let preheader = campaign.preheader(lang);
    let html = HtmlPart { lang: lang.code(), subject, preheader, body: &body_html, footer: &footer }.render()?;
    let text = TextPart { body: &markdown, footer: &footer }.render()?;
    Ok(Rendered { lang, subject: subject.to_owned(), preheader: preheader.to_owned(), body_html, text, html })
}

/// A test message to `to`: the campaign in `lang` with the tester's name, through the real mailer.
pub async fn send_test(
    state: &AppState,
    campaign: &CampaignRow,
    list: &ListRow,
    lang: Lang,
    to: &str,
    name: Option<&str>,
) -> Result<(), rendezvous_platform::BoxError> {
    let rendered = render(state, campaign, list, lang, name)?;
    let domain = state.config.mail_domain().to_owned();
    let mail = OutgoingMail {
        to: to.to_owned(),
        to_name: None,
        // Marked in its own language, so a test is never mistaken for the mailing in an inbox.
        subject: format!("{} {}", state.tr.t(lang, "campaign-test-subject-prefix"), rendered.subject),
        text: rendered.text,
        html: rendered.html,
        headers: vec![("List-Id".into(), format!("{} <{}.{domain}>", list.name(lang), list.slug))],
        envelope_from: None,
        reply_to: None,
        from_name: None,
    };
    state.mailer.send(&mail).await?;
    Ok(())
}

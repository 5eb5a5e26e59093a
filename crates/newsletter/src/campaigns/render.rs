//! A campaign message for one recipient: Markdown turned into sanitised HTML and kept as the plain
//! text, the name filled in, inside a layout with the organisation's identity, the postal address
//! and the unsubscribe and preference links; with the headers mail clients use for one-click
//! unsubscribe (RFC 8058) and a VERP return path naming the recipient. No tracking of any kind.

use askama::Template;
use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::OutgoingMail;

use super::CampaignRow;
use crate::bounces::verp_address;
use crate::links;
use crate::store::{ListRow, SubscriberRow};

/// The VERP token of the List-Unsubscribe mailto address is the delivery's token after this prefix
/// ('.' never occurs in a delivery token, so a bounce is never read as an unsubscribe).
pub const UNSUBSCRIBE_PREFIX: &str = "unsub.";

/// Markdown to HTML through platform's renderer with the mail policy: no scripts or styles
/// survive, links open nothing they should not, images and safe HTML stay.
pub fn markdown_to_html(markdown: &str) -> String {
    rendezvous_platform::markdown::render(markdown, &rendezvous_platform::markdown::MAIL)
}

/// Fills `{{name}}` with the person's name, or a greeting word when there is none.
pub fn personalise(text: &str, name: Option<&str>, fallback: &str) -> String {
    let name = name.filter(|n| !n.trim().is_empty()).unwrap_or(fallback);
    text.replace("{{ name }}", name).replace("{{name}}", name)
}

/// The mail's HTML part (also the preview's and the archive's, see [`super::preview`]).
#[derive(Template)]
#[template(path = "mail/campaign.html")]
pub(super) struct HtmlPart<'a> {
    pub lang: &'static str,
    pub subject: &'a str,
    pub preheader: &'a str,
    pub body: &'a str,
    pub footer: &'a Footer,
}

#[derive(Template)]
#[template(path = "mail/campaign.txt")]
pub(super) struct TextPart<'a> {
    pub body: &'a str,
    pub footer: &'a Footer,
}

pub(super) struct Footer {
    pub org_name: String,
    pub org_postal_address: String,
    pub why: String,
    pub unsubscribe_label: String,
    pub unsubscribe_url: String,
    pub preferences_label: String,
    pub preferences_url: String,
}

/// The language a subscriber gets: theirs if the campaign has it, else the list's default.
pub fn language_for(campaign: &CampaignRow, list: &ListRow, subscriber: &SubscriberRow) -> Lang {
    let theirs = Lang::parse(&subscriber.lang).unwrap_or_default();
    if campaign.version(theirs).is_some() { theirs } else { Lang::parse(&list.default_lang).unwrap_or_default() }
}

/// One language of a campaign as it is for every recipient: the Markdown rendered and sanitised
/// once (with `{{name}}` left in), since rendering is most of the work of a message, and the
/// footer's words in that language.
struct Version {
    lang: Lang,
    subject: String,
    markdown: String,
    html: String,
    name_fallback: String,
    why: String,
    unsubscribe_label: String,
    preferences_label: String,
}

/// A campaign made ready to personalise, once per delivery run rather than once per message.
pub struct Prepared {
    en: Option<Version>,
    fr: Option<Version>,
}

impl Prepared {
    pub fn new(state: &AppState, campaign: &CampaignRow, list: &ListRow) -> Self {
        let version = |lang| {
            campaign.version(lang).map(|(subject, body)| Version {
                lang,
                subject: subject.to_owned(),
                markdown: body.to_owned(),
                html: markdown_to_html(body),
                name_fallback: state.tr.t(lang, "campaign-name-fallback"),
                why: state.tr.t_args(lang, "campaign-why", &[("list", list.name(lang))]),
                unsubscribe_label: state.tr.t(lang, "campaign-unsubscribe"),
                preferences_label: state.tr.t(lang, "preferences-link"),
            })
        };
        Self { en: version(Lang::En), fr: version(Lang::Fr) }
    }

    fn version(&self, lang: Lang) -> Option<&Version> {
        match lang {
            Lang::En => self.en.as_ref(),
            Lang::Fr => self.fr.as_ref(),
        }
    }
}

pub fn message(
    state: &AppState,
    campaign: &CampaignRow,
    prepared: &Prepared,
    list: &ListRow,
    subscriber: &SubscriberRow,
    verp_token: &str,
) -> Result<OutgoingMail, askama::Error> {
    let lang = language_for(campaign, list, subscriber);
    let Some(version) = prepared.version(lang).or(prepared.en.as_ref()).or(prepared.fr.as_ref()) else {
        return Err(askama::Error::Custom("the campaign has no version to send".into()));
    };
    // The words around the body are in the language of the version sent.
    let lang = version.lang;
    let fallback = &version.name_fallback;
    let name = subscriber.name.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or(fallback);
    let markdown = personalise(&version.markdown, Some(name), fallback);
    let html_body = personalise(&version.html, Some(&ammonia::clean_text(name)), fallback);
    let unsubscribe_url = links::unsubscribe_url(state, subscriber.id, list.id);
    let footer = Footer {
        org_name: state.config.org_name.clone(),
        org_postal_address: state.config.org_postal_address.clone(),
        why: version.why.clone(),
        unsubscribe_label: version.unsubscribe_label.clone(),
        unsubscribe_url: unsubscribe_url.clone(),
        preferences_label: version.preferences_label.clone(),
        preferences_url: links::preferences_url(state, subscriber.id),
    };
    let subject = version.subject.as_str();
    let domain = state.config.mail_domain().to_owned();
    let mailto =
        format!("mailto:{}?subject=unsubscribe", verp_address(&format!("{UNSUBSCRIBE_PREFIX}{verp_token}"), &domain));
    Ok(OutgoingMail {
        to: subscriber.email.clone(),
        to_name: subscriber.name.clone(),
        subject: subject.to_owned(),
        text: TextPart { body: &markdown, footer: &footer }.render()?,
        html: HtmlPart {
            lang: lang.code(),
            subject,
            preheader: campaign.preheader(lang),
            body: &html_body,
            footer: &footer,
        }
        .render()?,
        headers: vec![
            ("List-Unsubscribe".into(), format!("<{unsubscribe_url}>, <{mailto}>")),
            ("List-Unsubscribe-Post".into(), "List-Unsubscribe=One-Click".into()),
            ("List-Id".into(), format!("{} <{}.{domain}>", list.name(lang), list.slug)),
        ],
        envelope_from: Some(verp_address(verp_token, &domain)),
        reply_to: None,
        from_name: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_sanitised_and_names_filled_in() {
        let html = markdown_to_html("# Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) **bold**");
        assert!(html.contains("<h1>Hi</h1>") && html.contains("<strong>bold</strong>"));
        assert!(!html.contains("<script") && !html.contains("javascript:"), "{html}");
        assert_eq!(personalise("Hello {{name}}, {{ name }}!", Some("Ana"), "friend"), "Hello Ana, Ana!");
        assert_eq!(personalise("Hello {{name}}", None, "friend"), "Hello friend");
    }
}

//! Pages admins and editors write in both languages (About the network, Site policy, Privacy,
//! Contact, Media and presentations), Markdown through the one renderer, each save kept as a
//! version.

use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::validate::{line, slug};

use crate::ids::PageVersionId;
use crate::store::pages::{self as store, PageFields, PageVersion};

/// The pages every network has, offered on the admin page even before they are written.
pub const STANDARD: [&str; 5] = ["about", "site-policy", "privacy", "contact", "media"];

/// The page whose version a submitter accepts.
pub const SITE_POLICY: &str = "site-policy";

pub struct PageInput<'a> {
    pub slug: &'a str,
    pub title_en: &'a str,
    pub title_fr: &'a str,
    pub body_en: &'a str,
    pub body_fr: &'a str,
}

/// Saves a new version; the problems as (field, message id).
pub async fn save(
    state: &AppState,
    by: Option<i64>,
    input: &PageInput<'_>,
) -> Result<Result<PageVersionId, Vec<(&'static str, &'static str)>>, sqlx::Error> {
    let mut problems = Vec::new();
    let slug = slug(input.slug, 40).unwrap_or_else(|| {
        problems.push(("slug", "pages-error-slug"));
        String::new()
    });
    let title_en =
        line(input.title_en, 200).map_err(|_| problems.push(("title_en", "pages-error-title"))).unwrap_or_default();
    let title_fr =
        line(input.title_fr, 200).map_err(|_| problems.push(("title_fr", "pages-error-title"))).unwrap_or_default();
    for (field, body) in [("body_en", input.body_en), ("body_fr", input.body_fr)] {
        if body.trim().is_empty() {
            problems.push((field, "pages-error-body"));
        } else if body.chars().count() > 100_000 {
            problems.push((field, "pages-error-too-long"));
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let fields = PageFields {
        slug: &slug,
        title_en: &title_en,
        title_fr: &title_fr,
        body_en: input.body_en.trim(),
        body_fr: input.body_fr.trim(),
    };
    Ok(Ok(store::insert(&state.db, &fields, by, state.clock.now_ms()).await?))
}

impl PageVersion {
    pub fn title(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.title_fr } else { &self.title_en }
    }
    pub fn body(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.body_fr } else { &self.body_en }
    }
    pub fn body_html(&self, lang: impl std::borrow::Borrow<Lang>) -> String {
        rendezvous_platform::markdown::render(self.body(lang), &rendezvous_platform::markdown::TEXT)
    }
    /// The first paragraph as plain text (for the home page).
    pub fn lead(&self, lang: Lang) -> String {
        let first = self.body(lang).split("\n\n").next().unwrap_or_default();
        rendezvous_platform::markdown::plain_text(first)
    }
}

//! News posts in both languages (Markdown through the one hardened renderer), an author line
//! that may be the network itself, a lead image (re-encoded, alt text required), and sending a
//! post to a list as a campaign in one step.

use rendezvous_newsletter::campaigns::{drafts, lifecycle};
use rendezvous_platform::AppState;
use rendezvous_platform::db::is_unique_violation;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::images::{ImageLimits, ImageRefusal, reencode_jpeg};
use rendezvous_platform::validate::{line, slug};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::ids::NewsId;
use crate::model::{Publication, slug_of};
use crate::store::news::{self as store, NewsFields, NewsRow};

/// The longest body accepted, in characters.
pub const BODY_MAX: usize = 100_000;

/// A news post as the API takes it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewsInput {
    pub title_en: String,
    pub title_fr: String,
    /// Markdown.
    pub body_en: String,
    pub body_fr: String,
    /// Made from the English title when absent.
    pub slug: Option<String>,
    /// Who wrote it; the network's name when absent.
    pub author_line: Option<String>,
    pub category: Option<String>,
    /// Keep it unpublished (default false: published at once).
    pub draft: Option<bool>,
}

#[derive(Debug)]
pub enum NewsError {
    Invalid(Vec<(&'static str, &'static str)>),
    SlugTaken,
    NotFound,
    /// Sent as a campaign already.
    Sent,
    Failed(rendezvous_platform::BoxError),
}

impl From<sqlx::Error> for NewsError {
    fn from(e: sqlx::Error) -> Self {
        NewsError::Failed(e.into())
    }
}

pub async fn create(state: &AppState, by: Option<i64>, input: &NewsInput) -> Result<(NewsId, String), NewsError> {
    let mut problems = Vec::new();
    let title_en =
        line(&input.title_en, 200).map_err(|_| problems.push(("title_en", "news-error-title"))).unwrap_or_default();
    let title_fr =
        line(&input.title_fr, 200).map_err(|_| problems.push(("title_fr", "news-error-title"))).unwrap_or_default();
    for (field, body) in [("body_en", &input.body_en), ("body_fr", &input.body_fr)] {
        if body.trim().is_empty() {
            problems.push((field, "news-error-body"));
        } else if body.chars().count() > BODY_MAX {
            problems.push((field, "news-error-too-long"));
        }
    }
    let wanted = match input.slug.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => slug(s, 60).ok_or(()).map_err(|()| problems.push(("slug", "news-error-slug"))).unwrap_or_default(),
        None => slug_of(&title_en),
    };
    let author_line = input.author_line.as_deref().map(str::trim).filter(|a| !a.is_empty());
    if author_line.is_some_and(|a| a.chars().count() > 200 || a.chars().any(char::is_control)) {
        problems.push(("author_line", "news-error-author"));
    }
    let category = input.category.as_deref().unwrap_or_default().trim();
    if category.chars().count() > 100 {
        problems.push(("category", "news-error-author"));
    }
    if !problems.is_empty() {
        return Err(NewsError::Invalid(problems));
    }
    let fields = NewsFields {
        slug: &wanted,
        title_en: &title_en,
        title_fr: &title_fr,
        body_en: input.body_en.trim(),
        body_fr: input.body_fr.trim(),
        author_line: author_line.unwrap_or(&state.config.org_name),
        category,
        state: if input.draft == Some(true) { Publication::Draft } else { Publication::Published },
    };
    match store::insert(&state.db, &fields, by, state.clock.now_ms()).await {
        Ok(id) => Ok((id, wanted)),
        Err(e) if is_unique_violation(&e) => Err(NewsError::SlugTaken),
        Err(e) => Err(e.into()),
    }
}

/// The largest lead image accepted, in bytes (its route has a body limit of its own to match).
pub const IMAGE_MAX_BYTES: usize = 10 * 1024 * 1024;

/// Lead images: re-encoded, at most this size.
const IMAGE_LIMITS: ImageLimits = ImageLimits { max_bytes: IMAGE_MAX_BYTES, max_pixels: 40_000_000, kept_side: 1600 };

/// Sets a post's lead image; its alt text is required in both languages.
pub async fn set_image(
    state: &AppState,
    id: NewsId,
    bytes: Vec<u8>,
    alt_en: &str,
    alt_fr: &str,
) -> Result<(), NewsError> {
    let mut problems = Vec::new();
    let alt_en = line(alt_en, 300).map_err(|_| problems.push(("alt_en", "news-error-alt"))).unwrap_or_default();
    let alt_fr = line(alt_fr, 300).map_err(|_| problems.push(("alt_fr", "news-error-alt"))).unwrap_or_default();
    let image = tokio::task::spawn_blocking(move || reencode_jpeg(&bytes, IMAGE_LIMITS))
        .await
        .map_err(|e| NewsError::Failed(e.into()))?
        .map_err(|refusal| {
            problems.push((
                "image",
                match refusal {
                    ImageRefusal::NotAnImage => "news-error-image",
                    ImageRefusal::TooBig | ImageRefusal::TooManyPixels => "news-error-image-size",
                },
            ))
        });
    let Ok(image) = image else { return Err(NewsError::Invalid(problems)) };
    if !problems.is_empty() {
        return Err(NewsError::Invalid(problems));
    }
    if !store::set_image(&state.db, id, &image, &alt_en, &alt_fr, state.clock.now_ms()).await? {
        return Err(NewsError::NotFound);
    }
    Ok(())
}

/// Sends a published post to a list as a campaign, now: its body becomes the campaign's, with a
/// link back to the post. Returns how many people it reaches.
pub async fn send_as_campaign(
    state: &AppState,
    id: NewsId,
    list: &str,
    by: Option<rendezvous_platform::auth::UserId>,
) -> Result<i64, NewsError> {
    let post =
        store::by_id(&state.db, id).await?.filter(|p| p.state == Publication::Published).ok_or(NewsError::NotFound)?;
    if post.campaign_id.is_some() {
        return Err(NewsError::Sent);
    }
    let url = format!("{}/news/{}", state.base_url, post.slug);
    let body = |lang: Lang| {
        let read = state.tr.t(lang, "news-read-on-site");
        format!("{}\n\n[{read}]({url})", post.body(lang))
    };
    let input = drafts::DraftInput {
        list_slug: list.trim().to_owned(),
        segment_id: None,
        subject_en: post.title_en.clone(),
        preheader_en: String::new(),
        body_en: body(Lang::En),
        subject_fr: post.title_fr.clone(),
        preheader_fr: String::new(),
        body_fr: body(Lang::Fr),
    };
    let campaign = match drafts::create(&state.db, &state.clock, &input, by).await {
        Ok(campaign) => campaign,
        Err(drafts::DraftError::Invalid(problems)) => {
            let list_problem = problems.iter().any(|(field, _)| *field == "list_slug" || *field == "list");
            return Err(NewsError::Invalid(if list_problem { vec![("list", "news-error-list")] } else { problems }));
        }
        Err(e) => return Err(NewsError::Failed(e.into())),
    };
    if !store::set_campaign(&state.db, id, campaign).await? {
        return Err(NewsError::Sent);
    }
    lifecycle::send_now(state, campaign).await.map_err(|e| NewsError::Failed(e.into()))
}

impl NewsRow {
    pub fn title(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.title_fr } else { &self.title_en }
    }
    pub fn body(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.body_fr } else { &self.body_en }
    }
    pub fn image_alt(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.image_alt_fr } else { &self.image_alt_en }
    }
    /// The body as HTML, through the one hardened renderer.
    pub fn body_html(&self, lang: impl std::borrow::Borrow<Lang>) -> String {
        rendezvous_platform::markdown::render(self.body(lang), &rendezvous_platform::markdown::TEXT)
    }
    pub fn has_lead_image(&self) -> bool {
        self.has_image == 1
    }
}

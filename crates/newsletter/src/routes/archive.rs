//! The public archive of mailings: the campaigns of public lists that went out, each as a reader
//! would see it but with no one's name and no one's links, and an Atom feed of them per language.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::{AppError, PageContext, render};
use serde::Deserialize;

use crate::campaigns::archive::{self, ArchivedCampaign};
use crate::campaigns::preview::{self, Rendered};
use crate::campaigns::schedule;
use crate::ids::CampaignId;

/// How many campaigns the archive page and the feed show.
const SHOWN: i64 = 100;

struct Entry {
    id: CampaignId,
    lang: &'static str,
    subject: String,
    list_name: String,
    date: String,
}

fn entry(a: &ArchivedCampaign, lang: Lang, tz: &jiff::tz::TimeZone) -> Entry {
    let shown = preview::language(&a.campaign, &a.list, lang);
    let sent = a.campaign.started_at.unwrap_or(a.campaign.created_at);
    Entry {
        id: a.campaign.id,
        lang: shown.code(),
        subject: a.campaign.version(shown).map(|(s, _)| s.to_owned()).unwrap_or_default(),
        list_name: a.list.name(lang).to_owned(),
        date: schedule::form_fields(tz, sent).0,
    }
}

#[derive(askama::Template)]
#[template(path = "mailings.html")]
struct ArchivePage {
    ctx: PageContext,
    entries: Vec<Entry>,
}

pub async fn index(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let tz = &state.config.timezone;
    let entries = archive::recent(&state.db, SHOWN).await?.iter().map(|a| entry(a, ctx.lang, tz)).collect();
    render(&ArchivePage { ctx, entries })
}

#[derive(askama::Template)]
#[template(path = "mailing.html")]
struct MailingPage {
    ctx: PageContext,
    list_name: String,
    list_slug: String,
    date: String,
    mailing: Rendered,
}

/// Renders for the archive: no name (the greeting word instead), footer links to the list page.
fn public_version(state: &AppState, a: &ArchivedCampaign, lang: Lang) -> Result<Rendered, AppError> {
    Ok(preview::render(state, &a.campaign, &a.list, lang, None)?)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<CampaignId>,
) -> Result<Response, AppError> {
    let a = archive::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mailing = public_version(&state, &a, ctx.lang)?;
    let sent = a.campaign.started_at.unwrap_or(a.campaign.created_at);
    render(&MailingPage {
        list_name: a.list.name(ctx.lang).to_owned(),
        list_slug: a.list.slug.clone(),
        date: schedule::form_fields(&state.config.timezone, sent).0,
        ctx,
        mailing,
    })
}

struct FeedEntry {
    id: CampaignId,
    lang: &'static str,
    title: String,
    updated: String,
    summary: String,
    content: String,
}

#[derive(askama::Template)]
#[template(path = "mailings.atom", escape = "html")]
struct Feed {
    base_url: String,
    lang: &'static str,
    title: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedQuery {
    lang: Option<String>,
}

/// The Atom feed, in `?lang=` or else the page language.
pub async fn feed(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(query): Query<FeedQuery>,
) -> Result<Response, AppError> {
    let lang = query.lang.as_deref().and_then(Lang::parse).unwrap_or(ctx.lang);
    let archived = archive::recent(&state.db, SHOWN).await?;
    let mut entries = Vec::with_capacity(archived.len());
    for a in &archived {
        let rendered = public_version(&state, a, lang)?;
        let at = a.campaign.started_at.unwrap_or(a.campaign.created_at);
        entries.push(FeedEntry {
            id: a.campaign.id,
            lang: rendered.lang.code(),
            title: rendered.subject,
            updated: schedule::rfc3339(at),
            summary: rendered.preheader,
            content: rendered.body_html,
        });
    }
    let newest = archived.iter().filter_map(|a| a.campaign.started_at).max().unwrap_or(0);
    let feed = Feed {
        base_url: state.base_url.clone(),
        lang: lang.code(),
        title: format!("{} — {}", state.config.org_name, state.tr.t(lang, "mailings-title")),
        updated: schedule::rfc3339(newest),
        entries,
    };
    let body = askama::Template::render(&feed)?;
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response())
}

//! The library's pages: search with filters, a resource in the reader's language (or the other,
//! said so), its files, and the feed of new resources.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::{AppError, PageContext, render};
use serde::Deserialize;

use crate::atom::{self, Entry, Feed, LangQuery};
use crate::files;
use crate::model::ResourceKind;
use crate::resources::{self, version_for};
use crate::store::resources::{self as store, Filters, ResourceRow, VersionRow};

/// What the search form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
    kind: String,
    topic: String,
    year: String,
    language: String,
    page: i64,
}

impl SearchQuery {
    fn filters(&self) -> Filters {
        Filters {
            kind: ResourceKind::parse(&self.kind),
            topic: Some(self.topic.trim().to_lowercase()).filter(|t| !t.is_empty()),
            year: Some(self.year.trim().to_owned()).filter(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())),
            lang: Lang::parse(&self.language).map(|l| l.code().to_owned()),
        }
    }
}

/// A resource in a list: its title in the reader's language (or the other's).
pub struct Listed {
    pub resource: ResourceRow,
    pub title: String,
    pub summary: String,
    pub other_language: bool,
}

#[derive(askama::Template)]
#[template(path = "library/index.html")]
struct IndexPage {
    ctx: PageContext,
    query: SearchQuery,
    results: Vec<Listed>,
    kinds: &'static [ResourceKind],
    topics: Vec<String>,
    searched: bool,
    next: Option<String>,
}

impl IndexPage {
    fn is_kind(&self, kind: &ResourceKind) -> bool {
        self.query.kind == kind.as_str()
    }
}

const PAGE: i64 = 20;

pub(crate) async fn listed(state: &AppState, rows: Vec<ResourceRow>, lang: Lang) -> Result<Vec<Listed>, sqlx::Error> {
    let ids: Vec<crate::ids::ResourceId> = rows.iter().map(|r| r.id).collect();
    let mut all_versions = store::versions_of(&state.db, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for resource in rows {
        let versions = all_versions.remove(&resource.id).unwrap_or_default();
        let Some((version, other_language)) = version_for(&versions, lang) else { continue };
        out.push(Listed { title: version.title.clone(), summary: version.summary.clone(), other_language, resource });
    }
    Ok(out)
}

pub async fn index(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let page = query.page.max(0);
    let rows = resources::find(&state, &query.q, &query.filters(), PAGE + 1, page * PAGE).await?;
    let more = rows.len() as i64 > PAGE;
    let rows: Vec<ResourceRow> = rows.into_iter().take(PAGE as usize).collect();
    let results = listed(&state, rows, ctx.lang).await?;
    let mut topics: Vec<String> = Vec::new();
    for list in store::topic_lists(&state.db).await? {
        for topic in serde_json::from_str::<Vec<String>>(&list).unwrap_or_default() {
            if !topics.contains(&topic) {
                topics.push(topic);
            }
        }
    }
    topics.sort();
    let next = more.then(|| {
        let encode = |s: &str| percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string();
        format!(
            "/library?q={}&kind={}&topic={}&year={}&language={}&page={}",
            encode(&query.q),
            encode(&query.kind),
            encode(&query.topic),
            encode(&query.year),
            encode(&query.language),
            page + 1
        )
    });
    let searched = !query.q.trim().is_empty();
    render(&IndexPage { ctx, query, results, kinds: ResourceKind::ALL, topics, searched, next })
}

#[derive(askama::Template)]
#[template(path = "library/resource.html")]
struct ResourcePage {
    ctx: PageContext,
    resource: ResourceRow,
    version: VersionRow,
    other: Option<VersionRow>,
    /// The reader's language has no version: this is the other's.
    other_language: bool,
    url: String,
    comments: Vec<crate::store::submissions::SubmissionRow>,
}

impl ResourcePage {
    fn comments_action(&self) -> String {
        format!("/library/{}/comments", self.resource.slug)
    }
    fn shown_lang(&self) -> Lang {
        Lang::parse(&self.version.lang).unwrap_or(Lang::En)
    }
    fn og_locale(&self) -> &'static str {
        super::share::og_locale(self.shown_lang())
    }
    fn og_alternate(&self) -> &'static str {
        super::share::og_locale(self.shown_lang().other())
    }
}

async fn published(state: &AppState, slug: &str) -> Result<ResourceRow, AppError> {
    store::by_slug(&state.db, slug).await?.filter(ResourceRow::is_published).ok_or(AppError::NotFound)
}

pub async fn resource(
    State(state): State<AppState>,
    mut ctx: PageContext,
    Path(slug): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Response, AppError> {
    let resource = published(&state, &slug).await?;
    super::share::shared_link_language(&mut ctx, q.asked(), format!("/library/{}", resource.slug));
    let versions = store::versions(&state.db, resource.id).await?;
    let (version, other_language) = version_for(&versions, ctx.lang).ok_or(AppError::NotFound)?;
    let version = version.clone();
    let other = versions.iter().find(|v| v.lang != version.lang).cloned();
    let url = format!("{}/library/{}", state.base_url, resource.slug);
    let comments = crate::store::submissions::comments(&state.db, &format!("resource:{}", resource.id)).await?;
    render(&ResourcePage { ctx, resource, version, other, other_language, url, comments })
}

/// A version's file: as an attachment, with its stored type, never shown inline.
pub async fn file(
    State(state): State<AppState>,
    Path((slug, lang)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let resource = published(&state, &slug).await?;
    let versions = store::versions(&state.db, resource.id).await?;
    let version = versions.into_iter().find(|v| v.lang == lang).ok_or(AppError::NotFound)?;
    let (Some(key), Some(name), Some(content_type)) = (version.file_key, version.file_name, version.file_type) else {
        return Err(AppError::NotFound);
    };
    let body = files::get(&state, &key).await.map_err(|e| AppError::Internal(e.into()))?;
    let disposition = format!("attachment; filename=\"{}\"", name.replace('"', ""));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "public, max-age=3600".to_owned()),
        ],
        body,
    )
        .into_response())
}

pub async fn feed(State(state): State<AppState>, Query(q): Query<LangQuery>) -> Result<Response, AppError> {
    let lang = q.lang();
    let rows = store::published(&state.db, &Filters::default(), 30, 0).await?;
    let listed = listed(&state, rows, lang).await?;
    let entries = listed
        .iter()
        .map(|l| Entry {
            title: l.title.clone(),
            link: format!("{}/library/{}", state.base_url, l.resource.slug),
            summary: l.summary.clone(),
            published: atom::date_rfc3339(&l.resource.published_on),
            updated: atom::rfc3339(l.resource.updated_at),
        })
        .collect::<Vec<_>>();
    let updated = listed.iter().map(|l| l.resource.updated_at).max().unwrap_or(0);
    atom::response(&Feed {
        lang: lang.code(),
        title: format!("{} — {}", state.config.org_name, state.tr.t(lang, "library-title")),
        self_link: format!("{}/library/feed.atom{}", state.base_url, q.suffix()),
        alternate: format!("{}/library", state.base_url),
        updated: atom::rfc3339(updated),
        author: state.config.org_name.clone(),
        entries,
    })
}

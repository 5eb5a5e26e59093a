//! Resources: a kind, metadata, and a version per language with its own file. Files are checked
//! by type and size and streamed to storage; a PDF's text is read by a job (bounded in time and
//! memory) and indexed with the metadata, folded and stemmed (see `words`).

use std::time::Duration;

use axum::body::Body;
use rendezvous_platform::AppState;
use rendezvous_platform::BoxError;
use rendezvous_platform::db::is_unique_violation;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::jobs::{JobKind, JobRegistry};
use rendezvous_platform::validate::{line, slug};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::files::{self, FileError};
use crate::ids::ResourceId;
use crate::model::{Publication, ResourceKind, TextState, file_type, slug_of};
use crate::settings::settings;
use crate::store::resources::{self as store, ResourceFields, ResourceRow, VersionRow};
use crate::store::search;
use crate::words;

/// The job that reads a version's text: `{"resource": ID, "lang": "en"}`.
pub const TEXT_JOB: &str = "library.text";
/// At most this long reading one file's text.
const TEXT_TIME: Duration = Duration::from_secs(120);
/// At most this much text kept per version.
const TEXT_MAX_CHARS: usize = 2_000_000;
/// A PDF stream is not decompressed beyond this.
const PDF_STREAM_MAX: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceInput {
    pub kind: ResourceKind,
    pub title_en: Option<String>,
    pub summary_en: Option<String>,
    pub title_fr: Option<String>,
    pub summary_fr: Option<String>,
    /// Made from a title when absent.
    pub slug: Option<String>,
    /// YYYY-MM-DD; today when absent.
    pub date: Option<String>,
    /// People or organisations, as they are to be shown.
    pub authors: Option<String>,
    pub topics: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    /// The bill it speaks to (e.g. C-5).
    pub bill: Option<String>,
    /// The committee it speaks to, and its public page.
    pub committee: Option<String>,
    pub committee_url: Option<String>,
    /// Keep it unpublished (default false).
    pub draft: Option<bool>,
}

#[derive(Debug)]
pub enum ResourceError {
    Invalid(Vec<(&'static str, &'static str)>),
    SlugTaken,
    NotFound,
    Failed(BoxError),
}

impl From<sqlx::Error> for ResourceError {
    fn from(e: sqlx::Error) -> Self {
        ResourceError::Failed(e.into())
    }
}

fn labels(
    values: &Option<Vec<String>>,
    field: &'static str,
    problems: &mut Vec<(&'static str, &'static str)>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values.iter().flatten() {
        match line(value, 60) {
            Ok(v) if !v.contains('"') => {
                let v = v.to_lowercase();
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            _ => problems.push((field, "resources-error-label")),
        }
    }
    if out.len() > 20 {
        problems.push((field, "resources-error-label"));
    }
    out
}

pub async fn create(
    state: &AppState,
    by: Option<i64>,
    input: &ResourceInput,
) -> Result<(ResourceId, String), ResourceError> {
    let mut problems = Vec::new();
    let mut versions: Vec<(&'static str, String, String)> = Vec::new();
    for (lang, title, summary, title_field, summary_field) in [
        ("en", &input.title_en, &input.summary_en, "title_en", "summary_en"),
        ("fr", &input.title_fr, &input.summary_fr, "title_fr", "summary_fr"),
    ] {
        let title = title.as_deref().unwrap_or_default();
        let summary = summary.as_deref().unwrap_or_default().trim();
        if title.trim().is_empty() {
            if !summary.is_empty() {
                problems.push((title_field, "resources-error-title"));
            }
            continue;
        }
        match line(title, 300) {
            Ok(title) => versions.push((lang, title, summary.to_owned())),
            Err(_) => problems.push((title_field, "resources-error-title")),
        }
        if summary.chars().count() > 5000 {
            problems.push((summary_field, "resources-error-too-long"));
        }
    }
    if versions.is_empty() && problems.is_empty() {
        problems.push(("title_en", "resources-error-no-title"));
    }
    let date = match input.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => crate::today(state),
        Some(d) => match d.parse::<jiff::civil::Date>() {
            Ok(date) => date.to_string(),
            Err(_) => {
                problems.push(("date", "resources-error-date"));
                String::new()
            }
        },
    };
    let topics = labels(&input.topics, "topics", &mut problems);
    let tags = labels(&input.tags, "tags", &mut problems);
    let short = |v: &Option<String>, max: usize| {
        let v = v.as_deref().unwrap_or_default().trim();
        (v.chars().count() <= max && !v.chars().any(char::is_control)).then(|| v.to_owned())
    };
    let authors =
        short(&input.authors, 500).ok_or(()).map_err(|()| problems.push(("authors", "resources-error-too-long")));
    let bill = short(&input.bill, 60).ok_or(()).map_err(|()| problems.push(("bill", "resources-error-too-long")));
    let committee =
        short(&input.committee, 300).ok_or(()).map_err(|()| problems.push(("committee", "resources-error-too-long")));
    let committee_url = input.committee_url.as_deref().map(str::trim).filter(|u| !u.is_empty());
    if committee_url
        .is_some_and(|u| !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(char::is_whitespace))
    {
        problems.push(("committee_url", "resources-error-url"));
    }
    let wanted = match input.slug.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => slug(s, 60).unwrap_or_else(|| {
            problems.push(("slug", "resources-error-slug"));
            String::new()
        }),
        None => versions.first().map(|(_, t, _)| slug_of(t)).unwrap_or_default(),
    };
    let (Ok(authors), Ok(bill), Ok(committee)) = (authors, bill, committee) else {
        return Err(ResourceError::Invalid(problems));
    };
    if !problems.is_empty() {
        return Err(ResourceError::Invalid(problems));
    }
    let topics_json = serde_json::to_string(&topics).map_err(|e| ResourceError::Failed(e.into()))?;
    let tags_json = serde_json::to_string(&tags).map_err(|e| ResourceError::Failed(e.into()))?;
    let fields = ResourceFields {
        slug: &wanted,
        kind: input.kind,
        state: if input.draft == Some(true) { Publication::Draft } else { Publication::Published },
        published_on: &date,
        authors: &authors,
        topics: &topics_json,
        tags: &tags_json,
        bill: &bill,
        committee: &committee,
        committee_url,
    };
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let id = match store::insert(&mut tx, &fields, by, now).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(ResourceError::SlugTaken),
        Err(e) => return Err(e.into()),
    };
    for (lang, title, summary) in &versions {
        store::insert_version(&mut tx, id, lang, title, summary).await?;
    }
    tx.commit().await?;
    for (lang, _, _) in &versions {
        reindex(state, id, lang).await?;
    }
    if fields.state == Publication::Published {
        let data = serde_json::json!({
            "resource_id": id,
            "kind": input.kind,
            "slug": wanted,
            "titles": versions.iter().map(|(lang, title, _)| (lang.to_string(), title.clone())).collect::<std::collections::BTreeMap<_, _>>(),
            "url": format!("{}/library/{wanted}", state.base_url),
        });
        let event = rendezvous_platform::events::Event { kind: "resource.published", data, personal: None };
        rendezvous_platform::events::announce(state, event).await;
    }
    Ok((id, wanted))
}

/// Why a file was refused, as (HTTP status, message id).
pub fn file_refusal(e: &FileError) -> Option<(u16, &'static str)> {
    match e {
        FileError::TooBig => Some((413, "resources-error-file-too-big")),
        FileError::NotItsType => Some((415, "resources-error-file-type")),
        FileError::Empty => Some((422, "resources-error-file-empty")),
        FileError::Upload(_) => Some((400, "resources-error-upload")),
        FileError::Store(_) | FileError::Setting(_) => None,
    }
}

#[derive(Debug)]
pub enum UploadError {
    /// (status, message id): the person's mistake; nothing was kept.
    Refused(u16, &'static str),
    NotFound,
    Failed(BoxError),
}

/// Stores a version's file from a request body, replacing its previous one, and queues the
/// reading of its text.
pub async fn put_file(
    state: &AppState,
    id: ResourceId,
    lang: Lang,
    content_type: &str,
    file_name: Option<&str>,
    body: Body,
) -> Result<u64, UploadError> {
    let Some((mime, extension, magic)) = file_type(content_type) else {
        return Err(UploadError::Refused(415, "resources-error-file-type"));
    };
    let resource =
        store::by_id(&state.db, id).await.map_err(|e| UploadError::Failed(e.into()))?.ok_or(UploadError::NotFound)?;
    let versions = store::versions(&state.db, id).await.map_err(|e| UploadError::Failed(e.into()))?;
    if !versions.iter().any(|v| v.lang == lang.code()) {
        return Err(UploadError::Refused(409, "resources-error-no-version"));
    }
    let key = format!("resources/{}/{}-{}.{extension}", id.0, lang.code(), rendezvous_platform::crypto::random_token());
    let size = match files::put(state, &key, body, settings(state).max_bytes(), magic).await {
        Ok(size) => size,
        Err(e) => {
            return Err(match file_refusal(&e) {
                Some((status, message)) => UploadError::Refused(status, message),
                None => UploadError::Failed(e.into()),
            });
        }
    };
    let name = file_name
        .map(|n| {
            n.chars().filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')).take(100).collect::<String>()
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("{}-{}.{extension}", resource.slug, lang.code()));
    let text_state = if extension == "pdf" { TextState::Pending } else { TextState::None };
    let size_i64 = i64::try_from(size).unwrap_or(i64::MAX);
    store::set_file(&state.db, id, lang.code(), &key, &name, mime, size_i64, text_state, state.clock.now_ms())
        .await
        .map_err(|e| UploadError::Failed(e.into()))?;
    if text_state == TextState::Pending {
        let job = TextJob { resource: id, lang: lang.code().to_owned() };
        state.jobs.enqueue(TEXT_JOB, &job).await.map_err(UploadError::Failed)?;
    } else {
        reindex(state, id, lang.code()).await.map_err(|e| UploadError::Failed(e.into()))?;
    }
    Ok(size)
}

#[derive(Debug, Serialize, Deserialize)]
struct TextJob {
    resource: ResourceId,
    lang: String,
}

pub fn register_jobs(registry: &mut JobRegistry) {
    registry.register_kind(JobKind::new(TEXT_JOB).max_running(1), text_job);
}

async fn text_job(state: AppState, payload: serde_json::Value) -> Result<(), BoxError> {
    let job: TextJob = serde_json::from_value(payload)?;
    read_text(&state, job.resource, &job.lang).await
}

/// Reads a PDF version's text (bounded in time and memory) and indexes it.
pub async fn read_text(state: &AppState, id: ResourceId, lang: &str) -> Result<(), BoxError> {
    let versions = store::versions(&state.db, id).await?;
    let Some(key) = versions.iter().find(|v| v.lang == lang).and_then(|v| v.file_key.clone()) else { return Ok(()) };
    let bytes = files::read(state, &key, settings(state).max_bytes()).await?;
    let reading = tokio::task::spawn_blocking(move || pdf_text(&bytes));
    let (text, text_state) = match tokio::time::timeout(TEXT_TIME, reading).await {
        Ok(Ok(Some(text))) => (text, TextState::Done),
        Ok(Ok(None)) | Ok(Err(_)) => (String::new(), TextState::Failed),
        Err(_) => {
            tracing::warn!(resource_id = %id, lang, "reading a PDF's text took too long: left unindexed");
            (String::new(), TextState::Failed)
        }
    };
    store::set_text(&state.db, id, lang, &text, text_state).await?;
    reindex(state, id, lang).await?;
    Ok(())
}

/// The text of a PDF, at most `TEXT_MAX_CHARS`; none when it cannot be read.
pub fn pdf_text(bytes: &[u8]) -> Option<String> {
    let options = lopdf::LoadOptions { max_decompressed_size: Some(PDF_STREAM_MAX), ..Default::default() };
    let document = lopdf::Document::load_mem_with_options(bytes, options).ok()?;
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let mut text = String::new();
    for page in pages {
        if let Ok(page_text) = document.extract_text(&[page]) {
            text.push_str(&page_text);
            text.push('\n');
        }
        if text.len() > TEXT_MAX_CHARS * 4 {
            break;
        }
    }
    Some(text.chars().take(TEXT_MAX_CHARS).collect())
}

/// Rebuilds a version's entry in the search index from its metadata and text.
pub async fn reindex(state: &AppState, id: ResourceId, lang: &str) -> Result<(), sqlx::Error> {
    let Some(resource) = store::by_id(&state.db, id).await? else { return Ok(()) };
    let versions = store::versions(&state.db, id).await?;
    let Some(version) = versions.iter().find(|v| v.lang == lang) else { return Ok(()) };
    let text = store::text(&state.db, id, lang).await?;
    let document = format!(
        "{} {} {} {} {} {} {} {}",
        version.title,
        version.summary,
        resource.authors,
        resource.topics,
        resource.tags,
        resource.bill,
        resource.committee,
        text
    );
    search::index(&state.db, id, lang, &words::document_terms(&document)).await
}

/// Published resources matching a query (every word, any form of it), or all when it is empty.
pub async fn find(
    state: &AppState,
    q: &str,
    filters: &store::Filters,
    limit: i64,
    offset: i64,
) -> Result<Vec<ResourceRow>, sqlx::Error> {
    let groups = words::query_terms(q);
    if groups.is_empty() {
        return store::published(&state.db, filters, limit, offset).await;
    }
    let ids = search::search(&state.db, &groups, filters, limit, offset).await?;
    store::by_ids(&state.db, &ids).await
}

impl ResourceRow {
    pub fn is_published(&self) -> bool {
        self.state == Publication::Published
    }
    pub fn topic_list(&self) -> Vec<String> {
        serde_json::from_str(&self.topics).unwrap_or_default()
    }
    pub fn tag_list(&self) -> Vec<String> {
        serde_json::from_str(&self.tags).unwrap_or_default()
    }
    pub fn year(&self) -> &str {
        self.published_on.get(..4).unwrap_or_default()
    }
}

/// A resource's version in a language, else the other's (and whether it is the other's).
pub fn version_for(versions: &[VersionRow], lang: Lang) -> Option<(&VersionRow, bool)> {
    versions
        .iter()
        .find(|v| v.lang == lang.code())
        .map(|v| (v, false))
        .or_else(|| versions.iter().find(|v| v.lang == lang.other().code()).map(|v| (v, true)))
}

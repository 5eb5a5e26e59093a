//! The library's API: events, news, resources and job postings (a bearer token of an
//! administrator or an editor, with two-factor authentication), and the resource search.

use axum::Json;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::api::{ApiRouter, FieldProblems, Refused};
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::AppError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

use crate::events::{self, EventError, EventInput};
use crate::ids::{EventId, NewsId, PostingId, ResourceId};
use crate::model::ResourceKind;
use crate::news::{self, NewsError, NewsInput};
use crate::postings::{self, PostingInput};
use crate::resources::{self, ResourceError, ResourceInput, UploadError, version_for};
use crate::roles::require_publisher;
use crate::store::resources::{self as resource_store, Filters};

/// Something made, and its public page.
#[derive(Serialize, ToSchema)]
pub struct Made {
    id: i64,
    url: String,
}

fn made(id: i64, url: String) -> Response {
    (StatusCode::CREATED, Json(Made { id, url })).into_response()
}

/// Done, with the thing's page.
#[derive(Serialize, ToSchema)]
pub struct Done {
    id: i64,
    url: String,
}

fn event_url(state: &AppState, id: EventId) -> String {
    format!("{}/events/{id}", state.base_url)
}

fn event_refused(state: &AppState, lang: Lang, e: EventError) -> Result<Response, AppError> {
    match e {
        EventError::Invalid(problems) => Ok(FieldProblems::response(state, lang, &problems)),
        EventError::Conflict => Ok(Refused::response(state, lang, StatusCode::CONFLICT, "events-error-cancelled")),
        EventError::NotFound => Err(AppError::NotFound),
        EventError::Failed(e) => Err(e.into()),
    }
}

/// Adds an event.
#[utoipa::path(post, path = "/api/v1/events", security(("bearer" = [])), request_body = EventInput,
    responses(
        (status = 201, description = "Added", body = Made),
        (status = 403, description = "Not an administrator or editor with two-factor authentication"),
        (status = 422, description = "Bad input (an end before the start, a local time a clock change skips or repeats...)", body = FieldProblems),
    ))]
pub async fn create_event(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<EventInput>,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    match events::create(&state, Some(user.id.0), &input).await {
        Ok(id) => Ok(made(id.0, event_url(&state, id))),
        Err(e) => event_refused(&state, user.lang, e),
    }
}

/// Changes an event; a new time marks it moved (calendars see the change).
#[utoipa::path(put, path = "/api/v1/events/{id}", security(("bearer" = [])), request_body = EventInput,
    params(("id" = i64, Path, description = "The event's id")),
    responses(
        (status = 200, description = "Changed", body = Done),
        (status = 403, description = "Not an administrator or editor with two-factor authentication"),
        (status = 404, description = "No such event"),
        (status = 409, description = "Cancelled: nothing changed", body = Refused),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn update_event(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<EventId>,
    Json(input): Json<EventInput>,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    match events::update(&state, id, &input).await {
        Ok(()) => Ok(Json(Done { id: id.0, url: event_url(&state, id) }).into_response()),
        Err(e) => event_refused(&state, user.lang, e),
    }
}

/// Cancels an event: it stays, marked cancelled, in its page and the calendar feeds.
#[utoipa::path(post, path = "/api/v1/events/{id}/cancel", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The event's id")),
    responses(
        (status = 200, description = "Cancelled", body = Done),
        (status = 403, description = "Not an administrator or editor with two-factor authentication"),
        (status = 404, description = "No such event"),
        (status = 409, description = "Cancelled already", body = Refused),
    ))]
pub async fn cancel_event(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<EventId>,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    match events::cancel(&state, id).await {
        Ok(()) => Ok(Json(Done { id: id.0, url: event_url(&state, id) }).into_response()),
        Err(e) => event_refused(&state, user.lang, e),
    }
}

fn news_refused(state: &AppState, lang: Lang, e: NewsError) -> Result<Response, AppError> {
    match e {
        NewsError::Invalid(problems) => Ok(FieldProblems::response(state, lang, &problems)),
        NewsError::SlugTaken => Ok(Refused::response(state, lang, StatusCode::CONFLICT, "news-error-slug-taken")),
        NewsError::Sent => Ok(Refused::response(state, lang, StatusCode::CONFLICT, "news-error-sent")),
        NewsError::NotFound => Err(AppError::NotFound),
        NewsError::Failed(e) => Err(AppError::Internal(e)),
    }
}

/// Publishes a news post (or keeps it a draft).
#[utoipa::path(post, path = "/api/v1/news", security(("bearer" = [])), request_body = NewsInput,
    responses(
        (status = 201, description = "Published", body = Made),
        (status = 403, description = "Not an administrator or editor with two-factor authentication"),
        (status = 409, description = "The slug is taken", body = Refused),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn create_news(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<NewsInput>,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    match news::create(&state, Some(user.id.0), &input).await {
        Ok((id, slug)) => Ok(made(id.0, format!("{}/news/{slug}", state.base_url))),
        Err(e) => news_refused(&state, user.lang, e),
    }
}

/// The lead image's alt text, required in both languages.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ImageQuery {
    alt_en: String,
    alt_fr: String,
}

/// Sets a post's lead image (JPEG, PNG, WebP or GIF as the body; written again without its
/// metadata).
#[utoipa::path(put, path = "/api/v1/news/{id}/image", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The post's id"), ImageQuery),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses(
        (status = 200, description = "Set", body = Done),
        (status = 403, description = "Not an administrator or editor with two-factor authentication"),
        (status = 404, description = "No such post"),
        (status = 422, description = "Not an image, too large, or alt text missing", body = FieldProblems),
    ))]
pub async fn put_news_image(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<NewsId>,
    Query(q): Query<ImageQuery>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    match news::set_image(&state, id, body.to_vec(), &q.alt_en, &q.alt_fr).await {
        Ok(()) => Ok(Json(Done { id: id.0, url: format!("{}/api/v1/news/{id}", state.base_url) }).into_response()),
        Err(e) => news_refused(&state, user.lang, e),
    }
}

/// The list a post is sent to.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendInput {
    list: String,
}

/// How many people a post sent as a campaign reaches.
#[derive(Serialize, ToSchema)]
pub struct Sent {
    recipients: i64,
}

/// Sends a published post to a list as a campaign, now (once).
#[utoipa::path(post, path = "/api/v1/news/{id}/send", security(("bearer" = [])), request_body = SendInput,
    params(("id" = i64, Path, description = "The post's id")),
    responses(
        (status = 200, description = "Queued", body = Sent),
        (status = 403, description = "Not an administrator or editor with two-factor authentication"),
        (status = 404, description = "No such published post"),
        (status = 409, description = "Sent already", body = Refused),
        (status = 422, description = "No such list", body = FieldProblems),
    ))]
pub async fn send_news(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<NewsId>,
    Json(input): Json<SendInput>,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    match news::send_as_campaign(&state, id, &input.list, Some(user.id)).await {
        Ok(recipients) => Ok(Json(Sent { recipients }).into_response()),
        Err(e) => news_refused(&state, user.lang, e),
    }
}

fn resource_url(state: &AppState, slug: &str) -> String {
    format!("{}/library/{slug}", state.base_url)
}

/// Adds a resource (its files are put next).
#[utoipa::path(post, path = "/api/v1/resources", security(("bearer" = [])), request_body = ResourceInput,
    responses(
        (status = 201, description = "Added", body = Made),
        (status = 403, description = "Not an administrator or editor with two-factor authentication"),
        (status = 409, description = "The slug is taken", body = Refused),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn create_resource(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<ResourceInput>,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    match resources::create(&state, Some(user.id.0), &input).await {
        Ok((id, slug)) => Ok(made(id.0, resource_url(&state, &slug))),
        Err(ResourceError::Invalid(problems)) => Ok(FieldProblems::response(&state, user.lang, &problems)),
        Err(ResourceError::SlugTaken) => {
            Ok(Refused::response(&state, user.lang, StatusCode::CONFLICT, "resources-error-slug-taken"))
        }
        Err(ResourceError::NotFound) => Err(AppError::NotFound),
        Err(ResourceError::Failed(e)) => Err(AppError::Internal(e)),
    }
}

/// A file stored.
#[derive(Serialize, ToSchema)]
pub struct Stored {
    id: ResourceId,
    lang: String,
    size: u64,
    url: String,
}

/// Puts a language version's file (PDF, DOCX, ODT, PPTX or ODP, as the body with its
/// Content-Type); a PDF's text is then read and made searchable.
#[utoipa::path(put, path = "/api/v1/resources/{id}/files/{lang}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The resource's id"), ("lang" = String, Path, description = "en or fr")),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses(
        (status = 200, description = "Stored", body = Stored),
        (status = 403, description = "Not an administrator or editor with two-factor authentication"),
        (status = 404, description = "No such resource or language"),
        (status = 409, description = "The resource has no version in this language", body = Refused),
        (status = 413, description = "Larger than allowed (50 MB by default)", body = Refused),
        (status = 415, description = "Not an accepted type, or not what its type says", body = Refused),
    ))]
pub async fn put_resource_file(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, lang)): Path<(ResourceId, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    let Some(lang) = Lang::parse(&lang) else { return Err(AppError::NotFound) };
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let name = headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .and_then(|d| d.split("filename=").nth(1))
        .map(|n| n.trim_matches('"').to_owned());
    match resources::put_file(&state, id, lang, content_type, name.as_deref(), body).await {
        Ok(size) => {
            let slug = resource_store::by_id(&state.db, id).await?.map(|r| r.slug).unwrap_or_default();
            Ok(Json(Stored {
                id,
                lang: lang.code().to_owned(),
                size,
                url: format!("{}/files/{}", resource_url(&state, &slug), lang.code()),
            })
            .into_response())
        }
        Err(UploadError::Refused(status, message)) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            Ok(Refused::response(&state, user.lang, status, message))
        }
        Err(UploadError::NotFound) => Err(AppError::NotFound),
        Err(UploadError::Failed(e)) => Err(AppError::Internal(e)),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ResourceQuery {
    /// Words to find in the titles, summaries, metadata and the files' text (any accents, any
    /// form of a word).
    q: String,
    kind: Option<ResourceKind>,
    topic: Option<String>,
    year: Option<String>,
    /// Only resources with a version in this language.
    lang: Option<String>,
    page: Option<i64>,
}

/// A resource in the results.
#[derive(Serialize, ToSchema)]
pub struct ResourceSummary {
    id: ResourceId,
    kind: ResourceKind,
    slug: String,
    date: String,
    title_en: Option<String>,
    title_fr: Option<String>,
    url: String,
}

#[derive(Serialize, ToSchema)]
pub struct ResourceResults {
    results: Vec<ResourceSummary>,
}

/// Searches the published resources (open data: no token needed), newest first, 50 a page.
#[utoipa::path(get, path = "/api/v1/resources", params(ResourceQuery), security(("bearer" = []), ()),
    responses((status = 200, description = "The matching resources", body = ResourceResults)))]
pub async fn search_resources(
    State(state): State<AppState>,
    Query(q): Query<ResourceQuery>,
) -> Result<Json<ResourceResults>, AppError> {
    let filters = Filters {
        kind: q.kind,
        topic: q.topic.map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()),
        year: q.year.filter(|y| y.len() == 4),
        lang: q.lang.as_deref().and_then(Lang::parse).map(|l| l.code().to_owned()),
    };
    let page = q.page.unwrap_or(0).max(0);
    let rows = resources::find(&state, &q.q, &filters, 50, page * 50).await?;
    let ids: Vec<ResourceId> = rows.iter().map(|r| r.id).collect();
    let mut all_versions = resource_store::versions_of(&state.db, &ids).await?;
    let mut results = Vec::with_capacity(rows.len());
    for row in rows {
        let versions = all_versions.remove(&row.id).unwrap_or_default();
        let title = |lang: Lang| version_for(&versions, lang).filter(|(_, other)| !other).map(|(v, _)| v.title.clone());
        results.push(ResourceSummary {
            id: row.id,
            kind: row.kind,
            url: resource_url(&state, &row.slug),
            date: row.published_on.clone(),
            title_en: title(Lang::En),
            title_fr: title(Lang::Fr),
            slug: row.slug,
        });
    }
    Ok(Json(ResourceResults { results }))
}

/// Publishes a job posting.
#[utoipa::path(post, path = "/api/v1/job-postings", security(("bearer" = [])), request_body = PostingInput,
    responses(
        (status = 201, description = "Published", body = Made),
        (status = 403, description = "Not an administrator or editor with two-factor authentication"),
        (status = 422, description = "Bad input (a closing date past or more than 90 days ahead, no pay...)", body = FieldProblems),
    ))]
pub async fn create_posting(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<PostingInput>,
) -> Result<Response, AppError> {
    let user = require_publisher(user)?;
    match postings::create(&state, Some(user.id.0), &input, None).await {
        Ok(id) => Ok(made(id.0, posting_url(&state, id))),
        Err(Ok(problems)) => Ok(FieldProblems::response(&state, user.lang, &problems)),
        Err(Err(e)) => Err(e.into()),
    }
}

fn posting_url(state: &AppState, id: PostingId) -> String {
    format!("{}/jobs/{id}", state.base_url)
}

pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create_event))
        .routes(routes!(update_event))
        .routes(routes!(cancel_event))
        .routes(routes!(create_news))
        // The site's body limit (256 KiB) would cut a photo off; a little over the image limit
        // lets the image check say "too large" in words rather than a bare 413.
        .merge(
            ApiRouter::new()
                .routes(routes!(put_news_image))
                .layer(DefaultBodyLimit::max(news::IMAGE_MAX_BYTES + 64 * 1024)),
        )
        .routes(routes!(send_news))
        .routes(routes!(create_resource, search_resources))
        .routes(routes!(put_resource_file))
        .routes(routes!(create_posting))
}

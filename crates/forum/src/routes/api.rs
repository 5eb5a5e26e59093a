//! The forum's JSON API (bearer tokens). Scripts depend on these paths:
//! `POST /api/v1/spaces`, `POST /api/v1/spaces/{slug}/threads`, `POST /api/v1/threads/{id}/posts`,
//! `GET /api/v1/threads/{id}`; and `GET /api/v1/forum/search`. Same rule, same views as the pages.

use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::api::{ApiRouter, FieldProblems, next_page};
use rendezvous_platform::auth::{AuthUser, UserId};
use rendezvous_platform::web::AppError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

use super::admin::SpaceForm;
use super::search::SearchQuery;
use super::{page_of, post_url, readable_space, readable_thread, thread_url};
use crate::access::{can_moderate, viewer_for_user};
use crate::ids::{PostId, SpaceId, ThreadId};
use crate::model::PostState;
use crate::posting::{self, Draft, PostError};
use crate::posts::{Names, PostView, ThreadView, named_authors, post_view, support_map, thread_view};
use crate::search::Hit;
use crate::store::posts as post_store;
use crate::store::spaces as space_store;

fn errors(state: &AppState, user: &AuthUser, list: &[(&'static str, &'static str)]) -> Response {
    FieldProblems::response(state, user.lang, list)
}

fn refused(state: &AppState, user: &AuthUser, e: PostError) -> Result<Response, AppError> {
    match e {
        PostError::Invalid(field, id) => Ok(errors(state, user, &[(field, id)])),
        other => Err(other.into()),
    }
}

/// A new discussion space.
#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
pub struct SpaceBody {
    /// Required: lower-case letters, digits and hyphens, 2 to 60, starting with a letter or digit.
    slug: String,
    name_en: String,
    name_fr: String,
    description_en: String,
    description_fr: String,
    /// Who reads: public, members, or group:SLUG[,SLUG...].
    read: String,
    /// Who posts: members, group:SLUG[,SLUG...], or moderators.
    post: String,
    allow_anonymous: bool,
    content_warnings: bool,
    allow_images: bool,
    /// How many first posts of a new member are held for review (0 to 100).
    #[schema(minimum = 0, maximum = 100)]
    hold_first_posts: i64,
    /// Account ids of the space's moderators.
    moderators: Vec<UserId>,
}

/// A space just created.
#[derive(Serialize, ToSchema)]
pub struct SpaceCreated {
    id: SpaceId,
    slug: String,
    /// The space's page.
    url: String,
}

/// A thread just started.
#[derive(Serialize, ToSchema)]
pub struct ThreadStarted {
    id: ThreadId,
    post_id: PostId,
    /// Held when the space holds new members' first posts.
    state: PostState,
    /// The thread's page.
    url: String,
}

/// A reply just posted.
#[derive(Serialize, ToSchema)]
pub struct PostCreated {
    id: PostId,
    thread_id: ThreadId,
    /// Held when the space holds new members' first posts.
    state: PostState,
    /// The thread's page at the post.
    url: String,
}

/// A space as a thread's page names it.
#[derive(Serialize, ToSchema)]
pub struct SpaceNames {
    slug: String,
    name_en: String,
    name_fr: String,
}

/// A thread and one page of its posts, as the token's owner may see them.
#[derive(Serialize, ToSchema)]
pub struct ThreadPage {
    thread: ThreadView,
    space: SpaceNames,
    url: String,
    page: usize,
    total_posts: i64,
    /// The next page's URL, while more remain.
    next: Option<String>,
    posts: Vec<PostView>,
}

/// A page of search results.
#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    results: Vec<Hit>,
}

/// Create a discussion space (administrators).
#[utoipa::path(post, path = "/api/v1/spaces", security(("bearer" = [])), request_body = SpaceBody,
    responses(
        (status = 201, description = "Created", body = SpaceCreated),
        (status = 403, description = "Not an administrator with two-factor authentication"),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn create_space(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<SpaceBody>,
) -> Result<Response, AppError> {
    rendezvous_platform::web::page::require(user.clone(), rendezvous_platform::auth::Role::ADMIN)?;
    let yes = |b: bool| b.then(|| "1".to_owned());
    let form = SpaceForm {
        slug: body.slug,
        name_en: body.name_en,
        name_fr: body.name_fr,
        description_en: body.description_en,
        description_fr: body.description_fr,
        read: body.read,
        post: body.post,
        allow_anonymous: yes(body.allow_anonymous),
        content_warnings: yes(body.content_warnings),
        allow_images: yes(body.allow_images),
        hold_first_posts: Some(body.hold_first_posts.to_string()),
        moderators: String::new(),
    };
    let space = match form.parse() {
        Ok((space, _)) => space,
        Err(e) => return Ok(errors(&state, &user, &e.items())),
    };
    let id = match posting::create_space(&state, user.id, &space).await {
        Ok(id) => id,
        Err(e) => return refused(&state, &user, e),
    };
    for m in body.moderators {
        space_store::add_moderator(&state.db, id, m, state.clock.now_ms()).await?;
    }
    let url = format!("{}/forum/{}", state.base_url.trim_end_matches('/'), space.slug);
    Ok((StatusCode::CREATED, Json(SpaceCreated { id, slug: space.slug, url })).into_response())
}

/// A post: a thread's first (with a title) or a reply.
#[derive(Deserialize, ToSchema)]
pub struct PostBody {
    /// A new thread's title (at most 200 characters); ignored for replies.
    #[serde(default)]
    title: String,
    /// Markdown, at most 64 KB.
    #[serde(default)]
    body: String,
    /// Only where the space allows it.
    #[serde(default)]
    anonymous: bool,
    /// A label; only where the space offers warnings.
    content_warning: Option<String>,
    /// The id of a post this one quotes.
    quote_of: Option<PostId>,
}

impl PostBody {
    fn draft(self) -> Draft {
        Draft {
            title: Some(self.title),
            body: self.body,
            anonymous: self.anonymous,
            content_warning: self.content_warning,
            quote_of: self.quote_of,
        }
    }
}

/// Start a thread in a space the token's owner may post in.
#[utoipa::path(post, path = "/api/v1/spaces/{slug}/threads", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The space's slug")),
    request_body = PostBody,
    responses(
        (status = 201, description = "The thread", body = ThreadStarted),
        (status = 403, description = "May not post here"),
        (status = 404, description = "No such space, or not readable"),
        (status = 422, description = "Bad input", body = FieldProblems),
        (status = 429, description = "Too many posts: try later"),
    ))]
pub async fn start_thread(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Json(body): Json<PostBody>,
) -> Result<Response, AppError> {
    let who = viewer_for_user(&state, &user).await?;
    let space = readable_space(&state, &who, &slug).await?;
    match posting::start_thread(&state, &who, &space, &body.draft()).await {
        Ok(p) => Ok((
            StatusCode::CREATED,
            Json(ThreadStarted {
                id: p.thread_id,
                post_id: p.post_id,
                state: p.state,
                url: thread_url(&state, p.thread_id),
            }),
        )
            .into_response()),
        Err(e) => refused(&state, &user, e),
    }
}

/// Reply in a thread.
#[utoipa::path(post, path = "/api/v1/threads/{id}/posts", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The thread's id")),
    request_body = PostBody,
    responses(
        (status = 201, description = "The post", body = PostCreated),
        (status = 400, description = "The thread is locked"),
        (status = 403, description = "May not post here"),
        (status = 404, description = "No such thread, or not readable"),
        (status = 422, description = "Bad input", body = FieldProblems),
        (status = 429, description = "Too many posts: try later"),
    ))]
pub async fn reply(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<ThreadId>,
    Json(body): Json<PostBody>,
) -> Result<Response, AppError> {
    let who = viewer_for_user(&state, &user).await?;
    let (space, thread) = readable_thread(&state, &who, id).await?;
    match posting::reply(&state, &who, &space, &thread, &body.draft()).await {
        Ok(p) => Ok((
            StatusCode::CREATED,
            Json(PostCreated {
                id: p.post_id,
                thread_id: p.thread_id,
                state: p.state,
                url: post_url(&state, p.thread_id, p.post_id),
            }),
        )
            .into_response()),
        Err(e) => refused(&state, &user, e),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ThreadQuery {
    /// 50 posts a page.
    #[param(minimum = 1)]
    page: Option<usize>,
}

/// A thread and a page of its posts, as the token's owner may see them.
#[utoipa::path(get, path = "/api/v1/threads/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The thread's id"), ThreadQuery),
    responses(
        (status = 200, description = "The thread", body = ThreadPage),
        (status = 404, description = "No such thread, or not readable"),
    ))]
pub async fn thread(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<ThreadId>,
    Query(q): Query<ThreadQuery>,
) -> Result<Response, AppError> {
    let who = viewer_for_user(&state, &user).await?;
    let (space, thread) = readable_thread(&state, &who, id).await?;
    let moderating = can_moderate(&who, &space);
    let per_page = super::pages::POSTS_PER_PAGE;
    let page = page_of(q.page);
    let rows = post_store::in_thread(
        &state.db,
        thread.id,
        &crate::access::post_filter(moderating),
        who.user_id,
        per_page,
        (page as i64 - 1) * per_page,
    )
    .await?;
    let total =
        post_store::count_in_thread(&state.db, thread.id, &crate::access::post_filter(moderating), who.user_id).await?;
    let names = Names::load(
        &state,
        user.lang,
        named_authors(&rows).into_iter().chain((thread.anonymous == 0).then_some(thread.author_id)),
    )
    .await?;
    let support = support_map(&state, &rows.iter().map(|p| p.id).collect::<Vec<_>>(), &who).await?;
    let posts: Vec<_> = rows.iter().map(|p| post_view(p, &names, &who, moderating, &support)).collect();
    Ok(Json(ThreadPage {
        thread: thread_view(&thread, &names, false),
        space: SpaceNames { slug: space.slug, name_en: space.name_en, name_fr: space.name_fr },
        url: thread_url(&state, thread.id),
        page,
        total_posts: total,
        next: ((page as i64) * per_page < total).then(|| next_page(&state.base_url, &uri, page)),
        posts,
    })
    .into_response())
}

/// Full-text search over the posts the token's owner may read.
#[utoipa::path(get, path = "/api/v1/forum/search", security(("bearer" = [])), params(SearchQuery),
    responses((status = 200, description = "A page of results", body = SearchResults)))]
pub async fn search(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let who = viewer_for_user(&state, &user).await?;
    let hits =
        crate::search::search(&state, &who, user.lang, &q.q, Some(&q.space), q.author_id(), page_of(q.page)).await?;
    Ok(Json(SearchResults { results: hits }).into_response())
}

/// The forum's JSON API, each route described by its handler.
pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(create_space))
        .routes(routes!(start_thread))
        .routes(routes!(reply))
        .routes(routes!(thread))
        .routes(routes!(search))
}

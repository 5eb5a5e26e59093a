//! The forum's JSON API (bearer tokens). Scripts depend on these paths:
//! `POST /api/v1/spaces`, `POST /api/v1/spaces/{slug}/threads`, `POST /api/v1/threads/{id}/posts`,
//! `GET /api/v1/threads/{id}`; and `GET /api/v1/forum/search`. Same rule, same views as the pages.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::AuthUser;
use rendezvous_platform::web::AppError;
use serde::Deserialize;
use serde_json::{Value, json};

use super::admin::SpaceForm;
use super::search::SearchQuery;
use super::{page_of, post_url, readable_space, readable_thread, thread_url};
use crate::access::{can_moderate, viewer_for_user};
use crate::posting::{self, Draft, PostError};
use crate::posts::{Names, named_authors, post_view, support_map, thread_view};
use crate::store::posts as post_store;
use crate::store::spaces as space_store;

fn errors(state: &AppState, user: &AuthUser, list: &[(&'static str, &'static str)]) -> Response {
    let list: Vec<Value> = list
        .iter()
        .map(|(field, id)| json!({"field": field, "error": id, "message": state.tr.t(user.lang, id)}))
        .collect();
    (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "errors": list }))).into_response()
}

fn refused(state: &AppState, user: &AuthUser, e: PostError) -> Result<Response, AppError> {
    match e {
        PostError::Invalid(field, id) => Ok(errors(state, user, &[(field, id)])),
        other => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SpaceBody {
    slug: String,
    name_en: String,
    name_fr: String,
    description_en: String,
    description_fr: String,
    read: String,
    post: String,
    allow_anonymous: bool,
    content_warnings: bool,
    allow_images: bool,
    hold_first_posts: i64,
    moderators: Vec<i64>,
}

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
    Ok((StatusCode::CREATED, Json(json!({"id": id, "slug": space.slug, "url": url}))).into_response())
}

#[derive(Deserialize)]
pub struct PostBody {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    anonymous: bool,
    content_warning: Option<String>,
    quote_of: Option<i64>,
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
            Json(json!({"id": p.thread_id, "post_id": p.post_id, "state": p.state, "url": thread_url(&state, p.thread_id)})),
        )
            .into_response()),
        Err(e) => refused(&state, &user, e),
    }
}

pub async fn reply(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Json(body): Json<PostBody>,
) -> Result<Response, AppError> {
    let who = viewer_for_user(&state, &user).await?;
    let (space, thread) = readable_thread(&state, &who, id).await?;
    match posting::reply(&state, &who, &space, &thread, &body.draft()).await {
        Ok(p) => Ok((
            StatusCode::CREATED,
            Json(json!({"id": p.post_id, "thread_id": p.thread_id, "state": p.state, "url": post_url(&state, p.thread_id, p.post_id)})),
        )
            .into_response()),
        Err(e) => refused(&state, &user, e),
    }
}

#[derive(Deserialize)]
pub struct ThreadQuery {
    page: Option<usize>,
}

pub async fn thread(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
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
    Ok(Json(json!({
        "thread": thread_view(&thread, &names, false),
        "space": {"slug": space.slug, "name_en": space.name_en, "name_fr": space.name_fr},
        "url": thread_url(&state, thread.id),
        "page": page,
        "total_posts": total,
        "posts": posts,
    }))
    .into_response())
}

pub async fn search(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let who = viewer_for_user(&state, &user).await?;
    let hits =
        crate::search::search(&state, &who, user.lang, &q.q, Some(&q.space), q.author_id(), page_of(q.page)).await?;
    Ok(Json(json!({ "results": hits })).into_response())
}

/// This feature's part of the OpenAPI document.
pub fn openapi_paths() -> Value {
    let error = json!({"description": "Bad input: `errors` lists each field, a message id and a message in the token owner's language"});
    let id_param = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let author = json!({"type": "object", "properties": {
        "name": {"type": "string", "description": "\"anonymous member\" (in the reader's language) for anonymous posts"},
        "anonymous": {"type": "boolean"},
        "user_id": {"type": "integer", "description": "absent for anonymous posts"}
    }});
    let post = json!({"type": "object", "properties": {
        "id": {"type": "integer"}, "thread_id": {"type": "integer"}, "author": author,
        "state": {"type": "string", "enum": ["visible", "held", "hidden", "deleted"]},
        "body_html": {"type": "string"}, "content_warning": {"type": ["string", "null"]},
        "quote_of": {"type": ["integer", "null"]}, "created_at": {"type": "integer"}, "edited_at": {"type": ["integer", "null"]},
        "support": {"type": "integer"}, "supported_by_me": {"type": "boolean"}
    }});
    let write = json!({"type": "object", "required": ["body"], "properties": {
        "body": {"type": "string", "description": "Markdown, at most 64 KB"},
        "anonymous": {"type": "boolean", "description": "Only where the space allows it"},
        "content_warning": {"type": "string", "description": "A label; only where the space offers warnings"},
        "quote_of": {"type": "integer"}
    }});
    let mut new_thread = write.clone();
    new_thread["required"] = json!(["title", "body"]);
    new_thread["properties"]["title"] = json!({"type": "string", "maxLength": 200});
    let created = |what: &str| {
        json!({"description": what, "content": {"application/json": {"schema": {"type": "object", "required": ["id", "url"], "properties": {
            "id": {"type": "integer"}, "url": {"type": "string", "description": "The thread's HTML page"},
            "state": {"type": "string", "enum": ["visible", "held"]}
        }}}}})
    };
    json!({
        "/api/v1/spaces": {"post": {
            "summary": "Create a discussion space (administrators)",
            "security": [{"bearer": []}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
                "required": ["slug", "name_en", "name_fr", "read", "post"],
                "properties": {
                    "slug": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,59}$"},
                    "name_en": {"type": "string"}, "name_fr": {"type": "string"},
                    "description_en": {"type": "string"}, "description_fr": {"type": "string"},
                    "read": {"type": "string", "description": "public, members, or group:SLUG[,SLUG...]"},
                    "post": {"type": "string", "description": "members, group:SLUG[,SLUG...], or moderators"},
                    "allow_anonymous": {"type": "boolean"}, "content_warnings": {"type": "boolean"},
                    "allow_images": {"type": "boolean"}, "hold_first_posts": {"type": "integer", "minimum": 0, "maximum": 100},
                    "moderators": {"type": "array", "items": {"type": "integer"}, "description": "Account ids"}
                }}}}},
            "responses": {"201": {"description": "Created: id, slug, url"}, "403": {"description": "Not an administrator with two-factor authentication"}, "422": error}
        }},
        "/api/v1/spaces/{slug}/threads": {"post": {
            "summary": "Start a thread in a space the token's owner may post in",
            "security": [{"bearer": []}],
            "parameters": [{"name": "slug", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": new_thread}}},
            "responses": {"201": created("The thread (held when the space holds new members' first posts)"), "403": {"description": "May not post here"}, "404": {"description": "No such space, or not readable"}, "422": error, "429": {"description": "Too many posts: try later"}}
        }},
        "/api/v1/threads/{id}": {"get": {
            "summary": "A thread and a page of its posts (50 a page), as the token's owner may see them",
            "security": [{"bearer": []}],
            "parameters": [id_param[0], {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
            "responses": {"200": {"description": "The thread", "content": {"application/json": {"schema": {"type": "object", "properties": {
                "thread": {"type": "object"}, "space": {"type": "object"}, "url": {"type": "string"}, "page": {"type": "integer"},
                "total_posts": {"type": "integer"}, "posts": {"type": "array", "items": post}
            }}}}}, "404": {"description": "No such thread, or not readable"}}
        }},
        "/api/v1/threads/{id}/posts": {"post": {
            "summary": "Reply in a thread",
            "security": [{"bearer": []}],
            "parameters": id_param,
            "requestBody": {"required": true, "content": {"application/json": {"schema": write}}},
            "responses": {"201": created("The post; url is the thread's page at the post"), "400": {"description": "The thread is locked"}, "403": {"description": "May not post here"}, "404": {"description": "No such thread, or not readable"}, "422": error, "429": {"description": "Too many posts: try later"}}
        }},
        "/api/v1/forum/search": {"get": {
            "summary": "Full-text search over the posts the token's owner may read",
            "security": [{"bearer": []}],
            "parameters": [
                {"name": "q", "in": "query", "required": true, "schema": {"type": "string"}},
                {"name": "space", "in": "query", "schema": {"type": "string"}, "description": "A space's slug"},
                {"name": "author", "in": "query", "schema": {"type": "integer"}, "description": "An account id (never matches anonymous posts)"},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}
            ],
            "responses": {"200": {"description": "results: post, thread_title, space_slug"}}
        }}
    })
}

//! The forum's pages and API: one file per page group.

mod admin;
pub(crate) mod api;
mod confirm;
pub(crate) mod extract;
mod feed;
mod moderation;
mod pages;
mod posts;
mod rule_menus;
mod search;
mod space_moderators;

use axum::Router;
use axum::routing::{get, post};
use rendezvous_platform::AppState;
use rendezvous_platform::web::AppError;

use crate::access::{ForumViewer, can_read};
use crate::ids::{PostId, ThreadId};
use crate::posting::PostError;
use crate::store::posts::{self as post_store, PostRow};
use crate::store::spaces::{self as space_store, SpaceRow};
use crate::store::threads::{self as thread_store, ThreadRow};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/forum", get(pages::index))
        .route("/forum/search", get(search::page))
        .route("/forum/moderation", get(moderation::queue))
        .route("/forum/{slug}", get(pages::space))
        .route("/forum/{slug}/threads", post(posts::start_thread))
        .route("/forum/{slug}/watch", post(posts::watch_space))
        .route("/forum/{slug}/log", get(moderation::log))
        .route("/forum/{slug}/feed.atom", get(feed::space))
        .route("/forum/t/{id}", get(pages::thread))
        .route("/forum/t/{id}/posts", post(posts::reply))
        .route("/forum/t/{id}/watch", post(posts::watch_thread))
        .route("/forum/t/{id}/moderate", post(moderation::thread_action))
        .route("/forum/p/{id}", get(pages::post_link))
        .route("/forum/p/{id}/edit", get(posts::edit_page).post(posts::edit))
        .route("/forum/p/{id}/delete", post(posts::delete))
        .route("/forum/p/{id}/support", post(posts::support))
        .route("/forum/p/{id}/flag", get(posts::flag_page).post(posts::flag))
        .route("/forum/p/{id}/moderate", post(moderation::decide))
        .route("/forum/p/{id}/history", get(moderation::history))
        .route("/forum/p/{id}/reveal", post(moderation::reveal))
        .route("/admin/forum", get(admin::index).post(admin::create))
        .route("/admin/forum/{slug}", get(admin::edit_page).post(admin::edit))
        .route("/admin/forum/{slug}/moderators", post(space_moderators::change))
}

impl From<PostError> for AppError {
    fn from(e: PostError) -> Self {
        match e {
            PostError::NotFound => AppError::NotFound,
            PostError::Forbidden | PostError::NeedsAdmin => AppError::Forbidden,
            PostError::NeedsTwoFactor => AppError::NeedsTwoFactor,
            PostError::Locked => AppError::BadRequest("forum-error-locked"),
            PostError::RateLimited => AppError::TooManyRequests,
            PostError::Invalid(_, id) => AppError::BadRequest(id),
            PostError::Db(e) => AppError::from(e),
        }
    }
}

/// A space the viewer may read; otherwise "not found", so a restricted space's existence is not
/// told to those outside it.
pub(crate) async fn readable_space(state: &AppState, viewer: &ForumViewer, slug: &str) -> Result<SpaceRow, AppError> {
    let space = space_store::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if !can_read(viewer, &space) {
        return Err(AppError::NotFound);
    }
    Ok(space)
}

/// A thread (and its space) the viewer may read. Held threads are visible to moderators and the
/// author only; hidden and deleted ones to moderators.
pub(crate) async fn readable_thread(
    state: &AppState,
    viewer: &ForumViewer,
    id: ThreadId,
) -> Result<(SpaceRow, ThreadRow), AppError> {
    let thread = thread_store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let space = space_store::by_id(&state.db, thread.space_id).await?.ok_or(AppError::NotFound)?;
    may_read_thread(viewer, &space, &thread)?;
    Ok((space, thread))
}

/// Whether the viewer may read the thread: its space is open to them, and its state shows it to
/// them. Not found otherwise, so a thread they may not read is not told to exist.
pub(crate) fn may_read_thread(viewer: &ForumViewer, space: &SpaceRow, thread: &ThreadRow) -> Result<(), AppError> {
    let moderating = crate::access::can_moderate(viewer, space);
    if !can_read(viewer, space)
        || !crate::access::sees_thread(thread.state, viewer.user_id == Some(thread.author_id), moderating)
    {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// A post (with its space and thread) the viewer may read.
pub(crate) async fn readable_post(
    state: &AppState,
    viewer: &ForumViewer,
    id: PostId,
) -> Result<(SpaceRow, ThreadRow, PostRow), AppError> {
    let post = post_store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let (space, thread) = readable_thread(state, viewer, post.thread_id).await?;
    let moderating = crate::access::can_moderate(viewer, &space);
    let sight = crate::access::post_sight(post.state, viewer.user_id == Some(post.author_id), moderating);
    if sight == crate::access::Sight::Nothing {
        return Err(AppError::NotFound);
    }
    Ok((space, thread, post))
}

/// The thread's address on this site.
pub fn thread_url(state: &AppState, thread_id: ThreadId) -> String {
    format!("{}/forum/t/{thread_id}", state.base_url.trim_end_matches('/'))
}

pub fn post_url(state: &AppState, thread_id: ThreadId, post_id: PostId) -> String {
    format!("{}/forum/t/{thread_id}#p{post_id}", state.base_url.trim_end_matches('/'))
}

/// Checkbox values from forms.
pub(crate) fn checked(v: &Option<String>) -> bool {
    rendezvous_platform::validate::checkbox(v.as_deref())
}

pub(crate) fn page_of(page: Option<usize>) -> usize {
    page.unwrap_or(1).clamp(1, 100_000)
}

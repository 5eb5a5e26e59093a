//! Search over what the viewer may read: the spaces come from [`crate::access::readable_ids`],
//! the index returns only visible posts of those spaces, and each hit is checked again with
//! [`crate::access::can_read`] before it is shown. An author filter never matches anonymous posts.

use crate::model::PostState;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::i18n::Lang;
use serde::Serialize;

use crate::access::{ForumViewer, can_read, readable_ids};
use crate::posts::{Names, PostView, named_authors, post_view, support_map};
use crate::store::{posts as post_store, search as index, spaces as space_store, threads as thread_store};

pub const PER_PAGE: i64 = 20;
pub const MAX_QUERY: usize = 200;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub post: PostView,
    pub thread_title: String,
    pub space_slug: String,
}

/// One page of results. `space`: a slug to search in; `author`: a user id.
pub async fn search(
    state: &AppState,
    viewer: &ForumViewer,
    lang: Lang,
    text: &str,
    space: Option<&str>,
    author: Option<UserId>,
    page: usize,
) -> Result<Vec<Hit>, rendezvous_platform::BoxError> {
    let text: String = text.chars().take(MAX_QUERY).collect();
    let spaces = space_store::all(&state.db).await?;
    let mut ids = readable_ids(viewer, &spaces);
    if let Some(slug) = space.filter(|s| !s.is_empty()) {
        ids.retain(|id| spaces.iter().any(|s| s.id == *id && s.slug == slug));
    }
    let offset = (page.max(1) as i64 - 1) * PER_PAGE;
    let found = index::search(&state.db, &text, &ids, author, PER_PAGE, offset).await?;
    let mut rows = post_store::by_ids(&state.db, &found).await?;
    rows.sort_by_key(|p| found.iter().position(|id| *id == p.id));
    // Checked again, post by post: never a post from a space the viewer cannot read.
    rows.retain(|p| p.state == PostState::Visible && spaces.iter().any(|s| s.id == p.space_id && can_read(viewer, s)));
    let names = Names::load(state, lang, named_authors(&rows)).await?;
    let support = support_map(state, &found, viewer).await?;
    let mut hits = Vec::with_capacity(rows.len());
    for p in &rows {
        let thread = thread_store::by_id(&state.db, p.thread_id).await?;
        let Some(thread) = thread.filter(|t| t.state == PostState::Visible) else { continue };
        let space_slug = spaces.iter().find(|s| s.id == p.space_id).map(|s| s.slug.clone()).unwrap_or_default();
        hits.push(Hit { post: post_view(p, &names, viewer, false, &support), thread_title: thread.title, space_slug });
    }
    Ok(hits)
}

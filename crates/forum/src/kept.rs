//! What a thread's page shows that is the same for every reader who moderates it, or for every
//! reader who does not: the thread and its space, how many posts there are, a page of them with
//! their authors' names and support counts. Kept until anything is written anywhere (see
//! `platform::changes`). What is the reader's own is never kept: their standing (read afresh by
//! `access::viewer_for` on every request), where they stopped reading, how they watch the thread,
//! which posts they supported, and the posts only their author may see.

use std::collections::HashMap;
use std::sync::Arc;

use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;

use crate::access::PostFilter;
use crate::ids::{PostId, ThreadId};
use crate::posts::named_authors;
use crate::store::posts::{self as post_store, PostRow};
use crate::store::spaces::{self as space_store, SpaceRow};
use crate::store::threads::{self as thread_store, ThreadRow};

/// A thread and its space, or None when either is gone. The page checks the reader's right to
/// read it with their standing of this request.
pub async fn thread_and_space(
    state: &AppState,
    id: ThreadId,
) -> Result<Arc<Option<(SpaceRow, ThreadRow)>>, sqlx::Error> {
    let key = format!("forum thread {}", i64::from(id));
    state
        .kept
        .or_load(&state.changes, key, async {
            let Some(thread) = thread_store::by_id(&state.db, id).await? else { return Ok(None) };
            Ok(space_store::by_id(&state.db, thread.space_id).await?.map(|space| (space, thread)))
        })
        .await
}

/// How many posts a reader sees in the thread, the reader's own held posts aside, and how many
/// such posts (seen by their author only) there are at all: with none, every reader of the
/// filter's kind sees the same posts.
pub struct Counts {
    pub shown: i64,
    pub author_only: i64,
}

pub async fn counts(state: &AppState, thread: ThreadId, filter: &PostFilter) -> Result<Arc<Counts>, sqlx::Error> {
    let key = format!("forum counts {} {:?}", i64::from(thread), filter);
    state
        .kept
        .or_load(&state.changes, key, async {
            let shown = post_store::count_in_thread(&state.db, thread, filter, None).await?;
            let author_only = if filter.author_only.is_empty() {
                0
            } else {
                let theirs = PostFilter { everyone: filter.author_only.clone(), author_only: Vec::new() };
                post_store::count_in_thread(&state.db, thread, &theirs, None).await?
            };
            Ok(Counts { shown, author_only })
        })
        .await
}

/// A page of posts with what shows beside each: the authors' names and the support counts.
pub struct PostsPage {
    pub rows: Vec<PostRow>,
    pub names: HashMap<UserId, String>,
    pub support: HashMap<PostId, i64>,
}

/// The page as every reader of the filter's kind sees it when nobody has posts only they see.
pub async fn shared_page(
    state: &AppState,
    thread: &ThreadRow,
    filter: &PostFilter,
    limit: i64,
    offset: i64,
) -> Result<Arc<PostsPage>, rendezvous_platform::BoxError> {
    let key = format!("forum posts {} {:?} {limit} {offset}", i64::from(thread.id), filter);
    state.kept.or_load(&state.changes, key, load_page(state, thread, filter, None, limit, offset)).await
}

/// The page read for one reader (some posts show to their author only); not kept.
pub async fn load_page(
    state: &AppState,
    thread: &ThreadRow,
    filter: &PostFilter,
    reader: Option<UserId>,
    limit: i64,
    offset: i64,
) -> Result<PostsPage, rendezvous_platform::BoxError> {
    let rows = post_store::in_thread(&state.db, thread.id, filter, reader, limit, offset).await?;
    let mut authors = named_authors(&rows);
    if thread.anonymous == 0 {
        authors.push(thread.author_id);
    }
    authors.sort_by_key(|u| u.0);
    authors.dedup();
    let names = state.users.display_names(&authors).await?;
    let ids: Vec<PostId> = rows.iter().map(|p| p.id).collect();
    let support = post_store::support(&state.db, &ids, None).await?.into_iter().map(|(id, n, _)| (id, n)).collect();
    Ok(PostsPage { rows, names, support })
}

//! Writing in the forum: spaces (administrators), threads, replies, edits with history, deletion
//! by the author, "support", watch/mute. Each checks [`crate::access`] first, then the space's
//! settings (anonymous posting, content warnings, held first posts), the person's rate limit, and
//! writes in one transaction with the search index.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::is_unique_violation;
use rendezvous_platform::{AppState, audit};

use crate::access::{ForumViewer, can_moderate, can_post, can_read};
use crate::events::{self, Published};
use crate::ids::{PostId, SpaceId, ThreadId};
use crate::markdown;
use crate::model::{PostBody, PostState, Title, content_warning};
use crate::store::posts::{self as post_store, NewPost, PostRow};
use crate::store::search;
use crate::store::spaces::{self as space_store, NewSpace, SpaceRow};
use crate::store::threads::{self as thread_store, ThreadRow};

/// Why a write was refused. Field errors carry a Fluent id for the person's language.
#[derive(Debug, thiserror::Error)]
pub enum PostError {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// A moderation power asked for by someone who holds it but has no second factor yet.
    #[error("two-factor authentication required")]
    NeedsTwoFactor,
    /// A thread moved into a space more people read: administrators only.
    #[error("only an administrator may widen who reads a thread")]
    NeedsAdmin,
    #[error("the thread is locked")]
    Locked,
    #[error("too many posts")]
    RateLimited,
    #[error("invalid {0}: {1}")]
    Invalid(&'static str, &'static str),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Per-account rate limits, counted in the database (no client address involved). A person is
/// "new" until they have [`ESTABLISHED_AFTER`] approved posts.
pub const ESTABLISHED_AFTER: i64 = 10;
pub const NEW_POSTS_PER_HOUR: i64 = 5;
pub const POSTS_PER_HOUR: i64 = 30;
const HOUR_MS: i64 = 3_600_000;

/// Space slugs the forum's own paths use.
const RESERVED_SLUGS: [&str; 6] = ["t", "p", "search", "moderation", "new", "feed"];

pub async fn create_space(state: &AppState, admin: UserId, space: &NewSpace) -> Result<SpaceId, PostError> {
    if !crate::model::is_slug(&space.slug) || RESERVED_SLUGS.contains(&space.slug.as_str()) {
        return Err(PostError::Invalid("slug", "forum-error-slug"));
    }
    let id = match space_store::insert(&state.db, space, state.clock.now_ms()).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(PostError::Invalid("slug", "forum-error-slug-taken")),
        Err(e) => return Err(e.into()),
    };
    audit::record(&state.db, &state.clock, Some(admin), "forum.space.create", None, &format!("space {id}")).await?;
    Ok(id)
}

/// What someone writes: a new thread's opening post or a reply.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub title: Option<String>,
    pub body: String,
    pub anonymous: bool,
    pub content_warning: Option<String>,
    pub quote_of: Option<PostId>,
}

struct Checked {
    title: Option<Title>,
    body: PostBody,
    warning: Option<String>,
}

fn check(space: &SpaceRow, draft: &Draft, needs_title: bool) -> Result<Checked, PostError> {
    let title = if needs_title {
        Some(Title::parse(draft.title.as_deref().unwrap_or_default()).map_err(|e| PostError::Invalid("title", e))?)
    } else {
        None
    };
    let body = PostBody::parse(&draft.body).map_err(|e| PostError::Invalid("body", e))?;
    let warning =
        content_warning(draft.content_warning.as_deref()).map_err(|e| PostError::Invalid("content_warning", e))?;
    if draft.anonymous && space.allow_anonymous == 0 {
        return Err(PostError::Invalid("anonymous", "forum-error-anonymous-not-allowed"));
    }
    if warning.is_some() && space.content_warnings == 0 {
        return Err(PostError::Invalid("content_warning", "forum-error-warnings-not-offered"));
    }
    Ok(Checked { title, body, warning })
}

/// Refuses a post beyond the person's hourly allowance (moderators are not limited).
async fn rate_limit(state: &AppState, viewer: &ForumViewer, space: &SpaceRow, author: UserId) -> Result<(), PostError> {
    if can_moderate(viewer, space) {
        return Ok(());
    }
    let now = state.clock.now_ms();
    let recent = post_store::count_by_author_since(&state.db, author, now - HOUR_MS).await?;
    let established = post_store::count_visible_by_author(&state.db, author, None).await? >= ESTABLISHED_AFTER;
    let allowance = if established { POSTS_PER_HOUR } else { NEW_POSTS_PER_HOUR };
    if recent >= allowance {
        return Err(PostError::RateLimited);
    }
    Ok(())
}

/// Held for a moderator when the space holds its new members' first posts and this person has
/// fewer approved posts there than it asks.
async fn initial_state(
    state: &AppState,
    viewer: &ForumViewer,
    space: &SpaceRow,
    author: UserId,
) -> Result<PostState, sqlx::Error> {
    if space.hold_first_posts > 0 && !can_moderate(viewer, space) {
        let approved = post_store::count_visible_by_author(&state.db, author, Some(space.id)).await?;
        if approved < space.hold_first_posts {
            return Ok(PostState::Held);
        }
    }
    Ok(PostState::Visible)
}

/// The result of posting: where it is and whether it waits for a moderator.
#[derive(Debug, Clone, Copy)]
pub struct Posted {
    pub thread_id: ThreadId,
    pub post_id: PostId,
    pub state: PostState,
}

pub async fn start_thread(
    state: &AppState,
    viewer: &ForumViewer,
    space: &SpaceRow,
    draft: &Draft,
) -> Result<Posted, PostError> {
    let author = viewer.user_id.ok_or(PostError::Forbidden)?;
    if !can_post(viewer, space) {
        return Err(PostError::Forbidden);
    }
    let checked = check(space, draft, true)?;
    rate_limit(state, viewer, space, author).await?;
    let post_state = initial_state(state, viewer, space, author).await?;
    let now = state.clock.now_ms();
    let title = checked.title.as_ref().map(Title::as_str).unwrap_or_default();
    let html = markdown::render(checked.body.as_str(), space.allow_images != 0);
    let mut tx = state.db.begin_write().await?;
    let thread_id = thread_store::insert(&mut tx, space.id, author, draft.anonymous, title, post_state, now).await?;
    let post = NewPost {
        thread_id,
        space_id: space.id,
        author_id: author,
        anonymous: draft.anonymous,
        body_markdown: checked.body.as_str(),
        body_html: &html,
        content_warning: checked.warning.as_deref(),
        quote_of: None,
        state: post_state,
    };
    let post_id = post_store::insert(&mut tx, &post, now).await?;
    if post_state == PostState::Visible {
        search::index(&mut tx, state.db.dialect, post_id, title, &markdown::plain_text(checked.body.as_str())).await?;
    }
    thread_store::refresh(&mut tx, thread_id, now).await?;
    tx.commit().await?;
    if post_state == PostState::Visible {
        let published = Published {
            post_id,
            thread_id,
            space_id: space.id,
            author_id: author,
            anonymous: draft.anonymous,
            quote_of: None,
            opens_thread: true,
        };
        events::post_published(state, &published).await?;
    }
    Ok(Posted { thread_id, post_id, state: post_state })
}

pub async fn reply(
    state: &AppState,
    viewer: &ForumViewer,
    space: &SpaceRow,
    thread: &ThreadRow,
    draft: &Draft,
) -> Result<Posted, PostError> {
    let author = viewer.user_id.ok_or(PostError::Forbidden)?;
    if !can_post(viewer, space) || (thread.state != PostState::Visible && !can_moderate(viewer, space)) {
        return Err(PostError::Forbidden);
    }
    if thread.locked != 0 && !can_moderate(viewer, space) {
        return Err(PostError::Locked);
    }
    let checked = check(space, draft, false)?;
    let quote_of = match draft.quote_of {
        Some(id) => post_store::by_id(&state.db, id).await?.filter(|p| p.thread_id == thread.id).map(|p| p.id),
        None => None,
    };
    rate_limit(state, viewer, space, author).await?;
    let post_state = initial_state(state, viewer, space, author).await?;
    let now = state.clock.now_ms();
    let html = markdown::render(checked.body.as_str(), space.allow_images != 0);
    let mut tx = state.db.begin_write().await?;
    let post = NewPost {
        thread_id: thread.id,
        space_id: space.id,
        author_id: author,
        anonymous: draft.anonymous,
        body_markdown: checked.body.as_str(),
        body_html: &html,
        content_warning: checked.warning.as_deref(),
        quote_of,
        state: post_state,
    };
    let post_id = post_store::insert(&mut tx, &post, now).await?;
    if post_state == PostState::Visible {
        search::index(&mut tx, state.db.dialect, post_id, "", &markdown::plain_text(checked.body.as_str())).await?;
    }
    thread_store::refresh(&mut tx, thread.id, now).await?;
    tx.commit().await?;
    if post_state == PostState::Visible {
        let published = Published {
            post_id,
            thread_id: thread.id,
            space_id: space.id,
            author_id: author,
            anonymous: draft.anonymous,
            quote_of,
            opens_thread: false,
        };
        events::post_published(state, &published).await?;
    }
    Ok(Posted { thread_id: thread.id, post_id, state: post_state })
}

/// The author (or a moderator) edits a post; the previous version goes to the history.
pub async fn edit(
    state: &AppState,
    viewer: &ForumViewer,
    space: &SpaceRow,
    post: &PostRow,
    body: &str,
    warning: Option<&str>,
) -> Result<(), PostError> {
    let editor = viewer.user_id.ok_or(PostError::Forbidden)?;
    let moderating = can_moderate(viewer, space);
    let own = post.author_id == editor && !viewer.posting_blocked;
    if post.state == PostState::Deleted || !can_read(viewer, space) {
        return Err(PostError::Forbidden);
    }
    if post.author_id != editor {
        crate::moderation::may_moderate(viewer, space)?;
    } else if !(own || moderating) {
        return Err(PostError::Forbidden);
    }
    let draft = Draft { body: body.to_owned(), content_warning: warning.map(str::to_owned), ..Draft::default() };
    let checked = check(space, &draft, false)?;
    let now = state.clock.now_ms();
    let html = markdown::render(checked.body.as_str(), space.allow_images != 0);
    let mut tx = state.db.begin_write().await?;
    post_store::edit(&mut tx, post, editor, checked.body.as_str(), &html, checked.warning.as_deref(), now).await?;
    if post.state == PostState::Visible {
        let title = opening_title(state, post).await?;
        search::index(&mut tx, state.db.dialect, post.id, &title, &markdown::plain_text(checked.body.as_str())).await?;
    }
    tx.commit().await?;
    if !own {
        audit::record(&state.db, &state.clock, Some(editor), "forum.post.edit", None, &format!("post {}", post.id))
            .await?;
    }
    Ok(())
}

/// The thread's title when `post` opens it (the index keeps titles on opening posts only).
pub(crate) async fn opening_title(state: &AppState, post: &PostRow) -> Result<String, sqlx::Error> {
    let first = post_store::first_in_thread(&state.db, post.thread_id).await?;
    if first.is_some_and(|f| f.id == post.id) {
        return Ok(thread_store::by_id(&state.db, post.thread_id).await?.map(|t| t.title).unwrap_or_default());
    }
    Ok(String::new())
}

/// The author deletes their own post: its body leaves the page, the index and the counts.
pub async fn delete_own(state: &AppState, viewer: &ForumViewer, post: &PostRow) -> Result<(), PostError> {
    if viewer.user_id != Some(post.author_id) {
        return Err(PostError::Forbidden);
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let done = post_store::set_state(
        &mut tx,
        post.id,
        &[PostState::Visible, PostState::Held, PostState::Hidden],
        PostState::Deleted,
        now,
    )
    .await?;
    search::unindex(&mut tx, state.db.dialect, post.id).await?;
    thread_store::refresh(&mut tx, post.thread_id, now).await?;
    tx.commit().await?;
    if done {
        // An anonymous author deleting their post is not named in the audit log either.
        let actor = if post.anonymous != 0 { None } else { viewer.user_id };
        audit::record(&state.db, &state.clock, actor, "forum.post.delete-own", None, &format!("post {}", post.id))
            .await?;
    }
    Ok(())
}

/// Gives or takes back one's "support" on a visible post one may read.
pub async fn toggle_support(
    state: &AppState,
    viewer: &ForumViewer,
    space: &SpaceRow,
    post: &PostRow,
) -> Result<bool, PostError> {
    let user = viewer.user_id.ok_or(PostError::Forbidden)?;
    if !can_read(viewer, space) || post.state != PostState::Visible {
        return Err(PostError::Forbidden);
    }
    Ok(post_store::toggle_support(&state.db, post.id, user, state.clock.now_ms()).await?)
}

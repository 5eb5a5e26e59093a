//! Reading: the list of spaces, a space's threads, a thread's posts (with unread markers, the
//! reply form and, for moderators, their tools).

use super::extract::Reader;
use crate::ids::{PostId, ThreadId};
use crate::model::PostState;
use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, FieldErrors, PageContext, Viewer, render};
use serde::Deserialize;

use super::{page_of, readable_post, readable_space};
use crate::access::{ForumViewer, can_moderate, can_post, can_read};
use crate::markdown;
use crate::posts::{Names, PostView, ThreadView, post_view, thread_view};
use crate::store::posts as post_store;
use crate::store::spaces::{self as space_store, SpaceRow};
use crate::store::standing::{self as standing_store, ReaderMarks};
use crate::store::threads as thread_store;

pub const THREADS_PER_PAGE: i64 = 30;
pub const POSTS_PER_PAGE: i64 = 50;

#[derive(askama::Template)]
#[template(path = "forum/index.html")]
struct IndexPage {
    ctx: PageContext,
    spaces: Vec<(SpaceRow, i64)>,
    moderator: bool,
}

pub async fn index(State(state): State<AppState>, Reader(who): Reader, ctx: PageContext) -> Result<Response, AppError> {
    let mut spaces = Vec::new();
    let all = space_store::all(&state.db).await?;
    let moderator = all.iter().any(|s| can_moderate(&who, s));
    for space in all.into_iter().filter(|s| can_read(&who, s)) {
        let count = thread_store::count_in_space(&state.db, space.id).await?;
        spaces.push((space, count));
    }
    render(&IndexPage { ctx, spaces, moderator })
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<usize>,
    quote: Option<PostId>,
}

/// What the new-thread and reply forms keep when they come back with errors.
#[derive(Default)]
pub(crate) struct DraftForm {
    pub title: String,
    pub body: String,
    pub anonymous: bool,
    pub content_warning: String,
}

#[derive(askama::Template)]
#[template(path = "forum/space.html")]
pub(crate) struct SpacePage {
    pub ctx: PageContext,
    pub space: SpaceRow,
    pub threads: Vec<ThreadView>,
    pub page: usize,
    pub pages: usize,
    pub may_post: bool,
    /// What to do to take part, for someone who reads but may not post.
    pub next_step: Option<crate::access::NextStep>,
    pub watch: String,
    pub draft: DraftForm,
    pub errors: FieldErrors,
}

pub(crate) async fn space_page(
    state: &AppState,
    ctx: PageContext,
    who: &ForumViewer,
    space: SpaceRow,
    page: usize,
    draft: DraftForm,
    errors: FieldErrors,
) -> Result<SpacePage, AppError> {
    let total = thread_store::count_in_space(&state.db, space.id).await?;
    let rows =
        thread_store::in_space(&state.db, space.id, THREADS_PER_PAGE, (page as i64 - 1) * THREADS_PER_PAGE).await?;
    let names = Names::load(state, ctx.lang, rows.iter().filter(|t| t.anonymous == 0).map(|t| t.author_id)).await?;
    let markers: HashMap<ThreadId, PostId> = match who.user_id {
        Some(user) => thread_store::read_markers(&state.db, user, &rows.iter().map(|t| t.id).collect::<Vec<_>>())
            .await?
            .into_iter()
            .collect(),
        None => HashMap::new(),
    };
    let threads = rows
        .iter()
        .map(|t| {
            let unread = who.user_id.is_some()
                && t.last_post_id.is_some_and(|last| markers.get(&t.id).is_none_or(|m| *m < last));
            thread_view(t, &names, unread)
        })
        .collect();
    let watch = match who.user_id {
        Some(user) => thread_store::space_watch_level(&state.db, user, space.id).await?.unwrap_or_default(),
        None => String::new(),
    };
    Ok(SpacePage {
        may_post: can_post(who, &space),
        next_step: next_step_named(state, who, &space, ctx.lang).await?,
        ctx,
        space,
        threads,
        page,
        pages: (total.max(1) as usize).div_ceil(THREADS_PER_PAGE as usize),
        watch,
        draft,
        errors,
    })
}

pub async fn space(
    State(state): State<AppState>,
    Reader(who): Reader,
    ctx: PageContext,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    let space = readable_space(&state, &who, &slug).await?;
    render(&space_page(&state, ctx, &who, space, page_of(q.page), DraftForm::default(), FieldErrors::default()).await?)
}

#[derive(askama::Template)]
#[template(path = "forum/thread.html")]
pub(crate) struct ThreadPage {
    pub ctx: PageContext,
    pub space: SpaceRow,
    pub thread: ThreadView,
    pub thread_state: PostState,
    pub posts: Vec<(PostView, bool)>,
    pub page: usize,
    pub pages: usize,
    pub may_post: bool,
    pub next_step: Option<crate::access::NextStep>,
    pub moderating: bool,
    pub is_admin: bool,
    /// Moderates here once two-factor is on: told so, with the way to turn it on.
    pub needs_two_factor: bool,
    pub watch: String,
    pub draft: DraftForm,
    pub errors: FieldErrors,
    pub move_targets: Vec<SpaceRow>,
}

pub(crate) async fn thread_page(
    state: &AppState,
    ctx: PageContext,
    // The reader and their marks on the thread when already read with their standing.
    (who, marks): (&ForumViewer, Option<ReaderMarks>),
    thread_id: ThreadId,
    page: Option<usize>,
    (mut draft, errors): (DraftForm, FieldErrors),
    quote: Option<PostId>,
) -> Result<ThreadPage, AppError> {
    // The thread, its counts and its page are kept between changes; the reader's standing
    // (`who`) and marks are this request's.
    let (space, thread) =
        crate::kept::thread_and_space(state, thread_id).await?.as_ref().clone().ok_or(AppError::NotFound)?;
    super::may_read_thread(who, &space, &thread)?;
    let moderating = can_moderate(who, &space);
    let filter = crate::access::post_filter(moderating);
    let counts = crate::kept::counts(state, thread.id, &filter).await?;
    // Posts only their author sees make this reader's page their own.
    let own_page = who.user_id.is_some() && counts.author_only > 0;
    let total = if own_page {
        post_store::count_in_thread(&state.db, thread.id, &filter, who.user_id).await?
    } else {
        counts.shown
    };
    let pages = (total.max(1) as usize).div_ceil(POSTS_PER_PAGE as usize);
    let page = page_of(page).min(pages);
    let offset = (page as i64 - 1) * POSTS_PER_PAGE;
    let shown = if own_page {
        Arc::new(crate::kept::load_page(state, &thread, &filter, who.user_id, POSTS_PER_PAGE, offset).await?)
    } else {
        crate::kept::shared_page(state, &thread, &filter, POSTS_PER_PAGE, offset).await?
    };
    let rows = &shown.rows;
    let marks = match (marks, who.user_id) {
        (Some(marks), _) => marks,
        (None, Some(user)) => {
            standing_store::of_reader(&state.db, user, state.clock.now_ms(), Some(thread.id)).await?.marks
        }
        (None, None) => ReaderMarks::default(),
    };
    let names = Names::from_read(state, ctx.lang, shown.names.clone());
    let support: HashMap<PostId, (i64, bool)> =
        shown.support.iter().map(|(id, n)| (*id, (*n, marks.supported.contains(id)))).collect();
    let marker = marks.read_up_to;
    let posts = rows
        .iter()
        .map(|p| {
            let unread = who.user_id.is_some() && marker.is_none_or(|m| p.id > m);
            (post_view(p, &names, who, moderating, &support), unread)
        })
        .collect();
    // Only a marker that moves forward is written: reading again costs no write.
    if let (Some(user), Some(last)) = (who.user_id, rows.iter().map(|p| p.id).max())
        && marker.is_none_or(|m| m < last)
    {
        thread_store::mark_read(&state.db, user, thread.id, last, state.clock.now_ms()).await?;
    }
    if let Some(quoted) = quote.filter(|_| draft.body.is_empty())
        && let Ok((_, _, p)) = readable_post(state, who, quoted).await
        && p.thread_id == thread.id
        && p.state == PostState::Visible
    {
        let shown = names.author(p.author_id, p.anonymous != 0).name;
        let shown = if p.anonymous != 0 {
            shown
        } else {
            Names::load(state, ctx.lang, [p.author_id]).await?.author(p.author_id, false).name
        };
        draft.body = markdown::quote(&shown, &p.body_markdown);
    }
    let watch = marks.watch.unwrap_or_default();
    let move_targets = if moderating {
        space_store::all(&state.db).await?.into_iter().filter(|s| s.id != space.id && can_moderate(who, s)).collect()
    } else {
        Vec::new()
    };
    let needs_two_factor =
        crate::access::moderation_refusal(who, &space) == Some(crate::access::Refusal::NeedsTwoFactor);
    let next_step = next_step_named(state, who, &space, ctx.lang).await?;
    Ok(ThreadPage {
        next_step,
        may_post: can_post(who, &space) && (thread.locked == 0 || moderating) && thread.state == PostState::Visible,
        thread: thread_view(&thread, &names, false),
        thread_state: thread.state,
        ctx,
        space,
        posts,
        page,
        pages,
        moderating,
        is_admin: who.is_admin,
        needs_two_factor,
        watch,
        draft,
        errors,
        move_targets,
    })
}

pub async fn thread(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: PageContext,
    Path(id): Path<ThreadId>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    // A signed-in reader's standing and marks on this thread are read together.
    if let Some(user) = &viewer.user {
        let (who, marks) = crate::access::viewer_on_thread(&state, user, Some(id)).await?;
        return render(&thread_page(&state, ctx, (&who, Some(marks)), id, q.page, Default::default(), q.quote).await?);
    }
    // An anonymous reader's page is the same for every anonymous reader in their language: made
    // once per change anywhere (see `platform::changes`) and served from memory until then.
    let who = ForumViewer::ANONYMOUS;
    if ctx.flash.is_some() || q.quote.is_some() {
        return render(&thread_page(&state, ctx, (&who, None), id, q.page, Default::default(), q.quote).await?);
    }
    let key = format!("forum page {} {}", ctx.lang.code(), ctx.path);
    let version = state.changes.version();
    if let Some(html) = state.kept.get::<Bytes>(&key, version) {
        return Ok(Html(Bytes::clone(&html)).into_response());
    }
    let html =
        Bytes::from(thread_page(&state, ctx, (&who, None), id, q.page, Default::default(), None).await?.render()?);
    state.kept.put(key, version, Arc::new(html.clone()));
    Ok(Html(html).into_response())
}

/// A post's permanent address: its thread's page, at the post.
pub async fn post_link(
    State(state): State<AppState>,
    Reader(who): Reader,
    Path(id): Path<PostId>,
) -> Result<Response, AppError> {
    let (space, thread, post) = readable_post(&state, &who, id).await?;
    let moderating = can_moderate(&who, &space);
    let position =
        post_store::position_in_thread(&state.db, &post, &crate::access::post_filter(moderating), who.user_id).await?;
    let page = position / POSTS_PER_PAGE + 1;
    Ok(Redirect::to(&format!("/forum/t/{}?page={page}#p{}", thread.id, post.id)).into_response())
}

/// The viewer's next step with the posting groups named as people know them: a public group by its
/// name in their language; a members-only or hidden group is never named (naming a hidden group
/// would tell that it exists), so if no group can be named the step says "certain groups".
async fn next_step_named(
    state: &AppState,
    who: &ForumViewer,
    space: &SpaceRow,
    lang: rendezvous_platform::i18n::Lang,
) -> Result<Option<crate::access::NextStep>, AppError> {
    let Some(mut step) = crate::access::next_step(who, space) else { return Ok(None) };
    if step.groups.is_empty() {
        return Ok(Some(step));
    }
    let slugs: Vec<&str> = step.groups.split(", ").collect();
    let names: Vec<String> = rendezvous_members::groups::all(&state.db)
        .await?
        .into_iter()
        .filter(|g| slugs.contains(&g.slug.as_str()) && g.visibility == "public")
        .map(|g| g.name(lang).to_owned())
        .collect();
    if names.is_empty() {
        step.message = "forum-next-groups-unnamed";
    }
    step.groups = names.join(", ");
    Ok(Some(step))
}

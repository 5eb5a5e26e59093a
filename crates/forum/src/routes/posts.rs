//! Writing from the pages: new threads, replies (quote-reply is a prefilled reply), edits, the
//! author's deletion, "support", flags, watch and mute. Plain forms; no JavaScript needed.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, FieldErrors, Form, PageContext, redirect_with_flash, render, render_status};
use serde::Deserialize;

use super::extract::Participant;
use super::pages::{DraftForm, space_page, thread_page};
use super::{checked, readable_post, readable_space, readable_thread};
use crate::access::can_moderate;
use crate::ids::{PostId, ThreadId};
use crate::model::{PostState, WatchLevel};
use crate::moderation;
use crate::posting::{self, Draft, PostError};
use crate::store::posts::PostRow;
use crate::store::spaces::SpaceRow;
use crate::store::threads as thread_store;

#[derive(Deserialize)]
pub struct PostForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    anonymous: Option<String>,
    #[serde(default)]
    content_warning: String,
    quote_of: Option<PostId>,
}

impl PostForm {
    fn draft(&self) -> Draft {
        Draft {
            title: Some(self.title.clone()),
            body: self.body.clone(),
            anonymous: checked(&self.anonymous),
            content_warning: Some(self.content_warning.clone()),
            quote_of: self.quote_of,
        }
    }

    fn kept(&self) -> DraftForm {
        DraftForm {
            title: self.title.clone(),
            body: self.body.clone(),
            anonymous: checked(&self.anonymous),
            content_warning: self.content_warning.clone(),
        }
    }
}

fn field_errors(field: &'static str, id: &'static str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(field, id);
    errors
}

pub async fn start_thread(
    State(state): State<AppState>,
    Participant { who, .. }: Participant,
    ctx: PageContext,
    Path(slug): Path<String>,
    Form(form): Form<PostForm>,
) -> Result<Response, AppError> {
    let space = readable_space(&state, &who, &slug).await?;
    match posting::start_thread(&state, &who, &space, &form.draft()).await {
        Ok(posted) if posted.state == PostState::Held => {
            Ok(redirect_with_flash(&format!("/forum/t/{}", posted.thread_id), "forum-flash-held"))
        }
        Ok(posted) => Ok(Redirect::to(&format!("/forum/t/{}", posted.thread_id)).into_response()),
        Err(PostError::Invalid(field, id)) => {
            let page = space_page(&state, ctx, &who, space, 1, form.kept(), field_errors(field, id)).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn reply(
    State(state): State<AppState>,
    Participant { who, .. }: Participant,
    ctx: PageContext,
    Path(id): Path<ThreadId>,
    Form(form): Form<PostForm>,
) -> Result<Response, AppError> {
    let (space, thread) = readable_thread(&state, &who, id).await?;
    match posting::reply(&state, &who, &space, &thread, &form.draft()).await {
        Ok(posted) if posted.state == PostState::Held => {
            Ok(redirect_with_flash(&format!("/forum/p/{}", posted.post_id), "forum-flash-held"))
        }
        Ok(posted) => Ok(Redirect::to(&format!("/forum/p/{}", posted.post_id)).into_response()),
        Err(PostError::Invalid(field, id)) => {
            let page = thread_page(
                &state,
                ctx,
                (&who, None),
                thread.id,
                Some(usize::MAX),
                (form.kept(), field_errors(field, id)),
                None,
            )
            .await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct WatchForm {
    level: String,
}

fn watch_level(form: &WatchForm) -> Option<&'static str> {
    WatchLevel::parse(&form.level).map(WatchLevel::as_str)
}

pub async fn watch_thread(
    State(state): State<AppState>,
    Participant { user, who }: Participant,
    Path(id): Path<ThreadId>,
    Form(form): Form<WatchForm>,
) -> Result<Response, AppError> {
    let (_, thread) = readable_thread(&state, &who, id).await?;
    thread_store::set_watch(&state.db, user.id, thread.id, watch_level(&form), state.clock.now_ms()).await?;
    Ok(redirect_with_flash(&format!("/forum/t/{}", thread.id), "forum-flash-watch"))
}

pub async fn watch_space(
    State(state): State<AppState>,
    Participant { user, who }: Participant,
    Path(slug): Path<String>,
    Form(form): Form<WatchForm>,
) -> Result<Response, AppError> {
    let space = readable_space(&state, &who, &slug).await?;
    thread_store::set_space_watch(&state.db, user.id, space.id, watch_level(&form), state.clock.now_ms()).await?;
    Ok(redirect_with_flash(&format!("/forum/{}", space.slug), "forum-flash-watch"))
}

#[derive(askama::Template)]
#[template(path = "forum/edit.html")]
struct EditPage {
    ctx: PageContext,
    post: PostRow,
    offers_warnings: bool,
    body: String,
    content_warning: String,
    errors: FieldErrors,
}

pub async fn edit_page(
    State(state): State<AppState>,
    Participant { user, who }: Participant,
    ctx: PageContext,
    Path(id): Path<PostId>,
) -> Result<Response, AppError> {
    let (space, _, post) = readable_post(&state, &who, id).await?;
    if post.author_id != user.id {
        crate::moderation::may_moderate(&who, &space)?;
    }
    render(&EditPage {
        ctx,
        offers_warnings: space.content_warnings != 0,
        body: post.body_markdown.clone(),
        content_warning: post.content_warning.clone().unwrap_or_default(),
        post,
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    content_warning: String,
}

pub async fn edit(
    State(state): State<AppState>,
    Participant { who, .. }: Participant,
    ctx: PageContext,
    Path(id): Path<PostId>,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    let (space, _, post) = readable_post(&state, &who, id).await?;
    match posting::edit(&state, &who, &space, &post, &form.body, Some(&form.content_warning)).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/forum/p/{}", post.id), "forum-flash-edited")),
        Err(PostError::Invalid(field, id)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EditPage {
                ctx,
                offers_warnings: space.content_warnings != 0,
                body: form.body,
                content_warning: form.content_warning,
                post,
                errors: field_errors(field, id),
            },
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    confirm: Option<String>,
}

pub async fn delete(
    State(state): State<AppState>,
    Participant { user, who }: Participant,
    ctx: PageContext,
    Path(id): Path<PostId>,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    let (space, thread, post) = readable_post(&state, &who, id).await?;
    if post.author_id != user.id {
        return Err(AppError::Forbidden);
    }
    if !checked(&form.confirm) {
        return super::confirm::ConfirmPage {
            ctx,
            question: "forum-confirm-delete",
            warning: "forum-confirm-delete-warning",
            action: format!("/forum/p/{}/delete", post.id),
            fields: Vec::new(),
            button: "forum-delete",
            cancel: format!("/forum/p/{}", post.id),
        }
        .respond();
    }
    let opens_thread =
        crate::store::posts::first_in_thread(&state.db, thread.id).await?.is_some_and(|first| first.id == post.id);
    posting::delete_own(&state, &who, &post).await?;
    if opens_thread {
        // The thread goes with its opening post: land on its space, not on a page that is gone.
        return Ok(redirect_with_flash(&format!("/forum/{}", space.slug), "forum-flash-thread-deleted"));
    }
    Ok(redirect_with_flash(&format!("/forum/t/{}", thread.id), "forum-flash-deleted"))
}

pub async fn support(
    State(state): State<AppState>,
    Participant { who, .. }: Participant,
    Path(id): Path<PostId>,
) -> Result<Response, AppError> {
    let (space, _, post) = readable_post(&state, &who, id).await?;
    posting::toggle_support(&state, &who, &space, &post).await?;
    Ok(Redirect::to(&format!("/forum/p/{}", post.id)).into_response())
}

#[derive(askama::Template)]
#[template(path = "forum/flag.html")]
struct FlagPage {
    ctx: PageContext,
    post: crate::posts::PostView,
    reason: String,
    errors: FieldErrors,
}

/// The post as the flag form shows it (visible posts only).
async fn flag_view(
    state: &AppState,
    who: &crate::access::ForumViewer,
    lang: rendezvous_platform::i18n::Lang,
    id: PostId,
) -> Result<(SpaceRow, PostRow, crate::posts::PostView), AppError> {
    let (space, _, post) = readable_post(state, who, id).await?;
    if post.state != PostState::Visible {
        return Err(AppError::NotFound);
    }
    let names = crate::posts::Names::load(state, lang, []).await?;
    let view = crate::posts::post_view(&post, &names, who, can_moderate(who, &space), &Default::default());
    Ok((space, post, view))
}

pub async fn flag_page(
    State(state): State<AppState>,
    Participant { who, .. }: Participant,
    ctx: PageContext,
    Path(id): Path<PostId>,
) -> Result<Response, AppError> {
    let (_, _, view) = flag_view(&state, &who, ctx.lang, id).await?;
    render(&FlagPage { ctx, post: view, reason: String::new(), errors: FieldErrors::default() })
}

#[derive(Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    reason: String,
}

pub async fn flag(
    State(state): State<AppState>,
    Participant { who, .. }: Participant,
    ctx: PageContext,
    Path(id): Path<PostId>,
    Form(form): Form<FlagForm>,
) -> Result<Response, AppError> {
    let (space, post, view) = flag_view(&state, &who, ctx.lang, id).await?;
    match moderation::flag(&state, &who, &space, &post, &form.reason).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/forum/p/{}", post.id), "forum-flash-flagged")),
        // Back on its form, with what was typed and the problem beside the field.
        Err(PostError::Invalid(field, message)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FlagPage { ctx, post: view, reason: form.reason, errors: field_errors(field, message) },
        ),
        Err(e) => Err(e.into()),
    }
}

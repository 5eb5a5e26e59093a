//! Moderators' pages: the review queue, decisions on a post, thread actions (pin, lock, move), a
//! post's edit history; the per-space log readable by whoever may read the space; the
//! administrators' audited reveal of an anonymous author.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::web::{AppError, FieldErrors, Form, PageContext, redirect_with_flash, render, render_status};
use serde::Deserialize;

use super::extract::{Participant, Reader};
use super::{readable_post, readable_space, readable_thread};
use crate::access::{can_moderate, can_read, moderates_without_two_factor};
use crate::ids::{PostId, ThreadId};
use crate::moderation::{self, Decision};
use crate::posts::{Names, PostView, named_authors, post_view};
use crate::store::moderation::{self as store, FlagRow, LogRow};
use crate::store::posts::{self as post_store, EditRow};
use crate::store::spaces::{self as space_store, SpaceRow};

#[derive(askama::Template)]
#[template(path = "forum/queue.html")]
struct QueuePage {
    ctx: PageContext,
    held: Vec<PostView>,
    flags: Vec<(FlagRow, PostView)>,
}

pub async fn queue(
    State(state): State<AppState>,
    Participant { who, .. }: Participant,
    ctx: PageContext,
) -> Result<Response, AppError> {
    let spaces = space_store::all(&state.db).await?;
    if !spaces.iter().any(|s| can_moderate(&who, s)) && !who.is_moderator && !who.is_admin {
        return Err(if moderates_without_two_factor(&who) { AppError::NeedsTwoFactor } else { AppError::Forbidden });
    }
    let q = moderation::queue(&state, &who, &spaces).await?;
    let all: Vec<_> = q.held.iter().chain(q.flags.iter().map(|(_, p)| p)).cloned().collect();
    let names = Names::load(&state, ctx.lang, named_authors(&all)).await?;
    let none = HashMap::new();
    let held = q.held.iter().map(|p| post_view(p, &names, &who, true, &none)).collect();
    let flags = q.flags.into_iter().map(|(f, p)| (f, post_view(&p, &names, &who, true, &none))).collect();
    render(&QueuePage { ctx, held, flags })
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    reason: String,
    /// Set by the confirmation page of a deletion, suspension or ban.
    confirm: Option<String>,
}

impl DecideForm {
    /// Whether `action` is the one chosen (the form keeps it chosen when it comes back).
    fn chose(&self, action: &str) -> bool {
        self.action == action
    }

    /// The decision, or every field that is wrong.
    fn parse(&self) -> Result<Decision, FieldErrors> {
        let mut errors = FieldErrors::default();
        let days = self.days.trim().parse::<i64>().ok();
        let decision = Decision::parse(&self.action, days);
        if decision.is_none() {
            if self.action == "suspend" {
                errors.add("days", "forum-error-days");
            } else {
                errors.add("action", "forum-error-action");
            }
        }
        if self.reason.trim().chars().count() > crate::model::MAX_REASON {
            errors.add("reason", "forum-error-too-long");
        }
        match decision {
            Some(d) if errors.is_empty() => Ok(d),
            _ => Err(errors),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "forum/decide.html")]
struct DecidePage {
    ctx: PageContext,
    post: PostView,
    form: DecideForm,
    errors: FieldErrors,
}

pub async fn decide(
    State(state): State<AppState>,
    Participant { who, .. }: Participant,
    ctx: PageContext,
    Path(id): Path<PostId>,
    Form(form): Form<DecideForm>,
) -> Result<Response, AppError> {
    let (space, _, post) = readable_post(&state, &who, id).await?;
    moderation::may_moderate(&who, &space)?;
    match form.parse() {
        // Deleting, suspending and banning are asked twice, on a page of their own.
        Ok(decision @ (Decision::Delete | Decision::Suspend { .. } | Decision::Ban))
            if !super::checked(&form.confirm) =>
        {
            let (question, warning) = match decision {
                Decision::Delete => ("forum-confirm-mod-delete", "forum-confirm-mod-delete-warning"),
                Decision::Ban => ("forum-confirm-ban", "forum-confirm-sanction-warning"),
                _ => ("forum-confirm-suspend", "forum-confirm-sanction-warning"),
            };
            super::confirm::ConfirmPage {
                ctx,
                question,
                warning,
                action: format!("/forum/p/{}/moderate", post.id),
                fields: vec![
                    ("action", form.action.clone()),
                    ("days", form.days.clone()),
                    ("reason", form.reason.clone()),
                ],
                button: "forum-confirm-do-it",
                cancel: format!("/forum/p/{}", post.id),
            }
            .respond()
        }
        Ok(decision) => {
            moderation::decide(&state, &who, &space, &post, decision, &form.reason).await?;
            Ok(redirect_with_flash("/forum/moderation", "forum-flash-moderated"))
        }
        // The whole form again, with what was typed and each problem listed.
        Err(errors) => {
            let names = Names::load(&state, ctx.lang, named_authors(std::slice::from_ref(&post))).await?;
            let view = post_view(&post, &names, &who, true, &HashMap::new());
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &DecidePage { ctx, post: view, form, errors })
        }
    }
}

#[derive(Deserialize)]
pub struct ThreadActionForm {
    action: String,
    space: Option<String>,
    /// Set by the confirmation page's button of a move that widens who reads the thread.
    confirm: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "forum/move_confirm.html")]
struct MoveConfirmPage {
    ctx: PageContext,
    thread_id: ThreadId,
    thread_title: String,
    from: SpaceRow,
    to: SpaceRow,
    more_accounts: i64,
    to_everyone: bool,
    /// An administrator may confirm; anyone else is told only an administrator can.
    allowed: bool,
}

pub async fn thread_action(
    State(state): State<AppState>,
    Participant { who, .. }: Participant,
    ctx: PageContext,
    Path(id): Path<ThreadId>,
    Form(form): Form<ThreadActionForm>,
) -> Result<Response, AppError> {
    let (space, thread) = readable_thread(&state, &who, id).await?;
    let target = match form.space.as_deref().filter(|s| !s.is_empty()) {
        Some(slug) => space_store::by_slug(&state.db, slug).await?.filter(|t| can_read(&who, t)),
        None => None,
    };
    let confirmed = super::checked(&form.confirm);
    if form.action == "move"
        && let Some(to) = target.as_ref().filter(|t| t.id != space.id)
        && !confirmed
    {
        moderation::may_moderate(&who, &space)?;
        moderation::may_moderate(&who, to)?;
        let widening = crate::readers::widening(&state, &space, to).await?;
        if widening.widens() {
            let allowed = who.is_admin;
            let page = MoveConfirmPage {
                ctx,
                thread_id: thread.id,
                thread_title: thread.title.clone(),
                from: space,
                to: to.clone(),
                more_accounts: i64::try_from(widening.more_accounts).unwrap_or(i64::MAX),
                to_everyone: widening.to_everyone,
                allowed,
            };
            let status = if allowed { StatusCode::OK } else { StatusCode::FORBIDDEN };
            return render_status(status, &page);
        }
    }
    moderation::thread_action(&state, &who, &space, &thread, &form.action, target.as_ref(), confirmed).await?;
    Ok(redirect_with_flash(&format!("/forum/t/{}", thread.id), "forum-flash-moderated"))
}

#[derive(askama::Template)]
#[template(path = "forum/history.html")]
struct HistoryPage {
    ctx: PageContext,
    post_id: PostId,
    current: String,
    edits: Vec<EditRow>,
}

pub async fn history(
    State(state): State<AppState>,
    Participant { who, .. }: Participant,
    ctx: PageContext,
    Path(id): Path<PostId>,
) -> Result<Response, AppError> {
    let (space, _, post) = readable_post(&state, &who, id).await?;
    moderation::may_moderate(&who, &space)?;
    let edits = post_store::edits(&state.db, post.id).await?;
    render(&HistoryPage { ctx, post_id: post.id, current: post.body_markdown, edits })
}

#[derive(askama::Template)]
#[template(path = "forum/log.html")]
struct LogPage {
    ctx: PageContext,
    space: SpaceRow,
    entries: Vec<(LogRow, String, String)>,
}

/// The space's moderation log: the moderator's name, what, when, why; the person acted on is
/// named only when the post was not anonymous.
pub async fn log(
    State(state): State<AppState>,
    Reader(who): Reader,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    if !who.is_signed_in() {
        return Err(AppError::Unauthorized);
    }
    let space = readable_space(&state, &who, &slug).await?;
    let rows = store::log_of_space(&state.db, space.id, 200).await?;
    let ids = rows.iter().flat_map(|r| std::iter::once(r.moderator_id).chain(r.target_user_id));
    let names = Names::load(&state, ctx.lang, ids).await?;
    let entries = rows
        .into_iter()
        .map(|r| {
            let moderator = names.author(r.moderator_id, false).name;
            let target = r.target_user_id.map(|t| names.author(t, false).name).unwrap_or_default();
            (r, moderator, target)
        })
        .collect();
    render(&LogPage { ctx, space, entries })
}

#[derive(askama::Template)]
#[template(path = "forum/reveal.html")]
struct RevealPage {
    ctx: PageContext,
    post_id: PostId,
    name: String,
    user_id: UserId,
}

pub async fn reveal(
    State(state): State<AppState>,
    Participant { who, .. }: Participant,
    ctx: PageContext,
    Path(id): Path<PostId>,
) -> Result<Response, AppError> {
    let (_, _, post) = readable_post(&state, &who, id).await?;
    let author = moderation::reveal_author(&state, &who, &post).await?;
    let names = state.users.display_names(&[author]).await?;
    let name = names.get(&author).cloned().unwrap_or_default();
    render(&RevealPage { ctx, post_id: post.id, name, user_id: author })
}

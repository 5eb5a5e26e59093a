//! The pages mailed links open: confirming a letter (the link's page has the button that sends,
//! so a mail scanner following links sends nothing) and answering "Did they reply?".

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, FormPairs, PageContext, render, render_status};
use serde::Deserialize;

use super::public::MessagePage;
use crate::ids::MessageId;
use crate::model::{Reply, WritingState};
use crate::store::letters as letters_store;
use crate::store::messages::{self as store, WrittenTo};
use crate::writing::{self, ConfirmError};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
}

#[derive(askama::Template)]
#[template(path = "act/confirm.html")]
struct ConfirmPage {
    ctx: PageContext,
    action: String,
    token: String,
    title: String,
    subject: String,
    body: String,
}

fn message(
    ctx: PageContext,
    status: StatusCode,
    title_id: &'static str,
    message_id: &'static str,
    slug: &str,
) -> Result<Response, AppError> {
    render_status(status, &MessagePage { ctx, title_id, message_id, back: format!("/act/{slug}") })
}

pub async fn confirm_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let Some(w) = writing::by_token(&state, &q.token).await? else {
        return message(ctx, StatusCode::BAD_REQUEST, "act-link-title", "act-link-invalid", &slug);
    };
    if w.state == WritingState::Confirmed {
        return message(ctx, StatusCode::CONFLICT, "act-link-title", "act-link-used", &slug);
    }
    let letter = letters_store::letter(&state.db, w.letter_id).await?.ok_or(AppError::NotFound)?;
    render(&ConfirmPage {
        action: format!("/act/{}/confirm", letter.slug),
        token: q.token,
        title: letter.title(ctx.lang).to_owned(),
        subject: w.subject,
        body: w.body,
        ctx,
    })
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
    pairs: FormPairs,
) -> Result<Response, AppError> {
    match writing::confirm(&state, &pairs.first("token")).await.map_err(AppError::Internal)? {
        Ok(_) => message(ctx, StatusCode::OK, "act-sent-title", "act-sent", &slug),
        Err(ConfirmError::Unknown) => {
            message(ctx, StatusCode::BAD_REQUEST, "act-link-title", "act-link-invalid", &slug)
        }
        Err(ConfirmError::Used) => message(ctx, StatusCode::CONFLICT, "act-link-title", "act-link-used", &slug),
        Err(ConfirmError::Repeated(message_id)) => {
            message(ctx, StatusCode::CONFLICT, "act-link-title", message_id, &slug)
        }
        Err(ConfirmError::Closed) => message(ctx, StatusCode::GONE, "act-link-title", "act-closed", &slug),
    }
}

#[derive(askama::Template)]
#[template(path = "act/reply.html")]
struct ReplyPage {
    ctx: PageContext,
    token: String,
    written_to: Vec<WrittenTo>,
    saved: bool,
}

impl ReplyPage {
    fn answer_id(&self, w: &WrittenTo) -> &'static str {
        match w.reply {
            Some(Reply::Yes) => "act-reply-yes",
            Some(Reply::No) => "act-reply-no",
            None => "",
        }
    }
}

async fn reply_view(state: &AppState, ctx: PageContext, token: String, saved: bool) -> Result<Response, AppError> {
    let Some(writing) = crate::followup::writing_of_link(state, &token) else {
        return render_status(
            StatusCode::BAD_REQUEST,
            &MessagePage { ctx, title_id: "act-link-title", message_id: "act-link-invalid", back: "/act".into() },
        );
    };
    let written_to = store::written_to(&state.db, writing).await?;
    render(&ReplyPage { ctx, token, written_to, saved })
}

pub async fn reply_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    reply_view(&state, ctx, q.token, false).await
}

pub async fn reply_save(
    State(state): State<AppState>,
    ctx: PageContext,
    pairs: FormPairs,
) -> Result<Response, AppError> {
    let token = pairs.first("token");
    let Some(writing) = crate::followup::writing_of_link(&state, &token) else {
        return reply_view(&state, ctx, token, false).await;
    };
    let answer = Reply::parse(&pairs.first("answer")).ok_or(AppError::BadRequest("act-reply-choose"))?;
    let message: MessageId =
        pairs.first("message").parse::<i64>().map(MessageId).map_err(|_| AppError::BadRequest("act-reply-choose"))?;
    store::set_reply(&state.db, writing, message, answer).await?;
    reply_view(&state, ctx, token, true).await
}

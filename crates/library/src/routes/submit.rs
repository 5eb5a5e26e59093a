//! The public's submissions: the choice of what to submit, each kind's form, comments under news
//! and resources, and the address confirmation page.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::client::ClientKey;
use rendezvous_platform::web::{AppError, FieldErrors, FormPairs, PageContext, render, render_status};
use serde::Deserialize;

use crate::model::{Publication, SubmissionKind};
use crate::submissions::{self, SubmitError, Submitted, Submitter, form_fields};

#[derive(askama::Template)]
#[template(path = "library/submit_choose.html")]
struct ChoosePage {
    ctx: PageContext,
}

pub async fn choose(ctx: PageContext) -> Result<Response, AppError> {
    render(&ChoosePage { ctx })
}

#[derive(askama::Template)]
#[template(path = "library/submit.html")]
struct FormPage {
    ctx: PageContext,
    kind: SubmissionKind,
    fields: &'static [&'static str],
    errors: FieldErrors,
    form: FormPairs,
}

impl FormPage {
    fn label_id(&self, name: &str) -> &'static str {
        submissions::field_label_id(name)
    }
    fn title_id(&self) -> &'static str {
        submissions::kind_label_id(self.kind)
    }
    fn value(&self, name: &str) -> String {
        self.form.first(name)
    }
    fn is_long(&self, name: &str) -> bool {
        matches!(name, "description" | "body" | "summary" | "how_to_apply")
    }
    fn input_type(&self, name: &str) -> &'static str {
        match name {
            "starts_at" | "ends_at" => "datetime-local",
            "closes_on" => "date",
            "online_url" | "link" => "url",
            _ => "text",
        }
    }
}

fn kind_of(slug: &str) -> Result<SubmissionKind, AppError> {
    SubmissionKind::parse(slug).filter(|k| *k != SubmissionKind::Comment).ok_or(AppError::NotFound)
}

pub async fn form(ctx: PageContext, Path(kind): Path<String>) -> Result<Response, AppError> {
    let kind = kind_of(&kind)?;
    render(&FormPage {
        ctx,
        kind,
        fields: form_fields(kind),
        errors: FieldErrors::default(),
        form: FormPairs(Vec::new()),
    })
}

#[derive(askama::Template)]
#[template(path = "library/message.html")]
pub struct MessagePage {
    pub ctx: PageContext,
    pub title_id: &'static str,
    pub message_id: &'static str,
}

fn typed(pairs: &FormPairs, names: &[&str]) -> BTreeMap<String, String> {
    names.iter().map(|n| ((*n).to_owned(), pairs.first(n))).collect()
}

async fn take(
    state: &AppState,
    ctx: &PageContext,
    client: &str,
    kind: SubmissionKind,
    pairs: &FormPairs,
    target: Option<&str>,
) -> Result<Result<Submitted, Vec<(&'static str, &'static str)>>, AppError> {
    let email = pairs.first("email");
    let shown = pairs.first("shown_name");
    let who = Submitter { user: ctx.user.as_ref(), email: &email, shown_name: &shown, lang: ctx.lang, client };
    let policy = pairs.first("policy") == "accepted";
    match submissions::submit(state, kind, &typed(pairs, form_fields(kind)), target, policy, &who).await {
        Ok(done) => Ok(Ok(done)),
        Err(SubmitError::Invalid(problems)) => Ok(Err(problems)),
        Err(SubmitError::TooMany) => Err(AppError::TooManyRequests),
        Err(SubmitError::Failed(e)) => Err(AppError::Internal(e)),
    }
}

fn done_page(ctx: PageContext, done: Submitted) -> Result<Response, AppError> {
    let message_id = match done {
        Submitted::Queued => "submit-queued",
        Submitted::Published => "submit-published",
        Submitted::MailedLink => "submit-check-email",
    };
    render(&MessagePage { ctx, title_id: "submit-thanks-title", message_id })
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    Path(kind): Path<String>,
    pairs: FormPairs,
) -> Result<Response, AppError> {
    let kind = kind_of(&kind)?;
    match take(&state, &ctx, &client, kind, &pairs, None).await? {
        Ok(done) => done_page(ctx, done),
        Err(problems) => {
            let mut errors = FieldErrors::default();
            for (field, message) in problems {
                errors.add(field, message);
            }
            let page = FormPage { ctx, kind, fields: form_fields(kind), errors, form: pairs };
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// A comment posted under a news post or a resource.
async fn comment(
    state: &AppState,
    ctx: PageContext,
    client: &str,
    target: String,
    back: String,
    pairs: &FormPairs,
) -> Result<Response, AppError> {
    match take(state, &ctx, client, SubmissionKind::Comment, pairs, Some(&target)).await? {
        Ok(done) => done_page(ctx, done),
        Err(problems) => {
            let mut errors = FieldErrors::default();
            for (field, message) in problems {
                errors.add(field, message);
            }
            let page =
                CommentPage { ctx, action: format!("{back}/comments"), back, errors, form: FormPairs(pairs.0.clone()) };
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(askama::Template)]
#[template(path = "library/comment_form.html")]
struct CommentPage {
    ctx: PageContext,
    action: String,
    back: String,
    errors: FieldErrors,
    form: FormPairs,
}

impl CommentPage {
    fn value(&self, name: &str) -> String {
        self.form.first(name)
    }
}

pub async fn news_comment(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    Path(slug): Path<String>,
    pairs: FormPairs,
) -> Result<Response, AppError> {
    let post = crate::store::news::by_slug(&state.db, &slug)
        .await?
        .filter(|p| p.state == Publication::Published)
        .ok_or(AppError::NotFound)?;
    comment(&state, ctx, &client, format!("news:{}", post.id), format!("/news/{slug}"), &pairs).await
}

pub async fn resource_comment(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    Path(slug): Path<String>,
    pairs: FormPairs,
) -> Result<Response, AppError> {
    let resource = crate::store::resources::by_slug(&state.db, &slug)
        .await?
        .filter(|r| r.is_published())
        .ok_or(AppError::NotFound)?;
    comment(&state, ctx, &client, format!("resource:{}", resource.id), format!("/library/{slug}"), &pairs).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
}

#[derive(askama::Template)]
#[template(path = "library/submit_confirm.html")]
struct ConfirmPage {
    ctx: PageContext,
    token: String,
}

pub async fn confirm_page(ctx: PageContext, Query(q): Query<TokenQuery>) -> Result<Response, AppError> {
    render(&ConfirmPage { ctx, token: q.token })
}

pub async fn confirm(State(state): State<AppState>, ctx: PageContext, pairs: FormPairs) -> Result<Response, AppError> {
    if submissions::confirm(&state, &pairs.first("token")).await? {
        render(&MessagePage { ctx, title_id: "submit-thanks-title", message_id: "submit-queued" })
    } else {
        render_status(
            StatusCode::BAD_REQUEST,
            &MessagePage { ctx, title_id: "submit-link-title", message_id: "submit-link-invalid" },
        )
    }
}

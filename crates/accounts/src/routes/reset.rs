//! Password reset by an emailed link that expires in an hour and works once. The request page
//! answers the same whether or not the address has an account.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::ratelimit::Action;
use rendezvous_platform::web::client::ClientKey;
use rendezvous_platform::web::{AppError, FieldErrors, Form, PageContext, redirect_with_flash, render, render_status};
use serde::Deserialize;

use crate::mails::{self, AccountMail};
use crate::model::NewPassword;
use crate::store::{self, Purpose};
use crate::{links, password};

#[derive(askama::Template)]
#[template(path = "reset_request.html")]
struct RequestPage {
    ctx: PageContext,
    errors: FieldErrors,
    email: String,
    sent: bool,
}

pub async fn request_form(ctx: PageContext) -> Result<Response, AppError> {
    render(&RequestPage { ctx, errors: FieldErrors::default(), email: String::new(), sent: false })
}

#[derive(Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    email: String,
}

pub async fn request_submit(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    Form(form): Form<RequestForm>,
) -> Result<Response, AppError> {
    let email = match crate::model::EmailAddress::parse(&form.email) {
        Ok(email) => email,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("email", message);
            let page = RequestPage { ctx, errors, email: form.email, sent: false };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let allowed = state.limits.check_client(Action::PasswordReset, &client)
        && state.limits.check_account(Action::PasswordReset, &email.normalized());
    // Throttled or unknown: the same page, no mail; nothing tells which. The answer goes before
    // the work: writing a link and queueing its mail only for an existing account would
    // otherwise make that answer measurably slower.
    if allowed {
        tokio::spawn(async move {
            if let Err(e) = send_reset_link(&state, &email.normalized()).await {
                tracing::warn!(error = %e, "could not send a password reset link");
            }
        });
    }
    render(&RequestPage { ctx, errors: FieldErrors::default(), email: String::new(), sent: true })
}

async fn send_reset_link(state: &AppState, email: &str) -> Result<(), AppError> {
    if let Some(user) = store::user_by_email(&state.db, email).await? {
        let link = links::create(state, user.id, Purpose::Reset, None).await?;
        mails::send(state, &user.email, Some(&user.display_name), user.lang(), AccountMail::Reset { link: &link })
            .await?;
    }
    Ok(())
}

#[derive(askama::Template)]
#[template(path = "reset_confirm.html")]
struct ConfirmPage {
    ctx: PageContext,
    errors: FieldErrors,
    token: String,
    valid: bool,
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

pub async fn confirm_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let valid = store::peek_link_token(&state.db, &q.token, Purpose::Reset, state.clock.now_ms()).await?.is_some();
    render(&ConfirmPage { ctx, errors: FieldErrors::default(), token: q.token, valid })
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

pub async fn confirm_submit(
    State(state): State<AppState>,
    ctx: PageContext,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now_ms();
    let Some((user_id, _)) = store::peek_link_token(&state.db, &form.token, Purpose::Reset, now).await? else {
        return render(&ConfirmPage { ctx, errors: FieldErrors::default(), token: String::new(), valid: false });
    };
    let user = store::user_by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    let password = match NewPassword::parse(&form.password, Some(&user.email)) {
        Ok(p) => p,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("password", message);
            let page = ConfirmPage { ctx, errors, token: form.token, valid: true };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    if !store::consume_link_token(&state.db, &form.token, Purpose::Reset, now).await? {
        return render(&ConfirmPage { ctx, errors: FieldErrors::default(), token: String::new(), valid: false });
    }
    let hash = password::hash(password.as_str()).await?;
    store::set_password_hash(&state.db, user_id, &hash).await?;
    // The link proved the mailbox; every other session ends, as after any password change.
    store::mark_verified(&state.db, user_id, now).await?;
    store::delete_link_tokens(&state.db, user_id, Purpose::Reset).await?;
    state.sessions.delete_all_for(user_id).await?;
    Ok(redirect_with_flash("/login", "reset-done"))
}

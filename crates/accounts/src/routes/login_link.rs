//! Signing in by an emailed link, for the owner of an account whose log-in is throttled (a
//! stranger's wrong guesses must not lock them out). The link replaces the password, never the
//! second factor; it works once, for 15 minutes, and is stored only as its hash. Asking for one
//! answers the same whether or not the address has an account.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use rendezvous_platform::AppState;
use rendezvous_platform::ratelimit::Action;
use rendezvous_platform::sessions::Stage;
use rendezvous_platform::web::client::ClientKey;
use rendezvous_platform::web::{AppError, FieldErrors, Form, PageContext, Viewer, render, render_status};
use serde::Deserialize;

use crate::links;
use crate::mails::{self, AccountMail};
use crate::model::EmailAddress;
use crate::store::{self, Purpose};

#[derive(askama::Template)]
#[template(path = "login_link.html")]
struct LinkPage {
    ctx: PageContext,
    errors: FieldErrors,
    /// The request was taken (the same page whether or not the account exists).
    sent: bool,
    /// A live link to confirm, or empty.
    token: String,
}

#[derive(Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    email: String,
}

pub async fn request(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    Form(form): Form<RequestForm>,
) -> Result<Response, AppError> {
    let email = match EmailAddress::parse(&form.email) {
        Ok(email) => email,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("email", message);
            let page = LinkPage { ctx, errors, sent: false, token: String::new() };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let allowed = state.limits.check_client(Action::SignInLink, &client)
        && state.limits.check_account(Action::SignInLink, &email.normalized());
    // As for a password reset: the answer goes before the work, so it takes the same time.
    if allowed {
        tokio::spawn(async move {
            if let Err(e) = send_link(&state, &email.normalized()).await {
                tracing::warn!(error = %e, "could not send a sign-in link");
            }
        });
    }
    render(&LinkPage { ctx, errors: FieldErrors::default(), sent: true, token: String::new() })
}

async fn send_link(state: &AppState, email: &str) -> Result<(), AppError> {
    if let Some(user) = store::user_by_email(&state.db, email).await? {
        let link = links::create(state, user.id, Purpose::SignIn, None).await?;
        mails::send(state, &user.email, Some(&user.display_name), user.lang(), AccountMail::SignIn { link: &link })
            .await?;
    }
    Ok(())
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// The link opens a page with a button: a GET must not use the link up (mail scanners follow
/// links), and signing in is an action.
pub async fn confirm_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let live = store::peek_link_token(&state.db, &q.token, Purpose::SignIn, state.clock.now_ms()).await?.is_some();
    let token = if live { q.token } else { String::new() };
    render(&LinkPage { ctx, errors: FieldErrors::default(), sent: false, token })
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    viewer: Viewer,
    jar: CookieJar,
    Form(form): Form<TokenQuery>,
) -> Result<Response, AppError> {
    let now = state.clock.now_ms();
    let Some((user_id, _)) = store::peek_link_token(&state.db, &form.token, Purpose::SignIn, now).await? else {
        return render(&LinkPage { ctx, errors: FieldErrors::default(), sent: false, token: String::new() });
    };
    if !store::consume_link_token(&state.db, &form.token, Purpose::SignIn, now).await? {
        return render(&LinkPage { ctx, errors: FieldErrors::default(), sent: false, token: String::new() });
    }
    let user = store::user_by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    // The link proved the mailbox, as a reset link does.
    store::mark_verified(&state.db, user_id, now).await?;
    if let Some(old) = viewer.session {
        state.sessions.delete(&old.id_hash).await?;
    }
    let (stage, to) = if user.two_factor_enabled() {
        (Stage::AwaitingSecondFactor, "/login/two-factor?next=%2F")
    } else {
        (Stage::SignedIn, "/")
    };
    let token = state.sessions.create(user.id, stage).await?;
    Ok((jar.add(super::session_cookie(&state, token)), Redirect::to(to)).into_response())
}

//! Log-in (password, then the second factor when enrolled) and log-out. Throttled per client
//! (firmly) and per account (softly: see [`super::login_link`]); a wrong address and a wrong
//! password get the same answer in the same time.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use rendezvous_platform::AppState;
use rendezvous_platform::ratelimit::Action;
use rendezvous_platform::sessions::Stage;
use rendezvous_platform::web::client::ClientKey;
use rendezvous_platform::web::{
    AppError, FieldErrors, Form, PageContext, Viewer, redirect_with_flash, render, render_status, safe_next,
};
use serde::Deserialize;

use crate::mails::{self, AccountMail};
use crate::store::{self, Purpose};
use crate::{links, password, totp};

#[derive(askama::Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageContext,
    errors: FieldErrors,
    email: String,
    next: String,
    /// The account is throttled: offer its owner an emailed sign-in link.
    offer_link: bool,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(ctx: PageContext, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    let next = safe_next(q.next.as_deref());
    render(&LoginPage { ctx, errors: FieldErrors::default(), email: String::new(), next, offer_link: false })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    viewer: Viewer,
    ClientKey(client): ClientKey,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    let page = |ctx, message, offer_link| {
        let mut errors = FieldErrors::default();
        errors.add("password", message);
        LoginPage { ctx, errors, email: form.email.clone(), next: next.clone(), offer_link }
    };
    let refuse = |ctx, message, status| render_status(status, &page(ctx, message, false));
    // A blank field is named at once, both when both are blank (nothing here depends on an account).
    let mut blank = FieldErrors::default();
    if form.email.trim().is_empty() {
        blank.add("email", "email-missing");
    }
    if form.password.is_empty() {
        blank.add("password", "login-password-missing");
    }
    if !blank.is_empty() {
        let page = LoginPage { ctx, errors: blank, email: form.email.clone(), next: next.clone(), offer_link: false };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let email_norm = form.email.trim().to_lowercase();
    // The client's limit is firm; the account's is soft (a stranger can spend it), so its page
    // offers the owner a sign-in link. Both answer alike for an address with no account.
    if !state.limits.check_client(Action::LogIn, &client) {
        return refuse(ctx, "login-throttled", StatusCode::TOO_MANY_REQUESTS);
    }
    if !state.limits.check_login_account(&email_norm) {
        return render_status(StatusCode::TOO_MANY_REQUESTS, &page(ctx, "login-throttled-account", true));
    }
    let Some(user) = store::user_by_email(&state.db, &email_norm).await? else {
        password::verify_dummy(&form.password).await?;
        return refuse(ctx, "login-wrong", StatusCode::UNPROCESSABLE_ENTITY);
    };
    if !password::verify(&form.password, &user.password_hash).await? {
        return refuse(ctx, "login-wrong", StatusCode::UNPROCESSABLE_ENTITY);
    }
    if user.email_verified_at.is_none() {
        let link = links::create(&state, user.id, Purpose::Verify, None).await?;
        mails::send(&state, &user.email, Some(&user.display_name), user.lang(), AccountMail::Verify { link: &link })
            .await?;
        return refuse(ctx, "login-unverified", StatusCode::UNPROCESSABLE_ENTITY);
    }
    // A new session at each log-in (no fixation); the old one, if any, ends.
    if let Some(old) = viewer.session {
        state.sessions.delete(&old.id_hash).await?;
    }
    let (stage, to) = if user.two_factor_enabled() {
        (Stage::AwaitingSecondFactor, format!("/login/two-factor?next={}", encode(&next)))
    } else {
        (Stage::SignedIn, next)
    };
    let token = state.sessions.create(user.id, stage).await?;
    Ok((jar.add(super::session_cookie(&state, token)), Redirect::to(&to)).into_response())
}

pub(crate) fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[derive(askama::Template)]
#[template(path = "login_two_factor.html")]
struct SecondFactorPage {
    ctx: PageContext,
    errors: FieldErrors,
    next: String,
}

pub async fn second_factor_form(
    ctx: PageContext,
    viewer: Viewer,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    if !matches!(viewer.session, Some(ref s) if s.stage == Stage::AwaitingSecondFactor) {
        return Ok(Redirect::to("/login").into_response());
    }
    render(&SecondFactorPage { ctx, errors: FieldErrors::default(), next: safe_next(q.next.as_deref()) })
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    next: Option<String>,
}

pub async fn second_factor_submit(
    State(state): State<AppState>,
    ctx: PageContext,
    viewer: Viewer,
    jar: CookieJar,
    Form(form): Form<CodeForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    let Some(session) = viewer.session.filter(|s| s.stage == Stage::AwaitingSecondFactor) else {
        return Ok(Redirect::to("/login").into_response());
    };
    let refuse = |ctx, message, status| {
        let mut errors = FieldErrors::default();
        errors.add("code", message);
        render_status(status, &SecondFactorPage { ctx, errors, next: next.clone() })
    };
    if !state.limits.check_account(Action::SecondFactor, &session.user_id.0.to_string()) {
        return refuse(ctx, "login-throttled", StatusCode::TOO_MANY_REQUESTS);
    }
    let user = store::user_by_id(&state.db, session.user_id).await?.ok_or(AppError::Unauthorized)?;
    if !second_factor_ok(&state, &user, &form.code).await? {
        return refuse(ctx, "two-factor-code-wrong", StatusCode::UNPROCESSABLE_ENTITY);
    }
    state.sessions.delete(&session.id_hash).await?;
    let token = state.sessions.create(user.id, Stage::SignedIn).await?;
    Ok((jar.add(super::session_cookie(&state, token)), Redirect::to(&next)).into_response())
}

/// A current TOTP code not used before, or an unused recovery code (which is then used up).
pub(crate) async fn second_factor_ok(state: &AppState, user: &store::UserRow, code: &str) -> Result<bool, AppError> {
    let Some(secret) = user.totp_secret.as_deref().filter(|_| user.two_factor_enabled()) else { return Ok(false) };
    if let Some(step) = totp::check(secret, code, state.clock.now_ms()) {
        return Ok(store::use_totp_step(&state.db, user.id, step).await?);
    }
    let recovery = totp::normalize_recovery_code(code);
    Ok(!recovery.is_empty() && store::consume_recovery_code(&state.db, user.id, &recovery).await?)
}

pub async fn logout(State(state): State<AppState>, viewer: Viewer, jar: CookieJar) -> Result<Response, AppError> {
    if let Some(session) = viewer.session {
        state.sessions.delete(&session.id_hash).await?;
    }
    Ok((jar.remove(super::removal_cookie()), redirect_with_flash("/", "logout-done")).into_response())
}

//! A person's own account: overview, display name and language, password, address, sessions.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::{
    AppError, FieldErrors, Form, PageContext, SignedIn, Viewer, redirect_with_flash, render, render_status,
};
use serde::Deserialize;

use crate::mails::{self, AccountMail};
use crate::model::{DisplayName, EmailAddress, NewPassword};
use crate::store::{self, Purpose};
use crate::{links, password};

#[derive(askama::Template)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: PageContext,
    errors: FieldErrors,
    display_name: String,
    email: String,
    lang: Lang,
    two_factor: bool,
    sessions: i64,
}

pub async fn overview(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
) -> Result<Response, AppError> {
    let sessions = state.sessions.list_for(user.id).await?.len() as i64;
    render(&AccountPage {
        ctx,
        errors: FieldErrors::default(),
        display_name: user.display_name,
        email: user.email,
        lang: user.lang,
        two_factor: user.two_factor_enabled,
        sessions,
    })
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    lang: String,
}

pub async fn update_profile(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
    jar: CookieJar,
    Form(form): Form<ProfileForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::default();
    let name = DisplayName::parse(&form.display_name).map_err(|m| errors.add("display_name", m)).ok();
    let lang = Lang::parse(&form.lang);
    if lang.is_none() {
        errors.add("lang", "lang-invalid");
    }
    let (Some(name), Some(lang)) = (name, lang) else {
        let sessions = state.sessions.list_for(user.id).await?.len() as i64;
        let page = AccountPage {
            ctx,
            errors,
            display_name: form.display_name,
            email: user.email,
            // The language chosen, when it was one we know; else the saved one.
            lang: lang.unwrap_or(user.lang),
            two_factor: user.two_factor_enabled,
            sessions,
        };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    store::set_display_name(&state.db, user.id, name.as_str()).await?;
    store::set_lang(&state.db, user.id, lang).await?;
    let jar = jar.add(axum_extra::extract::cookie::Cookie::build(("lang", lang.code())).path("/").permanent().build());
    Ok((jar, redirect_with_flash("/account", "account-saved")).into_response())
}

#[derive(askama::Template)]
#[template(path = "account_password.html")]
struct PasswordPage {
    ctx: PageContext,
    errors: FieldErrors,
}

pub async fn password_form(ctx: PageContext, _: SignedIn) -> Result<Response, AppError> {
    render(&PasswordPage { ctx, errors: FieldErrors::default() })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub async fn password_submit(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
    viewer: Viewer,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let row = store::user_by_id(&state.db, user.id).await?.ok_or(AppError::Unauthorized)?;
    let mut errors = FieldErrors::default();
    if !password::verify(&form.current_password, &row.password_hash).await? {
        errors.add("current_password", "password-current-wrong");
    }
    let new = NewPassword::parse(&form.new_password, Some(&row.email)).map_err(|m| errors.add("new_password", m)).ok();
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &PasswordPage { ctx, errors });
    };
    store::set_password_hash(&state.db, user.id, &password::hash(new.as_str()).await?).await?;
    if let Some(session) = viewer.session {
        state.sessions.delete_others(user.id, &session.id_hash).await?;
    }
    Ok(redirect_with_flash("/account", "password-changed"))
}

#[derive(askama::Template)]
#[template(path = "account_email.html")]
struct EmailPage {
    ctx: PageContext,
    errors: FieldErrors,
    email: String,
    current: String,
}

pub async fn email_form(ctx: PageContext, SignedIn(user): SignedIn) -> Result<Response, AppError> {
    render(&EmailPage { ctx, errors: FieldErrors::default(), email: String::new(), current: user.email })
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// Sends a confirmation link to the new address; nothing changes until it is followed.
pub async fn email_submit(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
    Form(form): Form<EmailForm>,
) -> Result<Response, AppError> {
    let row = store::user_by_id(&state.db, user.id).await?.ok_or(AppError::Unauthorized)?;
    let mut errors = FieldErrors::default();
    let email = EmailAddress::parse(&form.email).map_err(|m| errors.add("email", m)).ok();
    if !password::verify(&form.password, &row.password_hash).await? {
        errors.add("password", "password-current-wrong");
    }
    if email.as_ref().is_some_and(|e| e.normalized() == row.email.to_lowercase()) {
        errors.add("email", "email-same");
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        let page = EmailPage { ctx, errors, email: form.email, current: user.email };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    if store::user_by_email(&state.db, &email.normalized()).await?.is_some() {
        // Only the owner of the new mailbox learns it is taken.
        mails::send(&state, email.as_str(), None, user.lang, AccountMail::ChangeEmailTaken).await?;
    } else {
        let link = links::create(&state, user.id, Purpose::ChangeEmail, Some(email.as_str())).await?;
        let mail = AccountMail::ChangeEmail { link: &link };
        mails::send(&state, email.as_str(), Some(&user.display_name), user.lang, mail).await?;
    }
    Ok(redirect_with_flash("/account", "email-change-sent"))
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(askama::Template)]
#[template(path = "account_email_confirm.html")]
struct EmailConfirmPage {
    ctx: PageContext,
    token: String,
    new_email: Option<String>,
}

pub async fn email_confirm_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let peeked = store::peek_link_token(&state.db, &q.token, Purpose::ChangeEmail, state.clock.now_ms()).await?;
    render(&EmailConfirmPage { ctx, token: q.token, new_email: peeked.and_then(|(_, e)| e) })
}

pub async fn email_confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    Form(q): Form<TokenQuery>,
) -> Result<Response, AppError> {
    let now = state.clock.now_ms();
    let invalid = |ctx| render(&EmailConfirmPage { ctx, token: String::new(), new_email: None });
    let Some((user_id, Some(new_email))) =
        store::peek_link_token(&state.db, &q.token, Purpose::ChangeEmail, now).await?
    else {
        return invalid(ctx);
    };
    let Ok(email) = EmailAddress::parse(&new_email) else { return invalid(ctx) };
    if !store::consume_link_token(&state.db, &q.token, Purpose::ChangeEmail, now).await? {
        return invalid(ctx);
    }
    let old = store::user_by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    if let Err(e) = store::set_email(&state.db, user_id, email.as_str(), &email.normalized(), now).await {
        if rendezvous_platform::db::is_unique_violation(&e) {
            return Ok(redirect_with_flash("/account", "email-taken"));
        }
        return Err(e.into());
    }
    let notice = AccountMail::EmailChanged { new_email: email.as_str() };
    mails::send(&state, &old.email, Some(&old.display_name), old.lang(), notice).await?;
    Ok(redirect_with_flash("/account", "email-changed"))
}

/// "Log out everywhere": every session of this person ends, this one included.
pub async fn end_all_sessions(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    jar: CookieJar,
) -> Result<Response, AppError> {
    state.sessions.delete_all_for(user.id).await?;
    Ok((jar.remove(super::removal_cookie()), redirect_with_flash("/login", "sessions-ended")).into_response())
}

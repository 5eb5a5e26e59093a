//! The first administrator: while none exists, this page creates one, guarded by the one-time code
//! that `rendezvous serve` prints on its console, so a stranger who reaches a fresh public server
//! first cannot take it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::Role;
use rendezvous_platform::crypto::constant_time_eq;
use rendezvous_platform::ratelimit::Action;
use rendezvous_platform::sessions::Stage;
use rendezvous_platform::web::client::ClientKey;
use rendezvous_platform::web::{AppError, FieldErrors, Form, PageContext, redirect_with_flash, render, render_status};
use serde::Deserialize;

use crate::{AccountSpec, CreateAccountError, create_account, store};

#[derive(askama::Template)]
#[template(path = "setup.html")]
struct SetupPage {
    ctx: PageContext,
    errors: FieldErrors,
    email: String,
    display_name: String,
}

async fn ensure_open(state: &AppState) -> Result<(), AppError> {
    if state.setup_code().is_none() || store::any_admin_exists(&state.db).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn form(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    ensure_open(&state).await?;
    render(&SetupPage { ctx, errors: FieldErrors::default(), email: String::new(), display_name: String::new() })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SetupForm {
    setup_code: String,
    email: String,
    display_name: String,
    password: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    jar: CookieJar,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    ensure_open(&state).await?;
    let mut errors = FieldErrors::default();
    let expected = state.setup_code().unwrap_or_default();
    if !state.limits.check_client(Action::LogIn, &client) {
        errors.add("setup_code", "login-throttled");
    } else if !constant_time_eq(form.setup_code.trim(), &expected) {
        errors.add("setup_code", "setup-code-wrong");
    }
    let created = if errors.is_empty() {
        let spec = AccountSpec {
            email: &form.email,
            display_name: &form.display_name,
            password: &form.password,
            lang: ctx.lang,
            roles: &[Role::ADMIN],
        };
        match create_account(&state.db, &state.clock, &spec, None).await {
            Ok(id) => Some(id),
            Err(CreateAccountError::Email(m)) => {
                errors.add("email", m);
                None
            }
            Err(CreateAccountError::DisplayName(m)) => {
                errors.add("display_name", m);
                None
            }
            Err(CreateAccountError::Password(m)) => {
                errors.add("password", m);
                None
            }
            Err(CreateAccountError::EmailTaken) => {
                errors.add("email", "email-taken");
                None
            }
            Err(CreateAccountError::Other(e)) => return Err(AppError::Internal(e)),
        }
    } else {
        None
    };
    let Some(id) = created else {
        let page = SetupPage { ctx, errors, email: form.email, display_name: form.display_name };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    state.clear_setup_code();
    let token = state.sessions.create(id, Stage::SignedIn).await?;
    let jar = jar.add(super::session_cookie(&state, token));
    Ok((jar, redirect_with_flash("/account/two-factor", "setup-done")).into_response())
}

//! Email verification: the link opens a page whose button confirms (a GET never changes anything,
//! so a mail scanner that follows links verifies nothing).

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use rendezvous_platform::AppState;
use rendezvous_platform::sessions::Stage;
use rendezvous_platform::web::{AppError, Form, PageContext, redirect_with_flash, render};
use serde::Deserialize;

use crate::store::{self, Purpose};

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(askama::Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    ctx: PageContext,
    token: String,
    valid: bool,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let valid = store::peek_link_token(&state.db, &q.token, Purpose::Verify, state.clock.now_ms()).await?.is_some();
    render(&VerifyPage { ctx, token: q.token, valid })
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    jar: CookieJar,
    Form(q): Form<TokenQuery>,
) -> Result<Response, AppError> {
    let now = state.clock.now_ms();
    let Some((user, _)) = store::peek_link_token(&state.db, &q.token, Purpose::Verify, now).await? else {
        return render(&VerifyPage { ctx, token: String::new(), valid: false });
    };
    if !store::consume_link_token(&state.db, &q.token, Purpose::Verify, now).await? {
        return render(&VerifyPage { ctx, token: String::new(), valid: false });
    }
    store::mark_verified(&state.db, user, now).await?;
    let row = store::user_by_id(&state.db, user).await?.ok_or(AppError::NotFound)?;
    // Verifying proves the mailbox, not the password: sign in only when no second factor is due.
    if row.two_factor_enabled() {
        return Ok(redirect_with_flash("/login", "verify-done-login"));
    }
    let token = state.sessions.create(user, Stage::SignedIn).await?;
    let jar = jar.add(super::session_cookie(&state, token));
    Ok((jar, redirect_with_flash("/account", "verify-done")).into_response())
}

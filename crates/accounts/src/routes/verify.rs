//! Email verification: the link opens a page whose button confirms (a GET never changes anything,
//! so a mail scanner that follows links verifies nothing).

use axum::extract::{Query, State};
use axum::response::Response;
use rendezvous_platform::AppState;
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
    // Verifying proves the mailbox, not the password, so it signs no one in: otherwise someone who
    // signed up with another person's address could hand them an account whose password they know.
    Ok(redirect_with_flash("/login", "verify-done-login"))
}

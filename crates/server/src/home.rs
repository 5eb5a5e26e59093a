//! The home page: what this place is, the way in (an account, then membership) and this
//! person's next step on it. While no administrator exists it offers the setup page.

use axum::extract::State;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, PageContext, render};

use crate::next_step::{self, NextStep};

#[derive(askama::Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageContext,
    needs_setup: bool,
    next: NextStep,
}

pub async fn page(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let needs_setup = state.setup_code().is_some() && !rendezvous_accounts::admin_exists(&state).await?;
    let next = next_step::for_person(&state, ctx.user.as_ref()).await?;
    render(&HomePage { ctx, needs_setup, next })
}

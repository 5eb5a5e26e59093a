//! The home page: what this place is, and the way in. While no administrator exists it offers
//! the setup page.

use axum::extract::State;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, PageContext, render};

#[derive(askama::Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageContext,
    needs_setup: bool,
}

pub async fn page(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let needs_setup = state.setup_code().is_some() && !rendezvous_accounts::admin_exists(&state).await?;
    render(&HomePage { ctx, needs_setup })
}

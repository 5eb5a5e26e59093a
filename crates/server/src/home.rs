//! The home page: what this place is, the way in (an account, then membership) and this
//! person's next step on it, and the current drug-supply alerts for the region the visitor chose.
//! While no administrator exists it offers the setup page.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use rendezvous_alerts::home::HomeAlert;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, PageContext, render};

use crate::next_step::{self, NextStep};

#[derive(askama::Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageContext,
    needs_setup: bool,
    next: NextStep,
    /// The region the visitor chose on the alerts page, and its current alerts.
    alerts_region: Option<String>,
    alerts: Vec<HomeAlert>,
}

pub async fn page(State(state): State<AppState>, ctx: PageContext, headers: HeaderMap) -> Result<Response, AppError> {
    let needs_setup = state.setup_code().is_some() && !rendezvous_accounts::admin_exists(&state).await?;
    let next = next_step::for_person(&state, ctx.user.as_ref()).await?;
    let (alerts_region, alerts) = rendezvous_alerts::home::for_home(&state, &headers, ctx.lang).await?;
    render(&HomePage { ctx, needs_setup, next, alerts_region, alerts })
}

//! The home page, the network's front door: who we are, the current drug-supply alerts for the
//! region the visitor chose, the latest news, resources and mailing, the next events, open jobs,
//! and for a signed-in person their next step and unread discussions.
//! While no administrator exists it offers the setup page.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use rendezvous_alerts::home::HomeAlert;
use rendezvous_library::home::FrontDoor;
use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;
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
    /// News, events, resources, jobs and who we are.
    door: FrontDoor,
    /// The latest public mailing: its subject and archive page.
    mailing: Option<(String, String)>,
    /// A signed-in person's unread notifications from the discussions.
    unread: i64,
}

pub async fn page(State(state): State<AppState>, ctx: PageContext, headers: HeaderMap) -> Result<Response, AppError> {
    let needs_setup = state.setup_code().is_some() && !rendezvous_accounts::admin_exists(&state).await?;
    let next = next_step::for_person(&state, ctx.user.as_ref()).await?;
    let (alerts_region, alerts) = rendezvous_alerts::home::for_home(&state, &headers, ctx.lang).await?;
    let door = rendezvous_library::home::front_door(&state, ctx.lang).await?;
    let mailing = rendezvous_newsletter::campaigns::archive::recent(&state.db, 1).await?.into_iter().next().map(|a| {
        let subject = if ctx.lang == Lang::Fr && !a.campaign.subject_fr.is_empty() {
            &a.campaign.subject_fr
        } else {
            &a.campaign.subject_en
        };
        (subject.clone(), format!("/mailings/{}", a.campaign.id))
    });
    let unread = match &ctx.user {
        Some(user) => rendezvous_forum::notify::store::unread_count(&state.db, user.id).await?,
        None => 0,
    };
    render(&HomePage { ctx, needs_setup, next, alerts_region, alerts, door, mailing, unread })
}

//! Unsubscribe by a signed link. A POST to the link (RFC 8058 one-click from a mail client, or the
//! button on the page) takes effect at once, with no cookie and no login; a GET only shows the
//! page, so a link scanner never unsubscribes anyone.

use axum::extract::{Path, State};
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, PageContext, render};

use super::public::{MessagePage, link_error};
use crate::links::{self, LinkKind};
use crate::model::Source;
use crate::store;
use crate::subscriptions;

#[derive(askama::Template)]
#[template(path = "unsubscribe.html")]
struct UnsubscribePage {
    ctx: PageContext,
    token: String,
    email: String,
    list_name: String,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let (subscriber_id, list_id) = match links::verify(&state, LinkKind::Unsubscribe, &token) {
        Ok(ids) => ids,
        Err(e) => return link_error(ctx, e),
    };
    let subscriber = store::subscriber_by_id(&state.db, subscriber_id).await?.ok_or(AppError::NotFound)?;
    let list = store::list_by_id(&state.db, list_id).await?.ok_or(AppError::NotFound)?;
    let list_name = list.name(ctx.lang).to_owned();
    render(&UnsubscribePage { ctx, token, email: subscriber.email, list_name })
}

/// Any POST to the link unsubscribes: RFC 8058 clients send `List-Unsubscribe=One-Click`, some as
/// multipart, so the body is not needed.
pub async fn one_click(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let (subscriber_id, list_id) = match links::verify(&state, LinkKind::Unsubscribe, &token) {
        Ok(ids) => ids,
        Err(e) => return link_error(ctx, e),
    };
    let list = store::list_by_id(&state.db, list_id).await?.ok_or(AppError::NotFound)?;
    if subscriptions::unsubscribe(&state.db, &state.clock, list_id, subscriber_id, Source::OneClick, None).await? {
        crate::events::unsubscribed(&state, list_id, subscriber_id).await;
    }
    let page = MessagePage {
        message: ctx.t1("unsubscribe-done", "list", list.name(ctx.lang)),
        link: Some((ctx.t("preferences-link"), links::preferences_url(&state, subscriber_id))),
        ctx,
        title_id: "unsubscribe-title",
    };
    render(&page)
}

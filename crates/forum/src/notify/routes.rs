//! The notifications pages: the list (each one re-checked for what the person may read now),
//! marking read, the email settings (the consent record), and the one-click unsubscribe (a GET
//! shows a button; only a POST changes anything, RFC 8058 clients included).

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, Form, PageContext, SignedIn, redirect_with_flash, render};
use serde::Deserialize;

use super::mail::{self as notify_mail, Item};
use super::store;
use crate::access::viewer_for_user;
use crate::ids::NotificationId;
use crate::model::EmailMode;
use crate::store::notifications as core_store;

/// The wording of the settings page the person agreed to (their consent record keeps it).
pub const WORDING_VERSION: &str = "forum-notify-settings-v1";
const PAGE_SIZE: i64 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read", post(read_all))
        .route("/notifications/{id}/open", post(open))
        .route("/notifications/settings", get(settings).post(save_settings))
        .route("/notifications/unsubscribe/{token}", get(unsubscribe_page).post(unsubscribe))
}

pub struct Shown {
    pub id: NotificationId,
    pub unread: bool,
    pub headline: String,
    pub excerpt: String,
    pub created_at: i64,
}

#[derive(askama::Template)]
#[template(path = "forum_notify/list.html")]
struct ListPage {
    ctx: PageContext,
    items: Vec<Shown>,
    unread: i64,
}

async fn list(State(state): State<AppState>, ctx: PageContext, SignedIn(user): SignedIn) -> Result<Response, AppError> {
    let viewer = viewer_for_user(&state, &user).await?;
    let mut items = Vec::new();
    for n in core_store::of_user(&state.db, user.id, PAGE_SIZE).await? {
        let Some(item): Option<Item> = notify_mail::item(&state, &viewer, ctx.lang, &n).await? else { continue };
        items.push(Shown {
            id: n.id,
            unread: n.read_at.is_none(),
            headline: notify_mail::headline(&state, ctx.lang, &item),
            excerpt: item.excerpt.chars().take(280).collect(),
            created_at: n.created_at,
        });
    }
    let unread = store::unread_count(&state.db, user.id).await?;
    render(&ListPage { ctx, items, unread })
}

async fn read_all(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Response, AppError> {
    store::mark_read(&state.db, user.id, None, state.clock.now_ms()).await?;
    Ok(redirect_with_flash("/notifications", "forum-notify-all-read"))
}

/// Marks one read and goes to its post (a POST, so a prefetch marks nothing).
async fn open(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<NotificationId>,
) -> Result<Response, AppError> {
    let n = store::by_id(&state.db, id).await?.filter(|n| n.user_id == user.id).ok_or(AppError::NotFound)?;
    store::mark_read(&state.db, user.id, Some(n.id), state.clock.now_ms()).await?;
    let to = match (n.thread_id, n.post_id) {
        (Some(t), Some(p)) => format!("/forum/t/{t}#p{p}"),
        _ => "/notifications".to_owned(),
    };
    Ok(Redirect::to(&to).into_response())
}

#[derive(askama::Template)]
#[template(path = "forum_notify/settings.html")]
struct SettingsPage {
    ctx: PageContext,
    mode: String,
    chosen: bool,
    replies: bool,
    mentions: bool,
    watched: bool,
    error: bool,
}

const MODES: [&str; 4] = ["none", "each", "daily", "weekly"];

impl SettingsPage {
    fn modes(&self) -> &'static [&'static str] {
        &MODES
    }

    fn mode_label(&self, mode: &str) -> &'static str {
        crate::model::EmailMode::parse(mode).map_or("forum-notify-mode-none", crate::model::EmailMode::label_id)
    }
}

async fn settings(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
) -> Result<Response, AppError> {
    let prefs = core_store::prefs(&state.db, user.id).await?;
    let page = SettingsPage {
        ctx,
        mode: prefs.as_ref().map(|p| p.email_mode().as_str()).unwrap_or("none").to_owned(),
        chosen: prefs.as_ref().is_some_and(|p| p.chosen_at.is_some()),
        replies: prefs.as_ref().is_none_or(|p| p.notify_replies != 0),
        mentions: prefs.as_ref().is_none_or(|p| p.notify_mentions != 0),
        watched: prefs.as_ref().is_none_or(|p| p.notify_watched != 0),
        error: false,
    };
    render(&page)
}

#[derive(Deserialize)]
struct SettingsForm {
    email_mode: Option<String>,
    replies: Option<String>,
    mentions: Option<String>,
    watched: Option<String>,
}

fn on(v: &Option<String>) -> bool {
    rendezvous_platform::validate::checkbox(v.as_deref())
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let Some(mode) = form.email_mode.as_deref().and_then(EmailMode::parse) else {
        let page = SettingsPage {
            ctx,
            mode: String::new(),
            chosen: false,
            replies: on(&form.replies),
            mentions: on(&form.mentions),
            watched: on(&form.watched),
            error: true,
        };
        return rendezvous_platform::web::render_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let now = state.clock.now_ms();
    store::set_kinds(&state.db, user.id, on(&form.replies), on(&form.mentions), on(&form.watched), now).await?;
    core_store::choose_email_mode(&state.db, user.id, mode, WORDING_VERSION, now).await?;
    Ok(redirect_with_flash("/notifications/settings", "forum-notify-settings-saved"))
}

#[derive(askama::Template)]
#[template(path = "forum_notify/unsubscribe.html")]
struct UnsubscribePage {
    ctx: PageContext,
    token: String,
    done: bool,
    error_id: Option<&'static str>,
}

fn link_error(e: rendezvous_platform::signed::SignedError) -> &'static str {
    match e {
        rendezvous_platform::signed::SignedError::Expired => "forum-notify-unsubscribe-expired",
        rendezvous_platform::signed::SignedError::Invalid => "forum-notify-unsubscribe-invalid",
    }
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let error_id = notify_mail::verify_unsubscribe(&state, &token).err().map(link_error);
    render(&UnsubscribePage { ctx, token, done: false, error_id })
}

/// Any POST to the link sets the person's choice to none (RFC 8058 clients send
/// `List-Unsubscribe=One-Click`, some as multipart, so the body is not read).
async fn unsubscribe(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let user_id = match notify_mail::verify_unsubscribe(&state, &token) {
        Ok(id) => id,
        Err(e) => return render(&UnsubscribePage { ctx, token, done: false, error_id: Some(link_error(e)) }),
    };
    core_store::choose_email_mode(&state.db, user_id, EmailMode::None, "one-click-unsubscribe", state.clock.now_ms())
        .await?;
    render(&UnsubscribePage { ctx, token, done: true, error_id: None })
}

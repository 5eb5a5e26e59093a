//! The public side: the lists anyone may join, the subscribe form (double opt-in, honeypot, rate
//! limit, the sender's identity and the consent wording), and the confirmation.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::ratelimit::Action;
use rendezvous_platform::web::client::ClientKey;
use rendezvous_platform::web::{AppError, FieldErrors, Form, PageContext, render, render_status};
use serde::Deserialize;

use crate::links::{self, LinkKind};
use crate::model::Source;
use crate::store::{self, ListRow};
use crate::subscriptions::{self, Outcome, Person};

#[derive(askama::Template)]
#[template(path = "lists.html")]
struct ListsPage {
    ctx: PageContext,
    lists: Vec<ListRow>,
}

pub async fn index(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    render(&ListsPage { ctx, lists: store::public_lists(&state.db).await? })
}

#[derive(askama::Template)]
#[template(path = "list.html")]
struct ListPage {
    ctx: PageContext,
    list: ListRow,
    errors: FieldErrors,
    email: String,
    name: String,
    lang: Lang,
}

async fn public_list(state: &AppState, slug: &str) -> Result<ListRow, AppError> {
    store::list_by_slug(&state.db, slug).await?.filter(ListRow::public).ok_or(AppError::NotFound)
}

pub async fn list_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let list = public_list(&state, &slug).await?;
    let lang = ctx.lang;
    render(&ListPage { ctx, list, errors: FieldErrors::default(), email: String::new(), name: String::new(), lang })
}

#[derive(Deserialize)]
pub struct SubscribeForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    lang: String,
    /// The honeypot: hidden from people, filled in by bots.
    #[serde(default)]
    website: String,
}

#[derive(askama::Template)]
#[template(path = "message.html")]
pub(crate) struct MessagePage {
    pub ctx: PageContext,
    pub title_id: &'static str,
    pub message: String,
    pub link: Option<(String, String)>,
}

pub async fn subscribe(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    Path(slug): Path<String>,
    Form(form): Form<SubscribeForm>,
) -> Result<Response, AppError> {
    let list = public_list(&state, &slug).await?;
    let mut errors = FieldErrors::default();
    let email = EmailAddress::parse(&form.email).map_err(|m| errors.add("email", m)).ok();
    let name = form.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() > 100 {
        errors.add("name", "subscribe-name-too-long");
    }
    let lang = Lang::parse(&form.lang).unwrap_or(ctx.lang);
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        let page = ListPage { ctx, list, errors, email: form.email, name: form.name, lang };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let done = MessagePage {
        message: ctx.t1("subscribe-check-email", "list", list.name(ctx.lang)),
        ctx,
        title_id: "check-email-title",
        link: None,
    };
    // Bots fill the hidden field; they get the same answer and nothing happens.
    if !form.website.trim().is_empty() {
        return render(&done);
    }
    if !state.limits.check_client(Action::Subscribe, &client)
        || !state.limits.check_account(Action::Subscribe, &email.normalized())
    {
        return Err(AppError::TooManyRequests);
    }
    let mut person = Person::new(email, lang);
    person.name = (!name.is_empty()).then_some(name);
    if let Some(subscriber_id) = subscriptions::request(&state.db, &state.clock, list.id, &person).await? {
        let link = links::confirm_url(&state, subscriber_id, list.id);
        let name = person.name.as_deref();
        crate::mails::send_confirmation(&state, person.email.as_str(), name, lang, &list, &link).await?;
    }
    render(&done)
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    token: String,
}

#[derive(askama::Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    ctx: PageContext,
    token: String,
    list_name: String,
}

pub async fn confirm_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenForm>,
) -> Result<Response, AppError> {
    let (_, list_id) = match links::verify(&state, LinkKind::Confirm, &q.token) {
        Ok(ids) => ids,
        Err(e) => return link_error(ctx, e),
    };
    let list = store::list_by_id(&state.db, list_id).await?.ok_or(AppError::NotFound)?;
    let list_name = list.name(ctx.lang).to_owned();
    render(&ConfirmPage { ctx, token: q.token, list_name })
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let (subscriber_id, list_id) = match links::verify(&state, LinkKind::Confirm, &form.token) {
        Ok(ids) => ids,
        Err(e) => return link_error(ctx, e),
    };
    let list = store::list_by_id(&state.db, list_id).await?.ok_or(AppError::NotFound)?;
    let outcome = subscriptions::confirm(&state.db, &state.clock, list_id, subscriber_id, Source::Form).await?;
    if outcome == Outcome::Subscribed {
        crate::events::subscribed(&state, list_id, subscriber_id).await;
    }
    let message_id = if outcome == Outcome::AlreadySubscribed { "confirm-already" } else { "confirm-done" };
    let preferences = links::preferences_url(&state, subscriber_id);
    let page = MessagePage {
        message: ctx.t1(message_id, "list", list.name(ctx.lang)),
        link: Some((ctx.t("preferences-link"), preferences)),
        ctx,
        title_id: "confirm-title",
    };
    render(&page)
}

/// A forged or expired link: a clear page, 400, nothing changed.
pub(crate) fn link_error(
    ctx: PageContext,
    error: rendezvous_platform::signed::SignedError,
) -> Result<Response, AppError> {
    let page = MessagePage { message: ctx.t(links::error_id(error)), ctx, title_id: "link-problem-title", link: None };
    render_status(StatusCode::BAD_REQUEST, &page)
}

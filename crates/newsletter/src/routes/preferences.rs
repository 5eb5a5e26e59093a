//! The preference centre: reached by a signed link (no login) or from the account page of the
//! person whose verified address it is. Lists to join or leave, and the language of mailings.

use axum::extract::{Path, State};
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::{AppError, Form, PageContext, SignedIn, redirect_with_flash, render};

use super::public::link_error;
use crate::ids::{ListId, SubscriberId};
use crate::links::{self, LinkKind};
use crate::model::{Source, Status};
use crate::store::{self, ListRow};
use crate::subscriptions::{self, Outcome, Person};

#[derive(askama::Template)]
#[template(path = "preferences.html")]
struct PreferencesPage {
    ctx: PageContext,
    action: String,
    email: String,
    lang: Lang,
    /// (list, subscribed now, a feature's page of settings for it)
    lists: Vec<(ListRow, bool, Option<SettingsLink>)>,
}

/// A feature's page of settings for a list: its label's message id and a link needing no login.
type SettingsLink = (&'static str, String);

/// Public lists, plus private lists the person is on; with whether they are subscribed.
async fn lists_for(state: &AppState, subscriber_id: Option<SubscriberId>) -> Result<Vec<(ListRow, bool)>, sqlx::Error> {
    let subscribed: Vec<ListId> = match subscriber_id {
        Some(id) => store::subscriptions_of(&state.db, id)
            .await?
            .into_iter()
            .filter(|s| s.status == Status::Subscribed)
            .map(|s| s.list_id)
            .collect(),
        None => Vec::new(),
    };
    Ok(store::all_lists(&state.db)
        .await?
        .into_iter()
        .filter(|l| l.public() || subscribed.contains(&l.id))
        .map(|l| {
            let on = subscribed.contains(&l.id);
            (l, on)
        })
        .collect())
}

async fn render_page(
    state: &AppState,
    ctx: PageContext,
    action: String,
    subscriber_id: Option<SubscriberId>,
    email: String,
    lang: Lang,
) -> Result<Response, AppError> {
    let lists = lists_for(state, subscriber_id)
        .await?
        .into_iter()
        .map(|(list, on)| {
            let settings = subscriber_id.filter(|_| on).and_then(|id| {
                let hook = state.provided.all::<crate::lists::ListSettings>().find(|h| h.list_slug == list.slug)?;
                Some((hook.label_id, (hook.href)(state, id)))
            });
            (list, on, settings)
        })
        .collect();
    render(&PreferencesPage { ctx, action, email, lang, lists })
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let (subscriber_id, _) = match links::verify(&state, LinkKind::Preferences, &token) {
        Ok(ids) => ids,
        Err(e) => return link_error(ctx, e),
    };
    let subscriber = store::subscriber_by_id(&state.db, subscriber_id).await?.ok_or(AppError::NotFound)?;
    let lang = Lang::parse(&subscriber.lang).unwrap_or_default();
    render_page(&state, ctx, format!("/preferences/{token}"), Some(subscriber_id), subscriber.email, lang).await
}

/// Applies a submitted preference form: `lang`, and `list` once per ticked list.
async fn apply(
    state: &AppState,
    subscriber_id: SubscriberId,
    form: &[(String, String)],
    source: Source,
) -> Result<(), AppError> {
    let ticked: Vec<ListId> = form.iter().filter(|(k, _)| k == "list").filter_map(|(_, v)| v.parse().ok()).collect();
    if let Some(lang) = form.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(v)) {
        store::set_subscriber_lang(&state.db, subscriber_id, lang.code(), state.clock.now_ms()).await?;
    }
    for (list, on) in lists_for(state, Some(subscriber_id)).await? {
        let wanted = ticked.contains(&list.id);
        if wanted && !on && list.public() {
            if subscriptions::confirm(&state.db, &state.clock, list.id, subscriber_id, source).await?
                == Outcome::Subscribed
            {
                crate::events::subscribed(state, list.id, subscriber_id).await;
            }
        } else if !wanted
            && on
            && subscriptions::unsubscribe(&state.db, &state.clock, list.id, subscriber_id, source, None).await?
        {
            crate::events::unsubscribed(state, list.id, subscriber_id).await;
        }
    }
    Ok(())
}

pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (subscriber_id, _) = match links::verify(&state, LinkKind::Preferences, &token) {
        Ok(ids) => ids,
        Err(e) => return link_error(ctx, e),
    };
    apply(&state, subscriber_id, &form, Source::PreferenceCentre).await?;
    Ok(redirect_with_flash(&format!("/preferences/{token}"), "preferences-saved"))
}

pub async fn account_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
) -> Result<Response, AppError> {
    let subscriber = store::subscriber_by_email(&state.db, &user.email.to_lowercase()).await?;
    let lang = subscriber.as_ref().and_then(|s| Lang::parse(&s.lang)).unwrap_or(user.lang);
    let id = subscriber.map(|s| s.id);
    render_page(&state, ctx, "/account/subscriptions".into(), id, user.email, lang).await
}

/// The account's verified address is the subscriber: one identity, changed from either side.
pub async fn account_save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let subscriber_id = match store::subscriber_by_email(&state.db, &user.email.to_lowercase()).await? {
        Some(s) => s.id,
        None => {
            let email = EmailAddress::parse(&user.email).map_err(|_| AppError::BadRequest("email-invalid"))?;
            let mut conn = state.db.pool.acquire().await?;
            let person = Person::new(email, user.lang);
            let norm = person.email.normalized();
            let new = store::NewSubscriber {
                email: person.email.as_str(),
                email_norm: &norm,
                name: Some(&user.display_name),
                lang: user.lang.code(),
                country: None,
                province: None,
                region: None,
                tags: "",
                now: state.clock.now_ms(),
            };
            store::upsert_subscriber(&mut conn, &new).await?
        }
    };
    apply(&state, subscriber_id, &form, Source::Account).await?;
    Ok(redirect_with_flash("/account/subscriptions", "preferences-saved"))
}

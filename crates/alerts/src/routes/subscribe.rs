//! Getting alerts by mail: the subscribe form (double opt-in, several areas), the page that
//! changes a subscriber's areas from a signed link, and the member's switch in their account.
//! A subscriber's areas belong to this feature; the subscription itself is the newsletter's.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use rendezvous_newsletter::SubscriberId;
use rendezvous_newsletter::model::{ConsentKind, Source, Status};
use rendezvous_newsletter::subscriptions::{self, Person, StatedConsent};
use rendezvous_platform::AppState;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::ratelimit::Action;
use rendezvous_platform::signed;
use rendezvous_platform::web::client::ClientKey;
use rendezvous_platform::web::{AppError, FieldErrors, FormPairs, PageContext, SignedIn, render, render_status};
use serde::Deserialize;

use crate::LIST_SLUG;
use crate::areas::{AreaChoice, Places};
use crate::store;

/// The areas chosen on a form (`area=BC&area=vancouver`), each checked against the known ones.
fn chosen(places: &Places, form: &FormPairs) -> Result<Vec<String>, &'static str> {
    let mut areas = Vec::new();
    for v in form.all("area") {
        let key = places.parse(&v).ok_or("alerts-error-region")?;
        if !areas.contains(&key) {
            areas.push(key);
        }
    }
    if areas.is_empty() { Err("alerts-subscribe-choose-area") } else { Ok(areas) }
}

#[derive(askama::Template)]
#[template(path = "alerts/subscribe.html")]
struct SubscribePage {
    ctx: PageContext,
    errors: FieldErrors,
    email: String,
    lang: Lang,
    choices: Vec<AreaChoice>,
    chosen: Vec<String>,
}

impl SubscribePage {
    fn is_chosen(&self, key: &str) -> bool {
        self.chosen.iter().any(|c| c == key)
    }
}

pub async fn form(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let places = Places::load(&state.db).await?;
    let lang = ctx.lang;
    render(&SubscribePage {
        errors: FieldErrors::default(),
        email: String::new(),
        lang,
        choices: places.choices(lang),
        chosen: Vec::new(),
        ctx,
    })
}

#[derive(askama::Template)]
#[template(path = "alerts/message.html")]
struct MessagePage {
    ctx: PageContext,
    title_id: &'static str,
    message_id: &'static str,
}

/// A link to change a subscriber's areas without logging in (a week).
pub fn areas_link(state: &AppState, subscriber: SubscriberId) -> String {
    let token = signed::sign(&state.secret, "alerts-areas", &subscriber.to_string(), state.clock.now_ms() + 7 * DAY_MS);
    format!("{}/alerts/areas?token={token}", state.base_url)
}

pub async fn subscribe(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    pairs: FormPairs,
) -> Result<Response, AppError> {
    let places = Places::load(&state.db).await?;
    let mut errors = FieldErrors::default();
    let email = EmailAddress::parse(&pairs.first("email")).map_err(|m| errors.add("email", m)).ok();
    let areas = chosen(&places, &pairs).map_err(|m| errors.add("areas", m)).unwrap_or_default();
    let lang = Lang::parse(&pairs.first("lang")).unwrap_or(ctx.lang);
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        let page = SubscribePage {
            errors,
            email: pairs.first("email"),
            lang,
            choices: places.choices(ctx.lang),
            chosen: pairs.all("area"),
            ctx,
        };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let done = MessagePage { ctx, title_id: "check-email-title", message_id: "alerts-subscribe-check-email" };
    if !pairs.first("website").trim().is_empty() {
        return render(&done);
    }
    if !state.limits.check_client(Action::Subscribe, &client)
        || !state.limits.check_account(Action::Subscribe, &email.normalized())
    {
        return Err(AppError::TooManyRequests);
    }
    let list = rendezvous_newsletter::list_by_slug(&state.db, LIST_SLUG).await?.ok_or(AppError::NotFound)?;
    let person = Person::new(email.clone(), lang);
    match subscriptions::request_by_mail(&state, &list, &person).await? {
        // Areas are kept now; they count once the person confirms.
        Some(subscriber) => store::set_subscriber_areas(&state.db, subscriber, &areas).await?,
        None => {
            // Already subscribed: the page says the same as for anyone, and the mail (to the
            // address's owner only) carries a link to change their areas.
            if let Some(s) = rendezvous_newsletter::store::subscriber_by_email(&state.db, &email.normalized()).await? {
                let link = areas_link(&state, s.id);
                let notice = Notice {
                    lang,
                    to: email.as_str(),
                    name: None,
                    subject: state.tr.t(lang, "alerts-areas-mail-subject"),
                    paragraphs: vec![state.tr.t(lang, "alerts-areas-mail-body")],
                    action: Some((state.tr.t(lang, "alerts-areas-mail-action"), link)),
                    why_id: "alerts-areas-mail-why",
                };
                mail::enqueue(&state, &notice.render(&state)?).await?;
            }
        }
    }
    render(&done)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
}

#[derive(askama::Template)]
#[template(path = "alerts/areas.html")]
struct AreasPage {
    ctx: PageContext,
    errors: FieldErrors,
    action: String,
    choices: Vec<AreaChoice>,
    chosen: Vec<String>,
}

impl AreasPage {
    fn is_chosen(&self, key: &str) -> bool {
        self.chosen.iter().any(|c| c == key)
    }
}

fn subscriber_of(state: &AppState, token: &str) -> Result<SubscriberId, AppError> {
    let payload = signed::verify(&state.secret, "alerts-areas", token, state.clock.now_ms())
        .map_err(|_| AppError::BadRequest("alerts-areas-link-invalid"))?;
    payload.parse::<i64>().map(SubscriberId).map_err(|_| AppError::BadRequest("alerts-areas-link-invalid"))
}

pub async fn areas_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let subscriber = subscriber_of(&state, &q.token)?;
    let places = Places::load(&state.db).await?;
    render(&AreasPage {
        errors: FieldErrors::default(),
        action: format!("/alerts/areas?token={}", q.token),
        choices: places.choices(ctx.lang),
        chosen: store::subscriber_areas(&state.db, subscriber).await?,
        ctx,
    })
}

pub async fn areas_save(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
    pairs: FormPairs,
) -> Result<Response, AppError> {
    let subscriber = subscriber_of(&state, &q.token)?;
    let places = Places::load(&state.db).await?;
    match chosen(&places, &pairs) {
        Ok(areas) => {
            store::set_subscriber_areas(&state.db, subscriber, &areas).await?;
            render(&MessagePage { ctx, title_id: "alerts-areas-title", message_id: "alerts-areas-saved" })
        }
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("areas", message);
            let page = AreasPage {
                errors,
                action: format!("/alerts/areas?token={}", q.token),
                choices: places.choices(ctx.lang),
                chosen: Vec::new(),
                ctx,
            };
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(askama::Template)]
#[template(path = "alerts/account.html")]
struct AccountPage {
    ctx: PageContext,
    errors: FieldErrors,
    subscribed: bool,
    choices: Vec<AreaChoice>,
    chosen: Vec<String>,
}

impl AccountPage {
    fn is_chosen(&self, key: &str) -> bool {
        self.chosen.iter().any(|c| c == key)
    }
}

/// The member's subscriber record and whether it is on the alerts list.
async fn member_subscription(state: &AppState, email: &str) -> Result<(Option<SubscriberId>, bool), AppError> {
    let norm = email.trim().to_lowercase();
    let Some(s) = rendezvous_newsletter::store::subscriber_by_email(&state.db, &norm).await? else {
        return Ok((None, false));
    };
    let list = rendezvous_newsletter::list_by_slug(&state.db, LIST_SLUG).await?.ok_or(AppError::NotFound)?;
    let subscribed = rendezvous_newsletter::store::subscriptions_of(&state.db, s.id)
        .await?
        .iter()
        .any(|sub| sub.list_id == list.id && sub.status == Status::Subscribed);
    Ok((Some(s.id), subscribed))
}

pub async fn account(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
) -> Result<Response, AppError> {
    let (subscriber, subscribed) = member_subscription(&state, &user.email).await?;
    let chosen = match subscriber {
        Some(s) if subscribed => store::subscriber_areas(&state.db, s).await?,
        _ => Vec::new(),
    };
    let places = Places::load(&state.db).await?;
    render(&AccountPage { errors: FieldErrors::default(), subscribed, choices: places.choices(ctx.lang), chosen, ctx })
}

/// Turns alerts on (or changes the areas) for the signed-in member, or off with `off=1`.
pub async fn account_save(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
    pairs: FormPairs,
) -> Result<Response, AppError> {
    let list = rendezvous_newsletter::list_by_slug(&state.db, LIST_SLUG).await?.ok_or(AppError::NotFound)?;
    if pairs.first("off") == "1" {
        if let (Some(s), true) = member_subscription(&state, &user.email).await? {
            subscriptions::unsubscribe(&state.db, &state.clock, list.id, s, Source::Account, Some(user.id)).await?;
        }
        return Ok(Redirect::to("/account/alerts").into_response());
    }
    let places = Places::load(&state.db).await?;
    let areas = match chosen(&places, &pairs) {
        Ok(areas) => areas,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("areas", message);
            let subscribed = member_subscription(&state, &user.email).await?.1;
            let page = AccountPage { errors, subscribed, choices: places.choices(ctx.lang), chosen: Vec::new(), ctx };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let email = EmailAddress::parse(&user.email).map_err(AppError::BadRequest)?;
    let consent = StatedConsent {
        kind: ConsentKind::ExpressForm,
        source: Source::Account,
        evidence: format!("turned on drug-supply alerts in their account (user {})", user.id),
        since_ms: state.clock.now_ms(),
        actor_id: Some(user.id),
    };
    let person = Person::new(email.clone(), user.lang);
    subscriptions::subscribe(&state.db, &state.clock, list.id, &person, &consent)
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    if let Some(s) = rendezvous_newsletter::store::subscriber_by_email(&state.db, &email.normalized()).await? {
        store::set_subscriber_areas(&state.db, s.id, &areas).await?;
    }
    Ok(Redirect::to("/account/alerts").into_response())
}

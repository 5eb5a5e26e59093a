//! The JSON API for integrations (bearer tokens; administrators and the communications role):
//! a list's counts; add, update and unsubscribe a subscriber. Suppressed addresses are refused.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::api::Problem;
use rendezvous_platform::auth::{AuthUser, Role};
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::geo::{Country, Province};
use rendezvous_platform::header_text;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::AppError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

use crate::model::{ConsentKind, Source, Status, tags_column};
use crate::store::{self, ListRow};
use crate::subscriptions::{self, Outcome, Person, StatedConsent};

pub(super) fn require_comms(user: &AuthUser) -> Result<(), AppError> {
    // The same rule as the pages: the role, and the second factor its powers require.
    if user.can_use(Role::ADMIN) || user.can_use(crate::COMMUNICATIONS) { Ok(()) } else { Err(AppError::Forbidden) }
}

async fn list(state: &AppState, slug: &str) -> Result<ListRow, AppError> {
    store::list_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

fn bad(error: &'static str, message: &'static str) -> Response {
    Problem { error, message }.into_response()
}

/// A list and how many of its subscriptions are in each status.
#[derive(Serialize, ToSchema)]
pub struct ListCounts {
    slug: String,
    name_en: String,
    name_fr: String,
    /// Subscriptions by status: every status is present, zero or not.
    counts: BTreeMap<&'static str, i64>,
}

/// What a request did to a subscriber.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Subscribed,
    AlreadySubscribed,
    Suppressed,
    Unsubscribed,
    NotSubscribed,
    Updated,
}

#[derive(Serialize, ToSchema)]
pub struct SubscriberChange {
    result: Change,
    /// The address, as kept (lower case).
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
}

fn changed(status: StatusCode, result: Change, email: Option<String>) -> Response {
    (status, Json(SubscriberChange { result, email })).into_response()
}

/// A list's subscriptions by status.
#[utoipa::path(get, path = "/api/v1/lists/{slug}", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The list's slug")),
    responses(
        (status = 200, description = "Counts by status", body = ListCounts),
        (status = 403, description = "Neither an administrator nor communications, with two-factor authentication"),
        (status = 404, description = "No such list"),
    ))]
pub async fn list_counts(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    require_comms(&user)?;
    let list = list(&state, &slug).await?;
    let counts = store::status_counts(&state.db).await?;
    let by_status = Status::ALL
        .iter()
        .map(|status| {
            let n = counts.iter().find(|(id, s, _)| *id == list.id && s == status).map_or(0, |c| c.2);
            (status.as_str(), n)
        })
        .collect();
    Ok(Json(ListCounts { slug: list.slug, name_en: list.name_en, name_fr: list.name_fr, counts: by_status })
        .into_response())
}

/// A subscriber, with the consent they stated (consent is ignored on update).
#[derive(Deserialize, ToSchema)]
pub struct SubscriberBody {
    email: String,
    name: Option<String>,
    /// en or fr; the list's language when absent.
    #[schema(value_type = Option<Lang>)]
    lang: Option<String>,
    /// ISO 3166-1 alpha-2 code or a country name.
    country: Option<String>,
    /// Canadian province or territory code, e.g. QC.
    province: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    /// express, implied-membership, implied-relationship or published.
    consent: Option<String>,
    /// Where and when consent was given.
    evidence: Option<String>,
    /// YYYY-MM-DD: when the relationship began (implied consent runs two years from it).
    consent_date: Option<String>,
}

/// What is wrong with a request body: a message id and its English text.
type Bad = (&'static str, &'static str);

/// Parses the optional fields, or names the first bad one.
fn person(state_lang: Lang, body: &SubscriberBody) -> Result<Person, Bad> {
    let email = EmailAddress::parse(&body.email).map_err(|m| (m, "invalid email address"))?;
    let lang = match body.lang.as_deref() {
        None => state_lang,
        Some(l) => Lang::parse(l).ok_or(("lang-invalid", "lang must be en or fr"))?,
    };
    let mut person = Person::new(email, lang);
    let name = header_text::clean(body.name.as_deref().unwrap_or_default(), header_text::NAME_MAX)
        .map_err(|e| (e.message_id(), "name must be one line without control characters, at most 200 characters"))?;
    person.name = Some(name).filter(|n| !n.is_empty());
    if let Some(c) = body.country.as_deref().filter(|c| !c.trim().is_empty()) {
        person.country = Some(Country::parse(c).ok_or(("country-unknown", "unknown country"))?);
    }
    if let Some(p) = body.province.as_deref().filter(|p| !p.trim().is_empty()) {
        person.province = Some(Province::parse(p).ok_or(("province-unknown", "unknown province code"))?);
        person.country.get_or_insert_with(Country::canada);
    }
    person.tags = body.tags.clone();
    Ok(person)
}

/// Subscribe someone on stated consent (a suppressed address is refused).
#[utoipa::path(post, path = "/api/v1/lists/{slug}/subscribers", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The list's slug")),
    request_body = SubscriberBody,
    responses(
        (status = 201, description = "Subscribed", body = SubscriberChange),
        (status = 200, description = "Already subscribed; consent renewed", body = SubscriberChange),
        (status = 409, description = "Suppressed: unsubscribed, bounced, complained or erased", body = SubscriberChange),
        (status = 404, description = "No such list"),
        (status = 422, description = "Bad input", body = Problem),
    ))]
pub async fn add_subscriber(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Json(body): Json<SubscriberBody>,
) -> Result<Response, AppError> {
    require_comms(&user)?;
    let list = list(&state, &slug).await?;
    let default_lang = Lang::parse(&list.default_lang).unwrap_or_default();
    let person = match person(default_lang, &body) {
        Ok(p) => p,
        Err((id, message)) => return Ok(bad(id, message)),
    };
    let Some(kind) = body.consent.as_deref().and_then(ConsentKind::parse_stated) else {
        return Ok(bad(
            "consent-kind-missing",
            "consent must be express, implied-membership, implied-relationship or published",
        ));
    };
    let Some(evidence) = body.evidence.as_deref().and_then(rendezvous_platform::validate::evidence) else {
        return Ok(bad("consent-evidence-missing", "evidence of consent is required"));
    };
    let since = match body.consent_date.as_deref() {
        None => state.clock.now_ms(),
        Some(d) => match crate::model::parse_date(d) {
            Some(ms) if ms <= state.clock.now_ms() => ms,
            Some(_) => return Ok(bad("consent-date-future", "consent_date must not be in the future")),
            None => return Ok(bad("segment-date-invalid", "consent_date must be YYYY-MM-DD")),
        },
    };
    let consent = StatedConsent {
        kind,
        source: Source::Api,
        evidence: evidence.to_owned(),
        since_ms: since,
        actor_id: Some(user.id),
    };
    let outcome = subscriptions::subscribe(&state.db, &state.clock, list.id, &person, &consent)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    if outcome == Outcome::Subscribed {
        crate::events::subscribed_address(&state, list.id, person.email.as_str()).await;
    }
    let (status, result) = match outcome {
        Outcome::Subscribed => (StatusCode::CREATED, Change::Subscribed),
        Outcome::AlreadySubscribed => (StatusCode::OK, Change::AlreadySubscribed),
        Outcome::Suppressed => (StatusCode::CONFLICT, Change::Suppressed),
    };
    Ok(changed(status, result, Some(person.email.as_str().to_owned())))
}

#[derive(Deserialize, ToSchema)]
pub struct EmailBody {
    email: String,
}

/// Unsubscribe an address from a list.
#[utoipa::path(post, path = "/api/v1/lists/{slug}/unsubscribe", security(("bearer" = [])),
    params(("slug" = String, Path, description = "The list's slug")),
    request_body = EmailBody,
    responses(
        (status = 200, description = "Unsubscribed, or was not subscribed", body = SubscriberChange),
        (status = 404, description = "No such list, or unknown address"),
    ))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Json(body): Json<EmailBody>,
) -> Result<Response, AppError> {
    require_comms(&user)?;
    let list = list(&state, &slug).await?;
    let Some(subscriber) = store::subscriber_by_email(&state.db, &body.email.trim().to_lowercase()).await? else {
        return Err(AppError::NotFound);
    };
    let done =
        subscriptions::unsubscribe(&state.db, &state.clock, list.id, subscriber.id, Source::Api, Some(user.id)).await?;
    if done {
        crate::events::unsubscribed(&state, list.id, subscriber.id).await;
    }
    Ok(changed(StatusCode::OK, if done { Change::Unsubscribed } else { Change::NotSubscribed }, None))
}

/// Update a known subscriber's name, language, place and tags (not their consent).
#[utoipa::path(put, path = "/api/v1/subscribers/{email}", security(("bearer" = [])),
    params(("email" = String, Path, description = "The subscriber's address")),
    request_body = SubscriberBody,
    responses(
        (status = 200, description = "Updated", body = SubscriberChange),
        (status = 404, description = "Unknown address"),
        (status = 422, description = "Bad input", body = Problem),
    ))]
pub async fn update_subscriber(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(email): Path<String>,
    Json(mut body): Json<SubscriberBody>,
) -> Result<Response, AppError> {
    require_comms(&user)?;
    let Some(existing) = store::subscriber_by_email(&state.db, &email.trim().to_lowercase()).await? else {
        return Err(AppError::NotFound);
    };
    body.email = existing.email.clone();
    let fallback = Lang::parse(&existing.lang).unwrap_or_default();
    let person = match person(fallback, &body) {
        Ok(p) => p,
        Err((id, message)) => return Ok(bad(id, message)),
    };
    store::update_subscriber(
        &state.db,
        existing.id,
        person.name.as_deref().or(existing.name.as_deref()),
        person.lang.code(),
        person.country.as_ref().map(|c| c.code()).or(existing.country.as_deref()),
        person.province.map(|p| p.code()).or(existing.province.as_deref()),
        &if body.tags.is_empty() { existing.tags.clone() } else { tags_column(&person.tags) },
        state.clock.now_ms(),
    )
    .await?;
    Ok(changed(StatusCode::OK, Change::Updated, Some(existing.email)))
}

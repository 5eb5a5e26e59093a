//! The JSON API for integrations (bearer tokens; administrators and the communications role):
//! a list's counts; add, update and unsubscribe a subscriber. Suppressed addresses are refused.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::{AuthUser, Role};
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::geo::{Country, Province};
use rendezvous_platform::header_text;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::AppError;
use serde::Deserialize;
use serde_json::json;

use crate::model::{ConsentKind, Source, Status, tags_column};
use crate::store::{self, ListRow};
use crate::subscriptions::{self, Outcome, Person, StatedConsent};

/// This feature's part of the OpenAPI document.
pub fn openapi_paths() -> serde_json::Value {
    let subscriber = json!({
        "type": "object",
        "required": ["email"],
        "properties": {
            "email": {"type": "string", "format": "email"},
            "name": {"type": "string"},
            "lang": {"type": "string", "enum": ["en", "fr"]},
            "country": {"type": "string", "description": "ISO 3166-1 alpha-2 code or a country name"},
            "province": {"type": "string", "description": "Canadian province or territory code, e.g. QC"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "consent": {"type": "string", "enum": ["express", "implied-membership", "implied-relationship", "published"]},
            "evidence": {"type": "string", "description": "Where and when consent was given"},
            "consent_date": {"type": "string", "format": "date"}
        }
    });
    let error = json!({"description": "Bad input: `error` is a message id, `message` says what is wrong"});
    json!({
        "/api/v1/lists/{slug}": {"get": {
            "summary": "A list's subscriptions by status",
            "security": [{"bearer": []}],
            "parameters": [{"name": "slug", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "Counts by status"}, "404": {"description": "No such list"}}
        }},
        "/api/v1/lists/{slug}/subscribers": {"post": {
            "summary": "Subscribe someone on stated consent (a suppressed address is refused)",
            "security": [{"bearer": []}],
            "parameters": [{"name": "slug", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": subscriber}}},
            "responses": {
                "201": {"description": "Subscribed"}, "200": {"description": "Already subscribed; consent renewed"},
                "409": {"description": "Suppressed: unsubscribed, bounced, complained or erased"}, "422": error
            }
        }},
        "/api/v1/lists/{slug}/unsubscribe": {"post": {
            "summary": "Unsubscribe an address from a list",
            "security": [{"bearer": []}],
            "parameters": [{"name": "slug", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object", "required": ["email"], "properties": {"email": {"type": "string"}}}}}},
            "responses": {"200": {"description": "Unsubscribed, or was not subscribed"}, "404": {"description": "Unknown address"}}
        }},
        "/api/v1/subscribers/{email}": {"put": {
            "summary": "Update a subscriber's name, language, place and tags",
            "security": [{"bearer": []}],
            "parameters": [{"name": "email", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": subscriber}}},
            "responses": {"200": {"description": "Updated"}, "404": {"description": "Unknown address"}, "422": error}
        }}
    })
}

pub(super) fn require_comms(user: &AuthUser) -> Result<(), AppError> {
    // The same rule as the pages: the role, and the second factor its powers require.
    if user.can_use(Role::ADMIN) || user.can_use(crate::COMMUNICATIONS) { Ok(()) } else { Err(AppError::Forbidden) }
}

async fn list(state: &AppState, slug: &str) -> Result<ListRow, AppError> {
    store::list_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

fn bad(message_id: &'static str, message: &str) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "error": message_id, "message": message }))).into_response()
}

pub async fn list_counts(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    require_comms(&user)?;
    let list = list(&state, &slug).await?;
    let counts = store::status_counts(&state.db).await?;
    let mut by_status = serde_json::Map::new();
    for status in Status::ALL {
        let n = counts.iter().find(|(id, s, _)| *id == list.id && s == status).map_or(0, |c| c.2);
        by_status.insert(status.as_str().into(), n.into());
    }
    Ok(Json(json!({ "slug": list.slug, "name_en": list.name_en, "name_fr": list.name_fr, "counts": by_status }))
        .into_response())
}

#[derive(Deserialize)]
pub struct SubscriberBody {
    email: String,
    name: Option<String>,
    lang: Option<String>,
    country: Option<String>,
    province: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    consent: Option<String>,
    evidence: Option<String>,
    /// YYYY-MM-DD: when the relationship began (implied consent runs two years from it).
    consent_date: Option<String>,
}

/// What is wrong with a request body: a message id and its English text.
type Problem = (&'static str, &'static str);

/// Parses the optional fields, or names the first bad one.
fn person(state_lang: Lang, body: &SubscriberBody) -> Result<Person, Problem> {
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
        actor_id: Some(user.id.0),
    };
    let outcome = subscriptions::subscribe(&state.db, &state.clock, list.id, &person, &consent)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let (status, result) = match outcome {
        Outcome::Subscribed => (StatusCode::CREATED, "subscribed"),
        Outcome::AlreadySubscribed => (StatusCode::OK, "already_subscribed"),
        Outcome::Suppressed => (StatusCode::CONFLICT, "suppressed"),
    };
    Ok((status, Json(json!({ "result": result, "email": person.email.as_str() }))).into_response())
}

#[derive(Deserialize)]
pub struct EmailBody {
    email: String,
}

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
        subscriptions::unsubscribe(&state.db, &state.clock, list.id, subscriber.id, Source::Api, Some(user.id.0))
            .await?;
    Ok(Json(json!({ "result": if done { "unsubscribed" } else { "not_subscribed" } })).into_response())
}

/// Updates a known subscriber's name, language, place and tags (not their consent).
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
    Ok(Json(json!({ "result": "updated", "email": existing.email })).into_response())
}

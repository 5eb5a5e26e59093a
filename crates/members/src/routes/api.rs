//! The members' JSON API (bearer tokens): the directory as the token's owner may see it, and
//! their own profile, read and updated. Visibility is decided by [`crate::visibility`] as for
//! the pages.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::auth::AuthUser;
use rendezvous_platform::web::{AppError, FieldErrors};
use rendezvous_platform::{AppState, audit};
use serde_json::{Value, json};

use crate::directory::{self, viewer_for};
use crate::profiles::apply_changes;
use crate::search_query::SearchQuery;
use crate::store::catalogue;
use crate::store::profiles as store;

fn bad(state: &AppState, user: &AuthUser, errors: &FieldErrors) -> Response {
    let list: Vec<Value> = errors
        .items()
        .into_iter()
        .map(|(field, id)| json!({"field": field, "error": id, "message": state.tr.t(user.lang, id)}))
        .collect();
    (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "errors": list }))).into_response()
}

pub async fn people(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let viewer = viewer_for(&state, Some(&user)).await?;
    let search = match query.parse() {
        Ok(s) => s,
        Err(errors) => return Ok(bad(&state, &user, &errors)),
    };
    let (people, total) = directory::search_people(&state, &viewer, &search, query.page()).await?;
    Ok(Json(json!({ "total": total, "page": query.page(), "people": people })).into_response())
}

pub async fn person(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let viewer = viewer_for(&state, Some(&user)).await?;
    let person = directory::person(&state, &viewer, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(person).into_response())
}

pub async fn organisations(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let viewer = viewer_for(&state, Some(&user)).await?;
    let search = match query.parse() {
        Ok(s) => s,
        Err(errors) => return Ok(bad(&state, &user, &errors)),
    };
    let (rows, total) = directory::search_organisations(&state, &viewer, &search, query.page()).await?;
    let organisations: Vec<Value> = rows
        .iter()
        .map(|o| {
            json!({
                "id": o.id, "name_en": o.name_en, "name_fr": o.name_fr, "kind": o.kind, "city": o.city,
                "province": o.province, "country": o.country, "website": o.website, "services": o.services(),
                "languages": o.languages(),
            })
        })
        .collect();
    Ok(Json(json!({ "total": total, "page": query.page(), "organisations": organisations })).into_response())
}

/// One's own profile: every field with its visibility.
pub async fn my_profile(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Response, AppError> {
    let profile = super::profile::current(&state, &user).await?;
    Ok(Json(profile_json(&state, &profile).await?).into_response())
}

async fn profile_json(state: &AppState, p: &store::ProfileRow) -> Result<Value, sqlx::Error> {
    let categories = catalogue::categories(&state.db).await?;
    let category = p.category_id.and_then(|id| categories.iter().find(|c| c.id == id)).map(|c| c.slug.clone());
    Ok(json!({
        "listed": p.listed == 1,
        "display_name": p.display_name, "display_name_vis": p.display_name_vis,
        "city": p.city, "city_vis": p.city_vis,
        "province": p.province, "province_vis": p.province_vis,
        "category": category, "category_vis": p.category_vis, "reveal_sensitive": p.reveal_sensitive == 1,
        "languages": crate::model::set_from_column(&p.languages), "languages_vis": p.languages_vis,
        "bio": p.bio, "bio_vis": p.bio_vis,
        "contact_email": p.contact_email, "contact_email_vis": p.contact_email_vis,
        "groups_vis": p.groups_vis, "reveal_hidden_groups": p.reveal_hidden_groups == 1,
    }))
}

/// JSON values as the form-like strings the profile rules read (lists joined by commas).
fn as_input(body: &serde_json::Map<String, Value>) -> HashMap<String, String> {
    body.iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
                Value::Null => String::new(),
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(","),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

/// Updates the keys given; bad input changes nothing and says what is wrong, in the owner's language.
pub async fn update_my_profile(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(body): Json<serde_json::Map<String, Value>>,
) -> Result<Response, AppError> {
    let categories = catalogue::categories(&state.db).await?;
    let before = super::profile::current(&state, &user).await?;
    match apply_changes(before, &as_input(&body), &categories) {
        Ok(profile) => {
            store::save(&state.db, &profile, state.clock.now_ms()).await?;
            audit::record(&state.db, &state.clock, Some(user.id), "profile.update", Some(user.id), "api").await?;
            Ok(Json(profile_json(&state, &profile).await?).into_response())
        }
        Err(errors) => Ok(bad(&state, &user, &errors)),
    }
}

/// This feature's part of the OpenAPI document.
pub fn openapi_paths() -> Value {
    let search_params = json!([
        {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Name or city"},
        {"name": "province", "in": "query", "schema": {"type": "string"}, "description": "Province or territory code, e.g. QC"},
        {"name": "city", "in": "query", "schema": {"type": "string"}},
        {"name": "category", "in": "query", "schema": {"type": "string"}, "description": "Category slug"},
        {"name": "service", "in": "query", "schema": {"type": "string"}, "description": "Service slug (organisations)"},
        {"name": "language", "in": "query", "schema": {"type": "string", "enum": ["en", "fr", "other"]}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}
    ]);
    let vis = json!({"type": "string", "enum": ["public", "members", "admins", "hidden"]});
    let profile = json!({
        "type": "object",
        "properties": {
            "listed": {"type": "boolean"},
            "display_name": {"type": "string"}, "display_name_vis": vis,
            "city": {"type": "string"}, "city_vis": vis,
            "province": {"type": ["string", "null"]}, "province_vis": vis,
            "category": {"type": ["string", "null"]}, "category_vis": vis, "reveal_sensitive": {"type": "boolean"},
            "languages": {"type": "array", "items": {"type": "string", "enum": ["en", "fr", "other"]}}, "languages_vis": vis,
            "bio": {"type": "string"}, "bio_vis": vis,
            "contact_email": {"type": "string"}, "contact_email_vis": vis,
            "groups_vis": vis, "reveal_hidden_groups": {"type": "boolean"}
        }
    });
    let error = json!({"description": "Bad input: `errors` lists each field, a message id and a message in the owner's language"});
    json!({
        "/api/v1/directory/people": {"get": {
            "summary": "Search people in the directory; only the fields the token's owner may see are present",
            "security": [{"bearer": []}], "parameters": search_params,
            "responses": {"200": {"description": "A page of people and the total"}, "422": error}
        }},
        "/api/v1/directory/people/{id}": {"get": {
            "summary": "One person, as the token's owner may see them",
            "security": [{"bearer": []}],
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "The visible fields"}, "404": {"description": "Not listed, or nothing visible"}}
        }},
        "/api/v1/directory/organisations": {"get": {
            "summary": "Search organisations in the directory",
            "security": [{"bearer": []}], "parameters": search_params,
            "responses": {"200": {"description": "A page of organisations and the total"}, "422": error}
        }},
        "/api/v1/members/me/profile": {
            "get": {
                "summary": "The token owner's directory profile, with the visibility of each field",
                "security": [{"bearer": []}],
                "responses": {"200": {"description": "The profile", "content": {"application/json": {"schema": profile}}}}
            },
            "put": {
                "summary": "Update the token owner's profile: only the keys given change",
                "security": [{"bearer": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": profile}}},
                "responses": {"200": {"description": "The profile as saved"}, "422": error}
            }
        }
    })
}

//! The members' JSON API (bearer tokens): the directory as the token's owner may see it, and
//! their own profile, read and updated. Visibility is decided by [`crate::visibility`] as for
//! the pages.

use rendezvous_platform::auth::UserId;
use std::collections::HashMap;

use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};

use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::api::{ApiRouter, FieldProblems, next_page};
use rendezvous_platform::auth::AuthUser;
use rendezvous_platform::web::{AppError, FieldErrors};
use rendezvous_platform::{AppState, audit};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::routes;

use crate::directory::{self, viewer_for};
use crate::ids::OrganisationId;
use crate::profiles::apply_changes;
use crate::search_query::SearchQuery;
use crate::store::catalogue;
use crate::store::profiles as store;
use crate::visibility::PersonView;

fn bad(state: &AppState, user: &AuthUser, errors: &FieldErrors) -> Response {
    FieldProblems::response(state, user.lang, &errors.items())
}

/// A page of people, with only the fields the token's owner may see.
#[derive(Serialize, ToSchema)]
pub struct People {
    total: usize,
    page: usize,
    /// The next page's URL, while more remain.
    next: Option<String>,
    people: Vec<PersonView>,
}

/// An organisation as the directory lists it.
#[derive(Serialize, ToSchema)]
pub struct OrganisationEntry {
    id: OrganisationId,
    name_en: String,
    name_fr: String,
    kind: String,
    city: String,
    province: Option<String>,
    country: String,
    website: String,
    services: Vec<String>,
    languages: Vec<String>,
}

/// A page of organisations.
#[derive(Serialize, ToSchema)]
pub struct Organisations {
    total: usize,
    page: usize,
    /// The next page's URL, while more remain.
    next: Option<String>,
    organisations: Vec<OrganisationEntry>,
}

/// One's own directory profile: every field with who may see it (public, members, admins,
/// hidden).
#[derive(Serialize, ToSchema)]
pub struct MyProfile {
    listed: bool,
    display_name: String,
    display_name_vis: String,
    city: String,
    city_vis: String,
    province: Option<String>,
    province_vis: String,
    /// A category's slug.
    category: Option<String>,
    category_vis: String,
    reveal_sensitive: bool,
    /// en, fr, other.
    languages: Vec<String>,
    languages_vis: String,
    bio: String,
    bio_vis: String,
    contact_email: String,
    contact_email_vis: String,
    groups_vis: String,
    reveal_hidden_groups: bool,
}

/// Search people in the directory; only the fields the token's owner may see are present.
#[utoipa::path(get, path = "/api/v1/directory/people", security(("bearer" = [])), params(SearchQuery),
    responses(
        (status = 200, description = "A page of people and the total", body = People),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn people(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    OriginalUri(uri): OriginalUri,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let viewer = viewer_for(&state, Some(&user)).await?;
    let search = match query.parse() {
        Ok(s) => s,
        Err(errors) => return Ok(bad(&state, &user, &errors)),
    };
    let (people, total) = directory::search_people(&state, &viewer, &search, query.page()).await?;
    let page = query.page();
    let next = (page * directory::PER_PAGE < total).then(|| next_page(&state.base_url, &uri, page));
    Ok(Json(People { total, page, next, people }).into_response())
}

/// One person, as the token's owner may see them.
#[utoipa::path(get, path = "/api/v1/directory/people/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The person's account id")),
    responses(
        (status = 200, description = "The visible fields", body = PersonView),
        (status = 404, description = "Not listed, or nothing visible"),
    ))]
pub async fn person(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<UserId>,
) -> Result<Json<PersonView>, AppError> {
    let viewer = viewer_for(&state, Some(&user)).await?;
    let person = directory::person(&state, &viewer, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(person))
}

/// Search organisations in the directory.
#[utoipa::path(get, path = "/api/v1/directory/organisations", security(("bearer" = [])), params(SearchQuery),
    responses(
        (status = 200, description = "A page of organisations and the total", body = Organisations),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn organisations(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    OriginalUri(uri): OriginalUri,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let viewer = viewer_for(&state, Some(&user)).await?;
    let search = match query.parse() {
        Ok(s) => s,
        Err(errors) => return Ok(bad(&state, &user, &errors)),
    };
    let (rows, total) = directory::search_organisations(&state, &viewer, &search, query.page()).await?;
    let organisations = rows
        .into_iter()
        .map(|o| OrganisationEntry {
            services: o.services(),
            languages: o.languages(),
            id: o.id,
            name_en: o.name_en,
            name_fr: o.name_fr,
            kind: o.kind,
            city: o.city,
            province: o.province,
            country: o.country,
            website: o.website,
        })
        .collect();
    let page = query.page();
    let next = (page * directory::PER_PAGE < total).then(|| next_page(&state.base_url, &uri, page));
    Ok(Json(Organisations { total, page, next, organisations }).into_response())
}

/// The token owner's directory profile, with the visibility of each field.
#[utoipa::path(get, path = "/api/v1/members/me/profile", security(("bearer" = [])),
    responses((status = 200, description = "The profile", body = MyProfile)))]
pub async fn my_profile(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<MyProfile>, AppError> {
    let profile = super::profile::current(&state, &user).await?;
    Ok(Json(profile_body(&state, profile).await?))
}

async fn profile_body(state: &AppState, p: store::ProfileRow) -> Result<MyProfile, sqlx::Error> {
    let categories = catalogue::categories(&state.db).await?;
    let category = p.category_id.and_then(|id| categories.iter().find(|c| c.id == id)).map(|c| c.slug.clone());
    Ok(MyProfile {
        listed: p.listed == 1,
        display_name: p.display_name,
        display_name_vis: p.display_name_vis,
        city: p.city,
        city_vis: p.city_vis,
        province: p.province,
        province_vis: p.province_vis,
        category,
        category_vis: p.category_vis,
        reveal_sensitive: p.reveal_sensitive == 1,
        languages: crate::model::set_from_column(&p.languages),
        languages_vis: p.languages_vis,
        bio: p.bio,
        bio_vis: p.bio_vis,
        contact_email: p.contact_email,
        contact_email_vis: p.contact_email_vis,
        groups_vis: p.groups_vis,
        reveal_hidden_groups: p.reveal_hidden_groups == 1,
    })
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

/// Update the token owner's profile: only the keys given change; bad input changes nothing and
/// says what is wrong, in the owner's language.
#[utoipa::path(put, path = "/api/v1/members/me/profile", security(("bearer" = [])),
    request_body(content = MyProfile, description = "Any of the profile's keys"),
    responses(
        (status = 200, description = "The profile as saved", body = MyProfile),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
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
            Ok(Json(profile_body(&state, profile).await?).into_response())
        }
        Err(errors) => Ok(bad(&state, &user, &errors)),
    }
}

/// This feature's JSON API, each route described by its handler.
pub fn routes() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(people))
        .routes(routes!(person))
        .routes(routes!(organisations))
        .routes(routes!(my_profile, update_my_profile))
        .routes(routes!(super::api_memberships::memberships))
        .routes(routes!(super::api_memberships::applications))
        .routes(routes!(super::api_memberships::approve))
}

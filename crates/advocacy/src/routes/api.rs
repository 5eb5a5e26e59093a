//! The letters API: start a campaign (administrators, communications or editors, with two-factor
//! authentication) and read its counts.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rendezvous_accounts::api::ApiUser;
use rendezvous_platform::AppState;
use rendezvous_platform::api::{ApiRouter, FieldProblems, Refused};
use rendezvous_platform::web::AppError;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::routes;

use crate::ids::LetterId;
use crate::letters::{self, LetterError, LetterInput, Totals};
use crate::model::TargetKind;
use crate::roles::require_campaigner;
use crate::store::letters::{self as store, TargetCount};

/// A campaign started.
#[derive(Serialize, ToSchema)]
pub struct LetterCreated {
    id: LetterId,
    /// The public page where people write.
    url: String,
}

/// A campaign and its counts (numbers only: never who wrote).
#[derive(Serialize, ToSchema)]
pub struct LetterCounts {
    id: LetterId,
    slug: String,
    url: String,
    title_en: String,
    title_fr: String,
    targets: TargetKind,
    goal: Option<i64>,
    /// RFC 3339; none when it has no end.
    ends_at: Option<String>,
    totals: Totals,
    /// Letters opened in the writer's own mail client (nothing else is known of them).
    mailto_opened: i64,
    per_target: Vec<TargetCount>,
}

fn url(state: &AppState, slug: &str) -> String {
    format!("{}/act/{slug}", state.base_url)
}

/// Starts a letter campaign.
#[utoipa::path(post, path = "/api/v1/letters", security(("bearer" = [])), request_body = LetterInput,
    responses(
        (status = 201, description = "Campaign started", body = LetterCreated),
        (status = 403, description = "Not an administrator, communications or editor with two-factor authentication"),
        (status = 409, description = "The slug is taken", body = Refused),
        (status = 422, description = "Bad input", body = FieldProblems),
    ))]
pub async fn create_letter(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Json(input): Json<LetterInput>,
) -> Result<Response, AppError> {
    let user = require_campaigner(user)?;
    match letters::create(&state, Some(user.id.0), &input).await {
        Ok(id) => {
            let body = LetterCreated { id, url: url(&state, input.slug.trim()) };
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        Err(LetterError::Invalid(problems)) => Ok(FieldProblems::response(&state, user.lang, &problems)),
        Err(LetterError::SlugTaken) => {
            Ok(Refused::response(&state, user.lang, StatusCode::CONFLICT, "letters-error-slug-taken"))
        }
        Err(LetterError::Failed(e)) => Err(e.into()),
    }
}

/// A campaign's counts, in all and per target.
#[utoipa::path(get, path = "/api/v1/letters/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The campaign's id")),
    responses(
        (status = 200, description = "The campaign and its counts", body = LetterCounts),
        (status = 403, description = "Not an administrator, communications or editor with two-factor authentication"),
        (status = 404, description = "No such campaign"),
    ))]
pub async fn letter_counts(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<LetterId>,
) -> Result<Json<LetterCounts>, AppError> {
    require_campaigner(user)?;
    let letter = store::letter(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let (totals, per_target) = letters::counts(&state, id).await?;
    Ok(Json(LetterCounts {
        id,
        url: url(&state, &letter.slug),
        slug: letter.slug,
        title_en: letter.title_en,
        title_fr: letter.title_fr,
        targets: letter.target_kind,
        goal: letter.goal,
        ends_at: letter.ends_at.and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok()).map(|t| t.to_string()),
        totals,
        mailto_opened: letter.mailto_opened,
        per_target,
    }))
}

pub fn routes() -> ApiRouter {
    ApiRouter::new().routes(routes!(create_letter)).routes(routes!(letter_counts))
}

//! "Your data": download everything held about you, or erase your account.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use rendezvous_platform::AppState;
use rendezvous_platform::personal_data::ContentChoice;
use rendezvous_platform::web::{
    AppError, FieldErrors, Form, PageContext, SignedIn, redirect_with_flash, render, render_status,
};
use serde::Deserialize;

use crate::{data, password, store};

pub async fn export(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Response, AppError> {
    let body = data::export(&state, user.id).await?;
    let json = serde_json::to_string_pretty(&body).map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"my-rendezvous-data.json\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        json,
    )
        .into_response())
}

#[derive(askama::Template)]
#[template(path = "erase.html")]
struct ErasePage {
    ctx: PageContext,
    errors: FieldErrors,
    /// The choice made, kept when the form comes back with an error.
    content: String,
}

pub async fn erase_form(ctx: PageContext, _: SignedIn) -> Result<Response, AppError> {
    render(&ErasePage { ctx, errors: FieldErrors::default(), content: String::new() })
}

#[derive(Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    content: String,
}

pub async fn erase_submit(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
    jar: CookieJar,
    Form(form): Form<EraseForm>,
) -> Result<Response, AppError> {
    let row = store::user_by_id(&state.db, user.id).await?.ok_or(AppError::Unauthorized)?;
    let mut errors = FieldErrors::default();
    let choice = match form.content.as_str() {
        "delete" => Some(ContentChoice::Delete),
        "keep" => Some(ContentChoice::KeepAsFormerMember),
        _ => {
            errors.add("content", "erase-choice-missing");
            None
        }
    };
    if !password::verify(&form.password, &row.password_hash).await? {
        errors.add("password", "password-current-wrong");
    }
    let Some(choice) = choice.filter(|_| errors.is_empty()) else {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &ErasePage { ctx, errors, content: form.content });
    };
    data::erase(&state, user.id, choice).await?;
    Ok((jar.remove(super::removal_cookie()), redirect_with_flash("/", "erase-done")).into_response())
}

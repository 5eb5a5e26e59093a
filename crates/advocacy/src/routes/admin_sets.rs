//! Target sets kept by hand: a new (empty) set, its names, a representative added, one retired.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{
    AppError, FieldErrors, FormPairs, PageContext, SignedIn, redirect_with_flash, render, render_status,
};

use super::admin_targets::{set_or_404, set_view};
use crate::ids::TargetId;
use crate::roles::require_campaigner;
use crate::sets::{self, NewTarget, Problems};
use crate::store::targets as store;

#[derive(askama::Template)]
#[template(path = "admin/set_new.html")]
struct NewSetPage {
    ctx: PageContext,
    errors: FieldErrors,
    form: FormPairs,
}

impl NewSetPage {
    fn value(&self, name: &str) -> String {
        self.form.first(name)
    }
}

fn field_errors(problems: Problems) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for (field, message) in problems {
        errors.add(field, message);
    }
    errors
}

pub async fn new_form(SignedIn(user): SignedIn, ctx: PageContext) -> Result<Response, AppError> {
    require_campaigner(user)?;
    render(&NewSetPage { ctx, errors: FieldErrors::default(), form: FormPairs(Vec::new()) })
}

pub async fn create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    form: FormPairs,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let made =
        sets::create(&state.db, &state.clock, &form.first("slug"), &form.first("name_en"), &form.first("name_fr"))
            .await?;
    match made {
        Ok(_) => {
            let slug = form.first("slug");
            Ok(redirect_with_flash(&format!("/admin/letters/sets/{}", slug.trim()), "sets-created"))
        }
        Err(problems) => {
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &NewSetPage { ctx, errors: field_errors(problems), form })
        }
    }
}

pub async fn rename(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(slug): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let set = set_or_404(&state, &slug).await?;
    match sets::rename(&state.db, set.id, &form.first("name_en"), &form.first("name_fr")).await? {
        Ok(()) => Ok(redirect_with_flash(&format!("/admin/letters/sets/{}", set.slug), "sets-renamed")),
        Err(problems) => {
            let page = set_view(&state, ctx, set, None, None, field_errors(problems), form).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

pub async fn add_target(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(slug): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let set = set_or_404(&state, &slug).await?;
    let new = NewTarget {
        name: form.first("name"),
        district: form.first("district"),
        province: form.first("province"),
        email: form.first("email"),
        office: form.first("office"),
        party: form.first("party"),
    };
    match sets::add_target(&state.db, &state.clock, set.id, &new).await? {
        Ok(_) => Ok(redirect_with_flash(&format!("/admin/letters/sets/{}", set.slug), "sets-target-added")),
        Err(problems) => {
            let page = set_view(&state, ctx, set, None, None, field_errors(problems), form).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

pub async fn retire(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<TargetId>,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let target = store::target(&state.db, id).await?.ok_or(AppError::NotFound)?;
    sets::retire(&state.db, &state.clock, id).await?;
    let back = match target.set_id {
        Some(set) => store::set_by_id(&state.db, set).await?.map(|s| format!("/admin/letters/sets/{}", s.slug)),
        None => None,
    };
    Ok(redirect_with_flash(&back.unwrap_or_else(|| "/admin/letters".into()), "sets-target-retired"))
}

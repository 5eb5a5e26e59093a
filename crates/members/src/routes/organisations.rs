//! An organisation's profile, edited by its delegates (or an administrator), and the partners
//! flag an administrator sets.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::auth::Role;
use rendezvous_platform::web::{
    AdminUser, AppError, FieldErrors, Form, PageContext, SignedIn, redirect_with_flash, render, render_status,
};
use rendezvous_platform::{AppState, audit};

use crate::organisations::{self, EditError, OrganisationForm};
use crate::store::organisations::{self as store, OrganisationRow};

#[derive(askama::Template)]
#[template(path = "org_edit.html")]
struct EditPage {
    ctx: PageContext,
    row: OrganisationRow,
    org: OrganisationForm,
    errors: FieldErrors,
}

async fn editable(
    state: &AppState,
    id: i64,
    user: &rendezvous_platform::auth::AuthUser,
) -> Result<OrganisationRow, AppError> {
    let row = store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !organisations::may_edit(state, id, user.id, user.can_use(Role::Admin)).await? {
        return Err(AppError::Forbidden);
    }
    Ok(row)
}

pub async fn edit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let row = editable(&state, id, &user).await?;
    let org = OrganisationForm::from_row(&row);
    render(&EditPage { ctx, row, org, errors: FieldErrors::default() })
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<i64>,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let row = editable(&state, id, &user).await?;
    let org = OrganisationForm::from_map(&map);
    match organisations::update(&state, id, user.id, user.can_use(Role::Admin), &org).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/directory/organisations/{id}"), "org-saved")),
        Err(EditError::Invalid(errors)) => {
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &EditPage { ctx, row, org, errors })
        }
        Err(EditError::NotDelegate) => Err(AppError::Forbidden),
        Err(EditError::NotFound) => Err(AppError::NotFound),
        Err(EditError::Db(e)) => Err(e.into()),
    }
}

#[derive(serde::Deserialize)]
pub struct PartnerForm {
    partner: String,
}

pub async fn set_partner(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<i64>,
    Form(form): Form<PartnerForm>,
) -> Result<Response, AppError> {
    store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let partner = form.partner == "1";
    store::set_partner(&state.db, id, partner).await?;
    audit::record(
        &state.db,
        &state.clock,
        Some(admin.id),
        "organisation.partner",
        None,
        &format!("org {id} {partner}"),
    )
    .await?;
    Ok(redirect_with_flash(&format!("/directory/organisations/{id}"), "org-saved"))
}

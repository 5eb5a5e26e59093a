//! An organisation's profile, edited by its delegates (or an administrator), and the partners
//! flag an administrator sets.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::auth::{AuthUser, Role, UserId};
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
    /// (user id, name, role), shown to whoever may manage them.
    delegates: Vec<(i64, String, String)>,
    may_manage: bool,
}

async fn edit_page(
    state: &AppState,
    ctx: PageContext,
    row: OrganisationRow,
    org: OrganisationForm,
    errors: FieldErrors,
    user: &AuthUser,
) -> Result<EditPage, AppError> {
    let may_manage = organisations::may_manage_delegates(state, row.id, user.id, user.can_use(Role::Admin)).await?;
    let rows = store::delegates(&state.db, row.id).await?;
    let ids: Vec<UserId> = rows.iter().map(|d| UserId(d.user_id)).collect();
    let names = state.users.display_names(&ids).await.map_err(AppError::Internal)?;
    let delegates = rows
        .into_iter()
        .map(|d| (d.user_id, names.get(&UserId(d.user_id)).cloned().unwrap_or_default(), d.role))
        .collect();
    Ok(EditPage { ctx, row, org, errors, delegates, may_manage })
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
    render(&edit_page(&state, ctx, row, org, FieldErrors::default(), &user).await?)
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
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, ctx, row, org, errors, &user).await?)
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

#[derive(serde::Deserialize)]
pub struct DelegateForm {
    action: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    user_id: Option<i64>,
}

/// The primary contact adds a delegate by the address of their account, or removes one.
pub async fn delegates(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<DelegateForm>,
) -> Result<Response, AppError> {
    editable(&state, id, &user).await?;
    // Only the primary contact (or an administrator) gets any answer about an address, and the
    // same answer whether or not it has an account: delegates cannot probe who is in the network.
    if !organisations::may_manage_delegates(&state, id, user.id, user.can_use(Role::Admin)).await? {
        return Err(AppError::Forbidden);
    }
    let target = match form.action.as_str() {
        "add" => {
            rendezvous_accounts::store::user_by_email(&state.db, &form.email.trim().to_lowercase()).await?.map(|u| u.id)
        }
        "remove" => form.user_id,
        _ => return Err(AppError::BadRequest("error-form-invalid")),
    };
    let Some(target) = target else {
        return Ok(redirect_with_flash(&format!("/organisations/{id}/edit"), "org-delegate-added-if-account"));
    };
    match organisations::set_delegate(&state, id, user.id, user.can_use(Role::Admin), target, form.action == "add")
        .await
    {
        Ok(()) if form.action == "add" => {
            Ok(redirect_with_flash(&format!("/organisations/{id}/edit"), "org-delegate-added-if-account"))
        }
        Ok(()) => Ok(redirect_with_flash(&format!("/organisations/{id}/edit"), "org-saved")),
        Err(EditError::NotDelegate) => Err(AppError::Forbidden),
        Err(EditError::NotFound) => Err(AppError::NotFound),
        Err(EditError::Db(e)) => Err(e.into()),
        Err(EditError::Invalid(_)) => Err(AppError::BadRequest("error-form-invalid")),
    }
}

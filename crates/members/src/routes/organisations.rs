//! An organisation's profile, edited by its delegates (or an administrator), and the partners
//! flag an administrator sets.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::auth::{AuthUser, Role, UserId};
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::web::{
    AdminUser, AppError, FieldErrors, Form, PageContext, SignedIn, redirect_with_flash, render, render_status,
};
use rendezvous_platform::{AppState, audit};

use crate::ids::OrganisationId;
use crate::invitations;
use crate::model::DelegateRole;
use crate::organisations::{self, EditError, OrganisationForm};
use crate::store::invitations::{self as invitation_store, Target};
use crate::store::organisations::{self as store, OrganisationRow};

#[derive(askama::Template)]
#[template(path = "org_edit.html")]
struct EditPage {
    ctx: PageContext,
    row: OrganisationRow,
    org: OrganisationForm,
    errors: FieldErrors,
    /// (user id, name, role), shown to whoever may manage them.
    delegates: Vec<(UserId, String, DelegateRole)>,
    /// Addresses invited and not yet answered: only what the inviter typed.
    pending: Vec<String>,
    may_manage: bool,
    /// The address typed in the invitation form, kept when it is refused.
    email: String,
    /// A delegate sees the names but cannot change them (see `organisations::update`).
    names_locked: bool,
}

async fn edit_page(
    state: &AppState,
    ctx: PageContext,
    row: OrganisationRow,
    org: OrganisationForm,
    errors: FieldErrors,
    user: &AuthUser,
) -> Result<EditPage, AppError> {
    let may_manage = organisations::may_manage_delegates(state, row.id, user.id, user.can_use(Role::ADMIN)).await?;
    let rows = store::delegates(&state.db, row.id).await?;
    let ids: Vec<UserId> = rows.iter().map(|d| d.user_id).collect();
    let names = state.users.display_names(&ids).await.map_err(AppError::Internal)?;
    let delegates =
        rows.into_iter().map(|d| (d.user_id, names.get(&d.user_id).cloned().unwrap_or_default(), d.role)).collect();
    let pending = if may_manage {
        invitation_store::pending(&state.db, Target::Organisation(row.id), state.clock.now_ms()).await?
    } else {
        Vec::new()
    };
    let names_locked = !user.can_use(Role::ADMIN);
    Ok(EditPage { ctx, row, org, errors, delegates, pending, may_manage, email: String::new(), names_locked })
}

async fn editable(
    state: &AppState,
    id: OrganisationId,
    user: &rendezvous_platform::auth::AuthUser,
) -> Result<OrganisationRow, AppError> {
    let row = store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    // Those who may not edit get the answer of a missing organisation: a hidden one must not
    // show that it exists.
    if !organisations::may_edit(state, id, user.id, user.can_use(Role::ADMIN)).await? {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

pub async fn edit(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<OrganisationId>,
) -> Result<Response, AppError> {
    let row = editable(&state, id, &user).await?;
    let org = OrganisationForm::from_row(&row);
    render(&edit_page(&state, ctx, row, org, FieldErrors::default(), &user).await?)
}

pub async fn save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<OrganisationId>,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let row = editable(&state, id, &user).await?;
    let mut org = OrganisationForm::from_map(&map);
    if !user.can_use(Role::ADMIN) {
        // A delegate's page shows the names it cannot change (organisations::update keeps them).
        org.name_en = row.name_en.clone();
        org.name_fr = row.name_fr.clone();
    }
    match organisations::update(&state, id, user.id, user.can_use(Role::ADMIN), &org).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/directory/organisations/{id}"), "org-saved")),
        Err(EditError::Invalid(errors)) => {
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(&state, ctx, row, org, errors, &user).await?)
        }
        Err(EditError::NotDelegate | EditError::NotFound) => Err(AppError::NotFound),
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
    Path(id): Path<OrganisationId>,
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
    user_id: Option<UserId>,
}

/// The primary contact invites a delegate by address, withdraws an invitation, or removes a
/// delegate. An invitation answers the same whether or not the address has an account, and
/// nobody becomes a delegate before accepting.
pub async fn delegates(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<OrganisationId>,
    Form(form): Form<DelegateForm>,
) -> Result<Response, AppError> {
    let row = editable(&state, id, &user).await?;
    let is_admin = user.can_use(Role::ADMIN);
    if !organisations::may_manage_delegates(&state, id, user.id, is_admin).await? {
        return Err(AppError::Forbidden);
    }
    let back = format!("/organisations/{id}/edit");
    match form.action.as_str() {
        "add" => match EmailAddress::parse(&form.email) {
            Ok(email) => {
                invitations::invite(&state, Target::Organisation(id), user.id, &email, ctx.lang)
                    .await
                    .map_err(AppError::Internal)?;
                Ok(redirect_with_flash(&back, "org-invitation-sent"))
            }
            Err(message) => {
                let mut errors = FieldErrors::default();
                errors.add("email", message);
                let org = OrganisationForm::from_row(&row);
                let mut page = edit_page(&state, ctx, row, org, errors, &user).await?;
                page.email = form.email;
                render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
            }
        },
        "withdraw" => {
            invitation_store::withdraw(&state.db, Target::Organisation(id), &form.email.trim().to_lowercase()).await?;
            Ok(redirect_with_flash(&back, "org-saved"))
        }
        "remove" => {
            let target = form.user_id.ok_or(AppError::BadRequest("error-form-invalid"))?;
            match organisations::remove_delegate(&state, id, user.id, is_admin, target).await {
                Ok(()) => Ok(redirect_with_flash(&back, "org-saved")),
                Err(EditError::NotDelegate) => Err(AppError::Forbidden),
                Err(EditError::NotFound) => Err(AppError::NotFound),
                Err(EditError::Db(e)) => Err(e.into()),
                Err(EditError::Invalid(_)) => Err(AppError::BadRequest("error-form-invalid")),
            }
        }
        _ => Err(AppError::BadRequest("error-form-invalid")),
    }
}

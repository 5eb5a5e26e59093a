//! The page an invitation link opens, and its button: signed in with the invited address, the
//! person accepts; otherwise the page says what to do first, and reveals nothing of the
//! invitation.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, Form, PageContext, SignedIn, Viewer, redirect_with_flash, render_status};
use serde::Deserialize;

use crate::invitations::{self, PATH, Standing};
use crate::store::groups as group_store;
use crate::store::invitations::Target;

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    token: String,
}

#[derive(askama::Template)]
#[template(path = "membership/invitation.html")]
struct InvitationPage {
    ctx: PageContext,
    token: String,
    /// What the page says: "signed-out", "unknown", "other-address" or "yours".
    case: &'static str,
    /// The organisation's or group's name, only for the invited person.
    name: String,
    for_group: bool,
    login_next: String,
}

fn page(ctx: PageContext, token: &str, case: &'static str, name: String, for_group: bool) -> InvitationPage {
    let back = format!("{PATH}?token={token}");
    let login_next = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
    InvitationPage { ctx, token: token.to_owned(), case, name, for_group, login_next }
}

async fn described(state: &AppState, ctx: PageContext, token: &str, standing: Standing) -> Result<Response, AppError> {
    let (status, view) = match standing {
        Standing::Unknown => (StatusCode::GONE, page(ctx, token, "unknown", String::new(), false)),
        Standing::OtherAddress => (StatusCode::FORBIDDEN, page(ctx, token, "other-address", String::new(), false)),
        Standing::Yours(_, target) => {
            let name = invitations::target_name(state, target, ctx.lang).await?.unwrap_or_default();
            (StatusCode::OK, page(ctx, token, "yours", name, matches!(target, Target::Group(_))))
        }
    };
    render_status(status, &view)
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    ctx: PageContext,
    Query(q): Query<TokenForm>,
) -> Result<Response, AppError> {
    let Some(user) = viewer.user else {
        return render_status(StatusCode::OK, &page(ctx, &q.token, "signed-out", String::new(), false));
    };
    let standing = invitations::standing(&state, &q.token, &user).await?;
    described(&state, ctx, &q.token, standing).await
}

pub async fn accept(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    match invitations::accept(&state, &form.token, &user).await.map_err(AppError::Internal)? {
        Ok(Target::Organisation(id)) => {
            Ok(redirect_with_flash(&format!("/organisations/{id}/edit"), "invitation-accepted"))
        }
        Ok(Target::Group(id)) => {
            let slug = group_store::by_id(&state.db, id).await?.map(|g| g.slug).ok_or(AppError::NotFound)?;
            Ok(redirect_with_flash(&format!("/groups/{slug}"), "invitation-accepted"))
        }
        Err(standing) => described(&state, ctx, &form.token, standing).await,
    }
}

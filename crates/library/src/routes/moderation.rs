//! The one moderation queue for everything the public submits: each item with what was typed
//! (editable), a warning when it may name a person, and approve or reject with a reason.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{
    AppError, FieldErrors, FormPairs, PageContext, SignedIn, redirect_with_flash, render, render_status,
};

use crate::ids::SubmissionId;
use crate::roles::require_moderator;
use crate::store::submissions::{self as store, SubmissionRow};
use crate::submissions::{self, DecideError, MEMBER_COMMENTS_SKIP_QUEUE};

#[derive(askama::Template)]
#[template(path = "admin/submissions.html")]
struct QueuePage {
    ctx: PageContext,
    queue: Vec<SubmissionRow>,
    members_skip: bool,
}

pub async fn queue(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
) -> Result<Response, AppError> {
    require_moderator(user)?;
    let queue = store::queued(&state.db).await?;
    let members_skip = store::option(&state.db, MEMBER_COMMENTS_SKIP_QUEUE).await?;
    render(&QueuePage { ctx, queue, members_skip })
}

pub async fn options(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    form: FormPairs,
) -> Result<Response, AppError> {
    let user = require_moderator(user)?;
    if !user.can_use(rendezvous_platform::auth::Role::ADMIN) {
        return Err(AppError::Forbidden);
    }
    store::set_option(&state.db, MEMBER_COMMENTS_SKIP_QUEUE, form.first("members_skip") == "on").await?;
    Ok(redirect_with_flash("/admin/submissions", "submit-options-saved"))
}

#[derive(askama::Template)]
#[template(path = "admin/submission.html")]
struct ItemPage {
    ctx: PageContext,
    item: SubmissionRow,
    fields: BTreeMap<String, String>,
    errors: FieldErrors,
    reason: String,
}

impl ItemPage {
    fn label_id(&self, name: &str) -> &'static str {
        submissions::field_label_id(name)
    }
    fn is_long(&self, name: &str) -> bool {
        name.starts_with("description")
            || name.starts_with("body")
            || name.starts_with("summary")
            || name == "how_to_apply"
    }
}

pub async fn item(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<SubmissionId>,
) -> Result<Response, AppError> {
    require_moderator(user)?;
    let item = store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let fields = item.field_map();
    render(&ItemPage { ctx, item, fields, errors: FieldErrors::default(), reason: String::new() })
}

pub async fn decide(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<SubmissionId>,
    form: FormPairs,
) -> Result<Response, AppError> {
    let user = require_moderator(user)?;
    let item = store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    // The fields as the moderator left them (only the submission's own names are read).
    let fields: BTreeMap<String, String> = item
        .field_map()
        .into_keys()
        .map(|k| {
            let v = form.first(&k);
            (k, v)
        })
        .collect();
    let reason = form.first("reason");
    let result = match form.first("decision").as_str() {
        "approve" => submissions::approve(&state, id, &fields, &user).await.map(|_| "submit-approved"),
        "reject" => submissions::reject(&state, id, &reason, &user).await.map(|()| "submit-rejected"),
        _ => Err(DecideError::Invalid(vec![("decision", "submit-error-decision")])),
    };
    match result {
        Ok(flash) => Ok(redirect_with_flash("/admin/submissions", flash)),
        Err(DecideError::Decided) => Ok(redirect_with_flash("/admin/submissions", "submit-decided-already")),
        Err(DecideError::NotFound) => Err(AppError::NotFound),
        Err(DecideError::Failed(e)) => Err(AppError::Internal(e)),
        Err(DecideError::Invalid(problems)) => {
            let mut errors = FieldErrors::default();
            for (field, message) in problems {
                errors.add(field, message);
            }
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &ItemPage { ctx, item, fields, errors, reason })
        }
    }
}

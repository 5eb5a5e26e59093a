//! Admin: the members list (filters, counts), manual add, the review of one application
//! (approve, reject with a reason, ask for more), status changes and the CSV export. All audited.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use rendezvous_platform::auth::UserId;
use rendezvous_platform::web::{
    AdminUser, AppError, FieldErrors, Form, PageContext, redirect_with_flash, render, render_status,
};
use rendezvous_platform::{AppState, audit};
use serde::Deserialize;

use super::membership::{Held, held};
use crate::csv_export::{self, ExportRow};
use crate::directory::categories_by_id;
use crate::ids::MembershipId;
use crate::ids::MembershipTypeId;
use crate::memberships::{self, MembershipError};
use crate::model::{MAX_TEXT, Status, optional_text};
use crate::store::catalogue::{self, CategoryRow, TypeRow};
use crate::store::memberships::{self as store, AdminFilter};
use crate::store::{groups, organisations, profiles};
use crate::visibility::{DirectoryViewer, Purpose, Standing, person_view};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    type_id: String,
    #[serde(default)]
    category: String,
    page: Option<i64>,
}

impl ListQuery {
    fn filter(&self, categories: &[CategoryRow]) -> AdminFilter {
        AdminFilter {
            status: Status::parse(&self.status),
            type_id: self.type_id.parse().ok(),
            category_id: categories.iter().find(|c| c.slug == self.category).map(|c| c.id),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "admin/members.html")]
struct MembersPage {
    ctx: PageContext,
    rows: Vec<(Held, String)>,
    counts: Vec<(Status, i64)>,
    types: Vec<TypeRow>,
    categories: Vec<CategoryRow>,
    query: ListQuery,
    page: i64,
    has_more: bool,
    errors: FieldErrors,
    add: AddForm,
}

impl MembersPage {
    fn statuses(&self) -> &'static [Status] {
        Status::ALL
    }
}

#[derive(Deserialize, Default)]
pub struct AddForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    add_type: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    add_category: String,
}

const PER_PAGE: i64 = 100;

async fn members_page(
    state: &AppState,
    ctx: PageContext,
    query: ListQuery,
    errors: FieldErrors,
    add: AddForm,
) -> Result<MembersPage, AppError> {
    let categories = catalogue::categories(&state.db).await?;
    let page = query.page.unwrap_or(1).clamp(1, 100_000);
    let mut rows =
        store::admin_list(&state.db, &query.filter(&categories), PER_PAGE + 1, (page - 1) * PER_PAGE).await?;
    let has_more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let ids: Vec<UserId> = rows.iter().map(|r| r.user_id).collect();
    let names = state.users.display_names(&ids).await.map_err(AppError::Internal)?;
    let rows = held(state, rows)
        .await?
        .into_iter()
        .map(|h| {
            let name = names.get(&h.membership.user_id).cloned().unwrap_or_default();
            (h, name)
        })
        .collect();
    let all = store::status_counts(&state.db).await?;
    let counts =
        Status::ALL.iter().map(|s| (*s, all.iter().find(|(st, _)| st == s.as_str()).map_or(0, |c| c.1))).collect();
    let types = catalogue::types(&state.db).await?;
    Ok(MembersPage { ctx, rows, counts, types, categories, query, page, has_more, errors, add })
}

pub async fn index(
    State(state): State<AppState>,
    _: AdminUser,
    ctx: PageContext,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    render(&members_page(&state, ctx, query, FieldErrors::default(), AddForm::default()).await?)
}

/// Adds a membership for an existing account, by its address (and an organisation by name).
pub async fn add(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ctx: PageContext,
    Form(form): Form<AddForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::default();
    let account = rendezvous_accounts::user_by_email(&state.db, &form.email.trim().to_lowercase())
        .await?
        .filter(|_| !form.email.trim().is_empty());
    if account.is_none() {
        errors.add("email", "members-error-no-account");
    }
    let type_id = form.add_type.parse::<MembershipTypeId>().ok();
    if type_id.is_none() {
        errors.add("add_type", "members-error-no-type");
    }
    let organisation = match form.organisation.trim() {
        "" => None,
        name => match organisations::by_name(&state.db, name).await? {
            Some(o) => Some(o.id),
            None => {
                errors.add("organisation", "members-error-no-organisation");
                None
            }
        },
    };
    let categories = catalogue::categories(&state.db).await?;
    let category_id = categories.iter().find(|c| c.slug == form.add_category).map(|c| c.id);
    if let (Some(account), Some(type_id), true) = (account, type_id, errors.is_empty()) {
        match memberships::add_by_admin(&state, admin.id, account.id, type_id, organisation, category_id).await {
            Ok(id) => return Ok(redirect_with_flash(&format!("/admin/members/{id}"), "members-added")),
            Err(MembershipError::Other(e)) => return Err(AppError::Internal(e)),
            Err(e) => errors.add("add_type", e.message_id()),
        }
    }
    let page = members_page(&state, ctx, ListQuery::default(), errors, form).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(askama::Template)]
#[template(path = "admin/member.html")]
struct MemberPage {
    ctx: PageContext,
    held: Held,
    name: String,
    email: String,
    category: Option<CategoryRow>,
    questions: Vec<String>,
    answers: Vec<String>,
    errors: FieldErrors,
    /// The decision note as typed, kept when the decision is refused.
    note: String,
}

impl MemberPage {
    fn answer(&self, i: &usize) -> &str {
        self.answers.get(*i).map(String::as_str).unwrap_or_default()
    }
}

async fn member_page(
    state: &AppState,
    ctx: PageContext,
    id: MembershipId,
    errors: FieldErrors,
) -> Result<MemberPage, AppError> {
    let row = store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let user = state.users.user_by_id(row.user_id).await.map_err(AppError::Internal)?;
    let categories = categories_by_id(state).await?;
    let category = row.category_id.and_then(|c| categories.get(&c).cloned());
    let held = held(state, vec![row]).await?.pop().ok_or(AppError::NotFound)?;
    let questions = held.kind.questions(ctx.lang);
    let answers = held.membership.answers();
    let (name, email) = user.map(|u| (u.display_name, u.email)).unwrap_or_default();
    Ok(MemberPage { ctx, held, name, email, category, questions, answers, errors, note: String::new() })
}

pub async fn show(
    State(state): State<AppState>,
    _: AdminUser,
    ctx: PageContext,
    Path(id): Path<MembershipId>,
) -> Result<Response, AppError> {
    render(&member_page(&state, ctx, id, FieldErrors::default()).await?)
}

#[derive(Deserialize)]
pub struct DecideForm {
    decision: String,
    #[serde(default)]
    note: String,
}

/// Approve, reject (a reason is required) or ask for more (a question is required).
pub async fn decide(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ctx: PageContext,
    Path(id): Path<MembershipId>,
    Form(form): Form<DecideForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::default();
    let note = match optional_text(&form.note, MAX_TEXT) {
        Ok(n) => n,
        Err(m) => {
            errors.add("note", m);
            String::new()
        }
    };
    if errors.is_empty() {
        let outcome = match form.decision.as_str() {
            "approve" => Some(memberships::activate(&state, id, Some(admin.id)).await),
            "reject" | "info" if note.is_empty() => {
                errors.add("note", "members-error-note-required");
                None
            }
            "reject" => Some(memberships::reject(&state, id, admin.id, &note).await),
            "info" => Some(memberships::request_info(&state, id, admin.id, &note).await),
            _ => return Err(AppError::BadRequest("error-form-invalid")),
        };
        match outcome {
            Some(Ok(())) => return Ok(redirect_with_flash(&format!("/admin/members/{id}"), "members-decided")),
            Some(Err(MembershipError::Other(e))) => return Err(AppError::Internal(e)),
            Some(Err(e)) => errors.add("note", e.message_id()),
            None => {}
        }
    }
    let mut page = member_page(&state, ctx, id, errors).await?;
    page.note = form.note;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
}

pub async fn status(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ctx: PageContext,
    Path(id): Path<MembershipId>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    let to = Status::parse(&form.status).ok_or(AppError::BadRequest("error-form-invalid"))?;
    match memberships::change_status(&state, id, admin.id, to).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/admin/members/{id}"), "members-status-changed")),
        Err(MembershipError::Other(e)) => Err(AppError::Internal(e)),
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("status", e.message_id());
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &member_page(&state, ctx, id, errors).await?)
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ExportQuery {
    #[serde(flatten)]
    list: HashMap<String, String>,
}

/// The members as CSV, under the list's filters. The sensitive category and hidden groups leave
/// only when `include_sensitive=1`, and that choice is audited. A POST (a form's button): an
/// export writes an audit row, and a link from elsewhere must not make one.
pub async fn export_csv(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Form(q): Form<ExportQuery>,
) -> Result<Response, AppError> {
    let get = |k: &str| q.list.get(k).cloned().unwrap_or_default();
    let include_sensitive = get("include_sensitive") == "1";
    let query = ListQuery { status: get("status"), type_id: get("type_id"), category: get("category"), page: None };
    let categories = catalogue::categories(&state.db).await?;
    let by_id = categories_by_id(&state).await?;
    let rows = store::admin_list(&state.db, &query.filter(&categories), i64::MAX, 0).await?;
    let types = catalogue::types(&state.db).await?;
    let viewer = DirectoryViewer { user_id: Some(admin.id), standing: Standing::Admin };
    let purpose = Purpose::Export { include_sensitive };
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let person = if m.organisation_id.is_none() {
            let profile = profiles::by_user(&state.db, m.user_id)
                .await?
                .unwrap_or_else(|| crate::store::profiles::ProfileRow::default_for(m.user_id));
            let category = profile.category_id.or(m.category_id).and_then(|id| by_id.get(&id));
            let person_groups = groups::of_user(&state.db, m.user_id).await?;
            person_view(&profile, category, &person_groups, &viewer, purpose)
        } else {
            None
        };
        let organisation = match m.organisation_id {
            Some(id) => organisations::by_id(&state.db, id).await?.map(|o| o.name_en).unwrap_or_default(),
            None => String::new(),
        };
        out.push(ExportRow {
            membership_id: m.id,
            type_slug: types.iter().find(|t| t.id == m.type_id).map(|t| t.slug.clone()).unwrap_or_default(),
            status: m.status.as_str().to_owned(),
            organisation,
            started_at: m.started_at,
            expires_at: m.expires_at,
            person,
        });
    }
    let body = csv_export::memberships(&out).map_err(AppError::internal)?;
    let detail = if include_sensitive { "members export including sensitive" } else { "members export" };
    let action = if include_sensitive { "members.export_sensitive" } else { "members.export" };
    audit::record(&state.db, &state.clock, Some(admin.id), action, None, detail).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"members.csv\""),
        ],
        body,
    )
        .into_response())
}

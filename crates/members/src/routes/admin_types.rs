//! Admin: membership types (created, opened and closed to applications) and member categories
//! (added and renamed; the sensitive flag is kept by whoever set it).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::db::is_unique_violation;
use rendezvous_platform::web::{
    AdminUser, AppError, FieldErrors, Form, PageContext, redirect_with_flash, render, render_status,
};
use rendezvous_platform::{AppState, audit};
use serde::Deserialize;

use crate::ids::MembershipTypeId;
use crate::model::{self, ForKind, MAX_NAME, MAX_TEXT, Term};
use crate::store::catalogue::{self, CategoryRow, NewType, TypeRow};

#[derive(askama::Template)]
#[template(path = "admin/types.html")]
struct TypesPage {
    ctx: PageContext,
    types: Vec<TypeRow>,
    categories: Vec<CategoryRow>,
    errors: FieldErrors,
    form: TypeForm,
    /// The category form as typed, kept when it is refused.
    category: CategoryForm,
}

#[derive(Deserialize, Default)]
pub struct TypeForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    name_fr: String,
    #[serde(default)]
    for_kind: String,
    #[serde(default)]
    term: String,
    #[serde(default)]
    term_months: String,
    #[serde(default)]
    needs_approval: Option<String>,
    #[serde(default)]
    implied_consent: Option<String>,
    #[serde(default)]
    questions_en: String,
    #[serde(default)]
    questions_fr: String,
    #[serde(default)]
    reminder_days: String,
    #[serde(default)]
    grace_days: String,
}

async fn page(state: &AppState, ctx: PageContext, errors: FieldErrors, form: TypeForm) -> Result<TypesPage, AppError> {
    let types = catalogue::types(&state.db).await?;
    let categories = catalogue::categories(&state.db).await?;
    Ok(TypesPage { ctx, types, categories, errors, form, category: CategoryForm::default() })
}

pub async fn index(State(state): State<AppState>, _: AdminUser, ctx: PageContext) -> Result<Response, AppError> {
    render(&page(&state, ctx, FieldErrors::default(), TypeForm::default()).await?)
}

fn days(input: &str, default: i64) -> Option<i64> {
    match input.trim() {
        "" => Some(default),
        n => n.parse().ok().filter(|d| (0..=365).contains(d)),
    }
}

pub async fn create(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ctx: PageContext,
    Form(form): Form<TypeForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::default();
    let slug = model::slug(&form.slug).map_err(|m| errors.add("slug", m)).ok();
    let name_en = model::required_text(&form.name_en, MAX_NAME).map_err(|m| errors.add("name_en", m)).ok();
    let name_fr = model::required_text(&form.name_fr, MAX_NAME).map_err(|m| errors.add("name_fr", m)).ok();
    let for_kind = ForKind::parse(&form.for_kind);
    if for_kind.is_none() {
        errors.add("for_kind", "members-error-for-kind");
    }
    let months = form.term_months.trim().parse().unwrap_or(0);
    let term = Term::from_columns(&form.term, if form.term == "annual" { 12 } else { months });
    if term.is_none() {
        errors.add("term", "members-error-term");
    }
    let questions_en =
        model::optional_text(&form.questions_en, MAX_TEXT).map_err(|m| errors.add("questions_en", m)).ok();
    let questions_fr =
        model::optional_text(&form.questions_fr, MAX_TEXT).map_err(|m| errors.add("questions_fr", m)).ok();
    let reminder_days = days(&form.reminder_days, 30);
    if reminder_days.is_none() {
        errors.add("reminder_days", "members-error-days");
    }
    let grace_days = days(&form.grace_days, 30);
    if grace_days.is_none() {
        errors.add("grace_days", "members-error-days");
    }
    if errors.is_empty() {
        let new = NewType {
            slug: slug.as_deref().unwrap_or_default(),
            name_en: name_en.as_deref().unwrap_or_default(),
            name_fr: name_fr.as_deref().unwrap_or_default(),
            for_kind: for_kind.unwrap_or(ForKind::Person),
            term: term.unwrap_or(Term::Annual),
            needs_approval: form.needs_approval.is_some(),
            questions_en: questions_en.as_deref().unwrap_or_default(),
            questions_fr: questions_fr.as_deref().unwrap_or_default(),
            implied_consent: form.implied_consent.is_some(),
            is_open: true,
            reminder_days: reminder_days.unwrap_or(30),
            grace_days: grace_days.unwrap_or(30),
        };
        match catalogue::insert_type(&state.db, &new, state.clock.now_ms()).await {
            Ok(id) => {
                audit::record(
                    &state.db,
                    &state.clock,
                    Some(admin.id),
                    "membership_type.create",
                    None,
                    &format!("type {id}"),
                )
                .await?;
                return Ok(redirect_with_flash("/admin/members/types", "members-type-created"));
            }
            Err(e) if is_unique_violation(&e) => errors.add("slug", "members-error-slug-taken"),
            Err(e) => return Err(e.into()),
        }
    }
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, ctx, errors, form).await?)
}

#[derive(Deserialize)]
pub struct OpenForm {
    open: String,
}

pub async fn set_open(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<MembershipTypeId>,
    Form(form): Form<OpenForm>,
) -> Result<Response, AppError> {
    let open = form.open == "1";
    if !catalogue::set_type_open(&state.db, id, open).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&state.db, &state.clock, Some(admin.id), "membership_type.open", None, &format!("type {id} {open}"))
        .await?;
    Ok(redirect_with_flash("/admin/members/types", "members-type-saved"))
}

#[derive(Deserialize, Default)]
pub struct CategoryForm {
    #[serde(default)]
    category_slug: String,
    #[serde(default)]
    category_en: String,
    #[serde(default)]
    category_fr: String,
    #[serde(default)]
    sensitive: Option<String>,
}

pub async fn save_category(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ctx: PageContext,
    Form(form): Form<CategoryForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::default();
    let slug = model::slug(&form.category_slug).map_err(|m| errors.add("category_slug", m)).ok();
    let en = model::required_text(&form.category_en, MAX_NAME).map_err(|m| errors.add("category_en", m)).ok();
    let fr = model::required_text(&form.category_fr, MAX_NAME).map_err(|m| errors.add("category_fr", m)).ok();
    if let (Some(slug), Some(en), Some(fr)) = (slug, en, fr) {
        // A category that is sensitive stays so: only a new category starts as the form says.
        let existing = catalogue::categories(&state.db).await?.into_iter().find(|c| c.slug == slug);
        let sensitive = existing.map_or(form.sensitive.is_some(), |c| c.is_sensitive() || form.sensitive.is_some());
        catalogue::upsert_category(&state.db, &slug, &en, &fr, sensitive).await?;
        audit::record(&state.db, &state.clock, Some(admin.id), "member_category.save", None, &slug).await?;
        return Ok(redirect_with_flash("/admin/members/types", "members-category-saved"));
    }
    let mut page = page(&state, ctx, errors, TypeForm::default()).await?;
    page.category = form;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

//! Target sets, their import, postal codes and election date, hand edits of a target, and the
//! committees page.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{
    AppError, FieldErrors, FormPairs, PageContext, SignedIn, redirect_with_flash, render, render_status,
};

use super::admin::today;
use crate::committees;
use crate::ids::TargetId;
use crate::roles::require_campaigner;
use crate::store::targets::{self as store, CommitteeRow, SetRow, TargetFields, TargetRow};
use crate::targets::{self, ImportReport, staleness};

#[derive(askama::Template)]
#[template(path = "admin/set.html")]
pub(super) struct SetPage {
    ctx: PageContext,
    set: SetRow,
    warning: Option<&'static str>,
    targets: Vec<TargetRow>,
    report: Option<ImportReport>,
    error: Option<&'static str>,
    /// The rename and add-a-representative forms' problems and what was typed.
    errors: FieldErrors,
    form: FormPairs,
}

impl SetPage {
    fn value(&self, name: &str) -> String {
        self.form.first(name)
    }
    /// The set's names as stored, unless the rename form came back.
    fn name_value(&self, name: &str) -> String {
        match name {
            _ if self.form.0.iter().any(|(k, _)| k == name) => self.form.first(name),
            "name_fr" => self.set.name_fr.clone(),
            _ => self.set.name_en.clone(),
        }
    }
}

pub(super) async fn set_or_404(state: &AppState, slug: &str) -> Result<SetRow, AppError> {
    store::set_by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

pub(super) async fn set_view(
    state: &AppState,
    ctx: PageContext,
    set: SetRow,
    report: Option<ImportReport>,
    error: Option<&'static str>,
    errors: FieldErrors,
    form: FormPairs,
) -> Result<SetPage, AppError> {
    let targets = store::targets_of_set(&state.db, set.id).await?;
    let warning = staleness(&set, state.clock.now_ms(), &today(state));
    Ok(SetPage { ctx, set, warning, targets, report, error, errors, form })
}

pub async fn set_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let set = set_or_404(&state, &slug).await?;
    render(&set_view(&state, ctx, set, None, None, FieldErrors::default(), FormPairs(Vec::new())).await?)
}

/// The uploaded file and the form's other fields.
async fn read_upload(mut multipart: Multipart) -> Result<(Vec<u8>, FormPairs), AppError> {
    let mut file = Vec::new();
    let mut fields = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|_| AppError::BadRequest("targets-upload-failed"))? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            file = field.bytes().await.map_err(|_| AppError::BadRequest("targets-upload-failed"))?.to_vec();
        } else {
            fields.push((name, field.text().await.unwrap_or_default()));
        }
    }
    Ok((file, FormPairs(fields)))
}

pub async fn import(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(slug): Path<String>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let set = set_or_404(&state, &slug).await?;
    let (file, _) = read_upload(multipart).await?;
    match targets::import(&state.db, &state.clock, &set.slug, None, None, &file).await {
        Ok(report) => {
            // Portraits can take a while (one request each): a job fetches them.
            state.jobs.enqueue(crate::targets::PHOTOS_JOB, &set.id).await.map_err(AppError::Internal)?;
            let set = set_or_404(&state, &slug).await?;
            render(
                &set_view(&state, ctx, set, Some(report), None, FieldErrors::default(), FormPairs(Vec::new())).await?,
            )
        }
        Err(targets::ImportError::Db(e)) => Err(e.into()),
        Err(e) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &set_view(&state, ctx, set, None, Some(e.message_id()), FieldErrors::default(), FormPairs(Vec::new()))
                .await?,
        ),
    }
}

pub async fn import_postcodes(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let set = set_or_404(&state, &slug).await?;
    let (file, _) = read_upload(multipart).await?;
    let (kept, _) = targets::import_postcodes(&state.db, set.id, &file).await?;
    let flash = if kept == 0 { "targets-postcodes-none" } else { "targets-postcodes-saved" };
    Ok(redirect_with_flash(&format!("/admin/letters/sets/{}", set.slug), flash))
}

pub async fn election(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let set = set_or_404(&state, &slug).await?;
    let day = form.first("election_on");
    let day = day.trim();
    if day.is_empty() {
        store::set_election(&state.db, set.id, None).await?;
    } else {
        let date: jiff::civil::Date = day.parse().map_err(|_| AppError::BadRequest("targets-error-election"))?;
        store::set_election(&state.db, set.id, Some(&date.to_string())).await?;
    }
    Ok(redirect_with_flash(&format!("/admin/letters/sets/{}", set.slug), "targets-election-saved"))
}

#[derive(askama::Template)]
#[template(path = "admin/target.html")]
struct TargetPage {
    ctx: PageContext,
    target: TargetRow,
    committees: String,
    errors: FieldErrors,
}

impl TargetPage {
    fn email(&self) -> &str {
        self.target.email.as_deref().unwrap_or_default()
    }
}

pub async fn target_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<TargetId>,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let target = store::target(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let committees = store::committees_of(&state.db, id).await?.join("; ");
    render(&TargetPage { ctx, target, committees, errors: FieldErrors::default() })
}

pub async fn target_save(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    Path(id): Path<TargetId>,
    form: FormPairs,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let mut target = store::target(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    let name = rendezvous_platform::validate::line(&form.first("name"), 200)
        .map_err(|_| errors.add("name", "targets-error-name"));
    let email = form.first("email");
    let email = if email.trim().is_empty() {
        None
    } else {
        rendezvous_platform::email::EmailAddress::parse(&email)
            .map(|e| e.normalized())
            .map_err(|m| errors.add("email", m))
            .ok()
    };
    let text = |name: &str| form.first(name).trim().chars().filter(|c| !c.is_control()).take(300).collect::<String>();
    let (district, office, party, phone, address) =
        (text("district"), text("office"), text("party"), text("phone"), text("address"));
    let Ok(name) = name.map(|n| n.to_owned()) else {
        target.email = email;
        let committees = store::committees_of(&state.db, id).await?.join("; ");
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &TargetPage { ctx, target, committees, errors });
    };
    if !errors.is_empty() {
        let committees = store::committees_of(&state.db, id).await?.join("; ");
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &TargetPage { ctx, target, committees, errors });
    }
    let fields = TargetFields {
        name: &name,
        first_name: &target.first_name,
        last_name: &target.last_name,
        district: &district,
        province: target.province.as_deref(),
        office: &office,
        party: &party,
        email: email.as_deref(),
        phone: &phone,
        address: &address,
        photo_url: target.photo_url.as_deref(),
        source_url: target.source_url.as_deref(),
    };
    store::edit_target(&state.db, id, &fields, state.clock.now_ms()).await?;
    let codes = crate::represent::committee_codes(&form.first("committees"));
    store::set_target_committees(&state.db, id, &codes, state.clock.now_ms()).await?;
    let back = match target.set_id {
        Some(set) => store::set_by_id(&state.db, set).await?.map(|s| format!("/admin/letters/sets/{}", s.slug)),
        None => None,
    };
    Ok(redirect_with_flash(&back.unwrap_or_else(|| "/admin/letters".into()), "targets-saved"))
}

#[derive(askama::Template)]
#[template(path = "admin/committees.html")]
struct CommitteesPage {
    ctx: PageContext,
    committees: Vec<CommitteeRow>,
    errors: FieldErrors,
    form: FormPairs,
}

impl CommitteesPage {
    fn value(&self, name: &str) -> String {
        self.form.first(name)
    }
}

pub async fn committees(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let committees = store::all_committees(&state.db).await?;
    render(&CommitteesPage { ctx, committees, errors: FieldErrors::default(), form: FormPairs(Vec::new()) })
}

pub async fn save_committee(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ctx: PageContext,
    form: FormPairs,
) -> Result<Response, AppError> {
    require_campaigner(user)?;
    let saved = committees::save(
        &state.db,
        &state.clock,
        &form.first("code"),
        &form.first("name_en"),
        &form.first("name_fr"),
        &form.first("url"),
    )
    .await?;
    match saved {
        Ok(()) => Ok(redirect_with_flash("/admin/letters/committees", "committees-saved")),
        Err(problems) => {
            let mut errors = FieldErrors::default();
            for (field, message) in problems {
                errors.add(field, message);
            }
            let committees = store::all_committees(&state.db).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &CommitteesPage { ctx, committees, errors, form })
        }
    }
}

//! Admin: upload a file to import into a list, then watch it run (the page refreshes itself while
//! the import runs, so no JavaScript is needed), then read the report and the rejected rows.

use crate::CommsUser;
use crate::ids::ImportId;
use crate::model::ImportStatus;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Redirect, Response};
use rendezvous_platform::web::{AppError, FieldErrors, PageContext, render, render_status};
use rendezvous_platform::{AppState, audit};

use crate::import::ImportReport;
use crate::import::job::{self, ImportJob};
use crate::model::ConsentKind;
use crate::store::{self, ImportRow, ListRow, NewImport};

#[derive(askama::Template)]
#[template(path = "admin/import.html")]
struct ImportForm {
    ctx: PageContext,
    list: ListRow,
    errors: FieldErrors,
    /// The consent kind chosen, kept when the form comes back with errors.
    consent: String,
    evidence: String,
    kinds: Vec<ConsentKind>,
}

fn stated_kinds() -> Vec<ConsentKind> {
    ConsentKind::ALL.into_iter().filter(|k| *k != ConsentKind::ExpressForm).collect()
}

pub async fn form(
    State(state): State<AppState>,
    _: CommsUser,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let list = store::list_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let page = ImportForm {
        ctx,
        list,
        errors: FieldErrors::default(),
        consent: String::new(),
        evidence: String::new(),
        kinds: stated_kinds(),
    };
    render(&page)
}

pub async fn upload(
    State(state): State<AppState>,
    CommsUser(user): CommsUser,
    ctx: PageContext,
    Path(slug): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let list = store::list_by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let (mut file, mut file_name, mut consent, mut evidence) =
        (Vec::new(), String::new(), String::new(), String::new());
    while let Some(field) = multipart.next_field().await.map_err(upload_error)? {
        match field.name().unwrap_or_default() {
            "file" => {
                file_name = field.file_name().unwrap_or("upload.csv").chars().take(200).collect();
                file = field.bytes().await.map_err(upload_error)?.to_vec();
            }
            "consent" => consent = field.text().await.unwrap_or_default(),
            "evidence" => evidence = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let mut errors = FieldErrors::default();
    // A file that cannot be imported at all is said here, beside the other fields, rather than
    // after a queued job fails.
    if file.is_empty() {
        errors.add("file", "import-file-empty");
    } else if let Err(e) = crate::import::parse::ImportFile::open(&file) {
        errors.add("file", e.message_id());
    }
    let kind = ConsentKind::parse_stated(&consent);
    if kind.is_none() {
        errors.add("consent", "consent-kind-missing");
    }
    if rendezvous_platform::validate::evidence(&evidence).is_none() {
        errors.add("evidence", "consent-evidence-missing");
    }
    if !errors.is_empty() && errors.get("file").is_none() {
        // Browsers never refill a file field: say so, or the person wonders where it went.
        errors.add("file", "import-file-choose-again");
    }
    let (Some(kind), true) = (kind, errors.is_empty()) else {
        let page = ImportForm { ctx, list, errors, consent, evidence, kinds: stated_kinds() };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let new = NewImport {
        list_id: list.id,
        file_name: &file_name,
        consent_kind: kind.as_str(),
        evidence: evidence.trim(),
        content: &file,
        created_by: Some(user.id),
        now: state.clock.now_ms(),
    };
    let id = store::create_import(&state.db, &new).await?;
    state.jobs.enqueue(job::KIND, &ImportJob { import_id: id }).await?;
    let detail = format!("import {id} into list {} ({} bytes, {})", list.id, file.len(), kind.as_str());
    audit::record(&state.db, &state.clock, Some(user.id), "list.import", None, &detail).await?;
    Ok(axum::response::IntoResponse::into_response(Redirect::to(&format!("/admin/imports/{id}"))))
}

/// A file over the upload limit gets its own message (the command line takes any size).
fn upload_error(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::BadRequest("import-file-too-large")
    } else {
        AppError::BadRequest("import-upload-failed")
    }
}

#[derive(askama::Template)]
#[template(path = "admin/import_progress.html")]
struct ProgressPage {
    ctx: PageContext,
    import: ImportRow,
    list: ListRow,
    percent: i64,
    report: Option<ImportReport>,
}

pub async fn progress(
    State(state): State<AppState>,
    _: CommsUser,
    ctx: PageContext,
    Path(id): Path<ImportId>,
) -> Result<Response, AppError> {
    let import = store::import_by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let list = store::list_by_id(&state.db, import.list_id).await?.ok_or(AppError::NotFound)?;
    let done = job::live_progress(id).map_or(import.done_bytes, |b| b as i64);
    let percent = if import.total_bytes > 0 { (done * 100 / import.total_bytes).clamp(0, 100) } else { 0 };
    let report = import.report.as_deref().and_then(|r| serde_json::from_str(r).ok());
    render(&ProgressPage { ctx, import, list, percent, report })
}

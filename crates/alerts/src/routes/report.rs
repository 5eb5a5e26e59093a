//! The public report form (anyone, no account, no JavaScript) and the receipt-code lookup.

use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::geo::Province;
use rendezvous_platform::ratelimit::Action;
use rendezvous_platform::web::client::ClientKey;
use rendezvous_platform::web::{AppError, FieldErrors, PageContext, render, render_status};
use serde::Deserialize;

use crate::reports::{self, ReportInput};
use crate::store::{self, ReportState};

#[derive(askama::Template)]
#[template(path = "alerts/report.html")]
struct ReportForm {
    ctx: PageContext,
    errors: FieldErrors,
    input: ReportInput,
    provinces: Vec<(&'static str, &'static str)>,
}

fn provinces(ctx: &PageContext) -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<_> = Province::ALL.iter().map(|p| (p.code(), p.name(ctx.lang))).collect();
    all.sort_by_key(|p| p.1);
    all
}

pub async fn form(ctx: PageContext) -> Result<Response, AppError> {
    let provinces = provinces(&ctx);
    render(&ReportForm { ctx, errors: FieldErrors::default(), input: ReportInput::default(), provinces })
}

#[derive(askama::Template)]
#[template(path = "alerts/report_sent.html")]
struct Sent {
    ctx: PageContext,
    code: String,
}

fn upload_error(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::BadRequest("alerts-report-photo-too-big")
    } else {
        AppError::BadRequest("alerts-report-upload-failed")
    }
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let mut input = ReportInput { lang: ctx.lang.code().to_owned(), ..ReportInput::default() };
    let mut honeypot = String::new();
    while let Some(field) = multipart.next_field().await.map_err(upload_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "photo" {
            let bytes = field.bytes().await.map_err(upload_error)?;
            // An empty file field is a form sent without a photo.
            if !bytes.is_empty() {
                input.photo = Some(bytes.to_vec());
            }
            continue;
        }
        let value = field.text().await.map_err(upload_error)?;
        let slot = match name.as_str() {
            "province" => &mut input.province,
            "place" => &mut input.place,
            "sold_as" => &mut input.sold_as,
            "colour" => &mut input.colour,
            "form" => &mut input.form,
            "markings" => &mut input.markings,
            "effects" => &mut input.effects,
            "overdoses" => &mut input.overdoses,
            "happened_on" => &mut input.happened_on,
            "test_result" => &mut input.test_result,
            "contact" => &mut input.contact,
            "website" => &mut honeypot,
            _ => continue,
        };
        *slot = value;
    }
    // Before any work: a flood is refused whatever it sends.
    if !state.limits.check_client(Action::Report, &client) || !state.limits.check_account(Action::Report, &client) {
        return Err(AppError::TooManyRequests);
    }
    if !honeypot.trim().is_empty() {
        // Bots get a receipt like any other, which finds nothing: nothing is kept.
        return render(&Sent { ctx, code: reports::receipt_code() });
    }
    let had_photo = input.photo.is_some();
    let kept = ReportInput { photo: None, ..input.clone() };
    match reports::submit(&state, input).await {
        Ok((_, code)) => render(&Sent { ctx, code }),
        Err(problems) => {
            let mut errors = FieldErrors::default();
            for (field, message) in problems {
                errors.add(field, message);
            }
            if had_photo && errors.get("photo").is_none() {
                // Browsers never refill a file field: say so, or the person wonders where it went.
                errors.add("photo", "alerts-report-photo-again");
            }
            let provinces = provinces(&ctx);
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &ReportForm { ctx, errors, input: kept, provinces })
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusQuery {
    code: String,
}

#[derive(askama::Template)]
#[template(path = "alerts/report_status.html")]
struct StatusPage {
    ctx: PageContext,
    code: String,
    /// None when nothing was asked; Some(None) when the code finds nothing.
    found: Option<Option<(ReportState, Option<crate::AlertId>)>>,
}

/// What became of a report, by its receipt code.
pub async fn status(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientKey(client): ClientKey,
    Query(q): Query<StatusQuery>,
) -> Result<Response, AppError> {
    let code = q.code.trim().chars().take(40).collect::<String>();
    if code.is_empty() {
        return render(&StatusPage { ctx, code, found: None });
    }
    // Guessing codes is slowed like log-in tries are.
    if !state.limits.check_client(Action::Report, &format!("status:{client}")) {
        return Err(AppError::TooManyRequests);
    }
    let report = store::report_by_receipt(&state.db, &reports::receipt_hash(&code)).await?;
    let found = Some(report.map(|r| (r.state, r.alert_id)));
    render(&StatusPage { ctx, code, found })
}

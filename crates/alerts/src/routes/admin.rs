//! The alerts desk (the alerts role, forum-wide moderators, administrators; all with two-factor):
//! the report queue, drafts and alerts, the side-by-side editor that publishes, updates and
//! cancels, and the regions admins add inside provinces.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::audit;
use rendezvous_platform::auth::{AuthUser, Role};
use rendezvous_platform::geo::Province;
use rendezvous_platform::web::{AppError, FieldErrors, FormPairs, PageContext, SignedIn, render, render_status};
use serde::Deserialize;

use crate::areas::{AreaChoice, Places};
use crate::ids::{AlertId, ReportId};
use crate::lifecycle::{self, Alert, AlertError, AlertInput};
use crate::model::{AlertState, Lifecycle, Severity, Substance, Urgency, Verification};
use crate::roles::require_publisher;
use crate::store::{self, ReportRow, ReportState};

pub struct Publisher(pub AuthUser);

impl axum::extract::FromRequestParts<AppState> for Publisher {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
        require_publisher(user).map(Publisher)
    }
}

struct Row {
    id: AlertId,
    state: Lifecycle,
    version: i64,
    headline: String,
    areas: String,
    expires_at: i64,
}

#[derive(askama::Template)]
#[template(path = "alerts/admin/index.html")]
struct DeskPage {
    ctx: PageContext,
    alerts: Vec<Row>,
    reports: Vec<ReportRow>,
    new_reports: i64,
    counts: Vec<(String, i64)>,
}

pub async fn desk(State(state): State<AppState>, ctx: PageContext, _: Publisher) -> Result<Response, AppError> {
    let places = Places::load(&state.db).await?;
    let now = state.clock.now_ms();
    let alerts = store::alerts(&state.db, true, 200)
        .await?
        .into_iter()
        .map(Alert::from_row)
        .map(|a| Row {
            id: a.row.id,
            state: Lifecycle::of(a.row.state, a.row.expires_at, now),
            version: a.row.version,
            headline: a.text.headline.or_other(ctx.lang).to_owned(),
            areas: places.names(&a.areas, ctx.lang),
            expires_at: a.row.expires_at,
        })
        .collect();
    let counts = store::counts_by_area(&state.db)
        .await?
        .into_iter()
        .map(|(area, n)| (places.name(&area, ctx.lang), n))
        .collect();
    render(&DeskPage {
        alerts,
        reports: store::queue(&state.db, 100).await?,
        new_reports: store::new_reports(&state.db).await?,
        counts,
        ctx,
    })
}

/// The editor's fields, as the form sends them (both languages side by side).
#[derive(Debug, Default, Clone)]
struct EditorFields {
    pairs: Vec<(String, String)>,
}

impl EditorFields {
    fn get(&self, key: &str) -> String {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    fn some(&self, key: &str) -> Option<String> {
        Some(self.get(key))
    }

    fn areas(&self) -> Vec<String> {
        self.pairs.iter().filter(|(k, _)| k == "area").map(|(_, v)| v.clone()).collect()
    }
}

/// A time typed in the editor: RFC 3339, or the browser's local date-time in the site's zone.
fn form_time(text: &str, tz: &jiff::tz::TimeZone) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.parse::<jiff::Timestamp>().is_ok() {
        return Some(text.to_owned());
    }
    match text.parse::<jiff::civil::DateTime>().ok().and_then(|d| d.to_zoned(tz.clone()).ok()) {
        Some(z) => Some(z.timestamp().to_string()),
        None => Some(text.to_owned()),
    }
}

/// "carfentanil: 12" per line, for the substances found.
fn substances(text: &str) -> Vec<Substance> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.rsplit_once(':') {
            Some((name, share)) if share.trim().trim_end_matches('%').trim().parse::<f64>().is_ok() => Substance {
                name: name.trim().to_owned(),
                percent: share.trim().trim_end_matches('%').trim().parse().ok(),
            },
            _ => Substance { name: l.trim().to_owned(), percent: None },
        })
        .collect()
}

fn input_of(f: &EditorFields, tz: &jiff::tz::TimeZone) -> AlertInput {
    AlertInput {
        regions: Some(f.areas()),
        severity: Severity::parse(&f.get("severity")),
        verification: Verification::parse(&f.get("verification")),
        urgency: Urgency::parse(&f.get("urgency")),
        certainty: crate::model::Certainty::parse(&f.get("certainty")),
        headline_en: f.some("headline_en"),
        headline_fr: f.some("headline_fr"),
        summary_en: f.some("summary_en"),
        summary_fr: f.some("summary_fr"),
        details_en: f.some("details_en"),
        details_fr: f.some("details_fr"),
        sold_as_en: f.some("sold_as_en"),
        sold_as_fr: f.some("sold_as_fr"),
        appearance_en: f.some("appearance_en"),
        appearance_fr: f.some("appearance_fr"),
        effects_en: f.some("effects_en"),
        effects_fr: f.some("effects_fr"),
        substances: Some(substances(&f.get("substances"))),
        instruction_en: f.some("instruction_en"),
        instruction_fr: f.some("instruction_fr"),
        source: f.some("source"),
        effective_at: form_time(&f.get("effective_at"), tz),
        expires_at: form_time(&f.get("expires_at"), tz),
        note_en: f.some("note_en"),
        note_fr: f.some("note_fr"),
        reports: f.get("reports").split_whitespace().map(|r| r.parse().map(ReportId)).collect::<Result<_, _>>().ok(),
        ..AlertInput::default()
    }
}

#[derive(askama::Template)]
#[template(path = "alerts/admin/editor.html")]
struct EditorPage {
    ctx: PageContext,
    errors: FieldErrors,
    /// None for a new draft.
    id: Option<AlertId>,
    state: Lifecycle,
    f: EditorFields,
    choices: Vec<AreaChoice>,
    severities: &'static [Severity],
    verifications: &'static [Verification],
    urgencies: &'static [Urgency],
    certainties: &'static [crate::model::Certainty],
}

impl EditorPage {
    fn v(&self, key: &str) -> String {
        self.f.get(key)
    }

    fn is_chosen(&self, key: &str) -> bool {
        self.f.areas().iter().any(|a| a == key)
    }

    fn editable(&self) -> bool {
        matches!(self.state, Lifecycle::Draft | Lifecycle::Published)
    }

    fn is_draft(&self) -> bool {
        self.state == Lifecycle::Draft
    }

    fn is_published(&self) -> bool {
        self.state == Lifecycle::Published
    }
}

/// The editor's fields from an alert as kept.
fn fields_of(alert: &Alert, tz: &jiff::tz::TimeZone) -> EditorFields {
    let t = &alert.text;
    let local = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .map(|ts| ts.to_zoned(tz.clone()).strftime("%Y-%m-%dT%H:%M").to_string())
            .unwrap_or_default()
    };
    let mut pairs: Vec<(String, String)> = vec![
        ("headline_en".into(), t.headline.en.clone()),
        ("headline_fr".into(), t.headline.fr.clone()),
        ("summary_en".into(), t.summary.en.clone()),
        ("summary_fr".into(), t.summary.fr.clone()),
        ("details_en".into(), t.details.en.clone()),
        ("details_fr".into(), t.details.fr.clone()),
        ("sold_as_en".into(), t.sold_as.en.clone()),
        ("sold_as_fr".into(), t.sold_as.fr.clone()),
        ("appearance_en".into(), t.appearance.en.clone()),
        ("appearance_fr".into(), t.appearance.fr.clone()),
        ("effects_en".into(), t.effects.en.clone()),
        ("effects_fr".into(), t.effects.fr.clone()),
        ("instruction_en".into(), t.instruction.en.clone()),
        ("instruction_fr".into(), t.instruction.fr.clone()),
        ("source".into(), t.source.clone()),
        ("severity".into(), t.severity.map(|s| s.as_str().to_owned()).unwrap_or_default()),
        ("verification".into(), t.verification.map(|s| s.as_str().to_owned()).unwrap_or_default()),
        ("urgency".into(), t.urgency().as_str().to_owned()),
        ("certainty".into(), t.certainty.map(|s| s.as_str().to_owned()).unwrap_or_default()),
        (
            "substances".into(),
            t.substances
                .iter()
                .map(|s| match s.percent {
                    Some(p) => format!("{}: {p}", s.name),
                    None => s.name.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        ("expires_at".into(), local(alert.row.expires_at)),
        ("effective_at".into(), alert.row.effective_at.map(local).unwrap_or_default()),
        ("reports".into(), t.reports.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(" ")),
    ];
    pairs.extend(alert.areas.iter().map(|a| ("area".to_owned(), a.clone())));
    EditorFields { pairs }
}

async fn editor(
    state: &AppState,
    ctx: PageContext,
    id: Option<AlertId>,
    lifecycle: Lifecycle,
    f: EditorFields,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let places = Places::load(&state.db).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = EditorPage {
        choices: places.choices(ctx.lang),
        ctx,
        errors,
        id,
        state: lifecycle,
        f,
        severities: Severity::ALL,
        verifications: Verification::ALL,
        urgencies: Urgency::ALL,
        certainties: crate::model::Certainty::ALL,
    };
    render_status(status, &page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    report: Option<i64>,
}

/// A new draft, filled from a report when one is named.
pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageContext,
    _: Publisher,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let mut pairs: Vec<(String, String)> = vec![("urgency".into(), "immediate".into())];
    if let Some(r) = q.report {
        let report = store::report(&state.db, ReportId(r)).await?.ok_or(AppError::NotFound)?;
        let lang = if report.lang == "fr" { "fr" } else { "en" };
        let look = [report.colour.as_str(), report.form.as_str(), report.markings.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        pairs.extend([
            ("area".into(), report.province.clone()),
            (format!("sold_as_{lang}"), report.sold_as.clone()),
            (format!("appearance_{lang}"), look),
            (format!("effects_{lang}"), report.effects.clone()),
            ("verification".into(), "community-report".into()),
            ("reports".into(), report.id.to_string()),
        ]);
    }
    editor(&state, ctx, None, Lifecycle::Draft, EditorFields { pairs }, FieldErrors::default()).await
}

/// The lifecycle names the API's fields; the editor's differ where a field is a group.
fn problems_to_errors(problems: Vec<lifecycle::Problem>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for (field, message) in problems {
        let field = match field {
            "regions" => "areas",
            "sold_as" => "sold_as_en",
            other => other,
        };
        if errors.get(field).is_none() {
            errors.add(field, message);
        }
    }
    errors
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    Publisher(user): Publisher,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let f = EditorFields { pairs };
    let input = input_of(&f, &state.config.timezone);
    match lifecycle::create_draft(&state, user.id, &input).await {
        Ok(id) => {
            audit::record(&state.db, &state.clock, Some(user.id), "alert.draft", None, &format!("alert {id}")).await?;
            Ok(Redirect::to(&format!("/admin/alerts/{id}")).into_response())
        }
        Err(AlertError::Invalid(p)) => editor(&state, ctx, None, Lifecycle::Draft, f, problems_to_errors(p)).await,
        Err(e) => Err(AppError::internal(e)),
    }
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    _: Publisher,
    Path(id): Path<AlertId>,
) -> Result<Response, AppError> {
    let alert = lifecycle::load(&state, id).await.map_err(|_| AppError::NotFound)?;
    let now = state.clock.now_ms();
    let f = fields_of(&alert, &state.config.timezone);
    editor(&state, ctx, Some(id), Lifecycle::of(alert.row.state, alert.row.expires_at, now), f, FieldErrors::default())
        .await
}

/// Saves a draft, publishes it, sends an update or cancels, as the button pressed says.
pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    Publisher(user): Publisher,
    Path(id): Path<AlertId>,
    FormPairs(pairs): FormPairs,
) -> Result<Response, AppError> {
    let alert = lifecycle::load(&state, id).await.map_err(|_| AppError::NotFound)?;
    let now = state.clock.now_ms();
    let f = EditorFields { pairs };
    let input = input_of(&f, &state.config.timezone);
    let action = f.get("action");
    let result = match (alert.row.state, action.as_str()) {
        (AlertState::Draft, "save") => lifecycle::edit_draft(&state, id, &input).await.map(|()| None),
        (AlertState::Draft, "publish") => match lifecycle::edit_draft(&state, id, &input).await {
            Ok(()) => lifecycle::publish(&state, user.id, id).await.map(Some),
            Err(e) => Err(e),
        },
        (AlertState::Published, "update") => lifecycle::update(&state, user.id, id, &input).await.map(Some),
        (AlertState::Published, "cancel") => lifecycle::cancel(&state, user.id, id, &input).await.map(Some),
        (_, "save" | "publish" | "update" | "cancel") => Err(AlertError::Conflict),
        _ => return Err(AppError::BadRequest("alerts-error-action")),
    };
    match result {
        Ok(sent) => {
            if let Some(sent) = sent {
                let detail = format!("alert {id} version {} to {} subscribers", sent.version, sent.recipients);
                audit::record(&state.db, &state.clock, Some(user.id), &format!("alert.{action}"), None, &detail)
                    .await?;
            }
            Ok(Redirect::to(&format!("/admin/alerts/{id}")).into_response())
        }
        Err(AlertError::Invalid(p)) => {
            let lifecycle = Lifecycle::of(alert.row.state, alert.row.expires_at, now);
            editor(&state, ctx, Some(id), lifecycle, f, problems_to_errors(p)).await
        }
        Err(AlertError::Conflict) => Err(AppError::Conflict("alerts-error-conflict")),
        Err(AlertError::NotFound) => Err(AppError::NotFound),
        Err(AlertError::Failed(e)) => Err(AppError::Internal(e)),
    }
}

#[derive(askama::Template)]
#[template(path = "alerts/admin/report.html")]
struct ReportPage {
    ctx: PageContext,
    report: ReportRow,
}

pub async fn report(
    State(state): State<AppState>,
    ctx: PageContext,
    _: Publisher,
    Path(id): Path<ReportId>,
) -> Result<Response, AppError> {
    let report = store::report(&state.db, id).await?.ok_or(AppError::NotFound)?;
    render(&ReportPage { ctx, report })
}

pub async fn report_photo(
    State(state): State<AppState>,
    _: Publisher,
    Path(id): Path<ReportId>,
) -> Result<Response, AppError> {
    let photo = store::photo(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, no-store")], photo).into_response())
}

#[derive(Deserialize)]
pub struct ReportDecision {
    state: String,
}

pub async fn report_decide(
    State(state): State<AppState>,
    Publisher(user): Publisher,
    Path(id): Path<ReportId>,
    rendezvous_platform::web::Form(form): rendezvous_platform::web::Form<ReportDecision>,
) -> Result<Response, AppError> {
    let new = match ReportState::parse(&form.state) {
        Some(s @ (ReportState::Reviewed | ReportState::Dismissed | ReportState::New)) => s,
        _ => return Err(AppError::BadRequest("alerts-error-action")),
    };
    if !store::set_report_state(&state.db, id, new, None).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&state.db, &state.clock, Some(user.id), "alert.report", None, &format!("report {id} {new}")).await?;
    Ok(Redirect::to("/admin/alerts").into_response())
}

#[derive(askama::Template)]
#[template(path = "alerts/admin/regions.html")]
struct RegionsPage {
    ctx: PageContext,
    errors: FieldErrors,
    regions: Vec<store::RegionRow>,
    provinces: Vec<(&'static str, &'static str)>,
    form: RegionForm,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct RegionForm {
    slug: String,
    province: String,
    name_en: String,
    name_fr: String,
    geocodes: String,
}

async fn regions_page(
    state: &AppState,
    ctx: PageContext,
    errors: FieldErrors,
    form: RegionForm,
) -> Result<Response, AppError> {
    let mut provinces: Vec<_> = Province::ALL.iter().map(|p| (p.code(), p.name(ctx.lang))).collect();
    provinces.sort_by_key(|p| p.1);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = RegionsPage { regions: store::all_regions(&state.db).await?, provinces, errors, form, ctx };
    render_status(status, &page)
}

fn admin(user: AuthUser) -> Result<AuthUser, AppError> {
    rendezvous_platform::web::page::require(user, Role::ADMIN)
}

pub async fn regions(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
) -> Result<Response, AppError> {
    admin(user)?;
    regions_page(&state, ctx, FieldErrors::default(), RegionForm::default()).await
}

pub async fn add_region(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
    rendezvous_platform::web::Form(form): rendezvous_platform::web::Form<RegionForm>,
) -> Result<Response, AppError> {
    let user = admin(user)?;
    let mut errors = FieldErrors::default();
    let slug = form.slug.trim().to_lowercase();
    let slug_ok = (2..=60).contains(&slug.len())
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && Province::parse(&slug).is_none();
    if !slug_ok {
        errors.add("slug", "alerts-region-slug");
    }
    let province = Province::parse(&form.province);
    if province.is_none() {
        errors.add("province", "alerts-report-province");
    }
    if form.name_en.trim().is_empty() || form.name_fr.trim().is_empty() {
        errors.add("name_en", "alerts-region-names");
    }
    let geocodes: Vec<&str> = form.geocodes.split([' ', ',']).filter(|g| !g.is_empty()).collect();
    if geocodes.iter().any(|g| !g.chars().all(|c| c.is_ascii_digit()) || g.len() > 12) {
        errors.add("geocodes", "alerts-region-geocodes");
    }
    if !errors.is_empty() {
        return regions_page(&state, ctx, errors, form).await;
    }
    let province = province.map(|p| p.code()).unwrap_or_default();
    let new = store::NewRegion {
        slug: &slug,
        province,
        name_en: form.name_en.trim(),
        name_fr: form.name_fr.trim(),
        geocodes: &geocodes.join(" "),
    };
    if !store::insert_region(&state.db, &new, state.clock.now_ms()).await? {
        errors.add("slug", "alerts-region-taken");
        return regions_page(&state, ctx, errors, form).await;
    }
    audit::record(
        &state.db,
        &state.clock,
        Some(user.id),
        "alert.region",
        None,
        &format!("region {slug} in {province}"),
    )
    .await?;
    Ok(Redirect::to("/admin/alerts/regions").into_response())
}

#[derive(askama::Template)]
#[template(path = "alerts/admin/audience.html")]
struct AudiencePage {
    ctx: PageContext,
    counts: Vec<(String, i64)>,
}

/// How many people follow each area: for the desk and the communications role, who sees counts
/// but never who (administrators see the list's members on its page).
pub async fn audience(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
) -> Result<Response, AppError> {
    let comms = user.can_use(rendezvous_newsletter::COMMUNICATIONS) || user.can_use(Role::ADMIN);
    if !comms {
        require_publisher(user)?;
    }
    let places = Places::load(&state.db).await?;
    let counts = store::counts_by_area(&state.db)
        .await?
        .into_iter()
        .map(|(area, n)| (places.name(&area, ctx.lang), n))
        .collect();
    render(&AudiencePage { ctx, counts })
}

//! platform's own pages: health, metrics, the stylesheet, the language switch, and the admin pages
//! for the job queue, the outbox and the audit log.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

use super::page::{AdminUser, PageContext, Viewer};
use super::pager::{PageLinks, PageQuery, Pager};
use super::{AppError, Form, render, safe_next};
use crate::AppState;
use crate::audit::{self, AuditEntry};
use crate::auth::UserId;
use crate::i18n::Lang;
use crate::jobs::{JobRow, JobState};
use crate::mail::outbox::{self, OutboxMail};
use crate::state::NavLink;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/static/site.css", get(stylesheet))
        .route("/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .route("/static/live-progress.js", get(live_progress_script))
        .route("/lang", post(switch_language))
        .route("/admin", get(admin_index))
        .route("/admin/jobs", get(jobs_page))
        .route("/admin/jobs/{id}/retry", post(retry_job))
        .route("/admin/outbox", get(outbox_page))
        .route("/admin/outbox/{id}", get(outbox_mail))
        .route("/admin/audit", get(audit_page))
}

async fn healthz(State(state): State<AppState>) -> Response {
    match sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&state.db.pool).await {
        Ok(_) => "ok\n".into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (axum::http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// Prometheus text, for a scraper holding --metrics-token; without a token configured the page
/// does not exist (route and job counts are nobody else's business).
async fn metrics(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Result<Response, AppError> {
    let Some(expected) = state.config.metrics_token.as_deref() else { return Err(AppError::NotFound) };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !crate::crypto::constant_time_eq(given, expected) {
        let challenge = [(header::WWW_AUTHENTICATE, "Bearer")];
        return Ok((axum::http::StatusCode::UNAUTHORIZED, challenge, "a bearer token is required\n").into_response());
    }
    let (queued, failed) = state.jobs.depth().await?;
    state.metrics.set_job_depth(queued, failed);
    let content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    Ok(([(header::CONTENT_TYPE, content_type)], state.metrics.encode()).into_response())
}

async fn stylesheet() -> Response {
    const CSS: &str = include_str!("../../static/site.css");
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], CSS)
        .into_response()
}

/// The site's icon, for browsers that ask for /favicon.ico too (they read the SVG by its type).
async fn favicon() -> Response {
    const SVG: &str = include_str!("../../static/favicon.svg");
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], SVG).into_response()
}

/// Enhances a page that shows progress (see the script's first lines); the page works without it.
async fn live_progress_script() -> Response {
    const JS: &str = include_str!("../../static/live-progress.js");
    let headers =
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")];
    (headers, JS).into_response()
}

#[derive(Deserialize)]
struct LangForm {
    lang: String,
    next: Option<String>,
}

/// The language switch: a POST (it changes a saved preference), back to the same page.
async fn switch_language(
    State(state): State<AppState>,
    viewer: Viewer,
    jar: CookieJar,
    Form(form): Form<LangForm>,
) -> Result<Response, AppError> {
    let lang = Lang::parse(&form.lang).ok_or(AppError::BadRequest("error-form-invalid"))?;
    if let Some(user) = &viewer.user {
        state.users.set_lang(user.id, lang).await?;
    }
    let cookie = Cookie::build((super::middleware::LANG_COOKIE, lang.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .permanent();
    Ok((jar.add(cookie), Redirect::to(&safe_next(form.next.as_deref()))).into_response())
}

#[derive(askama::Template)]
#[template(path = "admin/index.html")]
struct AdminIndex {
    ctx: PageContext,
    links: Vec<NavLink>,
}

async fn admin_index(State(state): State<AppState>, _: AdminUser, ctx: PageContext) -> Result<Response, AppError> {
    render(&AdminIndex { ctx, links: state.admin_links.clone() })
}

#[derive(askama::Template)]
#[template(path = "admin/jobs.html")]
struct JobsPage {
    ctx: PageContext,
    jobs: Vec<JobRow>,
    pages: PageLinks,
}

async fn jobs_page(
    State(state): State<AppState>,
    _: AdminUser,
    ctx: PageContext,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let pager = Pager::new(query.page, 100);
    let mut jobs = state.jobs.list(pager.limit(), pager.offset()).await?;
    let pages = pager.finish(&mut jobs);
    render(&JobsPage { ctx, jobs, pages })
}

async fn retry_job(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(id): Path<crate::jobs::JobId>,
) -> Result<Response, AppError> {
    if state.jobs.retry(id).await? {
        audit::record(&state.db, &state.clock, Some(admin.id), "job.retry", None, &format!("job {id}")).await?;
    }
    Ok(super::redirect_with_flash("/admin/jobs", "admin-job-requeued"))
}

#[derive(askama::Template)]
#[template(path = "admin/outbox.html")]
struct OutboxPage {
    ctx: PageContext,
    mails: Vec<OutboxMail>,
    pages: PageLinks,
    uses_outbox: bool,
}

/// Every read of the outbox is audited: it holds other people's mail.
async fn outbox_page(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ctx: PageContext,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    audit::record(&state.db, &state.clock, Some(admin.id), "outbox.list", None, "").await?;
    let pager = Pager::new(query.page, 100);
    let mut mails = outbox::recent(&state.db, pager.limit(), pager.offset()).await?;
    let pages = pager.finish(&mut mails);
    let mails = mails.into_iter().map(masked).collect();
    render(&OutboxPage { ctx, mails, pages, uses_outbox: state.mailer.uses_outbox() })
}

/// The outbox view never shows a usable link (see [`outbox::mask_links`]).
fn masked(mut mail: OutboxMail) -> OutboxMail {
    mail.subject = outbox::mask_links(&mail.subject);
    mail.text_body = outbox::mask_links(&mail.text_body);
    mail.html_body = outbox::mask_links(&mail.html_body);
    mail
}

#[derive(askama::Template)]
#[template(path = "admin/outbox_mail.html")]
struct OutboxMailPage {
    ctx: PageContext,
    mail: OutboxMail,
}

async fn outbox_mail(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ctx: PageContext,
    Path(id): Path<outbox::OutboxMailId>,
) -> Result<Response, AppError> {
    let mail = outbox::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    audit::record(&state.db, &state.clock, Some(admin.id), "outbox.read", None, &format!("mail {id}")).await?;
    render(&OutboxMailPage { ctx, mail: masked(mail) })
}

#[derive(askama::Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: PageContext,
    entries: Vec<(AuditEntry, String, String)>,
    pages: PageLinks,
}

async fn audit_page(
    State(state): State<AppState>,
    _: AdminUser,
    ctx: PageContext,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let pager = Pager::new(query.page, 100);
    let mut entries = audit::recent(&state.db, pager.limit(), pager.offset()).await?;
    let pages = pager.finish(&mut entries);
    let ids: Vec<UserId> = entries.iter().flat_map(|e| [e.actor_id, e.subject_id]).flatten().collect();
    let names: HashMap<UserId, String> = state.users.display_names(&ids).await?;
    let former = ctx.t("former-member");
    let name_of = |id: Option<UserId>| match id {
        None => String::new(),
        Some(id) => names.get(&id).cloned().unwrap_or_else(|| former.clone()),
    };
    let entries = entries
        .into_iter()
        .map(|e| {
            let (actor, subject) = (name_of(e.actor_id), name_of(e.subject_id));
            (e, actor, subject)
        })
        .collect();
    render(&AuditPage { ctx, entries, pages })
}

//! Middleware every response goes through: the viewer and language, error pages in that language,
//! the origin check on state-changing requests, security headers, and request metrics.

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use tracing::Instrument;

use super::error::ErrorPage;
use super::page::{PageContext, Viewer};
use super::{AppError, FLASH_COOKIE};
use crate::AppState;
use crate::i18n::Lang;
use crate::sessions::{self, Stage};

pub const LANG_COOKIE: &str = "lang";

#[derive(askama::Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    ctx: PageContext,
    title: String,
    message: String,
    status: u16,
    needs_two_factor: bool,
}

/// Paths that programs call (the API, the MTA's inbound pipe): errors answer in JSON, never with
/// a page or a redirect to the log-in form.
fn is_machine_path(path: &str) -> bool {
    path.starts_with("/api/") || path == "/inbound"
}

/// Paths that need no viewer: assets and probes answer without touching sessions.
fn is_plain(path: &str) -> bool {
    path.starts_with("/static/")
        || path == "/healthz"
        || path == "/metrics"
        || path == "/favicon.ico"
        || path == "/favicon.svg"
}

/// Loads the viewer, then renders an error response as a page in the viewer's language.
pub async fn page_layer(State(state): State<AppState>, jar: CookieJar, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if is_plain(&path) {
        return next.run(req).await;
    }
    let accept_language = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let viewer = match load_viewer(&state, &jar, accept_language.as_deref()).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    req.extensions_mut().insert(viewer.clone());
    // A page for a signed-in person (or an API client with its token) must not outlive the
    // session in any cache: a shared computer at a drop-in shows nothing after log-out.
    let private = viewer.session.is_some() || req.headers().contains_key(header::AUTHORIZATION);
    let path_and_query = req.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    // axum's own rejections (a path or query value that does not parse) become our error page.
    let mut response = super::rejection::as_error_page(next.run(req).await).await;
    if private {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }

    // A message is shown once: on the page that renders it, not on a redirect on the way there.
    if viewer.flash.is_some() && !response.status().is_redirection() && !sets_cookie(&response, FLASH_COOKIE) {
        let expire = format!("{FLASH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        if let Ok(value) = HeaderValue::from_str(&expire) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    if let Some(page) = response.extensions().get::<ErrorPage>().copied() {
        return render_error(&state, &viewer, path_and_query, &path, response, page);
    }
    response
}

async fn load_viewer(state: &AppState, jar: &CookieJar, accept_language: Option<&str>) -> Result<Viewer, AppError> {
    let mut viewer = Viewer::default();
    if let Some(token) = jar.get(sessions::COOKIE)
        && let Some(session) = state.sessions.load(token.value()).await?
    {
        if session.stage == Stage::SignedIn {
            viewer.user = state.users.user_by_id(session.user_id).await?;
        }
        viewer.session = Some(session);
    }
    let cookie_lang = jar.get(LANG_COOKIE).and_then(|c| Lang::parse(c.value()));
    let header_lang = accept_language.and_then(Lang::from_accept_language);
    viewer.lang = viewer.user.as_ref().map(|u| u.lang).or(cookie_lang).or(header_lang).unwrap_or_default();
    viewer.flash = jar.get(FLASH_COOKIE).map(|c| c.value().to_owned()).filter(|id| state.tr.has(id));
    Ok(viewer)
}

fn sets_cookie(response: &Response, name: &str) -> bool {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|s| s.starts_with(&format!("{name}="))))
}

fn render_error(
    state: &AppState,
    viewer: &Viewer,
    path_and_query: String,
    path: &str,
    original: Response,
    page: ErrorPage,
) -> Response {
    let status = original.status();
    let (title, message) = (state.tr.t(viewer.lang, page.title_id), state.tr.t(viewer.lang, page.message_id));
    if is_machine_path(path) {
        let body = serde_json::json!({ "error": page.message_id, "message": message });
        return (status, axum::Json(body)).into_response();
    }
    if status == StatusCode::UNAUTHORIZED {
        let next = percent_encoding::utf8_percent_encode(&path_and_query, percent_encoding::NON_ALPHANUMERIC);
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    let template = ErrorTemplate {
        ctx: PageContext::new(state, viewer, path_and_query),
        title,
        message,
        status: status.as_u16(),
        needs_two_factor: page.message_id == "error-needs-two-factor",
    };
    let (mut parts, _) = original.into_parts();
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    match askama::Template::render(&template) {
        Ok(html) => {
            let mut response = Response::from_parts(parts, axum::body::Body::from(html));
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (status, template.message).into_response()
        }
    }
}

/// Refuses a state-changing request that a browser says came from another site. Browsers send
/// Sec-Fetch-Site and Origin; clients that send neither (scripts, mail clients doing RFC 8058
/// one-click) carry no ambient cookie authority worth forging, and are let through.
pub async fn origin_check(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || is_allowed_origin(&state, &req) {
        return next.run(req).await;
    }
    // No path in the log: signed links carry their token in it.
    tracing::info!("cross-site request refused");
    AppError::Forbidden.into_response()
}

fn is_allowed_origin(state: &AppState, req: &Request) -> bool {
    let headers = req.headers();
    // A browser that sends Sec-Fetch-Site vouches for where the request came from.
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    // Older browsers send only Origin; under Referrer-Policy: same-origin it is our own origin on
    // our own forms. It must be the configured base URL's: the Host header is the client's to
    // choose, and "null" (sandboxed frames, privacy redirects) vouches for nothing.
    match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => origin.to_str().is_ok_and(|o| o == state.config.base_origin()),
    }
}

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The security headers every response carries, errors included.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("interest-cohort=(), camera=(), microphone=(), geolocation=()"),
    );
    response
}

/// The route template a request matched, carried out to the metrics layer.
#[derive(Clone)]
struct RouteLabel(String);

/// Inner layer (route_layer): notes which route matched.
pub async fn tag_route(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let carries_token = route.as_deref().is_some_and(|r| super::compression::carries_token(r, req.uri().query()));
    let mut response = next.run(req).await;
    if carries_token {
        response.extensions_mut().insert(super::compression::ShowsSecret);
    }
    if let Some(route) = route {
        response.extensions_mut().insert(RouteLabel(route));
    }
    response
}

/// Outer layer: counts every response by route and status.
/// Each request runs in a span of its own (method, then route template and status once known),
/// so whatever a handler logs says which page it served. Only the route template is recorded,
/// never the path (it may hold an emailed token) nor anything about the client.
pub async fn count_requests(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        route = tracing::field::Empty,
        status = tracing::field::Empty
    );
    let response = next.run(req).instrument(span.clone()).await;
    let route = response.extensions().get::<RouteLabel>().map_or("unmatched", |r| r.0.as_str());
    let status = response.status().as_u16();
    span.record("route", route).record("status", status);
    tracing::debug!(parent: &span, elapsed_ms = started.elapsed().as_millis() as u64, "answered");
    state.metrics.record_request(route, status);
    response
}

/// A request that may write (anything but GET and HEAD) moves [`crate::changes::Changes`] once it
/// is answered, so a page kept rendered is made afresh on the next read, here and elsewhere.
pub async fn note_changes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let reads_only = matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD);
    let response = next.run(req).await;
    if !reads_only {
        state.changes.made().await;
    }
    response
}

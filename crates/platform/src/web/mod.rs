//! Web plumbing shared by every feature: errors, forms, the page context, middleware, assets and
//! platform's own pages (health, metrics, language switch, admin: jobs, outbox, audit).

pub mod client;
pub mod compression;
pub mod error;
pub mod form;
pub mod middleware;
pub mod page;
pub mod pager;
pub mod rejection;
pub mod routes;

pub use error::AppError;
pub use form::{FieldErrors, Form, FormPairs};
pub use page::{AdminUser, PageContext, SignedIn, Viewer};

use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};

/// Renders an askama template as an HTML response.
pub fn render<T: askama::Template>(template: &T) -> Result<Response, AppError> {
    Ok(Html(template.render()?).into_response())
}

/// Renders a template with a status other than 200 (a form with errors is 422).
pub fn render_status<T: askama::Template>(status: axum::http::StatusCode, template: &T) -> Result<Response, AppError> {
    Ok((status, Html(template.render()?)).into_response())
}

pub const FLASH_COOKIE: &str = "rv_flash";

/// Redirects (303, so the browser GETs) and shows a message, given by Fluent id, on the next page.
pub fn redirect_with_flash(to: &str, message_id: &str) -> Response {
    let cookie =
        Cookie::build((FLASH_COOKIE, message_id.to_owned())).path("/").http_only(true).same_site(SameSite::Lax);
    let mut response = Redirect::to(to).into_response();
    if let Ok(value) = cookie.build().to_string().parse() {
        response.headers_mut().append(axum::http::header::SET_COOKIE, value);
    }
    response
}

/// A path on this site that is safe to redirect to (no open redirect to another host).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        // Browsers drop tabs and newlines and read "\\" as "/", so "/\t/evil.example" would leave
        // the site: any of them refuses the value.
        Some(n)
            if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.chars().any(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/account")), "/account");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/\n/evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}

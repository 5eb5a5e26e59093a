//! axum's own rejections (a path or query value that does not parse, an unknown address, a wrong
//! method) turned into the site's error page, so that no handler needs its own extractor wrapper.
//!
//! A rejection is recognised as an error response that `AppError` did not make: a short plain-text
//! body, or none. A path value that does not parse names no page, so it is "not found"; a query
//! value that does not parse is a bad request.

use axum::body::Body;
use axum::http::StatusCode;
use axum::http::header;
use axum::response::Response;

use super::error::ErrorPage;

/// axum's rejection texts are a line; anything longer is some handler's own answer.
const REJECTION_LIMIT: usize = 4096;

/// Gives a rejection response the `ErrorPage` the page layer renders; any other response is
/// returned as it came.
pub async fn as_error_page(response: Response) -> Response {
    let status = response.status();
    let handled = matches!(
        status,
        StatusCode::BAD_REQUEST
            | StatusCode::NOT_FOUND
            | StatusCode::METHOD_NOT_ALLOWED
            | StatusCode::UNSUPPORTED_MEDIA_TYPE
            | StatusCode::UNPROCESSABLE_ENTITY
    );
    if !handled || response.extensions().get::<ErrorPage>().is_some() || !is_plain_text(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, REJECTION_LIMIT).await else {
        // Not a rejection after all, and its body is gone: answer the error it was.
        parts.extensions.insert(page_for(status, ""));
        return Response::from_parts(parts, Body::empty());
    };
    let text = String::from_utf8_lossy(&bytes);
    let page = page_for(status, &text);
    if text.starts_with("Invalid URL") {
        parts.status = StatusCode::NOT_FOUND;
    }
    parts.extensions.insert(page);
    Response::from_parts(parts, Body::from(bytes))
}

/// axum answers its rejections in plain text, and an unknown address with no body at all.
fn is_plain_text(response: &Response) -> bool {
    match response.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(value) => value.as_bytes().starts_with(b"text/plain"),
    }
}

fn page_for(status: StatusCode, text: &str) -> ErrorPage {
    let page = |title_id, message_id| ErrorPage { title_id, message_id };
    let not_found = page("error-not-found-title", "error-not-found");
    match status {
        StatusCode::NOT_FOUND => not_found,
        StatusCode::METHOD_NOT_ALLOWED => page("error-bad-request-title", "error-method-not-allowed"),
        _ if text.starts_with("Invalid URL") => not_found,
        _ if text.starts_with("Failed to deserialize query string") => {
            page("error-bad-request-title", "error-bad-query")
        }
        _ => page("error-bad-request-title", "error-request-unreadable"),
    }
}

/// Marks a response as plain text, as axum's rejections are (used by tests of this module).
#[cfg(test)]
fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn page(response: Response) -> (StatusCode, Option<&'static str>) {
        let response = as_error_page(response).await;
        (response.status(), response.extensions().get::<ErrorPage>().map(|p| p.message_id))
    }

    #[tokio::test]
    async fn a_path_value_that_does_not_parse_is_not_found() {
        let response = plain(StatusCode::BAD_REQUEST, "Invalid URL: Cannot parse `abc` to a `i64`");
        assert_eq!(page(response).await, (StatusCode::NOT_FOUND, Some("error-not-found")));
    }

    #[tokio::test]
    async fn a_query_value_that_does_not_parse_is_a_bad_request() {
        let response = plain(StatusCode::BAD_REQUEST, "Failed to deserialize query string: invalid digit");
        assert_eq!(page(response).await, (StatusCode::BAD_REQUEST, Some("error-bad-query")));
    }

    #[tokio::test]
    async fn a_handlers_own_page_is_left_alone() {
        let mut response = plain(StatusCode::BAD_REQUEST, "<p>link expired</p>");
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
        assert_eq!(page(response).await, (StatusCode::BAD_REQUEST, None));
        assert_eq!(page(plain(StatusCode::OK, "ok")).await, (StatusCode::OK, None));
    }
}

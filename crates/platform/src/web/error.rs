//! One error type for every handler. It renders, through the page middleware, as a page in the
//! person's language (or JSON under /api/), logs server errors with their cause chain, and never
//! shows internals.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::BoxError;
use crate::jobs::error_chain;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// The person holds the role but has not set up two-factor authentication yet.
    #[error("two-factor authentication required")]
    NeedsTwoFactor,
    #[error("sign-in required")]
    Unauthorized,
    /// Bad input; the message id says what is wrong, in the person's language.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The thing is not in a state that allows this (publishing twice); nothing changed.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("too many requests")]
    TooManyRequests,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("internal error")]
    Internal(#[source] BoxError),
}

/// Left on an error response for the page middleware to render in the person's language.
#[derive(Debug, Clone, Copy)]
pub struct ErrorPage {
    pub title_id: &'static str,
    pub message_id: &'static str,
}

impl AppError {
    pub fn internal(e: impl Into<BoxError>) -> Self {
        Self::Internal(e.into())
    }

    fn parts(&self) -> (StatusCode, ErrorPage) {
        let page = |title_id, message_id| ErrorPage { title_id, message_id };
        match self {
            Self::NotFound => (StatusCode::NOT_FOUND, page("error-not-found-title", "error-not-found")),
            Self::Forbidden => (StatusCode::FORBIDDEN, page("error-forbidden-title", "error-forbidden")),
            Self::NeedsTwoFactor => (StatusCode::FORBIDDEN, page("error-forbidden-title", "error-needs-two-factor")),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, page("error-unauthorized-title", "error-unauthorized")),
            Self::BadRequest(id) => (StatusCode::BAD_REQUEST, page("error-bad-request-title", id)),
            Self::Conflict(id) => (StatusCode::CONFLICT, page("error-conflict-title", id)),
            Self::TooManyRequests => (StatusCode::TOO_MANY_REQUESTS, page("error-too-many-title", "error-too-many")),
            Self::PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, page("error-bad-request-title", "error-form-too-large"))
            }
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, page("error-internal-title", "error-internal")),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(e) = &self {
            tracing::error!(error = %error_chain(&**e), "request failed");
        }
        let (status, page) = self.parts();
        let mut response = (status, page.message_id).into_response();
        response.extensions_mut().insert(page);
        response
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.into())
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(e.into())
    }
}

impl From<BoxError> for AppError {
    fn from(e: BoxError) -> Self {
        Self::Internal(e)
    }
}

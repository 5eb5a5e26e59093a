//! Forms: our own extractor, so that a form that is too large, not a form, or not valid UTF-8 gets
//! a clear message in the person's language (axum's would answer in English, and would quietly
//! replace invalid UTF-8), and per-field errors for the error summary.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use super::AppError;

pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let is_form = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest("error-form-content-type"));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest("error-form-invalid")
            }
        })?;
        parse(&bytes).map(Form)
    }
}

/// A form whose names may repeat (checkboxes sharing a name): its pairs in order, read by the same
/// checks as [`Form`].
pub struct FormPairs(pub Vec<(String, String)>);

impl FormPairs {
    /// The first value sent for `name`; empty when none was.
    pub fn first(&self, name: &str) -> String {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// Every value sent for `name`, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for FormPairs {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, state).await?;
        Ok(FormPairs(pairs))
    }
}

/// Parses an urlencoded body, refusing invalid UTF-8 instead of replacing it.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    for pair in bytes.split(|b| *b == b'&') {
        let decoded: Vec<u8> = percent_encoding::percent_decode(pair).collect();
        if std::str::from_utf8(&decoded).is_err() {
            return Err(AppError::BadRequest("error-form-utf8"));
        }
    }
    serde_urlencoded::from_bytes(bytes).map_err(|_| AppError::BadRequest("error-form-invalid"))
}

/// What is wrong with a submitted form: (field name, Fluent message id), in the form's order.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(pub Vec<(&'static str, &'static str)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message_id: &'static str) {
        self.0.push((field, message_id));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The (field, message id) pairs, for the error summary.
    pub fn items(&self) -> Vec<(&'static str, &'static str)> {
        self.0.clone()
    }

    /// The message id for a field, if it has an error.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| *m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Sample {
        name: String,
    }

    #[test]
    fn refuses_invalid_utf8_and_keeps_valid_text() {
        assert!(matches!(parse::<Sample>(b"name=%FF%FE"), Err(AppError::BadRequest("error-form-utf8"))));
        let ok: Sample = parse(b"name=Montr%C3%A9al+QC").map_err(|_| ()).unwrap_or(Sample { name: String::new() });
        assert_eq!(ok.name, "Montréal QC");
    }
}

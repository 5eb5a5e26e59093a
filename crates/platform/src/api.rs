//! What every feature's JSON API shares. A handler and its description are one thing: it is
//! annotated with `#[utoipa::path]` and registered with `routes!` on an [`ApiRouter`], which
//! serves it and describes it from the same annotation and the types it reads and returns, so
//! the document at `/api/v1/openapi.json` cannot drift from the handlers.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ComponentsBuilder, InfoBuilder, OpenApi, OpenApiBuilder, RefOr, Server};

use crate::AppState;
use crate::i18n::Lang;

/// The router a feature's API routes are registered on (`.routes(routes!(handler))`).
pub type ApiRouter = utoipa_axum::router::OpenApiRouter<AppState>;

/// The name of the bearer-token scheme, for `security(("bearer" = []))` in `#[utoipa::path]`.
pub const BEARER: &str = "bearer";

/// A 422 body that lists each bad field with a message id and the message in the token owner's
/// language.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblems {
    pub errors: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The request field that is wrong.
    pub field: &'static str,
    /// The message id, stable across languages.
    pub error: &'static str,
    /// What is wrong, in the token owner's language.
    pub message: String,
}

impl FieldProblems {
    /// The 422 response for these (field, message id) pairs.
    pub fn response(state: &AppState, lang: Lang, items: &[(&'static str, &'static str)]) -> Response {
        let errors = items
            .iter()
            .map(|&(field, error)| FieldProblem { field, error, message: state.tr.t(lang, error) })
            .collect();
        (StatusCode::UNPROCESSABLE_ENTITY, Json(FieldProblems { errors })).into_response()
    }
}

/// A refusal that is not about a field (409: the thing is not in a state that allows this), in
/// the token owner's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct Refused {
    pub error: &'static str,
    pub message: String,
}

impl Refused {
    pub fn response(state: &AppState, lang: Lang, status: StatusCode, error: &'static str) -> Response {
        (status, Json(Refused { error, message: state.tr.t(lang, error) })).into_response()
    }
}

/// A 422 body that names one problem: a message id and what is wrong, in English.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    pub error: &'static str,
    pub message: &'static str,
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        (StatusCode::UNPROCESSABLE_ENTITY, Json(self)).into_response()
    }
}

/// The schema of a value kept as one of a few spellings (states, languages).
pub fn text_enum(values: &[&'static str]) -> RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(values.iter().copied()))
        .into()
}

/// The whole document: every feature's paths and schemas, under one title and server.
pub fn document(base_url: &str, parts: impl IntoIterator<Item = OpenApi>) -> OpenApi {
    let mut doc = OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Rendezvous API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some("Bearer tokens come from `rendezvous token create --email E`.")),
        )
        .servers(Some([Server::new(base_url)]))
        .components(Some(
            ComponentsBuilder::new()
                .security_scheme(BEARER, SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)))
                .build(),
        ))
        .build();
    for part in parts {
        doc.merge(part);
    }
    doc
}

/// The next page's URL of a paged answer: this request's path and query with `page` moved on by
/// one (every paged answer carries it as `next` while more remain).
pub fn next_page(base_url: &str, uri: &axum::http::Uri, page: usize) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
        if key != "page" {
            query.append_pair(&key, &value);
        }
    }
    query.append_pair("page", &(page + 1).to_string());
    format!("{base_url}{}?{}", uri.path(), query.finish())
}

#[cfg(test)]
mod next_page_tests {
    #[test]
    fn the_next_page_keeps_the_query_and_moves_the_page_on() {
        let uri: axum::http::Uri = "/api/v1/directory/people?q=Harbour%20Owl&page=2&province=BC".parse().expect("uri");
        assert_eq!(
            super::next_page("https://net.example", &uri, 2),
            "https://net.example/api/v1/directory/people?q=Harbour+Owl&province=BC&page=3"
        );
        let first: axum::http::Uri = "/api/v1/threads/4".parse().expect("uri");
        assert_eq!(super::next_page("http://h", &first, 1), "http://h/api/v1/threads/4?page=2");
    }
}

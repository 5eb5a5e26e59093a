//! Response compression (brotli, gzip) for clients that accept it, except for a response that
//! shows a secret: compressed next to text an attacker can make the page reflect, its length
//! would let them guess the secret a character at a time (BREACH).

use axum::http::{Extensions, HeaderMap, StatusCode, Version};
use axum::response::{IntoResponse, Response};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};

/// Marks a response that shows a secret: a two-factor key, recovery codes, a token shown once,
/// a page carrying an emailed link's token. Such a response is never compressed.
#[derive(Debug, Clone, Copy)]
pub struct ShowsSecret;

/// The response, marked as showing a secret.
pub fn secret(response: impl IntoResponse) -> Response {
    let mut response = response.into_response();
    response.extensions_mut().insert(ShowsSecret);
    response
}

/// The compression layer: tower-http's defaults (not images, not tiny bodies, not event
/// streams), and never a response marked [`ShowsSecret`].
pub fn layer() -> CompressionLayer<impl Predicate> {
    let no_secret =
        |_: StatusCode, _: Version, _: &HeaderMap, extensions: &Extensions| extensions.get::<ShowsSecret>().is_none();
    CompressionLayer::new().compress_when(DefaultPredicate::new().and(no_secret))
}

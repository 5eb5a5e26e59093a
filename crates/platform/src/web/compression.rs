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

/// Whether a request carries an emailed link's token (a `{token}` in its route or a `token`
/// query value): the page it answers holds the token again, so it is never compressed.
pub fn carries_token(route: &str, query: Option<&str>) -> bool {
    route.contains("{token}")
        || query.is_some_and(|q| url::form_urlencoded::parse(q.as_bytes()).any(|(key, _)| key == "token"))
}

/// The compression layer: tower-http's defaults (not images, not tiny bodies, not event
/// streams), and never a response marked [`ShowsSecret`].
pub fn layer() -> CompressionLayer<impl Predicate> {
    let no_secret =
        |_: StatusCode, _: Version, _: &HeaderMap, extensions: &Extensions| extensions.get::<ShowsSecret>().is_none();
    CompressionLayer::new().compress_when(DefaultPredicate::new().and(no_secret))
}

#[cfg(test)]
mod tests {
    use super::carries_token;

    #[test]
    fn a_token_in_the_route_or_the_query_marks_the_page() {
        assert!(carries_token("/unsubscribe/{token}", None));
        assert!(carries_token("/verify", Some("token=abc&lang=fr")));
        assert!(!carries_token("/verify", Some("tokens=abc")));
        assert!(!carries_token("/forum/t/{id}", Some("page=2")));
    }
}

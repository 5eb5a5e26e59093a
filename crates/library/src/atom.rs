//! Atom feeds (RFC 4287) of new resources, news and open job postings: one shape, in the
//! language asked (`?lang=fr`; English by default).

use askama::Template;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::AppError;
use serde::Deserialize;

pub struct Entry {
    pub title: String,
    pub link: String,
    pub summary: String,
    pub published: String,
    pub updated: String,
}

pub struct Feed {
    pub lang: &'static str,
    pub title: String,
    pub self_link: String,
    pub alternate: String,
    pub updated: String,
    pub author: String,
    pub entries: Vec<Entry>,
}

#[derive(Template)]
#[template(path = "library/feed.atom", escape = "html")]
struct FeedXml<'a> {
    feed: &'a Feed,
}

/// `?lang=fr` for a feed in French.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LangQuery {
    pub lang: String,
}

impl LangQuery {
    pub fn lang(&self) -> Lang {
        Lang::parse(&self.lang).unwrap_or(Lang::En)
    }
    /// The language a shared link asks for, if any.
    pub fn asked(&self) -> Option<Lang> {
        Lang::parse(&self.lang)
    }
    /// The query to append to a feed's own address.
    pub fn suffix(&self) -> &'static str {
        if self.lang() == Lang::Fr { "?lang=fr" } else { "" }
    }
}

/// RFC 3339 in UTC.
pub fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
}

/// A date (YYYY-MM-DD) as the start of that day in UTC.
pub fn date_rfc3339(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

pub fn response(feed: &Feed) -> Result<Response, AppError> {
    let xml = FeedXml { feed }.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response())
}

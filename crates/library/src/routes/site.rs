//! The site's map for search engines and its robots rules: only public pages, never a private
//! space, a profile or an admin page; closed job postings, drafts and cancelled events left out.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::web::AppError;

use crate::store::resources::Filters;
use crate::store::{events, news, pages, postings, resources};

/// Public sections of the whole site (every feature's front pages).
const SECTIONS: [&str; 10] =
    ["/", "/library", "/news", "/events", "/jobs", "/alerts", "/act", "/mailings", "/forum", "/partners"];

fn escape(url: &str) -> String {
    url.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

pub async fn sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
    let base = &state.base_url;
    let now = state.clock.now_ms();
    let mut urls: Vec<String> = SECTIONS.iter().map(|s| format!("{base}{s}")).collect();
    for r in resources::published(&state.db, &Filters::default(), 50_000, 0).await? {
        urls.push(format!("{base}/library/{}", r.slug));
    }
    for p in news::published(&state.db, 50_000, 0).await? {
        urls.push(format!("{base}/news/{}", p.slug));
    }
    for e in events::upcoming(&state.db, now, now, None, 5000).await?.into_iter().filter(|e| !e.is_cancelled()) {
        urls.push(format!("{base}/events/{}", e.id));
    }
    for p in postings::open(&state.db, now).await? {
        urls.push(format!("{base}/jobs/{}", p.id));
    }
    for p in pages::all_current(&state.db).await? {
        urls.push(format!("{base}/pages/{}", p.slug));
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        xml.push_str(&format!("<url><loc>{}</loc></url>\n", escape(&url)));
    }
    xml.push_str("</urlset>\n");
    Ok(([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response())
}

pub async fn robots(State(state): State<AppState>) -> Response {
    let text = format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /account\nDisallow: /members\nDisallow: /directory\n\
         Disallow: /notifications\nDisallow: /api/\nDisallow: /login\nDisallow: /signup\nDisallow: /reset\n\
         Disallow: /act/reply\nDisallow: /alerts/areas\n\nSitemap: {}/sitemap.xml\n",
        state.base_url
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

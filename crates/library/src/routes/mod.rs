//! The library's pages, feeds and API.

pub mod api;
mod consult;
mod events;
mod jobs;
mod library;
mod moderation;
mod news;
mod pages;
mod share;
mod site;
mod submit;

pub(crate) use library::listed;

use axum::Router;
use axum::routing::{get, post};
use rendezvous_platform::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/library", get(library::index))
        .route("/library/feed.atom", get(library::feed))
        .route("/library/{slug}", get(library::resource))
        .route("/library/{slug}/files/{lang}", get(library::file))
        .route("/news", get(news::index))
        .route("/news/feed.atom", get(news::feed))
        .route("/news/{slug}", get(news::post))
        .route("/news/{slug}/image", get(news::image))
        .route("/events", get(events::index))
        .route("/events.ics", get(events::calendar))
        .route("/events/{id}", get(events::event))
        .route("/events/{id}/calendar.ics", get(events::event_calendar))
        .route("/jobs", get(jobs::index))
        .route("/jobs/feed.atom", get(jobs::feed))
        .route("/jobs/{id}", get(jobs::posting))
        .route("/pages/{slug}", get(pages::page))
        .route("/admin/pages", get(pages::list))
        .route("/admin/pages/{slug}", get(pages::edit).post(pages::save))
        .route("/admin/pages/{slug}/versions/{id}", get(pages::version))
        .route("/submit", get(submit::choose))
        .route("/submit/confirm", get(submit::confirm_page).post(submit::confirm))
        .route("/submit/{kind}", get(submit::form).post(submit::submit))
        .route("/news/{slug}/comments", post(submit::news_comment))
        .route("/library/{slug}/comments", post(submit::resource_comment))
        .route("/admin/submissions", get(moderation::queue))
        .route("/admin/submissions/options", post(moderation::options))
        .route("/admin/submissions/{id}", get(moderation::item).post(moderation::decide))
        .route("/consultations/request", get(consult::form).post(consult::request))
        .route("/admin/consultations", get(consult::queue))
        .route("/admin/consultations/{id}", get(consult::item).post(consult::save))
        .route("/sitemap.xml", get(site::sitemap))
        .route("/robots.txt", get(site::robots))
}

/// JSON for a `<script type="application/ld+json">` block: `<` written as `\u003c`, so no text
/// in it can close the block.
pub(crate) fn json_ld(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

//! Job postings: open ones listed and in the feed; a closed one says so and is not indexed; 30
//! days after closing it is gone (410).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, PageContext, render, render_status};
use serde_json::json;

use super::json_ld;
use crate::atom::{self, Entry, Feed, LangQuery};
use crate::ids::PostingId;
use crate::postings::{Standing, standing};
use crate::store::postings::{self as store, PostingRow};

#[derive(askama::Template)]
#[template(path = "library/jobs.html")]
struct IndexPage {
    ctx: PageContext,
    postings: Vec<PostingRow>,
}

pub async fn index(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let postings = store::open(&state.db, state.clock.now_ms()).await?;
    render(&IndexPage { ctx, postings })
}

#[derive(askama::Template)]
#[template(path = "library/job.html")]
struct PostingPage {
    ctx: PageContext,
    posting: PostingRow,
    closed: bool,
    json_ld: String,
}

#[derive(askama::Template)]
#[template(path = "library/gone.html")]
struct GonePage {
    ctx: PageContext,
}

pub async fn posting(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<PostingId>,
) -> Result<Response, AppError> {
    let posting = store::posting(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.now_ms();
    let closed = match standing(&posting, now) {
        Standing::Gone => return render_status(StatusCode::GONE, &GonePage { ctx }),
        Standing::Closed => true,
        Standing::Open => false,
    };
    let lang = ctx.lang;
    let json_ld = if closed {
        String::new()
    } else {
        let mut data = json!({
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": posting.title(lang),
            "description": posting.description(lang),
            "datePosted": atom::rfc3339(posting.created_at),
            "validThrough": atom::rfc3339(posting.closes_at),
            "hiringOrganization": {"@type": "Organization", "name": posting.organisation},
            "employmentType": match posting.kind {
                crate::model::PostingKind::Employment => "FULL_TIME",
                crate::model::PostingKind::Contract => "CONTRACTOR",
                crate::model::PostingKind::Volunteer => "VOLUNTEER",
                crate::model::PostingKind::Peer | crate::model::PostingKind::Honorarium => "OTHER",
            },
            "baseSalary": posting.pay,
        });
        if posting.is_remote() {
            data["jobLocationType"] = json!("TELECOMMUTE");
        }
        if !posting.place.is_empty() {
            data["jobLocation"] = json!({"@type": "Place", "address": posting.place});
        }
        json_ld(&data)
    };
    render(&PostingPage { ctx, posting, closed, json_ld })
}

pub async fn feed(State(state): State<AppState>, Query(q): Query<LangQuery>) -> Result<Response, AppError> {
    let lang = q.lang();
    let postings = store::open(&state.db, state.clock.now_ms()).await?;
    let entries = postings
        .iter()
        .map(|p| Entry {
            title: format!("{} — {}", p.title(lang), p.organisation),
            link: format!("{}/jobs/{}", state.base_url, p.id),
            summary: format!("{} · {}", p.pay, p.description(lang).chars().take(300).collect::<String>()),
            published: atom::rfc3339(p.created_at),
            updated: atom::rfc3339(p.created_at),
        })
        .collect::<Vec<_>>();
    let updated = postings.iter().map(|p| p.created_at).max().unwrap_or(0);
    atom::response(&Feed {
        lang: lang.code(),
        title: format!("{} — {}", state.config.org_name, state.tr.t(lang, "jobs-title")),
        self_link: format!("{}/jobs/feed.atom{}", state.base_url, q.suffix()),
        alternate: format!("{}/jobs", state.base_url),
        updated: atom::rfc3339(updated),
        author: state.config.org_name.clone(),
        entries,
    })
}

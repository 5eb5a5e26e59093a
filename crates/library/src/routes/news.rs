//! News pages, lead images and the news feed.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::web::{AppError, PageContext, render};

use crate::atom::{self, Entry, Feed, LangQuery};
use crate::model::Publication;
use crate::store::news::{self as store, NewsRow};

#[derive(askama::Template)]
#[template(path = "library/news.html")]
struct IndexPage {
    ctx: PageContext,
    posts: Vec<NewsRow>,
}

pub async fn index(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let posts = store::published(&state.db, 50, 0).await?;
    render(&IndexPage { ctx, posts })
}

#[derive(askama::Template)]
#[template(path = "library/news_post.html")]
struct PostPage {
    ctx: PageContext,
    post: NewsRow,
    body: String,
    url: String,
    comments: Vec<crate::store::submissions::SubmissionRow>,
}

impl PostPage {
    fn comments_action(&self) -> String {
        format!("/news/{}/comments", self.post.slug)
    }
    fn og_locale(&self) -> &'static str {
        super::share::og_locale(self.ctx.lang)
    }
    fn og_alternate(&self) -> &'static str {
        super::share::og_locale(self.ctx.lang.other())
    }
}

async fn published(state: &AppState, slug: &str) -> Result<NewsRow, AppError> {
    store::by_slug(&state.db, slug).await?.filter(|p| p.state == Publication::Published).ok_or(AppError::NotFound)
}

pub async fn post(
    State(state): State<AppState>,
    mut ctx: PageContext,
    Path(slug): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Response, AppError> {
    let post = published(&state, &slug).await?;
    super::share::shared_link_language(&mut ctx, q.asked(), format!("/news/{}", post.slug));
    let body = post.body_html(ctx.lang);
    let url = format!("{}/news/{}", state.base_url, post.slug);
    let comments = crate::store::submissions::comments(&state.db, &format!("news:{}", post.id)).await?;
    render(&PostPage { ctx, post, body, url, comments })
}

pub async fn image(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, AppError> {
    let post = published(&state, &slug).await?;
    let image = store::image(&state.db, post.id).await?.ok_or(AppError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "public, max-age=86400")], image)
        .into_response())
}

pub async fn feed(State(state): State<AppState>, Query(q): Query<LangQuery>) -> Result<Response, AppError> {
    let lang = q.lang();
    let posts = store::published(&state.db, 30, 0).await?;
    let entries = posts
        .iter()
        .map(|p| Entry {
            title: p.title(lang).to_owned(),
            link: format!("{}/news/{}", state.base_url, p.slug),
            summary: rendezvous_platform::markdown::plain_text(p.body(lang)).chars().take(400).collect(),
            published: atom::rfc3339(p.published_at.unwrap_or(p.updated_at)),
            updated: atom::rfc3339(p.updated_at),
        })
        .collect::<Vec<_>>();
    let updated = posts.iter().map(|p| p.updated_at).max().unwrap_or(0);
    atom::response(&Feed {
        lang: lang.code(),
        title: format!("{} — {}", state.config.org_name, state.tr.t(lang, "news-title")),
        self_link: format!("{}/news/feed.atom{}", state.base_url, q.suffix()),
        alternate: format!("{}/news", state.base_url),
        updated: atom::rfc3339(updated),
        author: state.config.org_name.clone(),
        entries,
    })
}

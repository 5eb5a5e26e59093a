//! The search page: words, optionally a space and an author.

use axum::extract::{Query, State};
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::web::{AppError, PageContext, render};
use serde::Deserialize;

use super::extract::Reader;
use super::page_of;
use crate::access::can_read;
use crate::search::{self, Hit};
use crate::store::spaces::{self as space_store, SpaceRow};

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The words to find.
    #[serde(default)]
    pub q: String,
    /// A space's slug.
    #[serde(default)]
    pub space: String,
    /// An account id (never matches anonymous posts).
    #[param(value_type = Option<i64>)]
    pub author: Option<String>,
    #[param(minimum = 1)]
    pub page: Option<usize>,
}

impl SearchQuery {
    pub fn author_id(&self) -> Option<UserId> {
        self.author.as_deref().and_then(|a| a.trim().parse().ok())
    }
}

#[derive(askama::Template)]
#[template(path = "forum/search.html")]
struct SearchPage {
    ctx: PageContext,
    query: SearchQuery,
    spaces: Vec<SpaceRow>,
    hits: Vec<Hit>,
    searched: bool,
    page: usize,
}

pub async fn page(
    State(state): State<AppState>,
    Reader(who): Reader,
    ctx: PageContext,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let spaces: Vec<SpaceRow> = space_store::all(&state.db).await?.into_iter().filter(|s| can_read(&who, s)).collect();
    let page = page_of(query.page);
    let searched = !query.q.trim().is_empty();
    let hits = if searched {
        search::search(&state, &who, ctx.lang, &query.q, Some(&query.space), query.author_id(), page).await?
    } else {
        Vec::new()
    };
    render(&SearchPage { ctx, query, spaces, hits, searched, page })
}

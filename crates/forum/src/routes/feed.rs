//! Atom feeds, for public spaces only (a feed reader has no session): the latest visible posts.
//! Anonymous posts are by "anonymous member"; every text is escaped.

use crate::model::PostState;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::AppError;

use crate::access::{ForumViewer, can_read};
use crate::posts::{Names, named_authors};
use crate::store::{posts as post_store, spaces as space_store, threads as thread_store};

const ENTRIES: i64 = 50;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

pub async fn space(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, AppError> {
    let slug = slug.strip_suffix(".atom").unwrap_or(&slug).to_owned();
    let space = space_store::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    // Only public spaces have a feed: the anonymous viewer must be able to read it.
    if !space.is_public() || !can_read(&ForumViewer::ANONYMOUS, &space) {
        return Err(AppError::NotFound);
    }
    let posts = post_store::recent_in_spaces(&state.db, &[space.id], ENTRIES).await?;
    let names = Names::load(&state, Lang::En, named_authors(&posts)).await?;
    let base = state.base_url.trim_end_matches('/');
    let updated = posts.first().map(|p| p.created_at).unwrap_or(space.updated_at);
    let mut xml = String::with_capacity(4096);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!("<title>{}</title>\n", escape(&space.name_en)));
    xml.push_str(&format!("<id>{base}/forum/{}</id>\n", escape(&space.slug)));
    xml.push_str(&format!("<link rel=\"alternate\" href=\"{base}/forum/{}\"/>\n", escape(&space.slug)));
    xml.push_str(&format!("<link rel=\"self\" href=\"{base}/forum/{}/feed.atom\"/>\n", escape(&space.slug)));
    xml.push_str(&format!("<updated>{}</updated>\n", rfc3339(updated)));
    for p in &posts {
        let Some(thread) = thread_store::by_id(&state.db, p.thread_id).await?.filter(|t| t.state == PostState::Visible)
        else {
            continue;
        };
        let author = names.author(p.author_id, p.anonymous != 0);
        xml.push_str("<entry>\n");
        xml.push_str(&format!("<title>{}</title>\n", escape(&thread.title)));
        xml.push_str(&format!("<id>{base}/forum/p/{}</id>\n", p.id));
        xml.push_str(&format!("<link rel=\"alternate\" href=\"{base}/forum/t/{}#p{}\"/>\n", thread.id, p.id));
        xml.push_str(&format!("<updated>{}</updated>\n", rfc3339(p.edited_at.unwrap_or(p.created_at))));
        xml.push_str(&format!("<author><name>{}</name></author>\n", escape(&author.name)));
        match &p.content_warning {
            Some(cw) => xml.push_str(&format!("<summary>{}</summary>\n", escape(&format!("CW: {cw}")))),
            None => xml.push_str(&format!("<content type=\"html\">{}</content>\n", escape(&p.body_html))),
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    Ok(([(CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response())
}

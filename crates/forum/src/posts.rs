//! What leaves the crate about threads and posts: views built for one viewer. An anonymous post's
//! author is never in a view (no id, no name) — the HTML, JSON, feeds, search results and mail
//! are all built from these.

use std::collections::HashMap;

use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::i18n::Lang;
use serde::Serialize;

use crate::access::ForumViewer;
use crate::ids::{PostId, SpaceId, ThreadId};
use crate::model::PostState;
use crate::store::posts::PostRow;
use crate::store::threads::ThreadRow;

/// Who wrote something, as shown. `user_id` is `None` for anonymous posts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct AuthorView {
    /// "anonymous member" (in the reader's language) for anonymous posts.
    pub name: String,
    pub anonymous: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<UserId>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PostView {
    pub id: PostId,
    pub thread_id: ThreadId,
    pub author: AuthorView,
    pub state: PostState,
    /// Empty for deleted posts, and for hidden ones unless the viewer moderates.
    pub body_html: String,
    pub content_warning: Option<String>,
    pub quote_of: Option<PostId>,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds.
    pub edited_at: Option<i64>,
    pub support: i64,
    pub supported_by_me: bool,
    /// The viewer wrote it (only the viewer learns this).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mine: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThreadView {
    pub id: ThreadId,
    pub space_id: SpaceId,
    pub title: String,
    pub author: AuthorView,
    pub pinned: bool,
    pub locked: bool,
    pub post_count: i64,
    pub last_post_at: i64,
    pub created_at: i64,
    /// Posts the viewer has not read yet (signed-in viewers).
    pub unread: bool,
}

/// The names shown for a set of authors; anonymous ones are "anonymous member" in `lang`.
pub struct Names {
    names: HashMap<UserId, String>,
    anonymous: String,
    former: String,
}

impl Names {
    pub async fn load(
        state: &AppState,
        lang: Lang,
        author_ids: impl IntoIterator<Item = UserId>,
    ) -> Result<Self, rendezvous_platform::BoxError> {
        let mut ids: Vec<UserId> = author_ids.into_iter().collect();
        ids.sort_by_key(|u| u.0);
        ids.dedup();
        let names = state.users.display_names(&ids).await?;
        Ok(Self {
            names,
            anonymous: state.tr.t(lang, "forum-anonymous-member"),
            former: state.tr.t(lang, "forum-former-member"),
        })
    }

    /// Names already read (kept by `thread_data`), with the two words in `lang`.
    pub fn from_read(state: &AppState, lang: Lang, names: HashMap<UserId, String>) -> Self {
        Self {
            names,
            anonymous: state.tr.t(lang, "forum-anonymous-member"),
            former: state.tr.t(lang, "forum-former-member"),
        }
    }

    pub fn author(&self, author_id: UserId, anonymous: bool) -> AuthorView {
        if anonymous {
            return AuthorView { name: self.anonymous.clone(), anonymous: true, user_id: None };
        }
        let name = self.names.get(&author_id).cloned().unwrap_or_else(|| self.former.clone());
        AuthorView { name, anonymous: false, user_id: Some(author_id) }
    }

    pub fn anonymous_name(&self) -> &str {
        &self.anonymous
    }
}

/// Non-anonymous author ids of these posts (only those need a name).
pub fn named_authors(posts: &[PostRow]) -> Vec<UserId> {
    posts.iter().filter(|p| p.anonymous == 0).map(|p| p.author_id).collect()
}

pub fn post_view(
    p: &PostRow,
    names: &Names,
    viewer: &ForumViewer,
    moderating: bool,
    support: &HashMap<PostId, (i64, bool)>,
) -> PostView {
    let state = p.state;
    let shows_body = crate::access::post_sight(state, viewer.user_id == Some(p.author_id), moderating)
        == crate::access::Sight::Whole;
    let (count, mine_support) = support.get(&p.id).copied().unwrap_or((0, false));
    PostView {
        id: p.id,
        thread_id: p.thread_id,
        author: if state == PostState::Deleted {
            AuthorView { name: names.anonymous_name().to_owned(), anonymous: true, user_id: None }
        } else {
            names.author(p.author_id, p.anonymous != 0)
        },
        state,
        body_html: if shows_body { p.body_html.clone() } else { String::new() },
        content_warning: if shows_body { p.content_warning.clone() } else { None },
        quote_of: p.quote_of,
        created_at: p.created_at,
        edited_at: p.edited_at,
        support: count,
        supported_by_me: mine_support,
        mine: viewer.user_id == Some(p.author_id),
    }
}

pub fn thread_view(t: &ThreadRow, names: &Names, unread: bool) -> ThreadView {
    ThreadView {
        id: t.id,
        space_id: t.space_id,
        title: t.title.clone(),
        author: names.author(t.author_id, t.anonymous != 0),
        pinned: t.pinned != 0,
        locked: t.locked != 0,
        post_count: t.post_count,
        last_post_at: t.last_post_at,
        created_at: t.created_at,
        unread,
    }
}

/// Support counts for some posts, as a map post id → (count, given by the viewer).
pub async fn support_map(
    state: &AppState,
    post_ids: &[PostId],
    viewer: &ForumViewer,
) -> Result<HashMap<PostId, (i64, bool)>, sqlx::Error> {
    Ok(crate::store::posts::support(&state.db, post_ids, viewer.user_id)
        .await?
        .into_iter()
        .map(|(id, n, mine)| (id, (n, mine > 0)))
        .collect())
}

//! Notifications: who hears of a new post (replies to one's thread or post, @mentions, watched
//! threads and spaces; muting a thread or its space wins over all of them), in the app and by
//! mail as each person chose (each event, daily or weekly digest, or none — none until they
//! choose), and replies by email.
//!
//! What is checked when: a notification is written only for someone who may read the post when
//! it is published; every mail (each event or digest) checks again, when it is built, with
//! [`crate::access::can_read`] and the post's and thread's state, so a revoked membership or a
//! hidden post never reaches a mailbox. An anonymous post's author is never named: the
//! notification's actor is NULL and mail names "an anonymous member".

pub mod digest;
pub mod mail;
pub mod mentions;
pub mod reply;
mod routes;
pub mod store;
pub mod strip;

use crate::ids::PostId;
use crate::model::PostState;
use std::collections::BTreeMap;
use std::sync::Arc;

use rendezvous_platform::auth::UserId;
use rendezvous_platform::jobs::{JobKind, JobRegistry};
use rendezvous_platform::{AppState, BoxError};

use crate::access::{can_read, viewer_for_user};
use crate::store::notifications::{self as core_store, NewNotification};
use crate::store::posts as post_store;
use crate::store::spaces as space_store;
use crate::store::threads as thread_store;

pub use routes::router;

/// Why someone hears of a post, strongest first: one notification per person per post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Mention,
    Reply,
    Watched,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Mention => "mention",
            Kind::Reply => "reply",
            Kind::Watched => "watched",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Kind::Mention, Kind::Reply, Kind::Watched].into_iter().find(|k| k.as_str() == s)
    }
}

/// The most mentions one post notifies (more is not a conversation).
pub const MAX_MENTIONS: usize = 10;

/// Tells whoever should hear of a post that just became visible (published, or approved by a
/// moderator). Never fails the post: problems are logged.
pub async fn on_new_post(state: &AppState, post_id: PostId) {
    if let Err(e) = notify_post(state, post_id).await {
        tracing::warn!(error = %e, post_id = post_id.0, "could not write the notifications of a post");
    }
}

/// Writes the notifications of a visible post; returns how many.
pub async fn notify_post(state: &AppState, post_id: PostId) -> Result<usize, BoxError> {
    let Some(post) = post_store::by_id(&state.db, post_id).await? else { return Ok(0) };
    let Some(thread) = thread_store::by_id(&state.db, post.thread_id).await? else { return Ok(0) };
    let Some(space) = space_store::by_id(&state.db, post.space_id).await? else { return Ok(0) };
    if post.state != PostState::Visible || thread.state != PostState::Visible {
        return Ok(0);
    }
    let mut wanted: BTreeMap<UserId, Kind> = BTreeMap::new();
    let mut want = |user: UserId, kind: Kind| {
        let entry = wanted.entry(user).or_insert(kind);
        *entry = (*entry).min(kind);
    };
    for user in store::watchers(&state.db, thread.id, space.id).await? {
        want(user, Kind::Watched);
    }
    if let Some(first) = post_store::first_in_thread(&state.db, thread.id).await?
        && first.id != post.id
    {
        want(first.author_id, Kind::Reply);
    }
    if let Some(quoted) = post.quote_of
        && let Some(q) = post_store::by_id(&state.db, quoted).await?
    {
        want(q.author_id, Kind::Reply);
    }
    for handle in mentions::handles(&post.body_markdown).into_iter().take(MAX_MENTIONS) {
        for user in rendezvous_accounts::ids_by_handle(&state.db, &handle).await? {
            want(user, Kind::Mention);
        }
    }
    wanted.remove(&post.author_id);
    for user in store::muters(&state.db, thread.id, space.id).await? {
        wanted.remove(&user);
    }
    let now = state.clock.now_ms();
    let actor_id = (post.anonymous == 0).then_some(post.author_id);
    let mut written = 0;
    for (user_id, kind) in wanted {
        let prefs = core_store::prefs(&state.db, user_id).await?;
        let wants_kind = prefs.as_ref().is_none_or(|p| match kind {
            Kind::Mention => p.notify_mentions != 0,
            Kind::Reply => p.notify_replies != 0,
            Kind::Watched => p.notify_watched != 0,
        });
        if !wants_kind {
            continue;
        }
        let Some(user) = state.users.user_by_id(user_id).await? else { continue };
        if !can_read(&viewer_for_user(state, &user).await?, &space) {
            continue;
        }
        let n = NewNotification {
            user_id,
            kind: kind.as_str(),
            space_id: space.id,
            thread_id: thread.id,
            post_id: post.id,
            actor_id,
        };
        let id = core_store::insert(&state.db, &n, now).await?;
        written += 1;
        if prefs.is_some_and(|p| p.email_mode() == crate::model::EmailMode::Each) {
            state.jobs.enqueue(mail::EACH_JOB, &serde_json::json!({ "notification": id })).await?;
        }
    }
    Ok(written)
}

pub fn register_jobs(registry: &mut JobRegistry) {
    registry.register(mail::EACH_JOB, mail::handle_each);
    registry.register_kind(JobKind::new(digest::JOB).max_running(1), digest::handle);
}

/// The unread notifications beside the navigation link, on every signed-in page: kept until a
/// write (a notification is written, and read, only by a job or a POST).
pub fn nav_badge() -> rendezvous_platform::state::NavBadge {
    fn count(state: &AppState, user_id: UserId) -> rendezvous_platform::auth::LookupFuture<'_, i64> {
        Box::pin(async move {
            let key = format!("forum unread {}", user_id.0);
            let unread = state.kept.or_load(&state.changes, key, store::unread_count(&state.db, user_id)).await?;
            Ok(*unread)
        })
    }
    rendezvous_platform::state::NavBadge { href: "/notifications", count }
}

/// The forum's hook on the inbound mail path (replies by email).
pub fn inbound_hook() -> Arc<dyn rendezvous_platform::inbound::InboundHook> {
    Arc::new(reply::ReplyHook)
}

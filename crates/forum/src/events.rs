//! What the forum announces when something happens: the calls sit where a post becomes visible to
//! others (a post that is not held, a held post approved), and hand it to the notification engine
//! ([`crate::notify`]: in-app notifications, mail each event or digests, reply by email).
//!
//! Whatever is sent from here must check [`crate::access::can_read`] for each recipient at send
//! time, and must name an anonymous author nowhere (`author_id` is given for muting and
//! self-notification only; never put it in a notification's `actor_id`).

use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;

use crate::ids::{PostId, SpaceId, ThreadId};

/// A post that others can now read.
#[derive(Debug, Clone, Copy)]
pub struct Published {
    pub post_id: PostId,
    pub thread_id: ThreadId,
    pub space_id: SpaceId,
    /// For not notifying the author of their own post; never shown when `anonymous`.
    pub author_id: UserId,
    pub anonymous: bool,
    /// The post it quotes, whose author may want a "reply" notification.
    pub quote_of: Option<PostId>,
    /// True when this post opened the thread.
    pub opens_thread: bool,
}

/// A post just became visible: posted where nothing holds it, or approved by a moderator.
pub async fn post_published(state: &AppState, post: &Published) -> Result<(), sqlx::Error> {
    tracing::debug!(post = post.post_id.0, thread = post.thread_id.0, "forum post published");
    crate::notify::on_new_post(state, post.post_id).await;
    announce_if_public(state, post).await
}

/// Partners (webhooks) hear of posts in public spaces only, and never of who wrote them: a
/// restricted space's post, or an anonymous post's author, never leaves.
async fn announce_if_public(state: &AppState, post: &Published) -> Result<(), sqlx::Error> {
    let Some(space) = crate::store::spaces::by_id(&state.db, post.space_id).await? else { return Ok(()) };
    if !space.is_public() {
        return Ok(());
    }
    let data = serde_json::json!({
        "post_id": post.post_id,
        "thread_id": post.thread_id,
        "space": space.slug,
        "opens_thread": post.opens_thread,
        "url": format!("{}/forum/t/{}#p{}", state.base_url, post.thread_id, post.post_id),
    });
    let event = rendezvous_platform::events::Event { kind: "post.created", data, personal: None };
    rendezvous_platform::events::announce(state, event).await;
    Ok(())
}

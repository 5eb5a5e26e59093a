//! Moderation: flags with a reason, the review queue (held posts and open flags), the actions
//! (approve, hide, delete, dismiss; warn, suspend for N days, ban), pin/lock/move, the per-space
//! log (which never names an anonymous post's author), and the administrators' audited reveal of
//! an anonymous author. Everything is audited.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::{AppState, audit};

use crate::access::{ForumViewer, Refusal, can_moderate, can_read, moderation_refusal};
use crate::events::{self, Published};
use crate::ids::SpaceId;
use crate::markdown;
use crate::model::FlagState;
use crate::model::{self, PostState};
use crate::posting::{PostError, opening_title};
use crate::store::moderation::{self as store, LogEntry};
use crate::store::posts::{self as post_store, PostRow};
use crate::store::search;
use crate::store::spaces::SpaceRow;
use crate::store::threads::{self as thread_store, ThreadRow};

const DAY_MS: i64 = 86_400_000;
pub const MAX_SUSPENSION_DAYS: i64 = 3_650;

/// Every moderation power starts here: refused, or refused until two-factor is on.
pub fn may_moderate(viewer: &ForumViewer, space: &SpaceRow) -> Result<(), PostError> {
    match moderation_refusal(viewer, space) {
        None => Ok(()),
        Some(Refusal::NeedsTwoFactor) => Err(PostError::NeedsTwoFactor),
        Some(Refusal::Forbidden) => Err(PostError::Forbidden),
    }
}

/// Anyone who may read a post may flag it, with a reason.
pub async fn flag(
    state: &AppState,
    viewer: &ForumViewer,
    space: &SpaceRow,
    post: &PostRow,
    reason: &str,
) -> Result<(), PostError> {
    let user = viewer.user_id.ok_or(PostError::Forbidden)?;
    if !can_read(viewer, space) || post.state == PostState::Deleted {
        return Err(PostError::Forbidden);
    }
    let reason = model::reason(reason).map_err(|e| PostError::Invalid("reason", e))?;
    store::insert_flag(&state.db, post.id, user, &reason, state.clock.now_ms()).await?;
    audit::record(&state.db, &state.clock, Some(user), "forum.flag", None, &format!("post {}", post.id)).await?;
    Ok(())
}

/// What a moderator decides about a post (and perhaps its author).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Hide,
    Unhide,
    Delete,
    Dismiss,
    Warn,
    Suspend { days: i64 },
    Ban,
}

impl Decision {
    pub fn parse(action: &str, days: Option<i64>) -> Option<Self> {
        Some(match action {
            "approve" => Self::Approve,
            "hide" => Self::Hide,
            "unhide" => Self::Unhide,
            "delete" => Self::Delete,
            "dismiss" => Self::Dismiss,
            "warn" => Self::Warn,
            "suspend" => Self::Suspend { days: days.filter(|d| (1..=MAX_SUSPENSION_DAYS).contains(d))? },
            "ban" => Self::Ban,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Hide => "hide",
            Self::Unhide => "unhide",
            Self::Delete => "delete",
            Self::Dismiss => "dismiss",
            Self::Warn => "warn",
            Self::Suspend { .. } => "suspend",
            Self::Ban => "ban",
        }
    }
}

/// A moderator acts on a post from the queue (or the thread page).
pub async fn decide(
    state: &AppState,
    viewer: &ForumViewer,
    space: &SpaceRow,
    post: &PostRow,
    decision: Decision,
    reason: &str,
) -> Result<(), PostError> {
    let moderator = viewer.user_id.ok_or(PostError::Forbidden)?;
    may_moderate(viewer, space)?;
    let reason = reason.trim();
    if reason.chars().count() > model::MAX_REASON {
        return Err(PostError::Invalid("reason", "forum-error-too-long"));
    }
    let now = state.clock.now_ms();
    let state_change = match decision {
        Decision::Approve => Some((&[PostState::Held][..], PostState::Visible)),
        Decision::Unhide => Some((&[PostState::Hidden][..], PostState::Visible)),
        Decision::Hide => Some((&[PostState::Visible, PostState::Held][..], PostState::Hidden)),
        Decision::Delete => Some((&[PostState::Visible, PostState::Held, PostState::Hidden][..], PostState::Deleted)),
        _ => None,
    };
    if let Some((from, to)) = state_change {
        let title = opening_title(state, post).await?;
        let mut tx = state.db.begin_write().await?;
        let changed = post_store::set_state(&mut tx, post.id, from, to, now).await?;
        if changed && to == PostState::Visible {
            search::index(&mut tx, state.db.dialect, post.id, &title, &markdown::plain_text(&post.body_markdown))
                .await?;
        } else if changed {
            search::unindex(&mut tx, state.db.dialect, post.id).await?;
        }
        thread_store::refresh(&mut tx, post.thread_id, now).await?;
        tx.commit().await?;
        if changed && decision == Decision::Approve {
            let opens_thread =
                post_store::first_in_thread(&state.db, post.thread_id).await?.is_some_and(|f| f.id == post.id);
            let published = Published {
                post_id: post.id,
                thread_id: post.thread_id,
                space_id: post.space_id,
                author_id: post.author_id,
                anonymous: post.anonymous != 0,
                quote_of: post.quote_of,
                opens_thread,
            };
            events::post_published(state, &published).await?;
        }
    }
    match decision {
        Decision::Warn => {
            store::insert_sanction(&state.db, post.author_id, "warning", reason, None, moderator, now).await?;
        }
        Decision::Suspend { days } => {
            store::insert_sanction(
                &state.db,
                post.author_id,
                "suspension",
                reason,
                Some(now + days * DAY_MS),
                moderator,
                now,
            )
            .await?;
        }
        Decision::Ban => {
            store::insert_sanction(&state.db, post.author_id, "ban", reason, None, moderator, now).await?;
        }
        _ => {}
    }
    let flag_state = if decision == Decision::Dismiss { FlagState::Dismissed } else { FlagState::Resolved };
    store::resolve_flags(&state.db, post.id, moderator, flag_state, now).await?;
    let anonymous = post.anonymous != 0;
    let entry = LogEntry {
        space_id: space.id,
        moderator_id: moderator,
        action: decision.name(),
        thread_id: Some(post.thread_id),
        post_id: Some(post.id),
        target_user_id: if anonymous { None } else { Some(post.author_id) },
        reason,
    };
    store::log(&state.db, &entry, now).await?;
    if matches!(decision, Decision::Warn | Decision::Suspend { .. } | Decision::Ban) {
        crate::sanction_notice::tell(state, post.author_id, space, post.thread_id, decision, reason).await;
    }
    // The audit log names the person sanctioned, unless the post is anonymous: then only the
    // administrator's reveal (itself audited) links the post to its author.
    let subject = (!anonymous && matches!(decision, Decision::Warn | Decision::Suspend { .. } | Decision::Ban))
        .then_some(post.author_id);
    audit::record(
        &state.db,
        &state.clock,
        Some(moderator),
        &format!("forum.moderate.{}", decision.name()),
        subject,
        &format!("post {}", post.id),
    )
    .await?;
    Ok(())
}

/// Pin, unpin, lock, unlock a thread, or move it to another space the moderator moderates. A move
/// into a space that more people read is an administrator's, and only once `confirmed` (after
/// being shown how many more will read it).
pub async fn thread_action(
    state: &AppState,
    viewer: &ForumViewer,
    space: &SpaceRow,
    thread: &ThreadRow,
    action: &str,
    to_space: Option<&SpaceRow>,
    confirmed: bool,
) -> Result<(), PostError> {
    let moderator = viewer.user_id.ok_or(PostError::Forbidden)?;
    may_moderate(viewer, space)?;
    let now = state.clock.now_ms();
    match action {
        "pin" => thread_store::set_flag(&state.db, thread.id, Some(true), None, now).await?,
        "unpin" => thread_store::set_flag(&state.db, thread.id, Some(false), None, now).await?,
        "lock" => thread_store::set_flag(&state.db, thread.id, None, Some(true), now).await?,
        "unlock" => thread_store::set_flag(&state.db, thread.id, None, Some(false), now).await?,
        "move" => {
            let target = to_space.ok_or(PostError::Invalid("space", "forum-error-space"))?;
            may_moderate(viewer, target)?;
            if target.id == space.id {
                return Err(PostError::Invalid("space", "forum-error-space"));
            }
            if crate::readers::widening(state, space, target).await?.widens() {
                if !viewer.is_admin {
                    return Err(PostError::NeedsAdmin);
                }
                if !confirmed {
                    return Err(PostError::Invalid("space", "forum-error-move-unconfirmed"));
                }
            }
            let mut tx = state.db.begin_write().await?;
            thread_store::move_to(&mut tx, thread.id, target.id, now).await?;
            tx.commit().await?;
        }
        _ => return Err(PostError::Invalid("action", "forum-error-action")),
    }
    let entry = LogEntry {
        space_id: space.id,
        moderator_id: moderator,
        action,
        thread_id: Some(thread.id),
        post_id: None,
        target_user_id: None,
        reason: "",
    };
    store::log(&state.db, &entry, now).await?;
    audit::record(
        &state.db,
        &state.clock,
        Some(moderator),
        &format!("forum.thread.{action}"),
        None,
        &format!("thread {}", thread.id),
    )
    .await?;
    Ok(())
}

/// An administrator learns who wrote an anonymous post. Audited before the answer is given.
pub async fn reveal_author(state: &AppState, viewer: &ForumViewer, post: &PostRow) -> Result<UserId, PostError> {
    let user = viewer.user_id.ok_or(PostError::Forbidden)?;
    if !viewer.is_admin {
        // Only the administrator role reveals; one without its second factor is told to add it.
        return Err(if viewer.staff_role && !viewer.two_factor {
            PostError::NeedsTwoFactor
        } else {
            PostError::Forbidden
        });
    }
    let admin = user;
    audit::record(
        &state.db,
        &state.clock,
        Some(admin),
        "forum.reveal-author",
        Some(post.author_id),
        &format!("post {}", post.id),
    )
    .await?;
    Ok(post.author_id)
}

/// The review queue as one moderator sees it: held posts and open flags in the spaces they moderate.
pub struct Queue {
    pub held: Vec<PostRow>,
    pub flags: Vec<(store::FlagRow, PostRow)>,
}

pub async fn queue(state: &AppState, viewer: &ForumViewer, spaces: &[SpaceRow]) -> Result<Queue, sqlx::Error> {
    let moderated: Vec<SpaceId> = spaces.iter().filter(|s| can_moderate(viewer, s)).map(|s| s.id).collect();
    let held = post_store::held(&state.db, &moderated, 100).await?;
    let flags = store::open_flags(&state.db, &moderated, 100).await?;
    let posts = post_store::by_ids(&state.db, &flags.iter().map(|f| f.post_id).collect::<Vec<_>>()).await?;
    let flags =
        flags.into_iter().filter_map(|f| posts.iter().find(|p| p.id == f.post_id).cloned().map(|p| (f, p))).collect();
    Ok(Queue { held, flags })
}

//! THE rule of who may read, post in and moderate a space. Pages, the JSON API, search, feeds and
//! (later) notifications and digests all ask [`can_read`] / [`can_post`] / [`can_moderate`];
//! nothing else decides it.
//!
//! A viewer is anonymous, registered, a member (current membership or the member role), a member
//! of some groups, a moderator (forum-wide role, or moderator of given spaces), or an
//! administrator. Administrators and forum-wide moderators read every space, because they answer
//! flags from every space; a space's own moderators read and moderate that space.
//!
//! Every moderation power needs the second factor: a space's moderator without it still reads and
//! posts there as named, but [`can_moderate`] says no and [`moderation_refusal`] tells them to turn
//! two-factor on, so a stolen password alone never hides, deletes, moves or sanctions.

use rendezvous_platform::AppState;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::auth::{AuthUser, Role};

use crate::ids::{SpaceId, ThreadId};
use crate::model::{PostRule, PostState, ReadRule};
use crate::store::spaces::SpaceRow;
use crate::store::standing::{self as standing_store, ReaderMarks};

/// Everything the rule needs to know about who is asking, loaded once per request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ForumViewer {
    pub user_id: Option<UserId>,
    /// A current member of the network (membership or the member role).
    pub is_member: bool,
    /// Slugs of the groups the person is an active member of.
    pub groups: Vec<String>,
    /// Forum-wide moderator (the role, with two-factor authentication).
    pub is_moderator: bool,
    /// Administrator with two-factor authentication.
    pub is_admin: bool,
    /// Spaces this person moderates.
    pub moderates: Vec<SpaceId>,
    /// Suspended or banned: may read, may not post.
    pub posting_blocked: bool,
    /// Has two-factor authentication on (a space's moderator needs it to moderate).
    pub two_factor: bool,
    /// Holds the administrator or moderator role, with or without the second factor.
    pub staff_role: bool,
}

impl ForumViewer {
    pub const ANONYMOUS: ForumViewer = ForumViewer {
        user_id: None,
        is_member: false,
        groups: Vec::new(),
        is_moderator: false,
        is_admin: false,
        moderates: Vec::new(),
        posting_blocked: false,
        two_factor: false,
        staff_role: false,
    };

    pub fn is_signed_in(&self) -> bool {
        self.user_id.is_some()
    }

    fn in_any(&self, slugs: &[String]) -> bool {
        slugs.iter().any(|s| self.groups.contains(s))
    }
}

/// Loads who the person is to the forum (anonymous when `user` is `None`).
pub async fn viewer_for(state: &AppState, user: Option<&AuthUser>) -> Result<ForumViewer, sqlx::Error> {
    let Some(user) = user else { return Ok(ForumViewer::ANONYMOUS) };
    viewer_for_user(state, user).await
}

/// The same for a known account (notifications and digests load recipients this way).
pub async fn viewer_for_user(state: &AppState, user: &AuthUser) -> Result<ForumViewer, sqlx::Error> {
    Ok(viewer_on_thread(state, user, None).await?.0)
}

/// The viewer and, on a thread's page, their marks there: the forum's part of the standing and
/// the marks are one statement.
pub async fn viewer_on_thread(
    state: &AppState,
    user: &AuthUser,
    thread: Option<ThreadId>,
) -> Result<(ForumViewer, ReaderMarks), sqlx::Error> {
    let now = state.clock.now_ms();
    let id = user.id;
    // Read afresh on every request, never kept.
    let is_member = user.has_role(rendezvous_members::MEMBER)
        || rendezvous_members::memberships::is_active_member(&state.db, id, now).await?;
    let groups = rendezvous_members::groups::of_user(&state.db, id).await?.into_iter().map(|g| g.slug).collect();
    let standing = standing_store::of_reader(&state.db, id, now, thread).await?;
    let viewer = ForumViewer {
        user_id: Some(id),
        is_member,
        groups,
        is_moderator: user.can_use(crate::MODERATOR),
        is_admin: user.can_use(Role::ADMIN),
        moderates: standing.moderates,
        posting_blocked: standing.posting_blocked,
        two_factor: user.two_factor_enabled,
        staff_role: user.has_role(Role::ADMIN) || user.has_role(crate::MODERATOR),
    };
    Ok((viewer, standing.marks))
}

/// Named by an administrator as one of this space's moderators (with or without two-factor).
fn named_moderator(viewer: &ForumViewer, space: &SpaceRow) -> bool {
    viewer.moderates.contains(&space.id)
}

/// May the viewer moderate this space: an administrator, a forum-wide moderator, or one of the
/// space's moderators, always with two-factor authentication on.
pub fn can_moderate(viewer: &ForumViewer, space: &SpaceRow) -> bool {
    viewer.is_admin || viewer.is_moderator || (viewer.two_factor && named_moderator(viewer, space))
}

/// Why the viewer may not moderate this space: [`Refusal::NeedsTwoFactor`] when they would with
/// the second factor on (so they are shown how to turn it on), `None` when they may.
pub fn moderation_refusal(viewer: &ForumViewer, space: &SpaceRow) -> Option<Refusal> {
    if can_moderate(viewer, space) {
        None
    } else if !viewer.two_factor && (viewer.staff_role || named_moderator(viewer, space)) {
        Some(Refusal::NeedsTwoFactor)
    } else {
        Some(Refusal::Forbidden)
    }
}

/// Would the viewer moderate somewhere once two-factor is on (the queue's "turn it on" answer)?
pub fn moderates_without_two_factor(viewer: &ForumViewer) -> bool {
    !viewer.two_factor && (viewer.staff_role || !viewer.moderates.is_empty())
}

/// Why a moderation power is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NeedsTwoFactor,
    Forbidden,
}

/// May the viewer read this space (its threads, posts, search results, feed, mail about it)?
pub fn can_read(viewer: &ForumViewer, space: &SpaceRow) -> bool {
    if can_moderate(viewer, space) || named_moderator(viewer, space) {
        return true;
    }
    match space.read_rule() {
        ReadRule::Public => true,
        ReadRule::Members => viewer.is_member,
        ReadRule::Groups(slugs) => viewer.in_any(&slugs),
    }
}

/// May the viewer start threads and reply in this space? They must be signed in, able to read it,
/// not suspended or banned, and match its post rule; moderators of the space always may.
pub fn can_post(viewer: &ForumViewer, space: &SpaceRow) -> bool {
    if !viewer.is_signed_in() || viewer.posting_blocked || space.archived != 0 || !can_read(viewer, space) {
        return false;
    }
    if can_moderate(viewer, space) || named_moderator(viewer, space) {
        return true;
    }
    match space.post_rule() {
        PostRule::Members => viewer.is_member,
        PostRule::Groups(slugs) => viewer.in_any(&slugs),
        PostRule::Moderators => false,
    }
}

/// What someone who may read but not post in a space can do about it, as the page tells them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextStep {
    /// The Fluent message (it may use `$groups`).
    pub message: &'static str,
    /// The groups whose members post here, for `$groups`.
    pub groups: String,
    /// Where to go next, with its link text; empty when there is nowhere to go.
    pub href: &'static str,
    pub link: &'static str,
}

/// Why the viewer may not post in this space, and their next step; `None` when they may.
pub fn next_step(viewer: &ForumViewer, space: &SpaceRow) -> Option<NextStep> {
    if can_post(viewer, space) || !can_read(viewer, space) {
        return None;
    }
    let step = |message, href, link| Some(NextStep { message, groups: String::new(), href, link });
    if !viewer.is_signed_in() {
        return step("forum-next-sign-in", "/login", "forum-login-to-post");
    }
    if space.archived != 0 {
        return step("forum-next-archived", "", "");
    }
    if viewer.posting_blocked {
        return step("forum-next-blocked", "", "");
    }
    match space.post_rule() {
        PostRule::Members => step("forum-next-members", "/members/apply", "forum-next-apply"),
        PostRule::Groups(slugs) => Some(NextStep {
            message: "forum-next-groups",
            groups: slugs.join(", "),
            href: "/groups",
            link: "forum-next-groups-link",
        }),
        PostRule::Moderators => step("forum-next-moderators", "", ""),
    }
}

/// The ids of the spaces among `spaces` the viewer may read (search and feeds filter on these).
pub fn readable_ids(viewer: &ForumViewer, spaces: &[SpaceRow]) -> Vec<SpaceId> {
    spaces.iter().filter(|s| can_read(viewer, s)).map(|s| s.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space(id: i64, read: &str, post: &str) -> SpaceRow {
        SpaceRow { id: SpaceId(id), read_rule: read.into(), post_rule: post.into(), ..SpaceRow::default() }
    }

    fn viewers() -> Vec<(&'static str, ForumViewer)> {
        let registered = ForumViewer { user_id: Some(UserId(1)), ..ForumViewer::ANONYMOUS };
        vec![
            ("anonymous", ForumViewer::ANONYMOUS),
            ("registered", registered.clone()),
            ("member", ForumViewer { is_member: true, ..registered.clone() }),
            ("group", ForumViewer { groups: vec!["peers".into()], ..registered.clone() }),
            ("space-moderator", ForumViewer { moderates: vec![SpaceId(3)], ..registered.clone() }),
            (
                "space-moderator-2fa",
                ForumViewer { moderates: vec![SpaceId(3)], two_factor: true, ..registered.clone() },
            ),
            ("moderator", ForumViewer { is_moderator: true, ..registered.clone() }),
            ("admin", ForumViewer { is_admin: true, ..registered }),
        ]
    }

    #[test]
    fn the_access_matrix() {
        let public = space(1, "public", "members");
        let members = space(2, "members", "members");
        let peers = space(3, "group:peers", "group:peers");
        let announcements = space(4, "public", "moderators");
        let expect_read = [
            ("anonymous", [true, false, false, true]),
            ("registered", [true, false, false, true]),
            ("member", [true, true, false, true]),
            ("group", [true, false, true, true]),
            ("space-moderator", [true, false, true, true]),
            ("space-moderator-2fa", [true, false, true, true]),
            ("moderator", [true, true, true, true]),
            ("admin", [true, true, true, true]),
        ];
        let expect_post = [
            ("anonymous", [false, false, false, false]),
            ("registered", [false, false, false, false]),
            ("member", [true, true, false, false]),
            ("group", [false, false, true, false]),
            ("space-moderator", [false, false, true, false]),
            ("space-moderator-2fa", [false, false, true, false]),
            ("moderator", [true, true, true, true]),
            ("admin", [true, true, true, true]),
        ];
        let spaces = [&public, &members, &peers, &announcements];
        for (name, viewer) in viewers() {
            let reads = expect_read.iter().find(|(n, _)| *n == name).map(|(_, r)| *r).unwrap_or_default();
            let posts = expect_post.iter().find(|(n, _)| *n == name).map(|(_, r)| *r).unwrap_or_default();
            for (i, s) in spaces.iter().enumerate() {
                assert_eq!(can_read(&viewer, s), reads[i], "{name} reading {}", s.read_rule);
                assert_eq!(can_post(&viewer, s), posts[i], "{name} posting in space {}", s.id);
            }
        }
    }

    #[test]
    fn moderation_needs_the_second_factor() {
        let peers = space(3, "group:peers", "group:peers");
        let named = ForumViewer { user_id: Some(UserId(1)), moderates: vec![SpaceId(3)], ..ForumViewer::ANONYMOUS };
        assert!(!can_moderate(&named, &peers));
        assert_eq!(moderation_refusal(&named, &peers), Some(Refusal::NeedsTwoFactor));
        assert!(moderates_without_two_factor(&named));
        let with_2fa = ForumViewer { two_factor: true, ..named.clone() };
        assert!(can_moderate(&with_2fa, &peers));
        assert_eq!(moderation_refusal(&with_2fa, &peers), None);
        let staff = ForumViewer { user_id: Some(UserId(2)), staff_role: true, ..ForumViewer::ANONYMOUS };
        assert_eq!(moderation_refusal(&staff, &peers), Some(Refusal::NeedsTwoFactor));
        let member =
            ForumViewer { user_id: Some(UserId(3)), is_member: true, two_factor: true, ..ForumViewer::ANONYMOUS };
        assert_eq!(moderation_refusal(&member, &peers), Some(Refusal::Forbidden));
    }

    #[test]
    fn those_who_cannot_post_are_told_their_next_step() {
        let members = space(2, "public", "members");
        let peers = space(3, "public", "group:peers");
        let registered = ForumViewer { user_id: Some(UserId(1)), ..ForumViewer::ANONYMOUS };
        let message = |v: &ForumViewer, s: &SpaceRow| next_step(v, s).map(|n| n.message);
        assert_eq!(message(&ForumViewer::ANONYMOUS, &members), Some("forum-next-sign-in"));
        assert_eq!(message(&registered, &members), Some("forum-next-members"));
        assert_eq!(next_step(&registered, &peers).map(|n| n.groups), Some("peers".to_owned()));
        let member = ForumViewer { is_member: true, ..registered };
        assert_eq!(message(&member, &members), None);
    }

    #[test]
    fn suspended_people_read_but_do_not_post() {
        let public = space(1, "public", "members");
        let v =
            ForumViewer { user_id: Some(UserId(1)), is_member: true, posting_blocked: true, ..ForumViewer::ANONYMOUS };
        assert!(can_read(&v, &public));
        assert!(!can_post(&v, &public));
    }

    #[test]
    fn an_unreadable_rule_grants_nothing() {
        let broken = space(9, "group:", "nonsense");
        assert!(!can_read(
            &ForumViewer { user_id: Some(UserId(1)), is_member: true, ..ForumViewer::ANONYMOUS },
            &broken
        ));
    }
}

/// How much of a post a viewer sees, by its state: THE rule for posts, used by the post page,
/// the thread's list of posts and every view that leaves the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// The post as written.
    Whole,
    /// Its place ("deleted"), so replies still make sense; no body, no author.
    Placeholder,
    Nothing,
}

/// What a viewer sees of a post in `state`: held posts are their author's and the moderators',
/// hidden ones the moderators' only.
pub fn post_sight(state: PostState, is_author: bool, moderating: bool) -> Sight {
    let whole_if = |seen: bool| if seen { Sight::Whole } else { Sight::Nothing };
    match state {
        PostState::Visible => Sight::Whole,
        PostState::Held => whole_if(moderating || is_author),
        PostState::Hidden => whole_if(moderating),
        PostState::Deleted => Sight::Placeholder,
    }
}

/// Whether a viewer may open a thread in `state`: as its first post, except that a deleted
/// thread is gone for all but the moderators.
pub fn sees_thread(state: PostState, is_author: bool, moderating: bool) -> bool {
    match state {
        PostState::Deleted => moderating,
        _ => post_sight(state, is_author, moderating) == Sight::Whole,
    }
}

/// Which posts of a thread a viewer is shown (whole or as a placeholder), as the states everyone
/// sees and those only their author sees: derived from [`post_sight`], so the SQL that lists a
/// thread and the rule that shows one post cannot disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostFilter {
    pub everyone: Vec<PostState>,
    pub author_only: Vec<PostState>,
}

pub fn post_filter(moderating: bool) -> PostFilter {
    let shown = |state: PostState, is_author| post_sight(state, is_author, moderating) != Sight::Nothing;
    let everyone: Vec<PostState> = PostState::ALL.iter().copied().filter(|s| shown(*s, false)).collect();
    let author_only = PostState::ALL.iter().copied().filter(|s| !everyone.contains(s) && shown(*s, true)).collect();
    PostFilter { everyone, author_only }
}

impl PostFilter {
    /// The SQL condition on `state` and `author_id`, with `$author` the viewer's id (or -1). The
    /// states are written in as their fixed spellings; nothing of the viewer's is.
    pub fn sql(&self, author: usize) -> String {
        let list = |states: &[PostState]| {
            let quoted: Vec<String> = states.iter().map(|s| format!("'{}'", s.as_str())).collect();
            quoted.join(", ")
        };
        let mut sql = if self.everyone.is_empty() {
            "(1 = 0".to_owned()
        } else {
            format!("(state IN ({})", list(&self.everyone))
        };
        if !self.author_only.is_empty() {
            sql.push_str(&format!(" OR (state IN ({}) AND author_id = ${author})", list(&self.author_only)));
        }
        sql.push(')');
        sql
    }
}

#[cfg(test)]
mod post_filter_tests {
    use super::*;

    #[test]
    fn the_thread_filter_follows_the_post_rule() {
        let reader = post_filter(false);
        assert_eq!(reader.everyone, [PostState::Visible, PostState::Deleted]);
        assert_eq!(reader.author_only, [PostState::Held]);
        assert_eq!(reader.sql(3), "(state IN ('visible', 'deleted') OR (state IN ('held') AND author_id = $3))");
        let moderator = post_filter(true);
        assert_eq!(moderator.everyone.len(), PostState::ALL.len());
        assert!(moderator.author_only.is_empty());
    }
}

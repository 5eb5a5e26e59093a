//! Notification mail: one per event, or a digest, in the recipient's language, each post in it
//! checked against [`crate::access::can_read`] and its state when the mail is built. Every mail
//! carries a one-click unsubscribe (RFC 8058: List-Unsubscribe and List-Unsubscribe-Post, a
//! signed link whose POST sets the person's choice to none); each-event mail also carries a
//! single-use reply address (`reply+TOKEN@domain`) bound to the recipient and the thread.

use crate::ids::{NotificationId, PostId, ThreadId};
use crate::model::PostState;
use rendezvous_platform::auth::{AuthUser, UserId};
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::notice::Notice;
use rendezvous_platform::mail::{self, OutgoingMail};
use rendezvous_platform::signed::{self, SignedError};
use rendezvous_platform::{AppState, BoxError};

use super::{Kind, store};
use crate::access::{ForumViewer, can_read, viewer_for_user};
use crate::markdown;
use crate::model::EmailMode;
use crate::posts::Names;
use crate::store::notifications::{self as core_store, NotificationRow};
use crate::store::posts as post_store;
use crate::store::spaces as space_store;
use crate::store::threads as thread_store;

pub const EACH_JOB: &str = "forum.notify-mail";
/// A reply address works this long.
pub const REPLY_VALID_MS: i64 = 30 * DAY_MS;
const UNSUBSCRIBE_PURPOSE: &str = "forum-notify-unsubscribe";
const UNSUBSCRIBE_VALID_MS: i64 = 365 * DAY_MS;
/// Longest excerpt of a post in a mail, in characters.
const EXCERPT: usize = 1_500;

/// One notification as a mail shows it, built only when the recipient may read it now.
#[derive(Debug, Clone)]
pub struct Item {
    pub notification_id: NotificationId,
    pub kind: Kind,
    pub thread_id: ThreadId,
    pub post_id: PostId,
    pub thread_title: String,
    pub space_name: String,
    /// The author's display name, or "anonymous member" for anonymous posts.
    pub author: String,
    pub excerpt: String,
    pub url: String,
}

/// The notification's post as the recipient may see it now, or `None` (post gone, held,
/// hidden, deleted, thread not visible, or the space no longer readable by them).
pub async fn item(
    state: &AppState,
    viewer: &ForumViewer,
    lang: Lang,
    n: &NotificationRow,
) -> Result<Option<Item>, BoxError> {
    let (Some(post_id), Some(kind)) = (n.post_id, Kind::parse(&n.kind)) else { return Ok(None) };
    let Some(post) = post_store::by_id(&state.db, post_id).await? else { return Ok(None) };
    let Some(thread) = thread_store::by_id(&state.db, post.thread_id).await? else { return Ok(None) };
    let Some(space) = space_store::by_id(&state.db, post.space_id).await? else { return Ok(None) };
    if post.state != PostState::Visible || thread.state != PostState::Visible || !can_read(viewer, &space) {
        return Ok(None);
    }
    let names = Names::load(state, lang, (post.anonymous == 0).then_some(post.author_id)).await?;
    // Behind a content warning the mail shows the warning, not the words: the reader chooses to
    // open it on the site, as the page's collapsed body lets them.
    let excerpt = match post.content_warning.as_deref().filter(|w| !w.trim().is_empty()) {
        Some(warning) => state.tr.t_args(lang, "forum-notify-mail-content-warning", &[("warning", warning)]),
        None => {
            let text = markdown::plain_text(&post.body_markdown);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.chars().count() > EXCERPT {
                format!("{}…", text.chars().take(EXCERPT).collect::<String>())
            } else {
                text
            }
        }
    };
    Ok(Some(Item {
        notification_id: n.id,
        kind,
        thread_id: thread.id,
        post_id: post.id,
        thread_title: thread.title.clone(),
        space_name: space.name(lang).to_owned(),
        author: names.author(post.author_id, post.anonymous != 0).name,
        excerpt,
        url: post_url(state, thread.id, post.id),
    }))
}

pub fn post_url(state: &AppState, thread_id: ThreadId, post_id: PostId) -> String {
    format!("{}/forum/t/{thread_id}#p{post_id}", state.base_url.trim_end_matches('/'))
}

pub fn settings_url(state: &AppState) -> String {
    format!("{}/notifications/settings", state.base_url.trim_end_matches('/'))
}

pub fn unsubscribe_url(state: &AppState, user_id: UserId) -> String {
    let token = signed::sign(
        &state.secret,
        UNSUBSCRIBE_PURPOSE,
        &user_id.to_string(),
        state.clock.now_ms() + UNSUBSCRIBE_VALID_MS,
    );
    format!("{}/notifications/unsubscribe/{token}", state.base_url.trim_end_matches('/'))
}

/// The account an unsubscribe token names.
pub fn verify_unsubscribe(state: &AppState, token: &str) -> Result<UserId, SignedError> {
    let payload = signed::verify(&state.secret, UNSUBSCRIBE_PURPOSE, token, state.clock.now_ms())?;
    payload.parse().map_err(|_| SignedError::Invalid)
}

/// One sentence saying what happened, in `lang`.
pub fn headline(state: &AppState, lang: Lang, item: &Item) -> String {
    let id = match item.kind {
        Kind::Reply => "forum-notify-line-reply",
        Kind::Mention => "forum-notify-line-mention",
        Kind::Watched => "forum-notify-line-watched",
    };
    state.tr.t_args(lang, id, &[("author", &item.author), ("title", &item.thread_title), ("space", &item.space_name)])
}

/// Adds what every notification mail carries: one-click unsubscribe, list id, auto-generated.
fn with_list_headers(state: &AppState, mut mail: OutgoingMail, user_id: UserId) -> OutgoingMail {
    let domain = state.config.mail_domain().to_owned();
    mail.headers.extend([
        ("List-Unsubscribe".to_owned(), format!("<{}>", unsubscribe_url(state, user_id))),
        ("List-Unsubscribe-Post".to_owned(), "List-Unsubscribe=One-Click".to_owned()),
        ("List-Id".to_owned(), format!("{} <forum.{domain}>", state.config.org_name)),
        ("Auto-Submitted".to_owned(), "auto-generated".to_owned()),
    ]);
    mail
}

fn footer_paragraphs(state: &AppState, lang: Lang, user_id: UserId) -> Vec<String> {
    vec![
        state.tr.t_args(lang, "forum-notify-mail-settings", &[("url", &settings_url(state))]),
        state.tr.t_args(lang, "forum-notify-mail-unsubscribe", &[("url", &unsubscribe_url(state, user_id))]),
    ]
}

/// The mail for one event, with its reply address.
pub fn event_mail(state: &AppState, user: &AuthUser, item: &Item, reply_token: &str) -> Result<OutgoingMail, BoxError> {
    let lang = user.lang;
    let subject_id = match item.kind {
        Kind::Reply => "forum-notify-subject-reply",
        Kind::Mention => "forum-notify-subject-mention",
        Kind::Watched => "forum-notify-subject-watched",
    };
    let mut paragraphs =
        vec![headline(state, lang, item), state.tr.t_args(lang, "forum-notify-mail-quote", &[("text", &item.excerpt)])];
    paragraphs.push(state.tr.t(lang, "forum-notify-mail-reply-hint"));
    paragraphs.extend(footer_paragraphs(state, lang, user.id));
    let notice = Notice {
        lang,
        to: &user.email,
        name: Some(&user.display_name),
        subject: state.tr.t_args(lang, subject_id, &[("title", &item.thread_title)]),
        paragraphs,
        action: Some((state.tr.t(lang, "forum-notify-mail-open"), item.url.clone())),
        why_id: "forum-notify-mail-why",
    };
    let mut mail = with_list_headers(state, notice.render(state)?, user.id);
    mail.reply_to = Some(reply_address(state, reply_token));
    Ok(mail)
}

/// `reply+TOKEN@domain`.
pub fn reply_address(state: &AppState, token: &str) -> String {
    format!("{}{token}@{}", super::reply::PREFIX, state.config.mail_domain())
}

/// A digest: the items (already checked), newest last.
pub fn digest_mail(
    state: &AppState,
    user: &AuthUser,
    mode: EmailMode,
    items: &[Item],
) -> Result<OutgoingMail, BoxError> {
    let lang = user.lang;
    let (subject_id, intro_id) = if mode == EmailMode::Weekly {
        ("forum-notify-subject-weekly", "forum-notify-digest-intro-weekly")
    } else {
        ("forum-notify-subject-daily", "forum-notify-digest-intro-daily")
    };
    let count = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let mut paragraphs = vec![state.tr.t_count(lang, intro_id, "count", count)];
    for item in items {
        paragraphs.push(format!("{}\n{}\n{}", headline(state, lang, item), item.excerpt, item.url));
    }
    paragraphs.extend(footer_paragraphs(state, lang, user.id));
    let notice = Notice {
        lang,
        to: &user.email,
        name: Some(&user.display_name),
        subject: state.tr.t_count(lang, subject_id, "count", count),
        paragraphs,
        action: Some((state.tr.t(lang, "forum-notify-mail-open-all"), notifications_url(state))),
        why_id: "forum-notify-mail-why",
    };
    Ok(with_list_headers(state, notice.render(state)?, user.id))
}

pub fn notifications_url(state: &AppState) -> String {
    format!("{}/notifications", state.base_url.trim_end_matches('/'))
}

/// The `forum.notify-mail` job: mails one notification to someone who chose "each event", if
/// they still do and may still read it. Claimed before queueing, so a retry never mails twice.
pub async fn handle_each(state: AppState, payload: serde_json::Value) -> Result<(), BoxError> {
    let Some(id) = payload.get("notification").and_then(serde_json::Value::as_i64).map(NotificationId) else {
        return Ok(());
    };
    send_each(&state, id).await.map(|_| ())
}

/// Mails one notification; true when a mail was queued.
pub async fn send_each(state: &AppState, id: NotificationId) -> Result<bool, BoxError> {
    let Some(n) = store::by_id(&state.db, id).await? else { return Ok(false) };
    if n.emailed_at.is_some() {
        return Ok(false);
    }
    let mode = core_store::prefs(&state.db, n.user_id).await?.map(|p| p.email_mode());
    if mode != Some(EmailMode::Each) {
        return Ok(false);
    }
    let Some(user) = state.users.user_by_id(n.user_id).await? else { return Ok(false) };
    let viewer = viewer_for_user(state, &user).await?;
    let now = state.clock.now_ms();
    let Some(item) = item(state, &viewer, user.lang, &n).await? else {
        // Not readable now: it will not be mailed later either.
        store::claim_for_mail(&state.db, id, now).await?;
        return Ok(false);
    };
    if !store::claim_for_mail(&state.db, id, now).await? {
        return Ok(false);
    }
    let token = store::new_reply_token(&state.db, user.id, item.thread_id, item.post_id, now, REPLY_VALID_MS).await?;
    mail::enqueue_bulk(state, &event_mail(state, &user, &item, &token)?).await?;
    Ok(true)
}

//! Replies by email. A notification mail's Reply-To is `reply+TOKEN@domain`; the forum's hook on
//! the one inbound path takes mail addressed there, strips quotes and signatures from its text
//! part, and posts it as the token's person through [`crate::posting::reply`] — the same
//! function the web uses, so access, locks, rate limits, held first posts and input limits all
//! apply.
//!
//! A token is bound to one person and one thread, expires, and works once. An expired or reused
//! token, or a refusal by the posting rules, is answered by a short mail to the person's own
//! account address (never to the message's From, which anyone can write) in their language. A
//! token that names nothing (forged) gets no answer at all: answering would let anyone make us
//! mail any address. Auto-replies are ignored. A message is remembered by its Message-ID (or
//! hash), so a retried delivery never posts twice and is never answered twice.

use mail_parser::MessageParser;
use rendezvous_platform::auth::AuthUser;
use rendezvous_platform::crypto::sha256_hex;
use rendezvous_platform::inbound::{InboundHandled, InboundHook};
use rendezvous_platform::mail::notice::Notice;
use rendezvous_platform::{AppState, BoxError, auth::LookupFuture, mail};

use super::{store, strip};
use crate::access::viewer_for_user;
use crate::ids::ThreadId;
use crate::model::PostState;
use crate::posting::{self, Draft, PostError};
use crate::store::{spaces as space_store, threads as thread_store};

/// The local part before the token.
pub const PREFIX: &str = "reply+";
/// Headers where the address we were sent to may be found.
const RECIPIENT_HEADERS: [&str; 6] = ["To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"];

pub struct ReplyHook;

impl InboundHook for ReplyHook {
    fn handle<'a>(&'a self, state: &'a AppState, raw: &'a [u8]) -> LookupFuture<'a, Option<InboundHandled>> {
        Box::pin(async move { receive(state, raw).await })
    }
}

/// The token of the first `reply+TOKEN@` address in `text` (lower-case hex, 16 to 64 digits).
pub fn find_token(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find(PREFIX) {
        let before_ok = at == 0 || !rest.as_bytes()[at - 1].is_ascii_alphanumeric();
        let after = &rest[at + PREFIX.len()..];
        let token: String = after.chars().take_while(char::is_ascii_hexdigit).collect();
        if before_ok && (16..=64).contains(&token.len()) && after[token.len()..].starts_with('@') {
            return Some(token);
        }
        rest = after;
    }
    None
}

fn handled(action: &str) -> Option<InboundHandled> {
    Some(InboundHandled { kind: "forum-reply", action: action.to_owned() })
}

/// What one inbound message does, if it is a forum reply.
pub async fn receive(state: &AppState, raw: &[u8]) -> Result<Option<InboundHandled>, BoxError> {
    let Some(message) = MessageParser::default().parse(raw) else { return Ok(None) };
    let addressed = message
        .headers_raw()
        .filter(|(name, _)| RECIPIENT_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)))
        .find_map(|(_, value)| find_token(value));
    let Some(token) = addressed else { return Ok(None) };
    let auto = message.header_raw("Auto-Submitted").is_some_and(|v| !v.trim().eq_ignore_ascii_case("no"))
        || message
            .header_raw("Precedence")
            .is_some_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "bulk" | "junk" | "list" | "auto_reply"))
        || message.header_raw("X-Autoreply").is_some();
    if auto {
        return Ok(handled("ignored-automatic"));
    }
    let Some(row) = store::reply_token(&state.db, &token).await? else { return Ok(handled("refused-unknown")) };
    let Some(user) = state.users.user_by_id(row.user_id).await? else {
        return Ok(handled("refused-unknown"));
    };
    let message_hash = match message.message_id() {
        Some(id) => sha256_hex(format!("message-id:{}", id.trim())),
        None => sha256_hex(raw),
    };
    let now = state.clock.now_ms();
    if !store::claim_message(&state.db, &message_hash, row.id, now).await? {
        return Ok(handled("duplicate"));
    }
    if row.used_at.is_some() {
        explain(state, &user, row.thread_id, "forum-notify-refused-used").await?;
        return Ok(handled("refused-used"));
    }
    if row.expires_at <= now {
        explain(state, &user, row.thread_id, "forum-notify-refused-expired").await?;
        return Ok(handled("refused-expired"));
    }
    let from = message.from().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default();
    if !from.trim().eq_ignore_ascii_case(user.email.trim()) {
        explain(state, &user, row.thread_id, "forum-notify-refused-sender").await?;
        return Ok(handled("refused-sender"));
    }
    let body = strip::strip_reply(&message.body_text(0).unwrap_or_default());
    if body.is_empty() {
        explain(state, &user, row.thread_id, "forum-notify-refused-empty").await?;
        return Ok(handled("refused-empty"));
    }
    if !store::use_reply_token(&state.db, row.id, now).await? {
        explain(state, &user, row.thread_id, "forum-notify-refused-used").await?;
        return Ok(handled("refused-used"));
    }
    match post_as(state, &user, row.thread_id, body).await {
        Ok(posted) => {
            store::set_message_post(&state.db, &message_hash, row.id, posted.post_id).await?;
            Ok(handled(if posted.state == PostState::Held { "held" } else { "posted" }))
        }
        Err(PostError::Db(e)) => {
            // Ours: give the token and the message back so the MTA's retry works.
            store::release_reply_token(&state.db, row.id).await?;
            store::forget_message(&state.db, &message_hash).await?;
            Err(e.into())
        }
        Err(refusal) => {
            // A rate limit or a bad body may be retried with the same address later.
            if matches!(refusal, PostError::RateLimited | PostError::Invalid(..)) {
                store::release_reply_token(&state.db, row.id).await?;
            }
            let (id, action) = refusal_message(&refusal);
            explain(state, &user, row.thread_id, id).await?;
            Ok(handled(action))
        }
    }
}

fn refusal_message(e: &PostError) -> (&'static str, &'static str) {
    match e {
        PostError::Locked => ("forum-notify-refused-locked", "refused-locked"),
        PostError::RateLimited => ("forum-notify-refused-rate", "refused-rate-limited"),
        PostError::Invalid(..) => ("forum-notify-refused-invalid", "refused-invalid"),
        _ => ("forum-notify-refused-forbidden", "refused-forbidden"),
    }
}

/// Posts `body` in the thread as `user`, through the web's own posting function.
async fn post_as(
    state: &AppState,
    user: &AuthUser,
    thread_id: ThreadId,
    body: String,
) -> Result<posting::Posted, PostError> {
    let thread = thread_store::by_id(&state.db, thread_id).await?.ok_or(PostError::NotFound)?;
    let space = space_store::by_id(&state.db, thread.space_id).await?.ok_or(PostError::NotFound)?;
    let viewer = viewer_for_user(state, user).await?;
    // Whoever wrote anonymously in this thread replies anonymously: a named reply by mail would tie
    // them to their anonymous posts (a notification about their own anonymous thread invites one).
    let anonymous = crate::store::posts::wrote_anonymously_in(&state.db, thread_id, user.id).await?;
    let draft = Draft { body, anonymous, ..Draft::default() };
    posting::reply(state, &viewer, &space, &thread, &draft).await
}

/// A short mail to the person's account address, in their language, saying why their reply was
/// not posted.
async fn explain(state: &AppState, user: &AuthUser, thread_id: ThreadId, reason_id: &str) -> Result<(), BoxError> {
    let lang = user.lang;
    let url = format!("{}/forum/t/{thread_id}", state.base_url.trim_end_matches('/'));
    let notice = Notice {
        lang,
        to: &user.email,
        name: Some(&user.display_name),
        subject: state.tr.t(lang, "forum-notify-refused-subject"),
        paragraphs: vec![state.tr.t(lang, reason_id), state.tr.t(lang, "forum-notify-refused-site")],
        action: Some((state.tr.t(lang, "forum-notify-mail-open"), url)),
        why_id: "forum-notify-refused-why",
    };
    let mut mail = notice.render(state)?;
    mail.headers.push(("Auto-Submitted".into(), "auto-replied".into()));
    mail::enqueue(state, &mail).await
}

#[cfg(test)]
mod tests {
    use super::find_token;

    #[test]
    fn the_token_is_read_from_addresses() {
        let t = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(find_token(&format!("reply+{t}@example.org")).as_deref(), Some(t));
        assert_eq!(find_token(&format!("Forum <REPLY+{}@Example.org>", t.to_uppercase())).as_deref(), Some(t));
        assert_eq!(find_token(&format!("ana@example.org, reply+{t}@example.org")).as_deref(), Some(t));
        assert_eq!(find_token(&format!("noreply+{t}@example.org")), None);
        assert_eq!(find_token("reply+short@example.org"), None);
        assert_eq!(find_token(&format!("reply+{t}zz@example.org")), None);
        assert_eq!(find_token("bounces+abc@example.org"), None);
    }
}

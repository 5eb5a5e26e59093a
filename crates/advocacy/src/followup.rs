//! After delivery: two weeks on, the writer of a named letter is asked once "Did they reply?"
//! (by a mail whose link opens a page with Yes and No buttons); and after the retention period a
//! writer's address and letter are forgotten, leaving the counts.

use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::{AppState, BoxError, signed};

use crate::ids::WritingId;
use crate::settings::settings;
use crate::store::messages as store;

/// How long after sending the writer is asked whether they got an answer.
pub const ASK_AFTER_MS: i64 = 14 * DAY_MS;
/// A letter never confirmed is forgotten after this long.
pub const PENDING_KEPT_MS: i64 = 7 * DAY_MS;
/// The purpose of a reply link's signature.
pub(crate) const REPLY_LINK: &str = "letter-reply";

/// Mails the reply question to every writer whose named letter left two weeks ago; returns how
/// many were asked.
pub async fn ask_about_replies(state: &AppState) -> Result<usize, BoxError> {
    let now = state.clock.now_ms();
    let writings = store::to_ask(&state.db, now - ASK_AFTER_MS).await?;
    for id in &writings {
        store::mark_asked(&state.db, *id).await?;
        let Some(writing) = store::writing(&state.db, *id).await? else { continue };
        let lang = Lang::parse(&writing.lang).unwrap_or(Lang::En);
        let link = reply_link(state, *id);
        let notice = Notice {
            lang,
            to: &writing.email,
            name: Some(&writing.name),
            subject: state.tr.t(lang, "act-reply-mail-subject"),
            paragraphs: vec![state.tr.t_args(lang, "act-reply-mail-body", &[("subject", &writing.subject)])],
            action: Some((state.tr.t(lang, "act-reply-mail-action"), link)),
            why_id: "act-reply-mail-why",
        };
        mail::enqueue_bulk(state, &notice.render(state)?).await?;
    }
    Ok(writings.len())
}

/// The page where a writer answers, valid until their letter is forgotten.
fn reply_link(state: &AppState, writing: WritingId) -> String {
    let days = i64::from(settings(state).letters_retention_days).max(1);
    let token = signed::sign(&state.secret, REPLY_LINK, &writing.to_string(), state.clock.now_ms() + days * DAY_MS);
    format!("{}/act/reply?token={token}", state.base_url)
}

/// The writing a reply link names, if the link is genuine and fresh.
pub(crate) fn writing_of_link(state: &AppState, token: &str) -> Option<WritingId> {
    let payload = signed::verify(&state.secret, REPLY_LINK, token, state.clock.now_ms()).ok()?;
    payload.parse::<i64>().ok().map(WritingId)
}

/// Forgets letters never confirmed within a week and letters delivered longer ago than the
/// retention period; returns how many writings were forgotten.
pub async fn forget_old_letters(state: &AppState) -> Result<u64, BoxError> {
    let now = state.clock.now_ms();
    let retention = i64::from(settings(state).letters_retention_days) * DAY_MS;
    Ok(store::forget(&state.db, now - PENDING_KEPT_MS, now - retention).await?)
}

//! The reminder a job posting's poster gets before it closes, so they can extend it.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::feature::ChoreFuture;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::{AppState, BoxError};

use crate::store::postings::PostingRow;
use crate::store::{postings, submissions};

/// Who is reminded: an address, the name to greet, and their language.
struct Poster {
    email: String,
    name: Option<String>,
    lang: Lang,
}

/// Whoever submitted the posting from the public form (their account, else the address they
/// confirmed, in the language they wrote in); else whoever published it. A posting approved from
/// a submission records its moderator as its author, and the moderator is not the one to ask.
async fn poster(state: &AppState, posting: &PostingRow) -> Result<Option<Poster>, BoxError> {
    let submission = match posting.submission_id {
        Some(id) => submissions::by_id(&state.db, id).await?,
        None => None,
    };
    let account = match &submission {
        Some(s) => s.user_id,
        None => posting.created_by.map(UserId),
    };
    if let Some(id) = account {
        return Ok(state.users.user_by_id(id).await?.map(|user| Poster {
            email: user.email,
            name: Some(user.display_name),
            lang: user.lang,
        }));
    }
    Ok(submission.and_then(|s| {
        let lang = Lang::parse(&s.lang).unwrap_or(Lang::En);
        s.email.map(|email| Poster { email, name: None, lang })
    }))
}

/// Three days before a posting closes, the person who posted it is asked whether to extend it
/// (once).
pub fn remind_posters(state: &AppState) -> ChoreFuture<'_> {
    Box::pin(async move {
        let now = state.clock.now_ms();
        for posting in postings::to_remind(&state.db, now, now + 3 * DAY_MS).await? {
            let Some(who) = poster(state, &posting).await? else { continue };
            let lang = who.lang;
            let title = posting.title(lang).to_owned();
            let notice = Notice {
                lang,
                to: &who.email,
                name: who.name.as_deref(),
                subject: state.tr.t_args(lang, "jobs-remind-subject", &[("title", &title)]),
                paragraphs: vec![state.tr.t_args(
                    lang,
                    "jobs-remind-body",
                    &[("title", &title), ("date", &posting.closes_on)],
                )],
                action: Some((
                    state.tr.t(lang, "jobs-remind-action"),
                    format!("{}/jobs/{}", state.base_url, posting.id),
                )),
                why_id: "jobs-remind-why",
            };
            mail::enqueue(state, &notice.render(state)?).await?;
        }
        Ok(())
    })
}

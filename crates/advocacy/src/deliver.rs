//! Delivery: every waiting message whose time has come goes out through the same SMTP pools as
//! everything else, From the network's own address with the writer's name as display name and
//! Reply-To the writer (so it passes DMARC and the representative answers the writer), with a
//! VERP envelope so a bounce names its message. No target gets more than the hourly limit.

use std::collections::HashMap;

use askama::Template;
use futures::StreamExt;
use rendezvous_newsletter::bounces::verp_address;
use rendezvous_platform::clock::HOUR_MS;
use rendezvous_platform::events::{self, Event};
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::jobs::{JobKind, JobRegistry, backoff_ms};
use rendezvous_platform::mail::{self, OutgoingMail, notice::Notice};
use rendezvous_platform::{AppState, BoxError};

use crate::ids::{LetterId, TargetId};
use crate::model::{MessageKind, MessageState};
use crate::settings::settings;
use crate::store::letters::{self as letters, LetterRow};
use crate::store::messages::{self as store, DueMessage, Signer, WritingRow};
use crate::store::targets::{self as targets, TargetRow};

pub const DELIVER_JOB: &str = "advocacy.deliver";

/// The local part's prefix of the VERP token of a letter (`bounces+letter-TOKEN@domain`).
pub(crate) const VERP_PREFIX: &str = "letter-";

/// Tries before a message is given up.
const MAX_ATTEMPTS: i64 = 6;

pub fn register_jobs(registry: &mut JobRegistry) {
    registry.register_kind(JobKind::new(DELIVER_JOB).max_running(1), deliver_job);
    registry.register_kind(JobKind::new(crate::targets::PHOTOS_JOB).max_running(1), crate::targets::photos_job);
}

async fn deliver_job(state: AppState, _payload: serde_json::Value) -> Result<(), BoxError> {
    deliver_due(&state).await.map(|_| ())
}

/// Sends every message that may go now; returns how many were sent.
pub async fn deliver_due(state: &AppState) -> Result<usize, BoxError> {
    let per_hour = i64::from(settings(state).letters_per_target_hour);
    let width = state.mailer.capacity().max(1);
    let mut sent = 0;
    loop {
        let now = state.clock.now_ms();
        let batch = store::due(&state.db, now, 500).await?;
        if batch.is_empty() {
            break;
        }
        let mut recent: HashMap<TargetId, Vec<i64>> = HashMap::new();
        if per_hour > 0 {
            for (target, at) in store::sent_since(&state.db, now - HOUR_MS).await? {
                recent.entry(target).or_default().push(at);
            }
        }
        let mut go = Vec::with_capacity(batch.len());
        for message in batch {
            let times = recent.entry(message.target_id).or_default();
            let full = usize::try_from(per_hour).unwrap_or(usize::MAX);
            if per_hour > 0 && times.len() >= full {
                // It may go when the oldest of the hour's letters to this target is an hour old.
                let free_at = times[times.len() - full] + HOUR_MS;
                store::hold_until(&state.db, message.id, free_at.max(now + 1)).await?;
                continue;
            }
            times.push(now);
            go.push(message);
        }
        if go.is_empty() {
            // Every due message was held (none is due now): look again for others.
            continue;
        }
        let cache = Cache::load(state, &go).await?;
        // Boxed so the stream's futures are one nameable type (and the job's future stays Send).
        let mut sends: Vec<SendFuture<'_>> = Vec::with_capacity(go.len());
        for m in &go {
            sends.push(Box::pin(send_one(state, &cache, m)));
        }
        let results: Vec<Result<bool, BoxError>> = futures::stream::iter(sends).buffer_unordered(width).collect().await;
        for result in results {
            if result? {
                sent += 1;
            }
        }
    }
    Ok(sent)
}

type SendFuture<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, BoxError>> + Send + 'a>>;

/// The campaigns and targets of a batch, read once.
struct Cache {
    letters: HashMap<LetterId, LetterRow>,
    targets: HashMap<TargetId, TargetRow>,
}

impl Cache {
    async fn load(state: &AppState, batch: &[DueMessage]) -> Result<Self, sqlx::Error> {
        let mut cache = Cache { letters: HashMap::new(), targets: HashMap::new() };
        for m in batch {
            if !cache.letters.contains_key(&m.letter_id)
                && let Some(l) = letters::letter(&state.db, m.letter_id).await?
            {
                cache.letters.insert(m.letter_id, l);
            }
            if !cache.targets.contains_key(&m.target_id)
                && let Some(t) = targets::target(&state.db, m.target_id).await?
            {
                cache.targets.insert(m.target_id, t);
            }
        }
        Ok(cache)
    }
}

/// Sends one message; true when it left. A message that cannot be built is tried again later
/// (and given up after a few tries), so it never stops the others.
async fn send_one(state: &AppState, cache: &Cache, message: &DueMessage) -> Result<bool, BoxError> {
    match try_send(state, cache, message).await {
        Ok(sent) => Ok(sent),
        Err(e) => {
            let now = state.clock.now_ms();
            let attempts = message.attempts + 1;
            let state_after = if attempts >= MAX_ATTEMPTS { MessageState::Failed } else { MessageState::Waiting };
            tracing::warn!(message_id = %message.id, error = %e, "a letter could not be prepared");
            store::mark_attempt(&state.db, message.id, state_after, now + backoff_ms(attempts), now).await?;
            Ok(false)
        }
    }
}

async fn try_send(state: &AppState, cache: &Cache, message: &DueMessage) -> Result<bool, BoxError> {
    let now = state.clock.now_ms();
    let (Some(letter), Some(target)) = (cache.letters.get(&message.letter_id), cache.targets.get(&message.target_id))
    else {
        store::mark_attempt(&state.db, message.id, MessageState::Failed, now, now).await?;
        return Ok(false);
    };
    let Some(to) = target.email.as_deref() else {
        store::mark_attempt(&state.db, message.id, MessageState::Failed, now, now).await?;
        return Ok(false);
    };
    let (mail, letters_count, personalised, writing) = match message.kind {
        MessageKind::Named => {
            let writing = match message.writing_id {
                Some(id) => store::writing(&state.db, id).await?,
                None => None,
            };
            // Erased before it left: nothing to send.
            let Some(writing) = writing else {
                store::mark_attempt(&state.db, message.id, MessageState::Failed, now, now).await?;
                return Ok(false);
            };
            let mail = named_mail(state, &writing, target, to)?;
            (mail, 1, writing.personalised, Some(writing))
        }
        MessageKind::Collective => {
            let signers = store::signers(&state.db, message.id).await?;
            if signers.is_empty() {
                store::mark_attempt(&state.db, message.id, MessageState::Failed, now, now).await?;
                return Ok(false);
            }
            let mail = collective_mail(state, letter, &signers, target, to)?;
            (mail, signers.len() as i64, 0, None)
        }
    };
    let mail = OutgoingMail {
        envelope_from: Some(verp_address(&format!("{VERP_PREFIX}{}", message.verp_token), state.config.mail_domain())),
        ..mail
    };
    match state.mailer.send(&mail).await {
        Ok(()) => {
            store::mark_sent(&state.db, message.id, letters_count, personalised, state.clock.now_ms()).await?;
            state.metrics.mails_sent.inc();
            announce(state, letter, target, message.kind, letters_count, personalised).await;
            if let Some(writing) = writing.filter(|w| w.copy_to_writer == 1) {
                mail::enqueue_bulk(state, &copy_for_writer(state, &writing, target)?).await?;
            }
            Ok(true)
        }
        Err(e) => {
            state.metrics.mails_failed.inc();
            let attempts = message.attempts + 1;
            let give_up = e.is_permanent() || attempts >= MAX_ATTEMPTS;
            let state_after = if give_up { MessageState::Failed } else { MessageState::Waiting };
            tracing::warn!(message_id = %message.id, error = %e, give_up, "a letter could not be sent");
            store::mark_attempt(&state.db, message.id, state_after, now + backoff_ms(attempts), now).await?;
            Ok(false)
        }
    }
}

/// Tells partners a letter left: the campaign, the representative and the counts, never the
/// writer.
async fn announce(
    state: &AppState,
    letter: &LetterRow,
    target: &TargetRow,
    kind: MessageKind,
    letters: i64,
    personalised: i64,
) {
    let data = serde_json::json!({
        "letter_id": letter.id,
        "slug": letter.slug,
        "url": format!("{}/act/{}", state.base_url, letter.slug),
        "target": {"id": target.id, "name": target.name, "district": target.district},
        "signing": kind,
        "letters": letters,
        "personalised": personalised,
    });
    events::announce(state, Event { kind: "letter.sent", data, personal: None }).await;
}

/// A letter in the writer's name: their words, signed with what they gave.
fn named_mail(
    state: &AppState,
    writing: &WritingRow,
    target: &TargetRow,
    to: &str,
) -> Result<OutgoingMail, askama::Error> {
    let lang = Lang::parse(&writing.lang).unwrap_or(Lang::En);
    let mut signature = vec![writing.name.clone()];
    signature.extend(
        [&writing.address, &writing.town, &writing.postal_code].iter().filter(|s| !s.is_empty()).map(|s| (*s).clone()),
    );
    if !writing.district.is_empty() {
        signature.push(state.tr.t_args(lang, "act-letter-constituent", &[("district", &writing.district)]));
    }
    let text = format!("{}\n\n{}\n", writing.body, signature.join("\n"));
    let html =
        MailHtml { sections: vec![Section::of(lang.code(), &writing.body)], heading: None, list: vec![], signature };
    Ok(OutgoingMail {
        to: to.to_owned(),
        to_name: Some(target.name.clone()),
        subject: writing.subject.clone(),
        text,
        html: html.render()?,
        headers: Vec::new(),
        envelope_from: None,
        reply_to: Some(writing.email.clone()),
        from_name: Some(state.tr.t_args(
            lang,
            "act-from-name",
            &[("name", &writing.name), ("org", &state.config.org_name)],
        )),
    })
}

/// How a writer appears in a collective letter: the name they chose to be shown under, else "a
/// resident of TOWN" (their town, else their district), in their language.
pub fn shown_line(state: &AppState, signer: &Signer, lang: Lang) -> String {
    let place = if signer.town.is_empty() { &signer.district } else { &signer.town };
    match (signer.shown_as.is_empty(), place.is_empty()) {
        (false, false) => format!("{}, {place}", signer.shown_as),
        (false, true) => signer.shown_as.clone(),
        (true, false) => state.tr.t_args(lang, "act-collective-resident", &[("place", place)]),
        (true, true) => state.tr.t(lang, "act-collective-someone"),
    }
}

/// The day's collective letter to one target: the campaign's text in both languages, then the
/// writers as each chose to be shown.
fn collective_mail(
    state: &AppState,
    letter: &LetterRow,
    signers: &[Signer],
    target: &TargetRow,
    to: &str,
) -> Result<OutgoingMail, askama::Error> {
    let count = signers.len() as i64;
    let lines: Vec<String> =
        signers.iter().map(|s| shown_line(state, s, Lang::parse(&s.lang).unwrap_or(Lang::En))).collect();
    let heading_en = state.tr.t_number(Lang::En, "act-collective-signed", "count", count);
    let heading_fr = state.tr.t_number(Lang::Fr, "act-collective-signed", "count", count);
    let text = format!(
        "{}\n\n— — —\n\n{}\n\n{heading_en} / {heading_fr}\n\n{}\n",
        letter.body_en,
        letter.body_fr,
        lines.join("\n")
    );
    let html = MailHtml {
        sections: vec![Section::of("en", &letter.body_en), Section::of("fr", &letter.body_fr)],
        heading: Some(format!("{heading_en} / {heading_fr}")),
        list: lines,
        signature: Vec::new(),
    };
    Ok(OutgoingMail {
        to: to.to_owned(),
        to_name: Some(target.name.clone()),
        subject: format!("{} / {}", letter.subject_en, letter.subject_fr),
        text,
        html: html.render()?,
        headers: Vec::new(),
        envelope_from: None,
        reply_to: None,
        from_name: None,
    })
}

/// The copy a writer asked for.
fn copy_for_writer(state: &AppState, writing: &WritingRow, target: &TargetRow) -> Result<OutgoingMail, BoxError> {
    let lang = Lang::parse(&writing.lang).unwrap_or(Lang::En);
    let notice = Notice {
        lang,
        to: &writing.email,
        name: Some(&writing.name),
        subject: state.tr.t_args(lang, "act-copy-subject", &[("target", &target.name)]),
        paragraphs: vec![
            state.tr.t_args(lang, "act-copy-intro", &[("target", &target.name)]),
            writing.subject.clone(),
            writing.body.clone(),
        ],
        action: None,
        why_id: "act-copy-why",
    };
    Ok(notice.render(state)?)
}

/// A letter's text in one language, as paragraphs of lines.
struct Section {
    lang: &'static str,
    paragraphs: Vec<Vec<String>>,
}

impl Section {
    fn of(lang: &'static str, text: &str) -> Self {
        let paragraphs = text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| p.lines().map(str::to_owned).collect())
            .collect();
        Section { lang, paragraphs }
    }
}

/// The HTML part of a letter (the text part is the letter as written).
#[derive(askama::Template)]
#[template(path = "act/mail.html")]
struct MailHtml {
    sections: Vec<Section>,
    heading: Option<String>,
    list: Vec<String>,
    signature: Vec<String>,
}

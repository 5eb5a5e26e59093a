//! A writer's letter: checked, kept as pending until the writer confirms by the link mailed to
//! them (a signed-in member writing from their own verified address skips that step), then
//! turned into messages, one per target (or a place in the day's collective letter).

use rendezvous_platform::AppState;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::crypto::{random_token, sha256_hex};
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::{self, notice::Notice};
use rendezvous_platform::validate::line;

use crate::deliver::DELIVER_JOB;
use crate::ids::{TargetId, WritingId};
use crate::model::{Signing, TargetKind, WritingState, district_key, letter_problems, postal_code};
use crate::similarity::{NEAR_DUPLICATE, likeness, same_words};
use crate::store::letters::LetterRow;
use crate::store::messages::{self as store, NewWriting, WritingRow};
use crate::store::targets::{self as targets, TargetRow};

/// What a writer typed on the campaign's page.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub name: String,
    pub email: String,
    pub district: String,
    pub postal_code: String,
    pub address: String,
    pub town: String,
    pub subject: String,
    pub body: String,
    pub lang: Lang,
    pub signing: String,
    pub shown_as: String,
    pub copy_to_writer: bool,
}

#[derive(Debug)]
pub enum Written {
    /// A confirmation link was mailed.
    MailedLink,
    /// Confirmed at once (a signed-in member's own verified address): on its way.
    Confirmed,
    /// The postal code spans districts: the writer chooses one of these (names as imported).
    ChooseDistrict(Vec<String>),
}

#[derive(Debug)]
pub enum WriteError {
    Invalid(Vec<(&'static str, &'static str)>),
    Failed(rendezvous_platform::BoxError),
}

impl From<sqlx::Error> for WriteError {
    fn from(e: sqlx::Error) -> Self {
        WriteError::Failed(e.into())
    }
}

/// The targets a draft goes to, or why there are none.
pub enum Resolved {
    Targets(Vec<TargetRow>),
    Choose(Vec<String>),
    Problem(&'static str, &'static str),
}

/// The targets of a campaign for this district (or postal code).
pub async fn resolve(
    state: &AppState,
    letter: &LetterRow,
    district: &str,
    postal: &str,
) -> Result<Resolved, sqlx::Error> {
    let db = &state.db;
    let found = match letter.target_kind {
        TargetKind::Committee => match (letter.set_id, letter.committee_id) {
            (Some(set), Some(c)) => targets::committee_targets(db, set, c).await?,
            _ => Vec::new(),
        },
        TargetKind::Fixed => targets::fixed_targets(db, letter.id).await?,
        TargetKind::District => {
            let Some(set) = letter.set_id else {
                return Ok(Resolved::Problem("district", "act-error-district-unknown"));
            };
            let key = if !district.trim().is_empty() {
                district_key(district)
            } else if !postal.trim().is_empty() {
                let Some(code) = postal_code(postal) else {
                    return Ok(Resolved::Problem("postal_code", "act-error-postcode-invalid"));
                };
                let keys = targets::districts_of_postcode(db, set, &code).await?;
                match keys.as_slice() {
                    [] => return Ok(Resolved::Problem("postal_code", "act-error-postcode-unknown")),
                    [one] => one.clone(),
                    several => {
                        let mut names = Vec::new();
                        for key in several {
                            if let Some(t) = targets::targets_in_district(db, set, key).await?.first() {
                                names.push(t.district.clone());
                            }
                        }
                        return Ok(Resolved::Choose(names));
                    }
                }
            } else {
                return Ok(Resolved::Problem("district", "act-error-district-required"));
            };
            let found = targets::targets_in_district(db, set, &key).await?;
            if found.is_empty() {
                return Ok(Resolved::Problem("district", "act-error-district-unknown"));
            }
            found
        }
    };
    let found: Vec<TargetRow> = found.into_iter().filter(|t| t.email.is_some()).collect();
    Ok(if found.is_empty() { Resolved::Problem("district", "act-error-no-targets") } else { Resolved::Targets(found) })
}

/// Checks a draft and keeps it (pending, or confirmed at once for `verified_email`'s owner).
pub async fn write(
    state: &AppState,
    letter: &LetterRow,
    draft: &Draft,
    verified_email: Option<&str>,
) -> Result<Written, WriteError> {
    let mut problems: Vec<(&'static str, &'static str)> = Vec::new();
    let name = line(&draft.name, 100).map_err(|_| problems.push(("name", "act-error-name"))).unwrap_or_default();
    let email = EmailAddress::parse(&draft.email).map_err(|m| problems.push(("email", m))).ok();
    let signing = Signing::parse(&draft.signing);
    if signing.is_none() {
        problems.push(("signing", "act-error-signing"));
    }
    let named = signing == Some(Signing::Named);
    // A collective letter never carries an address: none is kept.
    let address = if named { draft.address.trim() } else { "" };
    if named && letter.asks_address() && address.is_empty() {
        problems.push(("address", "act-error-address"));
    }
    let short = |value: &str, max: usize| value.trim().chars().count() <= max && !value.chars().any(char::is_control);
    if !short(address, 300) {
        problems.push(("address", "act-error-too-long"));
    }
    if !short(&draft.town, 100) {
        problems.push(("town", "act-error-too-long"));
    }
    if !short(&draft.shown_as, 100) {
        problems.push(("shown_as", "act-error-too-long"));
    }
    let postal = draft.postal_code.trim();
    if !postal.is_empty() && postal_code(postal).is_none() {
        problems.push(("postal_code", "act-error-postcode-invalid"));
    }
    let (template_subject, template_body) = (letter.subject(draft.lang), letter.body(draft.lang));
    let (subject, body) =
        if named { (draft.subject.trim(), draft.body.trim()) } else { (template_subject, template_body) };
    let letter_problems = letter_problems(subject, body);
    if !letter_problems.is_empty() {
        problems.extend(letter_problems);
    } else if !letter.is_editable() && (!same_words(body, template_body) || !same_words(subject, template_subject)) {
        problems.push(("body", "act-error-not-editable"));
    }
    let resolved = resolve(state, letter, &draft.district, postal).await?;
    let found = match resolved {
        Resolved::Targets(found) => found,
        Resolved::Choose(names) if problems.is_empty() => return Ok(Written::ChooseDistrict(names)),
        Resolved::Choose(_) => Vec::new(),
        Resolved::Problem(field, message) => {
            problems.push((field, message));
            Vec::new()
        }
    };
    let (Some(email), Some(signing)) = (email, signing) else { return Err(WriteError::Invalid(problems)) };
    if !problems.is_empty() {
        return Err(WriteError::Invalid(problems));
    }
    let personalised = named && !(same_words(body, template_body) && same_words(subject, template_subject));
    let district = found.first().map(|t| t.district.clone()).unwrap_or_default();
    let token = random_token();
    let email = email.normalized();
    let new = NewWriting {
        letter: letter.id,
        token_hash: &sha256_hex(&token),
        email: &email,
        name: &name,
        lang: draft.lang.code(),
        district: if letter.target_kind == TargetKind::District { &district } else { draft.district.trim() },
        postal_code: &postal_code(postal).unwrap_or_default(),
        address,
        town: draft.town.trim(),
        signing,
        shown_as: draft.shown_as.trim(),
        subject,
        body,
        personalised,
        copy_to_writer: draft.copy_to_writer && named,
    };
    let ids: Vec<TargetId> = found.iter().map(|t| t.id).collect();
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let writing = store::insert_writing(&mut tx, &new, &ids, now).await?;
    if let Some(problem) = repeated(&mut tx, &email, writing, letter, body).await? {
        tx.rollback().await?;
        return Err(WriteError::Invalid(vec![problem]));
    }
    if verified_email == Some(email.as_str()) {
        if queue_messages(&mut tx, writing, letter, &ids, personalised, signing, now).await? != store::Confirmed::Now {
            tx.rollback().await?;
            return Err(WriteError::Invalid(vec![("email", "act-error-already-written")]));
        }
        tx.commit().await?;
        state.jobs.enqueue_once(DELIVER_JOB, &(), 5).await.map_err(WriteError::Failed)?;
        return Ok(Written::Confirmed);
    }
    tx.commit().await?;
    let link = format!("{}/act/{}/confirm?token={token}", state.base_url, letter.slug);
    let lang = draft.lang;
    let notice = Notice {
        lang,
        to: &email,
        name: Some(&name),
        subject: state.tr.t_args(lang, "act-confirm-mail-subject", &[("title", letter.title(lang))]),
        paragraphs: vec![state.tr.t_args(lang, "act-confirm-mail-body", &[("title", letter.title(lang))])],
        action: Some((state.tr.t(lang, "act-confirm-mail-action"), link)),
        why_id: "act-confirm-mail-why",
    };
    let mail = notice.render(state).map_err(|e| WriteError::Failed(e.into()))?;
    mail::enqueue(state, &mail).await.map_err(WriteError::Failed)?;
    Ok(Written::MailedLink)
}

/// Refuses a second letter from one address to a target of the same campaign, and a letter
/// nearly the same as one the address sent to any of these targets before.
async fn repeated(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    email: &str,
    writing: WritingId,
    letter: &LetterRow,
    body: &str,
) -> Result<Option<(&'static str, &'static str)>, sqlx::Error> {
    if !store::earlier_bodies(tx, email, writing, Some(letter.id)).await?.is_empty() {
        return Ok(Some(("email", "act-error-already-written")));
    }
    let earlier = store::earlier_bodies(tx, email, writing, None).await?;
    if earlier.iter().any(|b| likeness(b, body) >= NEAR_DUPLICATE) {
        return Ok(Some(("body", "act-error-near-duplicate")));
    }
    Ok(None)
}

/// Confirms the writing and queues its messages; false (nothing done) when it was confirmed
/// already.
async fn queue_messages(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    writing: WritingId,
    letter: &LetterRow,
    targets: &[TargetId],
    personalised: bool,
    signing: Signing,
    now: i64,
) -> Result<store::Confirmed, sqlx::Error> {
    let confirmed = store::confirm(tx, writing, now).await?;
    if confirmed != store::Confirmed::Now {
        return Ok(confirmed);
    }
    let today = now.div_euclid(DAY_MS);
    let day = jiff::Timestamp::from_millisecond(today * DAY_MS)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default();
    for target in targets {
        let token = random_token();
        match signing {
            Signing::Named => {
                store::insert_named_message(tx, letter.id, *target, writing, personalised, &token, now).await?;
            }
            Signing::Collective => {
                let when = store::CollectiveDay { day: &day, send_at: (today + 1) * DAY_MS };
                store::join_collective(tx, letter.id, *target, writing, &when, &token, now).await?;
            }
        }
    }
    Ok(store::Confirmed::Now)
}

#[derive(Debug, PartialEq, Eq)]
pub enum ConfirmError {
    /// No writing has this token (or it was forgotten).
    Unknown,
    /// Confirmed already: nothing is sent again.
    Used,
    /// The address has written to a target of this campaign already, or nearly the same letter.
    Repeated(&'static str),
    /// The campaign ended before the link was used.
    Closed,
}

/// The writing a confirmation link names, if it is still there.
pub async fn by_token(state: &AppState, token: &str) -> Result<Option<WritingRow>, sqlx::Error> {
    store::writing_by_token(&state.db, &sha256_hex(token.trim())).await
}

/// Confirms by the mailed link: the letter's messages are queued.
pub async fn confirm(
    state: &AppState,
    token: &str,
) -> Result<Result<WritingRow, ConfirmError>, rendezvous_platform::BoxError> {
    let Some(writing) = by_token(state, token).await? else { return Ok(Err(ConfirmError::Unknown)) };
    if writing.state == WritingState::Confirmed {
        return Ok(Err(ConfirmError::Used));
    }
    let Some(letter) = crate::store::letters::letter(&state.db, writing.letter_id).await? else {
        return Ok(Err(ConfirmError::Unknown));
    };
    let now = state.clock.now_ms();
    if !crate::letters::is_open(&letter, now) {
        return Ok(Err(ConfirmError::Closed));
    }
    let ids = store::writing_targets(&state.db, writing.id).await?;
    let mut tx = state.db.begin_write().await?;
    if let Some((_, message)) = repeated(&mut tx, &writing.email, writing.id, &letter, &writing.body).await? {
        tx.rollback().await?;
        return Ok(Err(ConfirmError::Repeated(message)));
    }
    match queue_messages(&mut tx, writing.id, &letter, &ids, writing.personalised == 1, writing.signing, now).await? {
        store::Confirmed::Now => tx.commit().await?,
        store::Confirmed::Already => {
            tx.rollback().await?;
            return Ok(Err(ConfirmError::Used));
        }
        store::Confirmed::Repeated => {
            tx.rollback().await?;
            return Ok(Err(ConfirmError::Repeated("act-error-already-written")));
        }
    }
    state.jobs.enqueue_once(DELIVER_JOB, &(), 5).await?;
    Ok(Ok(writing))
}

//! Letter campaigns: written by admins, communications or editors in both languages, aimed at a
//! committee, at each writer's own representative in a set, or at a fixed list; and their counts,
//! which are public as numbers (never names).

use rendezvous_platform::AppState;
use rendezvous_platform::db::is_unique_violation;
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::validate::{line, slug};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::ids::LetterId;
use crate::model::{TargetKind, letter_problems};
use crate::store::letters::{self as store, LetterRow, NewLetter, TargetCount};
use crate::store::targets as target_store;

/// Whom the letters go to: `{"set": S, "committee": C}` (every member of committee C),
/// `{"set": S, "by": "district"}` (each writer's own representative in set S) or
/// `{"emails": [...]}` (a fixed list).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetsInput {
    pub set: Option<String>,
    pub committee: Option<String>,
    /// Only "district".
    pub by: Option<String>,
    pub emails: Option<Vec<String>>,
}

/// A letter campaign as the API and the admin form take it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterInput {
    pub slug: String,
    pub title_en: String,
    pub title_fr: String,
    #[serde(default)]
    pub intro_en: String,
    #[serde(default)]
    pub intro_fr: String,
    pub subject_en: String,
    pub subject_fr: String,
    pub body_en: String,
    pub body_fr: String,
    /// Whether writers may change the letter (default true: a letter the writer changed counts
    /// for more).
    pub editable: Option<bool>,
    /// Whether writers signing in their name are asked for their street address (default false).
    pub ask_address: Option<bool>,
    /// How many letters the campaign hopes for.
    pub goal: Option<i64>,
    /// The last day letters are taken (YYYY-MM-DD, in the site's time zone).
    pub ends_on: Option<String>,
    pub targets: TargetsInput,
}

#[derive(Debug)]
pub enum LetterError {
    Invalid(Vec<(&'static str, &'static str)>),
    SlugTaken,
    Failed(sqlx::Error),
}

impl From<sqlx::Error> for LetterError {
    fn from(e: sqlx::Error) -> Self {
        LetterError::Failed(e)
    }
}

/// Names under /act that are pages of their own.
const RESERVED: [&str; 2] = ["reply", "targets"];

/// The most addresses in a fixed list.
const MAX_FIXED: usize = 200;

/// Checks and writes a campaign.
pub async fn create(state: &AppState, author: Option<i64>, input: &LetterInput) -> Result<LetterId, LetterError> {
    let mut problems: Vec<(&'static str, &'static str)> = Vec::new();
    // The pages under /act that are not campaigns keep their names.
    let slug = slug(&input.slug, 60)
        .ok_or(("slug", "letters-error-slug"))
        .and_then(|s| if RESERVED.contains(&s.as_str()) { Err(("slug", "letters-error-slug-taken")) } else { Ok(s) });
    let slug = slug.map_err(|p| problems.push(p)).ok();
    let mut text = |field: &'static str, value: &str, max: usize| {
        line(value, max).map_err(|_| problems.push((field, "letters-error-title"))).unwrap_or_default()
    };
    let title_en = text("title_en", &input.title_en, 200);
    let title_fr = text("title_fr", &input.title_fr, 200);
    for (subject_field, body_field, subject, body) in [
        ("subject_en", "body_en", &input.subject_en, &input.body_en),
        ("subject_fr", "body_fr", &input.subject_fr, &input.body_fr),
    ] {
        for (field, message) in letter_problems(subject, body) {
            problems.push((if field == "subject" { subject_field } else { body_field }, message));
        }
    }
    for (field, intro) in [("intro_en", &input.intro_en), ("intro_fr", &input.intro_fr)] {
        if intro.chars().count() > 5000 {
            problems.push((field, "letters-error-intro"));
        }
    }
    if input.goal.is_some_and(|g| g < 1) {
        problems.push(("goal", "letters-error-goal"));
    }
    let ends_at = match input.ends_on.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(day) => match end_of_day(state, day) {
            Some(at) if at > state.clock.now_ms() => Some(at),
            Some(_) => {
                problems.push(("ends_on", "letters-error-ends-past"));
                None
            }
            None => {
                problems.push(("ends_on", "letters-error-ends-on"));
                None
            }
        },
    };
    let targets = resolve_targets(state, &input.targets).await?.map_err(|p| problems.push(p)).ok();
    let (Some(slug), Some(targets)) = (slug, targets) else { return Err(LetterError::Invalid(problems)) };
    if !problems.is_empty() {
        return Err(LetterError::Invalid(problems));
    }
    let new = NewLetter {
        slug: &slug,
        title_en: &title_en,
        title_fr: &title_fr,
        intro_en: input.intro_en.trim(),
        intro_fr: input.intro_fr.trim(),
        subject_en: input.subject_en.trim(),
        subject_fr: input.subject_fr.trim(),
        body_en: input.body_en.trim(),
        body_fr: input.body_fr.trim(),
        editable: input.editable.unwrap_or(true),
        ask_address: input.ask_address.unwrap_or(false),
        goal: input.goal,
        ends_at,
        target_kind: targets.kind,
        set_id: targets.set,
        committee_id: targets.committee,
        created_by: author,
    };
    let now = state.clock.now_ms();
    // A browser's textarea sends CRLF; letters keep plain line feeds (paragraphs split on them).
    let (body_en, body_fr) = (new.body_en.replace("\r\n", "\n"), new.body_fr.replace("\r\n", "\n"));
    let new = NewLetter { body_en: &body_en, body_fr: &body_fr, ..new };
    let mut tx = state.db.begin_write().await?;
    let id = match store::insert_letter(&mut tx, &new, now).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(LetterError::SlugTaken),
        Err(e) => return Err(e.into()),
    };
    for email in &targets.emails {
        let target = target_store::target_for_address(&mut tx, email, now).await?;
        store::add_fixed_target(&mut tx, id, target).await?;
    }
    tx.commit().await?;
    Ok(id)
}

struct Targets {
    kind: TargetKind,
    set: Option<crate::ids::TargetSetId>,
    committee: Option<crate::ids::CommitteeId>,
    emails: Vec<String>,
}

async fn resolve_targets(
    state: &AppState,
    input: &TargetsInput,
) -> Result<Result<Targets, (&'static str, &'static str)>, sqlx::Error> {
    let db = &state.db;
    if let Some(emails) = &input.emails {
        if input.set.is_some() || input.committee.is_some() || input.by.is_some() {
            return Ok(Err(("targets", "letters-error-targets")));
        }
        let mut parsed = Vec::new();
        for email in emails {
            match EmailAddress::parse(email) {
                Ok(a) if !parsed.contains(&a.normalized()) => parsed.push(a.normalized()),
                Ok(_) => {}
                Err(_) => return Ok(Err(("targets", "letters-error-target-email"))),
            }
        }
        if parsed.is_empty() || parsed.len() > MAX_FIXED {
            return Ok(Err(("targets", "letters-error-targets")));
        }
        return Ok(Ok(Targets { kind: TargetKind::Fixed, set: None, committee: None, emails: parsed }));
    }
    let Some(set_slug) = input.set.as_deref() else { return Ok(Err(("targets", "letters-error-targets"))) };
    let Some(set) = target_store::set_by_slug(db, set_slug.trim()).await? else {
        return Ok(Err(("targets", "letters-error-set")));
    };
    match (input.committee.as_deref(), input.by.as_deref()) {
        (Some(code), None) => {
            let Some(committee) = target_store::committee_by_code(db, code).await? else {
                return Ok(Err(("targets", "letters-error-committee")));
            };
            if target_store::committee_targets(db, set.id, committee.id).await?.is_empty() {
                return Ok(Err(("targets", "letters-error-committee-empty")));
            }
            Ok(Ok(Targets {
                kind: TargetKind::Committee,
                set: Some(set.id),
                committee: Some(committee.id),
                emails: vec![],
            }))
        }
        (None, Some("district")) if set.active > 0 => {
            Ok(Ok(Targets { kind: TargetKind::District, set: Some(set.id), committee: None, emails: vec![] }))
        }
        (None, Some("district")) => Ok(Err(("targets", "letters-error-set-empty"))),
        _ => Ok(Err(("targets", "letters-error-targets"))),
    }
}

/// The end of a day (YYYY-MM-DD) in the site's time zone, in milliseconds.
fn end_of_day(state: &AppState, day: &str) -> Option<i64> {
    rendezvous_platform::clock::end_of_day(&state.config.timezone, day.parse().ok()?)
}

/// Whether a campaign takes letters at `now`.
pub fn is_open(letter: &LetterRow, now: i64) -> bool {
    letter.ends_at.is_none_or(|end| now < end)
}

impl LetterRow {
    pub fn title(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.title_fr } else { &self.title_en }
    }
    pub fn intro(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.intro_fr } else { &self.intro_en }
    }
    pub fn subject(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.subject_fr } else { &self.subject_en }
    }
    pub fn body(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.body_fr } else { &self.body_en }
    }
    pub fn is_editable(&self) -> bool {
        self.editable == 1
    }
    pub fn asks_address(&self) -> bool {
        self.ask_address == 1
    }
}

/// A campaign's counts: in all and per target.
#[derive(Debug, Clone, Default, serde::Serialize, ToSchema)]
pub struct Totals {
    pub letters: i64,
    pub personalised: i64,
    /// Letters the same as the campaign's text.
    pub template: i64,
    pub replied_yes: i64,
    pub replied_no: i64,
    pub bounced: i64,
    pub waiting: i64,
}

pub async fn counts(state: &AppState, letter: LetterId) -> Result<(Totals, Vec<TargetCount>), sqlx::Error> {
    let per_target = store::counts(&state.db, letter).await?;
    let mut totals = Totals::default();
    for t in &per_target {
        totals.letters += t.letters;
        totals.personalised += t.personalised;
        totals.replied_yes += t.replied_yes;
        totals.replied_no += t.replied_no;
        totals.bounced += t.bounced;
        totals.waiting += t.waiting;
    }
    totals.template = totals.letters - totals.personalised;
    Ok((totals, per_target))
}

//! Job postings: pay always shown, a closing date required and at most 90 days ahead. Before it
//! closes the poster is reminded; after, the page says so, is left out of lists, feeds and the
//! sitemap and is marked noindex; 30 days later it answers 410 Gone.

use rendezvous_platform::AppState;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::validate::line;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::ids::{PostingId, SubmissionId};
use crate::model::PostingKind;
use crate::store::postings::{self as store, PostingFields, PostingRow};

/// How far ahead a posting may close.
pub const MAX_OPEN_DAYS: i64 = 90;
/// How long a closed posting's page stays (then 410 Gone).
pub const GONE_AFTER_MS: i64 = 30 * DAY_MS;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostingInput {
    pub title_en: String,
    pub title_fr: String,
    pub description_en: String,
    pub description_fr: String,
    pub organisation: String,
    /// The last day to apply (YYYY-MM-DD), at most 90 days ahead.
    pub closes_on: String,
    /// Always shown, even "honorarium: $50".
    pub pay: String,
    pub place: Option<String>,
    pub remote: Option<bool>,
    /// employment (default), contract, volunteer, peer or honorarium.
    pub kind: Option<PostingKind>,
    pub how_to_apply: Option<String>,
}

/// Where a posting stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Open,
    /// Closed: its page says so and is not indexed.
    Closed,
    /// Closed more than 30 days ago: 410 Gone.
    Gone,
}

pub fn standing(posting: &PostingRow, now: i64) -> Standing {
    if now < posting.closes_at {
        Standing::Open
    } else if now < posting.closes_at + GONE_AFTER_MS {
        Standing::Closed
    } else {
        Standing::Gone
    }
}

/// A posting's fields, checked.
struct Checked {
    title_en: String,
    title_fr: String,
    organisation: String,
    pay: String,
    closes_on: String,
    closes_at: i64,
}

fn checked(state: &AppState, input: &PostingInput) -> Result<Checked, Vec<(&'static str, &'static str)>> {
    let mut problems = Vec::new();
    let mut one_line = |field: &'static str, value: &str, max: usize| {
        line(value, max).map_err(|_| problems.push((field, "postings-error-required"))).unwrap_or_default()
    };
    let title_en = one_line("title_en", &input.title_en, 200);
    let title_fr = one_line("title_fr", &input.title_fr, 200);
    let organisation = one_line("organisation", &input.organisation, 200);
    let pay = one_line("pay", &input.pay, 200);
    for (field, text) in [("description_en", &input.description_en), ("description_fr", &input.description_fr)] {
        if text.trim().is_empty() {
            problems.push((field, "postings-error-required"));
        } else if text.chars().count() > 20_000 {
            problems.push((field, "postings-error-too-long"));
        }
    }
    let today = crate::today(state);
    let closes = match input.closes_on.trim().parse::<jiff::civil::Date>() {
        Err(_) => {
            problems.push(("closes_on", "postings-error-date"));
            None
        }
        Ok(date) if date.to_string() < today => {
            problems.push(("closes_on", "postings-error-past"));
            None
        }
        Ok(date) => {
            let limit = today
                .parse::<jiff::civil::Date>()
                .ok()
                .and_then(|t| t.checked_add(jiff::Span::new().days(MAX_OPEN_DAYS)).ok());
            if limit.is_some_and(|limit| date > limit) {
                problems.push(("closes_on", "postings-error-too-far"));
                None
            } else {
                crate::end_of_day(state, date).map(|at| (date.to_string(), at))
            }
        }
    };
    let short = |v: &Option<String>, max: usize| v.as_deref().unwrap_or_default().chars().count() <= max;
    if !short(&input.place, 200) {
        problems.push(("place", "postings-error-too-long"));
    }
    if !short(&input.how_to_apply, 5000) {
        problems.push(("how_to_apply", "postings-error-too-long"));
    }
    match closes.filter(|_| problems.is_empty()) {
        Some((closes_on, closes_at)) => Ok(Checked { title_en, title_fr, organisation, pay, closes_on, closes_at }),
        None => Err(problems),
    }
}

/// Every problem of a posting as (field, message id).
pub fn problems(state: &AppState, input: &PostingInput) -> Vec<(&'static str, &'static str)> {
    checked(state, input).err().unwrap_or_default()
}

pub async fn create(
    state: &AppState,
    by: Option<i64>,
    input: &PostingInput,
    from: Option<SubmissionId>,
) -> Result<PostingId, Result<Vec<(&'static str, &'static str)>, sqlx::Error>> {
    let c = checked(state, input).map_err(Ok)?;
    let fields = PostingFields {
        organisation: &c.organisation,
        title_en: &c.title_en,
        title_fr: &c.title_fr,
        description_en: input.description_en.trim(),
        description_fr: input.description_fr.trim(),
        place: input.place.as_deref().unwrap_or_default().trim(),
        remote: input.remote.unwrap_or(false),
        kind: input.kind.unwrap_or(PostingKind::Employment),
        pay: &c.pay,
        how_to_apply: input.how_to_apply.as_deref().unwrap_or_default().trim(),
        closes_on: &c.closes_on,
        closes_at: c.closes_at,
        submission: from,
    };
    store::insert(&state.db, &fields, by, state.clock.now_ms()).await.map_err(Err)
}

impl PostingRow {
    pub fn title(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.title_fr } else { &self.title_en }
    }
    pub fn description(&self, lang: impl std::borrow::Borrow<Lang>) -> &str {
        if *lang.borrow() == Lang::Fr { &self.description_fr } else { &self.description_en }
    }
    pub fn is_remote(&self) -> bool {
        self.remote == 1
    }
}

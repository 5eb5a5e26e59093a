//! An alert's life: a draft is written and rewritten; publishing mails it at once; every later
//! change of a published alert is a new version, announced as an update or a cancellation, never
//! an edit in place. Expired and cancelled alerts change no more.
//!
//! The same rules serve the API and the pages: each step checks everything before it writes,
//! writes in one transaction guarded by the state it saw (so publishing twice, or two moderators
//! at once, change nothing the second time), and only then mails.

use rendezvous_platform::AppState;
use rendezvous_platform::BoxError;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::clock::DAY_MS;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::areas::{self, Places};
use crate::ids::{AlertId, ReportId};
use crate::mailing;
use crate::model::{
    AlertState, AlertText, Bilingual, Certainty, DEFAULT_EXPIRY_DAYS, MsgType, SUMMARY_MAX, Severity, Substance,
    Urgency, Verification,
};
use crate::store::{self, AlertRow, NewDraft, NewVersion};

/// What a draft, an update or a cancellation says. Every field may be left out: a new draft starts
/// empty, an update keeps what it does not name.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertInput {
    /// Province or territory codes (`BC`) or region slugs.
    pub regions: Option<Vec<String>>,
    pub severity: Option<Severity>,
    pub verification: Option<Verification>,
    pub urgency: Option<Urgency>,
    pub certainty: Option<Certainty>,
    pub headline_en: Option<String>,
    pub headline_fr: Option<String>,
    /// At most 280 characters.
    pub summary_en: Option<String>,
    pub summary_fr: Option<String>,
    /// Markdown, for workers.
    pub details_en: Option<String>,
    pub details_fr: Option<String>,
    /// One value for both languages, or `sold_as_en` and `sold_as_fr`.
    pub sold_as: Option<String>,
    pub sold_as_en: Option<String>,
    pub sold_as_fr: Option<String>,
    pub appearance: Option<String>,
    pub appearance_en: Option<String>,
    pub appearance_fr: Option<String>,
    pub effects: Option<String>,
    pub effects_en: Option<String>,
    pub effects_fr: Option<String>,
    pub substances: Option<Vec<Substance>>,
    /// Safer-use advice; the standard text when left out.
    pub instruction_en: Option<String>,
    pub instruction_fr: Option<String>,
    pub source: Option<String>,
    /// RFC 3339; when published, if left out.
    pub effective_at: Option<String>,
    /// RFC 3339; 14 days after it is written, if left out.
    pub expires_at: Option<String>,
    /// Why an update or a cancellation is sent.
    pub note_en: Option<String>,
    pub note_fr: Option<String>,
    /// The reports the alert is written from.
    pub reports: Option<Vec<ReportId>>,
}

/// A field that is wrong, and the message id that says why (in the person's language).
pub type Problem = (&'static str, &'static str);

#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    #[error("the alert is not valid")]
    Invalid(Vec<Problem>),
    /// Publishing twice, or changing a cancelled or expired alert (or a draft as if published).
    #[error("the alert is not in a state that allows this")]
    Conflict,
    #[error("no such alert")]
    NotFound,
    #[error(transparent)]
    Failed(#[from] BoxError),
}

impl From<sqlx::Error> for AlertError {
    fn from(e: sqlx::Error) -> Self {
        AlertError::Failed(Box::new(e))
    }
}

/// An alert as kept: its text, areas and times.
#[derive(Debug, Clone)]
pub struct Alert {
    pub row: AlertRow,
    pub text: AlertText,
    pub areas: Vec<String>,
}

impl Alert {
    pub fn from_row(row: AlertRow) -> Self {
        let text = serde_json::from_str(&row.content).unwrap_or_default();
        let areas = areas::from_column(&row.areas);
        Self { row, text, areas }
    }
}

pub async fn load(state: &AppState, id: AlertId) -> Result<Alert, AlertError> {
    let row = store::alert(&state.db, id).await?.ok_or(AlertError::NotFound)?;
    Ok(Alert::from_row(row))
}

fn set(target: &mut String, value: &Option<String>) {
    if let Some(v) = value {
        *target = v.trim().to_owned();
    }
}

/// One value for both languages, then each language's own.
fn set_both(target: &mut Bilingual, both: &Option<String>, en: &Option<String>, fr: &Option<String>) {
    set(&mut target.en, both);
    set(&mut target.fr, both);
    set(&mut target.en, en);
    set(&mut target.fr, fr);
}

fn parse_time(text: &str) -> Option<i64> {
    text.trim().parse::<jiff::Timestamp>().ok().map(|t| t.as_millisecond())
}

/// A draft, an update or a cancellation worked out from what was sent, before anything is written.
struct Worked {
    text: AlertText,
    areas: Vec<String>,
    effective_at: Option<i64>,
    expires_at: i64,
}

/// Applies the input to an alert's text (an empty one for a new draft), checking every field.
fn apply(places: &Places, base: Option<&Alert>, input: &AlertInput, now: i64) -> Result<Worked, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut text = base.map(|a| a.text.clone()).unwrap_or_default();
    set(&mut text.headline.en, &input.headline_en);
    set(&mut text.headline.fr, &input.headline_fr);
    set(&mut text.summary.en, &input.summary_en);
    set(&mut text.summary.fr, &input.summary_fr);
    set(&mut text.details.en, &input.details_en);
    set(&mut text.details.fr, &input.details_fr);
    set_both(&mut text.sold_as, &input.sold_as, &input.sold_as_en, &input.sold_as_fr);
    set_both(&mut text.appearance, &input.appearance, &input.appearance_en, &input.appearance_fr);
    set_both(&mut text.effects, &input.effects, &input.effects_en, &input.effects_fr);
    set(&mut text.instruction.en, &input.instruction_en);
    set(&mut text.instruction.fr, &input.instruction_fr);
    set(&mut text.source, &input.source);
    text.note = Bilingual::default();
    set(&mut text.note.en, &input.note_en);
    set(&mut text.note.fr, &input.note_fr);
    if let Some(s) = &input.substances {
        text.substances = s.iter().filter(|s| !s.name.trim().is_empty()).cloned().collect();
        if text.substances.iter().any(|s| s.percent.is_some_and(|p| !(0.0..=100.0).contains(&p))) {
            problems.push(("substances", "alerts-error-percent"));
        }
    }
    if let Some(r) = &input.reports {
        text.reports = r.clone();
    }
    text.severity = input.severity.or(text.severity);
    text.verification = input.verification.or(text.verification);
    text.urgency = input.urgency.or(text.urgency);
    text.certainty = input.certainty.or(text.certainty);

    let mut areas = base.map(|a| a.areas.clone()).unwrap_or_default();
    if let Some(regions) = &input.regions {
        areas.clear();
        for r in regions {
            match places.parse(r) {
                Some(key) if !areas.contains(&key) => areas.push(key),
                Some(_) => {}
                None => {
                    if !problems.contains(&("regions", "alerts-error-region")) {
                        problems.push(("regions", "alerts-error-region"));
                    }
                }
            }
        }
    }
    if areas.is_empty() && !problems.iter().any(|p| p.0 == "regions") {
        problems.push(("regions", "alerts-error-no-region"));
    }
    if !text.headline.any() {
        problems.push(("headline_en", "alerts-error-headline"));
    }
    if text.headline.en.chars().count() > 160 || text.headline.fr.chars().count() > 160 {
        problems.push(("headline_en", "alerts-error-headline-long"));
    }
    if text.summary.en.chars().count() > SUMMARY_MAX {
        problems.push(("summary_en", "alerts-error-summary-long"));
    }
    if text.summary.fr.chars().count() > SUMMARY_MAX {
        problems.push(("summary_fr", "alerts-error-summary-long"));
    }
    let too_long = |b: &Bilingual, max: usize| b.en.chars().count() > max || b.fr.chars().count() > max;
    if too_long(&text.details, 20_000) || too_long(&text.instruction, 4_000) {
        problems.push(("details_en", "alerts-error-too-long"));
    }
    if too_long(&text.sold_as, 200) || too_long(&text.appearance, 400) || too_long(&text.effects, 400) {
        problems.push(("sold_as", "alerts-error-too-long"));
    }

    let mut effective_at = base.and_then(|a| a.row.effective_at);
    if let Some(t) = &input.effective_at {
        match parse_time(t) {
            Some(ms) => effective_at = Some(ms),
            None => problems.push(("effective_at", "alerts-error-time")),
        }
    }
    let mut expires_at = base.map(|a| a.row.expires_at).unwrap_or(now + DEFAULT_EXPIRY_DAYS * DAY_MS);
    if let Some(t) = &input.expires_at {
        match parse_time(t) {
            Some(ms) => expires_at = ms,
            None => problems.push(("expires_at", "alerts-error-time")),
        }
    }
    if expires_at <= now && !problems.iter().any(|p| p.0 == "expires_at") {
        problems.push(("expires_at", "alerts-error-expiry-past"));
    }
    if effective_at.is_some_and(|e| e >= expires_at) {
        problems.push(("effective_at", "alerts-error-effective-after-expiry"));
    }
    if problems.is_empty() { Ok(Worked { text, areas, effective_at, expires_at }) } else { Err(problems) }
}

/// What publishing needs beyond a draft: both languages' headline and summary, severity and
/// verification (the expiry's being ahead is checked by `apply`).
fn ready_to_send(text: &AlertText) -> Vec<Problem> {
    let mut problems = Vec::new();
    if !text.headline.both() {
        problems.push(("headline_fr", "alerts-error-language"));
    }
    if !text.summary.both() {
        problems.push(("summary_fr", "alerts-error-language"));
    }
    if text.severity.is_none() {
        problems.push(("severity", "alerts-error-severity"));
    }
    if text.verification.is_none() {
        problems.push(("verification", "alerts-error-verification"));
    }
    problems
}

fn to_json(text: &AlertText) -> Result<String, AlertError> {
    serde_json::to_string(text).map_err(|e| AlertError::Failed(Box::new(e)))
}

/// Writes a new draft.
pub async fn create_draft(state: &AppState, by: UserId, input: &AlertInput) -> Result<AlertId, AlertError> {
    let places = Places::load(&state.db).await?;
    let now = state.clock.now_ms();
    let w = apply(&places, None, input, now).map_err(AlertError::Invalid)?;
    let content = to_json(&w.text)?;
    let areas = areas::column(&w.areas);
    let draft = NewDraft {
        content: &content,
        areas: &areas,
        effective_at: w.effective_at,
        expires_at: w.expires_at,
        created_by: by,
    };
    let id = store::insert_draft(&state.db, &draft, now).await?;
    for report in &w.text.reports {
        store::set_report_state(&state.db, *report, store::ReportState::Used, Some(id)).await?;
    }
    Ok(id)
}

/// Rewrites a draft; a published alert changes only by [`update`].
pub async fn edit_draft(state: &AppState, id: AlertId, input: &AlertInput) -> Result<(), AlertError> {
    let alert = load(state, id).await?;
    if alert.row.state != AlertState::Draft {
        return Err(AlertError::Conflict);
    }
    let places = Places::load(&state.db).await?;
    let now = state.clock.now_ms();
    let w = apply(&places, Some(&alert), input, now).map_err(AlertError::Invalid)?;
    let content = to_json(&w.text)?;
    if !store::update_draft(&state.db, id, &content, &areas::column(&w.areas), w.effective_at, w.expires_at, now)
        .await?
    {
        return Err(AlertError::Conflict);
    }
    Ok(())
}

/// What a step did: the version it made and how many it is mailed to.
#[derive(Debug, Clone, Copy)]
pub struct Sent {
    pub version: i64,
    pub recipients: i64,
}

/// Publishes a draft and mails it at once to everyone who follows its areas.
pub async fn publish(state: &AppState, by: UserId, id: AlertId) -> Result<Sent, AlertError> {
    let alert = load(state, id).await?;
    if alert.row.state != AlertState::Draft {
        return Err(AlertError::Conflict);
    }
    let places = Places::load(&state.db).await?;
    let now = state.clock.now_ms();
    // The same checks as a draft's (the expiry may have passed since), then publishing's own.
    let w = apply(&places, Some(&alert), &AlertInput::default(), now).map_err(AlertError::Invalid)?;
    let problems = ready_to_send(&w.text);
    if !problems.is_empty() {
        return Err(AlertError::Invalid(problems));
    }
    step(state, by, &alert, w, MsgType::Alert, &places).await
}

/// Sends a new version of a published alert, as an update, to whoever got it (and to those who
/// follow an area the update adds).
pub async fn update(state: &AppState, by: UserId, id: AlertId, input: &AlertInput) -> Result<Sent, AlertError> {
    let alert = load(state, id).await?;
    let now = state.clock.now_ms();
    if alert.row.state != AlertState::Published || alert.row.expires_at <= now {
        return Err(AlertError::Conflict);
    }
    let places = Places::load(&state.db).await?;
    let w = apply(&places, Some(&alert), input, now).map_err(AlertError::Invalid)?;
    let problems = ready_to_send(&w.text);
    if !problems.is_empty() {
        return Err(AlertError::Invalid(problems));
    }
    step(state, by, &alert, w, MsgType::Update, &places).await
}

/// Cancels a published alert and tells whoever got it.
pub async fn cancel(state: &AppState, by: UserId, id: AlertId, input: &AlertInput) -> Result<Sent, AlertError> {
    let alert = load(state, id).await?;
    let now = state.clock.now_ms();
    if alert.row.state != AlertState::Published || alert.row.expires_at <= now {
        return Err(AlertError::Conflict);
    }
    let places = Places::load(&state.db).await?;
    // Only the note changes: a cancellation says the same alert is over.
    let note = AlertInput { note_en: input.note_en.clone(), note_fr: input.note_fr.clone(), ..AlertInput::default() };
    let w = apply(&places, Some(&alert), &note, now).map_err(AlertError::Invalid)?;
    step(state, by, &alert, w, MsgType::Cancel, &places).await
}

/// Writes the version (guarded by the state and version seen), then mails it.
async fn step(
    state: &AppState,
    by: UserId,
    alert: &Alert,
    w: Worked,
    msg_type: MsgType,
    places: &Places,
) -> Result<Sent, AlertError> {
    let now = state.clock.now_ms();
    let content = to_json(&w.text)?;
    let areas_column = areas::column(&w.areas);
    let new = NewVersion {
        alert_id: alert.row.id,
        after: alert.row.version,
        msg_type,
        content: &content,
        areas: &areas_column,
        effective_at: w.effective_at,
        expires_at: w.expires_at,
        sent_by: by,
    };
    let version = store::add_version(&state.db, &new, now).await?.ok_or(AlertError::Conflict)?;
    if msg_type == MsgType::Update && w.expires_at != alert.row.expires_at {
        store::clear_reminder(&state.db, alert.row.id).await?;
    }
    let sent = Alert {
        row: AlertRow { version, content, areas: areas_column, expires_at: w.expires_at, ..alert.row.clone() },
        text: w.text,
        areas: w.areas,
    };
    let recipients = mailing::send(state, by, &sent, &alert.areas, msg_type, places).await?;
    announce(state, &sent, msg_type, places).await?;
    Ok(Sent { version, recipients })
}

/// Tells partners (webhooks): the alert's id, version, page and CAP message (its URL only when the
/// message would make the event too large).
async fn announce(state: &AppState, alert: &Alert, msg_type: MsgType, places: &Places) -> Result<(), AlertError> {
    let kind = match msg_type {
        MsgType::Alert => "alert.published",
        MsgType::Update => "alert.updated",
        MsgType::Cancel => "alert.cancelled",
    };
    let id = alert.row.id;
    let versions = store::versions(&state.db, id).await?;
    let cap = versions
        .iter()
        .position(|v| v.version == alert.row.version)
        .map(|at| crate::cap::message(state, places, alert, &versions[at], &versions[..at]))
        .unwrap_or_default();
    let mut data = serde_json::json!({
        "id": id,
        "version": alert.row.version,
        "regions": alert.areas,
        "url": format!("{}/alerts/{id}", state.base_url),
        "cap_url": format!("{}/alerts/{id}/cap.xml?version={}", state.base_url, alert.row.version),
    });
    if cap.len() <= CAP_IN_EVENT_MAX {
        data["cap"] = serde_json::Value::String(cap);
    }
    let event = rendezvous_platform::events::Event { kind, data, personal: None };
    rendezvous_platform::events::announce(state, event).await;
    Ok(())
}

/// A CAP message larger than this goes by its URL only (an event's body stays under 20 kB).
const CAP_IN_EVENT_MAX: usize = 16 * 1024;

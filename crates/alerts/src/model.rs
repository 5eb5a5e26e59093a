//! What an alert is made of: its states, CAP's words for severity, urgency and certainty, the
//! verification levels, and the text kept in both languages.

use rendezvous_platform::i18n::Lang;
use rendezvous_platform::state_enum;
use serde::{Deserialize, Serialize};

use crate::ids::ReportId;

state_enum!(
    /// Where an alert is in its life. Expiry is not stored: a published alert whose expiry has
    /// passed is expired (see [`Lifecycle`]).
    pub enum AlertState {
        Draft = "draft",
        Published = "published",
        Cancelled = "cancelled",
    }
);

/// An alert's state as people see it, with expiry worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lifecycle {
    Draft,
    Published,
    Expired,
    Cancelled,
}

impl Lifecycle {
    pub fn of(state: AlertState, expires_at: i64, now: i64) -> Self {
        match state {
            AlertState::Draft => Lifecycle::Draft,
            AlertState::Cancelled => Lifecycle::Cancelled,
            AlertState::Published if expires_at <= now => Lifecycle::Expired,
            AlertState::Published => Lifecycle::Published,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Draft => "draft",
            Lifecycle::Published => "published",
            Lifecycle::Expired => "expired",
            Lifecycle::Cancelled => "cancelled",
        }
    }
}

state_enum!(
    /// CAP's severity.
    pub enum Severity {
        Extreme = "extreme",
        Severe = "severe",
        Moderate = "moderate",
        Minor = "minor",
    }
);

state_enum!(
    /// CAP's urgency.
    pub enum Urgency {
        Immediate = "immediate",
        Expected = "expected",
        Future = "future",
        Past = "past",
        Unknown = "unknown",
    }
);

state_enum!(
    /// CAP's certainty.
    pub enum Certainty {
        Observed = "observed",
        Likely = "likely",
        Possible = "possible",
        Unlikely = "unlikely",
        Unknown = "unknown",
    }
);

state_enum!(
    /// How the finding was verified; each level has known limits, shown with the alert.
    pub enum Verification {
        CommunityReport = "community-report",
        TestStrip = "test-strip",
        DrugChecking = "drug-checking",
        LabConfirmed = "lab-confirmed",
        HealthData = "health-data",
    }
);

state_enum!(
    /// A CAP message's type: the first publication, an update, or a cancellation.
    pub enum MsgType {
        Alert = "Alert",
        Update = "Update",
        Cancel = "Cancel",
    }
);

/// CAP spells its words capitalised ("Immediate"); we keep them lower-case.
pub fn cap_word(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

impl Verification {
    /// What a level usually allows one to say, when the alert does not say otherwise.
    pub fn default_certainty(self) -> Certainty {
        match self {
            Verification::CommunityReport => Certainty::Possible,
            Verification::TestStrip | Verification::DrugChecking | Verification::HealthData => Certainty::Likely,
            Verification::LabConfirmed => Certainty::Observed,
        }
    }
}

/// A text in English and French.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bilingual {
    pub en: String,
    pub fr: String,
}

impl Bilingual {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }

    /// The language asked for, else the other one (a draft may have only one).
    pub fn or_other(&self, lang: Lang) -> &str {
        let wanted = self.get(lang);
        if wanted.trim().is_empty() { self.get(lang.other()) } else { wanted }
    }

    pub fn both(&self) -> bool {
        !self.en.trim().is_empty() && !self.fr.trim().is_empty()
    }

    pub fn any(&self) -> bool {
        !self.en.trim().is_empty() || !self.fr.trim().is_empty()
    }
}

/// A substance found, with its share when measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Substance {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
}

/// An alert's words and facts, as one version has them (kept as JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertText {
    pub headline: Bilingual,
    /// For peers: what a poster, a text or a shared post carries (at most 280 characters).
    pub summary: Bilingual,
    /// For workers, in Markdown.
    pub details: Bilingual,
    pub sold_as: Bilingual,
    pub appearance: Bilingual,
    pub effects: Bilingual,
    #[serde(default)]
    pub substances: Vec<Substance>,
    pub verification: Option<Verification>,
    pub severity: Option<Severity>,
    pub urgency: Option<Urgency>,
    pub certainty: Option<Certainty>,
    /// Safer-use advice and where to get naloxone; the standard text when empty.
    pub instruction: Bilingual,
    pub source: String,
    /// Why a version was sent (an update's or a cancellation's note).
    #[serde(default)]
    pub note: Bilingual,
    #[serde(default)]
    pub reports: Vec<ReportId>,
}

impl AlertText {
    pub fn urgency(&self) -> Urgency {
        self.urgency.unwrap_or(Urgency::Immediate)
    }

    pub fn certainty(&self) -> Certainty {
        self.certainty.or(self.verification.map(Verification::default_certainty)).unwrap_or(Certainty::Unknown)
    }

    /// "carfentanil (12%), fentanyl": what was found, for a line beside what it was sold as.
    pub fn found(&self) -> String {
        self.substances
            .iter()
            .map(|s| match s.percent {
                Some(p) => format!("{} ({}%)", s.name, trim_number(p)),
                None => s.name.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn trim_number(n: f64) -> String {
    let text = format!("{n:.1}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The longest summary: what fits a text message or a shared post.
pub const SUMMARY_MAX: usize = 280;
/// An alert's life when no expiry is given.
pub const DEFAULT_EXPIRY_DAYS: i64 = 14;

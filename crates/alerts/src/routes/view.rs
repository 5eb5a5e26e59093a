//! An alert as the pages show it, in one language.

use rendezvous_platform::AppState;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::markdown::{self, TEXT};

use crate::areas::Places;
use crate::ids::AlertId;
use crate::lifecycle::Alert;
use crate::mailing;
use crate::model::Lifecycle;

pub struct AlertView {
    pub id: AlertId,
    pub state: Lifecycle,
    pub headline: String,
    pub summary: String,
    pub details_html: String,
    pub sold_as: String,
    pub found: String,
    pub appearance: String,
    pub effects: String,
    /// The message id of the verification level, and of its known limits.
    pub verification: Option<(String, String)>,
    pub severity: String,
    /// The severity's spelling for CSS ("extreme"), empty without one.
    pub severity_key: &'static str,
    pub urgency: String,
    pub certainty: String,
    pub areas: String,
    pub instruction: String,
    pub source: String,
    pub note: String,
    pub published_at: Option<i64>,
    pub effective_at: Option<i64>,
    pub expires_at: i64,
    /// Whether this language's text is the other language's, for want of its own.
    pub borrowed: bool,
}

impl AlertView {
    pub fn new(state: &AppState, places: &Places, alert: &Alert, lang: Lang) -> Self {
        let text = &alert.text;
        let now = state.clock.now_ms();
        Self {
            id: alert.row.id,
            state: Lifecycle::of(alert.row.state, alert.row.expires_at, now),
            headline: text.headline.or_other(lang).to_owned(),
            summary: text.summary.or_other(lang).to_owned(),
            details_html: markdown::render(text.details.or_other(lang), &TEXT),
            sold_as: text.sold_as.or_other(lang).to_owned(),
            found: text.found(),
            appearance: text.appearance.or_other(lang).to_owned(),
            effects: text.effects.or_other(lang).to_owned(),
            verification: text
                .verification
                .map(|v| (format!("alerts-verification-{v}"), format!("alerts-verification-{v}-limits"))),
            severity: text.severity.map(|s| format!("alerts-severity-{s}")).unwrap_or_default(),
            severity_key: text.severity.map(|s| s.as_str()).unwrap_or_default(),
            urgency: format!("alerts-urgency-{}", text.urgency()),
            certainty: format!("alerts-certainty-{}", text.certainty()),
            areas: places.names(&alert.areas, lang),
            instruction: mailing::instruction(state, alert, lang),
            source: text.source.clone(),
            note: text.note.or_other(lang).to_owned(),
            published_at: alert.row.published_at,
            effective_at: alert.row.effective_at,
            expires_at: alert.row.expires_at,
            borrowed: text.headline.get(lang).trim().is_empty(),
        }
    }

    pub fn state_id(&self) -> String {
        format!("alerts-state-{}", self.state.as_str())
    }

    pub fn is_current(&self) -> bool {
        self.state == Lifecycle::Published
    }
}

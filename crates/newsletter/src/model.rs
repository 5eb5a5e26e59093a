//! Newsletter values that can only be built valid, and the rules on them: list slugs, consent
//! kinds and their expiry (CASL), subscription statuses, where a change came from, tags.

use rendezvous_platform::clock::DAY_MS;
use serde::Serialize;

/// A list's address part: 2 to 40 lowercase letters, digits and hyphens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSlug(String);

impl ListSlug {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        rendezvous_platform::validate::slug(input, 40).map(Self).ok_or("list-slug-invalid")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How consent was obtained (Canada's anti-spam law distinguishes express and implied consent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    /// Express, by our own form with double opt-in.
    ExpressForm,
    /// Express, obtained elsewhere and imported with stated evidence.
    ExpressImport,
    /// Implied by a membership of the network.
    ImpliedMembership,
    /// Implied by another existing relationship (partner, donor, volunteer...).
    ImpliedRelationship,
    /// Implied by a conspicuously published address, relevant to the person's role.
    Published,
}

/// Implied consent lasts two years from the relationship's date unless renewed.
pub const IMPLIED_CONSENT_MS: i64 = 730 * DAY_MS;

impl ConsentKind {
    pub const ALL: [ConsentKind; 5] = [
        ConsentKind::ExpressForm,
        ConsentKind::ExpressImport,
        ConsentKind::ImpliedMembership,
        ConsentKind::ImpliedRelationship,
        ConsentKind::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::ExpressForm => "express_form",
            ConsentKind::ExpressImport => "express_import",
            ConsentKind::ImpliedMembership => "implied_membership",
            ConsentKind::ImpliedRelationship => "implied_relationship",
            ConsentKind::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kinds an import or an admin may state (`express` means express, obtained elsewhere).
    pub fn parse_stated(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "express" | "express-import" => Some(ConsentKind::ExpressImport),
            "implied-membership" => Some(ConsentKind::ImpliedMembership),
            "implied-relationship" => Some(ConsentKind::ImpliedRelationship),
            "published" => Some(ConsentKind::Published),
            _ => None,
        }
    }

    pub fn is_implied(self) -> bool {
        matches!(self, ConsentKind::ImpliedMembership | ConsentKind::ImpliedRelationship | ConsentKind::Published)
    }

    /// When consent given at `since` stops allowing mail: never for express consent.
    pub fn expires_at(self, since_ms: i64) -> Option<i64> {
        self.is_implied().then_some(since_ms + IMPLIED_CONSENT_MS)
    }

    pub fn label_id(self) -> &'static str {
        match self {
            ConsentKind::ExpressForm => "consent-express-form",
            ConsentKind::ExpressImport => "consent-express-import",
            ConsentKind::ImpliedMembership => "consent-implied-membership",
            ConsentKind::ImpliedRelationship => "consent-implied-relationship",
            ConsentKind::Published => "consent-published",
        }
    }
}

rendezvous_platform::state_enum!(
    /// Where a subscription stands.
    pub enum Status {
        Unconfirmed = "unconfirmed",
        Subscribed = "subscribed",
        Unsubscribed = "unsubscribed",
        Bounced = "bounced",
        Complained = "complained",
    }
);

impl Status {
    pub fn label_id(self) -> &'static str {
        match self {
            Status::Unconfirmed => "status-unconfirmed",
            Status::Subscribed => "status-subscribed",
            Status::Unsubscribed => "status-unsubscribed",
            Status::Bounced => "status-bounced",
            Status::Complained => "status-complained",
        }
    }
}

/// Where a change in the ledger came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Form,
    Import,
    Admin,
    Api,
    MemberRecord,
    PreferenceCentre,
    OneClick,
    Mail,
    Account,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Form => "form",
            Source::Import => "import",
            Source::Admin => "admin",
            Source::Api => "api",
            Source::MemberRecord => "member_record",
            Source::PreferenceCentre => "preference_centre",
            Source::OneClick => "one_click",
            Source::Mail => "mail",
            Source::Account => "account",
        }
    }
}

/// The version of the consent wording shown on the subscribe form; bump it when the text of
/// `subscribe-consent-wording` changes, so the ledger says which words each person agreed to.
pub const FORM_WORDING_VERSION: &str = "subscribe-form-2026-11";

/// Tags as stored: lowercase, trimmed, no separators, joined as ",a,b," for exact LIKE matches.
pub fn tags_column(tags: &[String]) -> String {
    let clean: Vec<String> =
        tags.iter().map(|t| t.trim().to_lowercase().replace([',', '%', '_'], "-")).filter(|t| !t.is_empty()).collect();
    if clean.is_empty() { String::new() } else { format!(",{},", clean.join(",")) }
}

pub fn tags_from_column(column: &str) -> Vec<String> {
    column.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(ListSlug::parse("members-en").is_ok());
        for bad in ["", "a", "Members", "with space", "-lead", &"x".repeat(41), "é"] {
            assert!(ListSlug::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn implied_consent_expires_after_two_years_and_express_never() {
        assert_eq!(ConsentKind::ImpliedMembership.expires_at(0), Some(730 * DAY_MS));
        assert_eq!(ConsentKind::Published.expires_at(5), Some(5 + 730 * DAY_MS));
        assert_eq!(ConsentKind::ExpressImport.expires_at(0), None);
        assert_eq!(ConsentKind::ExpressForm.expires_at(0), None);
    }

    #[test]
    fn stated_kinds_from_the_command_line() {
        assert_eq!(ConsentKind::parse_stated("express"), Some(ConsentKind::ExpressImport));
        assert_eq!(ConsentKind::parse_stated("implied-membership"), Some(ConsentKind::ImpliedMembership));
        assert_eq!(ConsentKind::parse_stated("Implied_Relationship"), Some(ConsentKind::ImpliedRelationship));
        assert_eq!(ConsentKind::parse_stated("form"), None, "express-by-form only comes from our own form");
    }

    #[test]
    fn tags_round_trip_and_cannot_break_the_like_match() {
        let column = tags_column(&["Outreach".into(), " naloxone ".into(), "".into(), "a,b%".into()]);
        assert_eq!(column, ",outreach,naloxone,a-b-,");
        assert_eq!(tags_from_column(&column), vec!["outreach", "naloxone", "a-b-"]);
        assert_eq!(tags_column(&[]), "");
    }
}

/// Milliseconds as a YYYY-MM-DD date (UTC).
pub fn format_date(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// A calendar date typed as YYYY-MM-DD, as milliseconds at 00:00 UTC.
pub fn parse_date(input: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(input.trim(), &format).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp() * 1000)
}

#[cfg(test)]
mod date_tests {
    use super::parse_date;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-02"), Some(86_400_000));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("02/03/2026"), None);
    }
}

rendezvous_platform::state_enum!(
    /// Where a campaign is: draft → scheduled → sending ⇄ paused → sent; or cancelled.
    #[derive(Default)]
    pub enum CampaignState {
        #[default]
        Draft = "draft",
        Scheduled = "scheduled",
        Sending = "sending",
        Paused = "paused",
        Sent = "sent",
        Cancelled = "cancelled",
    }
);

impl CampaignState {
    /// The Fluent id naming the state.
    pub fn label_id(self) -> &'static str {
        match self {
            CampaignState::Draft => "campaign-state-draft",
            CampaignState::Scheduled => "campaign-state-scheduled",
            CampaignState::Sending => "campaign-state-sending",
            CampaignState::Paused => "campaign-state-paused",
            CampaignState::Sent => "campaign-state-sent",
            CampaignState::Cancelled => "campaign-state-cancelled",
        }
    }

    /// Whether it may still change the audience it will reach.
    pub fn before_sending(self) -> bool {
        matches!(self, CampaignState::Draft | CampaignState::Scheduled)
    }
}

rendezvous_platform::state_enum!(
    /// Where one recipient's message of a campaign is.
    pub enum DeliveryState {
        Queued = "queued",
        Sent = "sent",
        Failed = "failed",
        Skipped = "skipped",
        Cancelled = "cancelled",
    }
);

rendezvous_platform::state_enum!(
    /// Where an import sent from the web page is.
    pub enum ImportStatus {
        Queued = "queued",
        Running = "running",
        Done = "done",
        Failed = "failed",
    }
);

impl ImportStatus {
    /// Still to finish: its page refreshes itself.
    pub fn in_progress(self) -> bool {
        matches!(self, ImportStatus::Queued | ImportStatus::Running)
    }
}

//! The members' vocabulary, built only valid: visibility levels, statuses, terms, organisation
//! kinds and services, websites and names. Pure rules, tested without I/O.

use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::i18n::Lang;
use serde::Serialize;

rendezvous_platform::state_enum!(
    /// Who may see one field of a profile (or an organisation). Ordered from the widest audience
    /// to the narrowest.
    #[derive(PartialOrd, Ord)]
    pub enum Visibility {
        Public = "public",
        Members = "members",
        Admins = "admins",
        Hidden = "hidden",
    }
);

impl Visibility {
    /// What is stored, read back; anything unknown is the safest level.
    pub fn from_column(s: &str) -> Self {
        Self::parse(s).unwrap_or(Visibility::Hidden)
    }

    pub fn label_id(self) -> &'static str {
        match self {
            Visibility::Public => "visibility-public",
            Visibility::Members => "visibility-members",
            Visibility::Admins => "visibility-admins",
            Visibility::Hidden => "visibility-hidden",
        }
    }

    /// The narrower of two levels.
    pub fn narrowest(self, other: Visibility) -> Visibility {
        self.max(other)
    }
}

rendezvous_platform::state_enum!(
    /// Where a membership is in its life.
    pub enum Status {
        Applied = "applied",
        Active = "active",
        Grace = "grace",
        Lapsed = "lapsed",
        Rejected = "rejected",
        Cancelled = "cancelled",
    }
);

impl Status {
    pub fn label_id(self) -> &'static str {
        match self {
            Status::Applied => "membership-status-applied",
            Status::Active => "membership-status-active",
            Status::Grace => "membership-status-grace",
            Status::Lapsed => "membership-status-lapsed",
            Status::Rejected => "membership-status-rejected",
            Status::Cancelled => "membership-status-cancelled",
        }
    }

    /// A membership in its grace period still counts: the member can renew without a gap.
    pub fn is_current(self) -> bool {
        matches!(self, Status::Active | Status::Grace)
    }
}

/// Whom a membership type is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForKind {
    Person,
    Organisation,
}

impl ForKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ForKind::Person => "person",
            ForKind::Organisation => "organisation",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "person" => Some(ForKind::Person),
            "organisation" => Some(ForKind::Organisation),
            _ => None,
        }
    }
}

/// How long a membership lasts once started or renewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Term {
    Annual,
    Rolling { months: i64 },
    Lifetime,
}

/// A month, for terms: 30.44 days (a twelve-month term is a year of 365.25 days).
const MONTH_MS: i64 = DAY_MS * 3044 / 100;

impl Term {
    pub fn from_columns(term: &str, months: i64) -> Option<Term> {
        match term {
            "annual" => Some(Term::Annual),
            "rolling" if (1..=120).contains(&months) => Some(Term::Rolling { months }),
            "lifetime" => Some(Term::Lifetime),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Term::Annual => "annual",
            Term::Rolling { .. } => "rolling",
            Term::Lifetime => "lifetime",
        }
    }

    pub fn months(self) -> i64 {
        match self {
            Term::Annual => 12,
            Term::Rolling { months } => months,
            Term::Lifetime => 0,
        }
    }

    /// When a term that starts at `from` ends; never for a lifetime membership.
    pub fn end(self, from: i64) -> Option<i64> {
        match self {
            Term::Annual => Some(from + 365 * DAY_MS),
            Term::Rolling { months } => Some(from + months * MONTH_MS),
            Term::Lifetime => None,
        }
    }
}

rendezvous_platform::state_enum!(
    /// A person's place in a group.
    pub enum GroupMemberState {
        Active = "active",
        Invited = "invited",
        Requested = "requested",
    }
);

rendezvous_platform::state_enum!(
    /// What a group member may do: a group admin admits and invites.
    pub enum GroupRole {
        Member = "member",
        Admin = "admin",
    }
);

rendezvous_platform::state_enum!(
    /// An organisation's delegate: the primary contact, or another.
    pub enum DelegateRole {
        Primary = "primary",
        Delegate = "delegate",
    }
);

/// Defines a closed vocabulary stored as its slug, with a Fluent label per value.
macro_rules! vocabulary {
    ($name:ident { $($variant:ident => $slug:literal, $label:literal;)+ }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s.trim())
            }

            pub fn label_id(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}

vocabulary!(OrgKind {
    Agency => "agency", "org-kind-agency";
    DrugUserOrganisation => "drug-user-organisation", "org-kind-drug-user-organisation";
    Coalition => "coalition", "org-kind-coalition";
    HealthAuthority => "health-authority", "org-kind-health-authority";
    ResearchCentre => "research-centre", "org-kind-research-centre";
    Other => "other", "org-kind-other";
});

vocabulary!(Service {
    Naloxone => "naloxone", "service-naloxone";
    DrugChecking => "drug-checking", "service-drug-checking";
    SupervisedConsumption => "supervised-consumption", "service-supervised-consumption";
    NeedleSyringe => "needle-syringe", "service-needle-syringe";
    PeerSupport => "peer-support", "service-peer-support";
    Housing => "housing", "service-housing";
    HivHcvTesting => "hiv-hcv-testing", "service-hiv-hcv-testing";
    Other => "other", "service-other";
});

vocabulary!(GroupVisibility {
    Public => "public", "group-visibility-public";
    Members => "members", "group-visibility-members";
    Hidden => "hidden", "group-visibility-hidden";
});

vocabulary!(Joining {
    Invitation => "invitation", "group-joining-invitation";
    Request => "request", "group-joining-request";
});

/// Languages a person speaks or an organisation serves: the two official ones and "other".
pub const LANGUAGES: [&str; 3] = ["en", "fr", "other"];

/// A set of slugs stored as `,a,b,` so that one value matches with `LIKE '%,a,%'`.
pub fn set_column(values: &[&str]) -> String {
    if values.is_empty() { String::new() } else { format!(",{},", values.join(",")) }
}

pub fn set_from_column(column: &str) -> Vec<String> {
    column.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// The most a free-text field may hold.
pub const MAX_NAME: usize = 120;
pub const MAX_CITY: usize = 80;
pub const MAX_TEXT: usize = 2000;
pub const MAX_URL: usize = 300;

/// Trims and checks a required name (`max` characters at most).
pub fn required_text(input: &str, max: usize) -> Result<String, &'static str> {
    let value = input.trim();
    if value.is_empty() {
        Err("members-error-required")
    } else if value.chars().count() > max || value.chars().any(|c| c.is_control()) {
        Err("members-error-too-long")
    } else {
        Ok(value.to_owned())
    }
}

/// Trims and checks an optional text (`max` characters at most; line breaks allowed).
pub fn optional_text(input: &str, max: usize) -> Result<String, &'static str> {
    let value = input.trim();
    if value.chars().count() > max || value.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        Err("members-error-too-long")
    } else {
        Ok(value.to_owned())
    }
}

/// A website: empty, or an absolute http(s) URL with a host.
pub fn website(input: &str) -> Result<String, &'static str> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    if value.chars().count() > MAX_URL {
        return Err("members-error-too-long");
    }
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()) => {
            Ok(u.to_string())
        }
        _ => Err("members-error-website"),
    }
}

/// The key two organisation names are compared by: trimmed, lower case, inner spaces collapsed.
pub fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A group's or type's slug: 2 to 40 lowercase letters, digits or hyphens.
pub fn slug(input: &str) -> Result<String, &'static str> {
    rendezvous_platform::validate::slug(input, 40).ok_or("members-error-slug")
}

/// The name in the reader's language.
pub fn pick<'a>(lang: Lang, en: &'a str, fr: &'a str) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::Fr => fr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visibility_orders_from_widest_to_narrowest() {
        assert!(Visibility::Public < Visibility::Members);
        assert_eq!(Visibility::Public.narrowest(Visibility::Admins), Visibility::Admins);
        assert_eq!(Visibility::from_column("bogus"), Visibility::Hidden);
    }

    #[test]
    fn websites_must_be_http_or_https() {
        assert_eq!(website("https://example.org").as_deref(), Ok("https://example.org/"));
        assert_eq!(website(""), Ok(String::new()));
        assert_eq!(website("javascript:alert(1)"), Err("members-error-website"));
        assert_eq!(website("ftp://example.org"), Err("members-error-website"));
        assert_eq!(website("example.org"), Err("members-error-website"));
    }

    #[test]
    fn names_compare_without_case_or_extra_spaces() {
        assert_eq!(name_key("  Harm  Reduction Hub "), name_key("harm reduction HUB"));
    }

    #[test]
    fn terms_end_when_they_should() {
        assert_eq!(Term::Annual.end(0), Some(365 * DAY_MS));
        assert_eq!(Term::Lifetime.end(5), None);
        assert!(Term::from_columns("rolling", 0).is_none());
        assert_eq!(Term::from_columns("rolling", 6).map(Term::months), Some(6));
    }

    #[test]
    fn text_limits() {
        assert_eq!(required_text(" ", 10), Err("members-error-required"));
        assert_eq!(required_text(&"x".repeat(11), 10), Err("members-error-too-long"));
        assert_eq!(optional_text("a\nb", 10).as_deref(), Ok("a\nb"));
    }

    #[test]
    fn sets_round_trip() {
        assert_eq!(set_column(&["a", "b"]), ",a,b,");
        assert_eq!(set_from_column(",a,b,"), vec!["a", "b"]);
        assert_eq!(set_column(&[]), "");
    }
}

//! The forum's values, each built only valid ("parse, don't validate"): who may read and post in
//! a space, slugs, titles, post bodies, content warnings, states. Pure rules, tested without I/O.

use rendezvous_platform::validate::{self, LineError};
use serde::Serialize;

/// Longest post body accepted, in bytes of Markdown. Longer is refused with a clear message.
pub const MAX_BODY: usize = 64 * 1024;
pub const MAX_TITLE: usize = 200;
pub const MAX_WARNING: usize = 100;
pub const MAX_NAME: usize = 100;
pub const MAX_DESCRIPTION: usize = 2_000;
pub const MAX_REASON: usize = 1_000;

/// Who may read a space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum ReadRule {
    Public,
    /// Current members (or holders of the member role).
    Members,
    /// Active members of any of these groups (slugs).
    Groups(Vec<String>),
}

/// Who may post in a space (they must also be able to read it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum PostRule {
    Members,
    Groups(Vec<String>),
    Moderators,
}

fn parse_groups(rest: &str) -> Option<Vec<String>> {
    let slugs: Vec<String> = rest.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
    if slugs.is_empty() || slugs.iter().any(|s| !is_slug(s)) {
        return None;
    }
    Some(slugs)
}

impl ReadRule {
    /// `public`, `members` or `group:SLUG[,SLUG...]`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "public" => Some(Self::Public),
            "members" => Some(Self::Members),
            other => other.strip_prefix("group:").and_then(parse_groups).map(Self::Groups),
        }
    }

    pub fn as_string(&self) -> String {
        match self {
            Self::Public => "public".into(),
            Self::Members => "members".into(),
            Self::Groups(g) => format!("group:{}", g.join(",")),
        }
    }
}

impl PostRule {
    /// `members`, `group:SLUG[,SLUG...]` or `moderators`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "members" => Some(Self::Members),
            "moderators" => Some(Self::Moderators),
            other => other.strip_prefix("group:").and_then(parse_groups).map(Self::Groups),
        }
    }

    pub fn as_string(&self) -> String {
        match self {
            Self::Members => "members".into(),
            Self::Moderators => "moderators".into(),
            Self::Groups(g) => format!("group:{}", g.join(",")),
        }
    }
}

impl From<ReadRule> for String {
    fn from(r: ReadRule) -> String {
        r.as_string()
    }
}

impl From<PostRule> for String {
    fn from(r: PostRule) -> String {
        r.as_string()
    }
}

/// Lower-case letters, digits and dashes, 2 to 60 characters, starting with a letter or digit.
pub fn is_slug(s: &str) -> bool {
    validate::slug(s, 60).as_deref() == Some(s)
}

/// A single line of text, trimmed, not empty, at most `max` characters, no control characters.
fn line(s: &str, max: usize) -> Result<String, &'static str> {
    validate::line(s, max).map_err(|e| match e {
        LineError::Empty => "forum-error-empty",
        LineError::TooLong => "forum-error-too-long",
        LineError::ControlCharacter => "forum-error-control",
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        line(s, MAX_TITLE).map(Self).map_err(|e| if e == "forum-error-empty" { "forum-error-title-empty" } else { e })
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A post's Markdown: not blank, at most [`MAX_BODY`] bytes, no NUL or other control characters
/// than tab and newlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostBody(String);

impl PostBody {
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        if s.trim().is_empty() {
            return Err("forum-error-body-empty");
        }
        if s.len() > MAX_BODY {
            return Err("forum-error-body-too-long");
        }
        if s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            return Err("forum-error-control");
        }
        Ok(Self(s.replace("\r\n", "\n")))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional content-warning label: empty means none.
pub fn content_warning(s: Option<&str>) -> Result<Option<String>, &'static str> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => line(s, MAX_WARNING).map(Some),
    }
}

/// A space's name or a moderation reason: one line.
pub fn name(s: &str) -> Result<String, &'static str> {
    line(s, MAX_NAME)
}

pub fn description(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.chars().count() > MAX_DESCRIPTION {
        return Err("forum-error-too-long");
    }
    Ok(s.to_owned())
}

pub fn reason(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Err("forum-error-reason-empty");
    }
    if s.chars().count() > MAX_REASON {
        return Err("forum-error-too-long");
    }
    Ok(s.to_owned())
}

rendezvous_platform::state_enum!(
    /// A post's (or thread's) state; a new row is visible until moderation says otherwise.
    #[derive(Default)]
    pub enum PostState {
        #[default]
        Visible = "visible",
        Held = "held",
        Hidden = "hidden",
        Deleted = "deleted",
    }
);

/// For templates, which include one another across modules: a state asked by name.
impl PostState {
    pub fn is_visible(self) -> bool {
        self == PostState::Visible
    }
    pub fn is_held(self) -> bool {
        self == PostState::Held
    }
    pub fn is_hidden(self) -> bool {
        self == PostState::Hidden
    }
    pub fn is_deleted(self) -> bool {
        self == PostState::Deleted
    }
}

rendezvous_platform::state_enum!(
    /// Where a report about a post stands.
    pub enum FlagState {
        Open = "open",
        Resolved = "resolved",
        Dismissed = "dismissed",
    }
);

/// Email about forum activity, per person; `None` until the person chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EmailMode {
    None,
    Each,
    Daily,
    Weekly,
}

impl EmailMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Each => "each",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::None, Self::Each, Self::Daily, Self::Weekly].into_iter().find(|m| m.as_str() == s)
    }

    /// The Fluent id describing the choice.
    pub fn label_id(self) -> &'static str {
        match self {
            Self::None => "forum-notify-mode-none",
            Self::Each => "forum-notify-mode-each",
            Self::Daily => "forum-notify-mode-daily",
            Self::Weekly => "forum-notify-mode-weekly",
        }
    }
}

/// Watching (notify on every post) or muting (never notify) a thread or a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WatchLevel {
    Watch,
    Mute,
}

impl WatchLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Watch => "watch",
            Self::Mute => "mute",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "watch" => Some(Self::Watch),
            "mute" => Some(Self::Mute),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_and_print_back() {
        assert_eq!(ReadRule::parse("public"), Some(ReadRule::Public));
        assert_eq!(
            ReadRule::parse("group:peers,workers"),
            Some(ReadRule::Groups(vec!["peers".into(), "workers".into()]))
        );
        assert_eq!(ReadRule::parse("group:"), None);
        assert_eq!(ReadRule::parse("group:Bad Slug"), None);
        assert_eq!(ReadRule::parse("moderators"), None);
        assert_eq!(PostRule::parse("moderators"), Some(PostRule::Moderators));
        assert_eq!(PostRule::parse("public"), None);
        assert_eq!(ReadRule::parse("group:a1,b2").map(|r| r.as_string()).as_deref(), Some("group:a1,b2"));
    }

    #[test]
    fn bodies_and_titles_are_checked() {
        assert_eq!(PostBody::parse("  \n "), Err("forum-error-body-empty"));
        assert_eq!(PostBody::parse(&"a".repeat(MAX_BODY + 1)), Err("forum-error-body-too-long"));
        assert_eq!(PostBody::parse("nul\0byte"), Err("forum-error-control"));
        assert!(PostBody::parse("fine\r\nbody").is_ok_and(|b| b.as_str() == "fine\nbody"));
        assert_eq!(Title::parse(" "), Err("forum-error-title-empty"));
        assert_eq!(Title::parse(&"t".repeat(MAX_TITLE + 1)), Err("forum-error-too-long"));
        assert_eq!(Title::parse("a\nb"), Err("forum-error-control"));
        assert_eq!(content_warning(Some("  ")), Ok(None));
    }
}

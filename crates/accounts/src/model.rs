//! Account values that can only be built valid: an address, a display name, a password.
//! Each parse error is a Fluent message id, so the person reads it in their language.

pub use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::header_text::{self, HeaderTextError};

/// The name a person shows: a pseudonym is as good as a real name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

pub const DISPLAY_NAME_MAX: usize = 60;

impl DisplayName {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        // The one rule for names that reach mail headers (platform's header_text).
        let collapsed = header_text::clean(input, DISPLAY_NAME_MAX).map_err(|e| match e {
            HeaderTextError::Invalid => "display-name-invalid",
            HeaderTextError::TooLong => "display-name-too-long",
        })?;
        if collapsed.is_empty() {
            return Err("display-name-missing");
        }
        Ok(Self(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: long enough to resist guessing, short enough not to be a denial of service.
pub struct NewPassword(String);

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 1000;

impl NewPassword {
    pub fn parse(input: &str, email: Option<&str>) -> Result<Self, &'static str> {
        let length = input.chars().count();
        if length < PASSWORD_MIN {
            return Err("password-too-short");
        }
        if length > PASSWORD_MAX {
            return Err("password-too-long");
        }
        if email.is_some_and(|e| e.eq_ignore_ascii_case(input.trim())) {
            return Err("password-is-email");
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_allow_pseudonyms_and_refuse_blank_or_control_characters() {
        assert_eq!(DisplayName::parse("  Night   Owl ").map(|n| n.as_str().to_owned()), Ok("Night Owl".into()));
        assert_eq!(DisplayName::parse("Élise 🌱").map(|n| n.as_str().to_owned()), Ok("Élise 🌱".into()));
        assert_eq!(DisplayName::parse("   "), Err("display-name-missing"));
        assert_eq!(DisplayName::parse(&"x".repeat(61)), Err("display-name-too-long"));
        assert_eq!(DisplayName::parse("a\u{202e}b"), Err("display-name-invalid"));
        assert_eq!(DisplayName::parse("Ana\r\nBcc: x@example.org"), Err("display-name-invalid"));
    }

    #[test]
    fn passwords_have_a_minimum_and_a_maximum() {
        assert!(NewPassword::parse("short", None).is_err());
        assert!(NewPassword::parse("long enough passphrase", None).is_ok());
        assert!(NewPassword::parse(&"x".repeat(1001), None).is_err());
        assert_eq!(NewPassword::parse("ana@example.org", Some("ana@example.org")).err(), Some("password-is-email"));
    }
}

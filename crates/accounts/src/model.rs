//! Account values that can only be built valid: an address, a display name, a password.
//! Each parse error is a Fluent message id, so the person reads it in their language.

use std::fmt;

/// An email address that passed a real syntax check and has a domain with a dot in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err("email-missing");
        }
        if trimmed.len() > 254 {
            return Err("email-invalid");
        }
        let parsed: email_address::EmailAddress = trimmed.parse().map_err(|_| "email-invalid")?;
        let domain = parsed.domain();
        let plausible_domain = domain.contains('.')
            && !domain.starts_with('[')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain.split('.').all(|label| !label.is_empty());
        if !plausible_domain || trimmed.contains(char::is_whitespace) || trimmed.contains('<') {
            return Err("email-invalid");
        }
        let (local, domain) = (parsed.local_part(), domain.to_ascii_lowercase());
        Ok(Self(format!("{local}@{domain}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used for uniqueness: the whole address in lower case.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name a person shows: a pseudonym is as good as a real name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

pub const DISPLAY_NAME_MAX: usize = 60;

impl DisplayName {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err("display-name-missing");
        }
        if collapsed.chars().count() > DISPLAY_NAME_MAX {
            return Err("display-name-too-long");
        }
        if collapsed.chars().any(|c| c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}')) {
            return Err("display-name-invalid");
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
    fn email_addresses_are_checked_and_normalized() {
        assert_eq!(EmailAddress::parse(" Ana@Example.ORG ").map(|e| e.to_string()), Ok("Ana@example.org".into()));
        assert_eq!(EmailAddress::parse("Ana@Example.ORG").map(|e| e.normalized()), Ok("ana@example.org".into()));
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@localhost",
            "ana@@example.org",
            "ana @example.org",
            "ana@example..org",
            "ana@.example.org",
            "a\"b@example.org<script>",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn display_names_allow_pseudonyms_and_refuse_blank_or_control_characters() {
        assert_eq!(DisplayName::parse("  Night   Owl ").map(|n| n.as_str().to_owned()), Ok("Night Owl".into()));
        assert_eq!(DisplayName::parse("Élise 🌱").map(|n| n.as_str().to_owned()), Ok("Élise 🌱".into()));
        assert_eq!(DisplayName::parse("   "), Err("display-name-missing"));
        assert_eq!(DisplayName::parse(&"x".repeat(61)), Err("display-name-too-long"));
        assert_eq!(DisplayName::parse("a\u{202e}b"), Err("display-name-invalid"));
    }

    #[test]
    fn passwords_have_a_minimum_and_a_maximum() {
        assert!(NewPassword::parse("short", None).is_err());
        assert!(NewPassword::parse("long enough passphrase", None).is_ok());
        assert!(NewPassword::parse(&"x".repeat(1001), None).is_err());
        assert_eq!(NewPassword::parse("ana@example.org", Some("ana@example.org")).err(), Some("password-is-email"));
    }
}

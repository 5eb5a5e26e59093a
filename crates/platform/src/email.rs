//! An email address that can only be built valid: a real syntax check (RFC 5322 via the
//! email_address crate) plus the rules of real-world mail (a domain with a dot, no IP literal).
//! The parse error is a Fluent message id.

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
}

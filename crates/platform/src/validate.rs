//! The checks every feature makes of what people type, in one place, so a slug or a line of text
//! means the same on every form. Each feature maps a refusal to its own message.

/// Why a line of text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineError {
    Empty,
    TooLong,
    ControlCharacter,
}

/// A slug: lower-case ASCII letters, digits and dashes, 2 to `max` characters, not starting with
/// a dash; trimmed first.
pub fn slug(input: &str, max: usize) -> Option<String> {
    let value = input.trim();
    let ok = (2..=max).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.starts_with('-');
    ok.then(|| value.to_owned())
}

/// A single line of text: trimmed, not empty, at most `max` characters, no control characters
/// (a line break included).
pub fn line(input: &str, max: usize) -> Result<String, LineError> {
    let value = input.trim();
    if value.is_empty() {
        Err(LineError::Empty)
    } else if value.chars().count() > max {
        Err(LineError::TooLong)
    } else if value.chars().any(char::is_control) {
        Err(LineError::ControlCharacter)
    } else {
        Ok(value.to_owned())
    }
}

/// Evidence of consent (where, when, how it was given): required, kept as written but trimmed.
pub fn evidence(input: &str) -> Option<&str> {
    Some(input.trim()).filter(|e| !e.is_empty())
}

/// A form checkbox (or a flag in a query): ticked when sent as 1, on, true or yes.
pub fn checkbox(value: Option<&str>) -> bool {
    matches!(value, Some("1" | "on" | "true" | "yes"))
}

/// The key two spellings of a name share: lower case, accents and punctuation dropped, ligatures
/// opened ("Québec", "quebec" and "QUÉBEC!" all give "quebec").
pub fn folded_key(input: &str) -> String {
    crate::geo::folded(input).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug(" harm-reduction ", 40).as_deref(), Some("harm-reduction"));
        for bad in ["", "a", "Upper", "with space", "-lead", "é-accent", &"x".repeat(41)] {
            assert_eq!(slug(bad, 40), None, "{bad:?}");
        }
    }

    #[test]
    fn lines() {
        assert_eq!(line("  hello ", 10), Ok("hello".to_owned()));
        assert_eq!(line("   ", 10), Err(LineError::Empty));
        assert_eq!(line("ééééééééééé", 10), Err(LineError::TooLong));
        assert_eq!(line("a\nb", 10), Err(LineError::ControlCharacter));
    }

    #[test]
    fn evidence_checkboxes_and_keys() {
        assert_eq!(evidence("  signed form, 2026-03-01 "), Some("signed form, 2026-03-01"));
        assert_eq!(evidence(" \n "), None);
        assert!(checkbox(Some("on")) && checkbox(Some("1")) && !checkbox(Some("off")) && !checkbox(None));
        assert_eq!(folded_key("Québec!"), "quebec");
        assert_eq!(folded_key("Œuvre"), "oeuvre");
    }
}

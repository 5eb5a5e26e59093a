//! One rule for text that ends up in a mail header (a person's name above all): every entrance
//! (sign-up and account forms, the API, the admin forms, imports) checks names with [`clean`], and
//! the mailer checks every header with [`fits_a_header`], so a stored value can fail one mail but
//! never stop the engine.

/// The longest name kept where a feature sets no limit of its own.
pub const NAME_MAX: usize = 200;

/// Why a text cannot be a name or header value. `message_id` is the Fluent message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HeaderTextError {
    #[error("holds a line break or another control or invisible formatting character")]
    Invalid,
    #[error("is too long")]
    TooLong,
}

impl HeaderTextError {
    pub fn message_id(self) -> &'static str {
        match self {
            Self::Invalid => "header-text-invalid",
            Self::TooLong => "header-text-too-long",
        }
    }
}

/// A name as it may be stored and put in a header: trimmed, inner runs of spaces made one, at
/// most `max_chars`. Line breaks, other control characters and invisible direction or width
/// marks (which can disguise a name) are refused, not silently removed: the person says what
/// they meant. An empty result is for the caller to judge (a name is often optional).
pub fn clean(input: &str, max_chars: usize) -> Result<String, HeaderTextError> {
    if !fits_a_header(input) || input.chars().any(is_invisible_format) {
        return Err(HeaderTextError::Invalid);
    }
    let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > max_chars {
        return Err(HeaderTextError::TooLong);
    }
    Ok(collapsed)
}

/// Whether a value can go in a header at all: no control character (CR and LF above all, which
/// would start a new header; the mail library refuses some of the others by panicking).
pub fn fits_a_header(value: &str) -> bool {
    !value.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
}

fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_refused_with_line_breaks_or_controls() {
        assert_eq!(clean("  Night   Owl ", 60), Ok("Night Owl".to_owned()));
        assert_eq!(clean("Élise 🌱", 60), Ok("Élise 🌱".to_owned()));
        assert_eq!(clean("", 60), Ok(String::new()));
        for bad in ["Ana\r\nBcc: x@example.org", "Ana\nB", "A\u{0}B", "A\tB", "a\u{202e}b", "A\u{2028}B"] {
            assert_eq!(clean(bad, 60), Err(HeaderTextError::Invalid), "{bad:?}");
        }
        assert_eq!(clean(&"x".repeat(61), 60), Err(HeaderTextError::TooLong));
        assert!(fits_a_header("Ordinary subject, accents é") && !fits_a_header("two\r\nlines"));
    }
}

//! The advocacy feature's states and the rules on what writers type, tested without I/O.

use rendezvous_platform::state_enum;

state_enum!(
    /// Whom a campaign's letters go to.
    pub enum TargetKind {
        /// The writer's own representative in a set, by district.
        District = "district",
        /// Every member of a committee.
        Committee = "committee",
        /// A fixed list of addresses.
        Fixed = "fixed",
    }
);

state_enum!(
    /// How a writer signs.
    pub enum Signing {
        /// In their name: name and address go to the representative (a constituent letter).
        Named = "named",
        /// Collectively: the network sends one letter per target per day listing each writer by
        /// the name they chose to be shown under.
        Collective = "collective",
    }
);

state_enum!(
    /// Where a writing stands: waiting for its confirmation link, or confirmed.
    pub enum WritingState {
        Pending = "pending",
        Confirmed = "confirmed",
    }
);

state_enum!(
    /// One letter's mail to a target or a day's collective letter.
    pub enum MessageKind {
        Named = "named",
        Collective = "collective",
    }
);

state_enum!(
    pub enum MessageState {
        /// Not sent yet (a collective letter waits for its day to end; pacing may hold any).
        Waiting = "waiting",
        Sent = "sent",
        /// Refused by the mail server for good.
        Failed = "failed",
        /// Sent, then came back.
        Bounced = "bounced",
    }
);

state_enum!(
    /// A writer's answer to "Did they reply?".
    pub enum Reply {
        Yes = "yes",
        No = "no",
    }
);

/// The longest letter body accepted, in characters (a 50 KB letter is refused).
pub const BODY_MAX_CHARS: usize = 20_000;
/// The longest subject accepted, in characters.
pub const SUBJECT_MAX_CHARS: usize = 200;

/// A Canadian postal code in its stored form (upper case, no space: `K1A0A6`), or none when the
/// text is not one.
pub fn postal_code(input: &str) -> Option<String> {
    let code: String =
        input.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    let bytes = code.as_bytes();
    let shape = bytes.len() == 6
        && bytes.iter().enumerate().all(|(i, b)| if i % 2 == 0 { b.is_ascii_uppercase() } else { b.is_ascii_digit() });
    shape.then_some(code)
}

/// A district's key: its name folded (case, accents, punctuation and spaces do not matter).
pub fn district_key(name: &str) -> String {
    rendezvous_platform::validate::folded_key(name)
}

/// What is wrong with a letter's subject, as a message id.
pub fn check_subject(subject: &str) -> Result<(), &'static str> {
    if subject.trim().is_empty() {
        Err("act-error-subject-empty")
    } else if subject.chars().count() > SUBJECT_MAX_CHARS || subject.chars().any(char::is_control) {
        Err("act-error-subject-invalid")
    } else {
        Ok(())
    }
}

/// What is wrong with a letter's body, as a message id.
pub fn check_body(body: &str) -> Result<(), &'static str> {
    if body.trim().is_empty() {
        Err("act-error-body-empty")
    } else if body.chars().count() > BODY_MAX_CHARS {
        Err("act-error-body-too-long")
    } else {
        Ok(())
    }
}

/// Every problem of a letter as (field, message id): `subject` and `body`.
pub fn letter_problems(subject: &str, body: &str) -> Vec<(&'static str, &'static str)> {
    let mut problems = Vec::new();
    if let Err(m) = check_subject(subject) {
        problems.push(("subject", m));
    }
    if let Err(m) = check_body(body) {
        problems.push(("body", m));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes_are_read_in_any_spacing_and_case() {
        assert_eq!(postal_code(" k1a 0a6 ").as_deref(), Some("K1A0A6"));
        assert_eq!(postal_code("H2X-1Y4").as_deref(), Some("H2X1Y4"));
        for bad in ["", "K1A", "K1A 0A", "11A 0A6", "KKA 0A6", "K1A 0A6 7"] {
            assert_eq!(postal_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn letters_need_a_subject_and_a_body_of_sensible_size() {
        assert!(letter_problems("Decriminalise", "Dear MP").is_empty());
        assert_eq!(
            letter_problems(" ", "  \n"),
            vec![("subject", "act-error-subject-empty"), ("body", "act-error-body-empty")]
        );
        assert_eq!(check_body(&"a".repeat(50 * 1024)), Err("act-error-body-too-long"));
        assert_eq!(check_subject("a\nb"), Err("act-error-subject-invalid"));
    }
}

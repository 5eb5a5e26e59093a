//! The advocacy feature's states and the rules on what writers type, tested without I/O.

use rendezvous_platform::geo::Province;
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

/// The last Canadian postal code written in a text (an office's address: `Ottawa ON  K1A 0A6`),
/// in its stored form.
pub fn postal_code_in(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    (0..words.len()).rev().find_map(|i| {
        let joined = match (i.checked_sub(1).and_then(|j| words.get(j)), words.get(i)) {
            (Some(first), Some(last)) if first.len() == 3 && last.len() == 3 => postal_code(&format!("{first}{last}")),
            _ => None,
        };
        joined.or_else(|| words.get(i).and_then(|w| postal_code(w)))
    })
}

/// The province a postal code belongs to, by Canada Post's first letter. `X` is shared by the
/// Northwest Territories and Nunavut, so it names none.
pub fn province_of_postal_code(code: &str) -> Option<Province> {
    Some(match code.chars().next()?.to_ascii_uppercase() {
        'A' => Province::NL,
        'B' => Province::NS,
        'C' => Province::PE,
        'E' => Province::NB,
        'G' | 'H' | 'J' => Province::QC,
        'K' | 'L' | 'M' | 'N' | 'P' => Province::ON,
        'R' => Province::MB,
        'S' => Province::SK,
        'T' => Province::AB,
        'V' => Province::BC,
        'Y' => Province::YT,
        _ => return None,
    })
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
    fn a_postal_code_names_its_province_by_its_first_letter() {
        let cases = [
            ("A1C 5M2", Some(Province::NL)),
            ("B3H 1A1", Some(Province::NS)),
            ("C1A 4P3", Some(Province::PE)),
            ("E1C 4M3", Some(Province::NB)),
            ("G1R 4S9", Some(Province::QC)),
            ("H2X 1Y4", Some(Province::QC)),
            ("J8X 4B5", Some(Province::QC)),
            ("K1A 0A6", Some(Province::ON)),
            ("L5B 1M2", Some(Province::ON)),
            ("M5V 3L9", Some(Province::ON)),
            ("N2L 3G1", Some(Province::ON)),
            ("P3E 5N1", Some(Province::ON)),
            ("R3C 0V8", Some(Province::MB)),
            ("S4P 3V7", Some(Province::SK)),
            ("T2P 1J9", Some(Province::AB)),
            ("V6B 1A1", Some(Province::BC)),
            ("X1A 2L9", None),
            ("X0A 0H0", None),
            ("Y1A 1B1", Some(Province::YT)),
            ("D1A 1A1", None),
            ("", None),
        ];
        for (code, province) in cases {
            assert_eq!(province_of_postal_code(&code.replace(' ', "")), province, "{code}");
        }
    }

    #[test]
    fn the_last_postal_code_of_an_address_is_found() {
        assert_eq!(postal_code_in("House of Commons\nOttawa ON  K1A 0A6").as_deref(), Some("K1A0A6"));
        assert_eq!(postal_code_in("10 Elm St, Sudbury, ON P3E5N1").as_deref(), Some("P3E5N1"));
        assert_eq!(postal_code_in("1 rue A, H2X 1Y4 — anc. G1R 4S9").as_deref(), Some("G1R4S9"));
        assert_eq!(postal_code_in("10 Elm St, Sudbury ON"), None);
        assert_eq!(postal_code_in(""), None);
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

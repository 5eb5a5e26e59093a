//! Small scanners over the text of a notice: enhanced status codes (RFC 3463), SMTP reply codes,
//! mail addresses, and a normalised copy of the text for phrase matching. They work on ASCII
//! bytes and only ever slice a `&str` next to an ASCII byte, so any input is safe.

/// An enhanced status code `class.subject.detail` and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Code<'a> {
    pub at: usize,
    pub code: &'a str,
}

impl Code<'_> {
    pub fn class(&self) -> u8 {
        self.code.as_bytes().first().copied().unwrap_or(b'0')
    }
}

/// Every enhanced status code of class 2, 4 or 5 standing on its own: `5.1.1`, `#5.1.1`,
/// `(#4.4.1)`, but not a part of `192.0.5.1.1` or `v5.1.1`.
pub(crate) fn enhanced_codes(text: &str) -> Vec<Code<'_>> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts_word = i == 0 || b.get(i - 1).is_some_and(|&p| !p.is_ascii_alphanumeric() && p != b'.');
        if starts_word
            && matches!(b.get(i), Some(b'2' | b'4' | b'5'))
            && let Some(end) = enhanced_code_end(b, i)
            && let Some(code) = text.get(i..end)
        {
            found.push(Code { at: i, code });
            i = end;
            continue;
        }
        i += 1;
    }
    found
}

/// The end of `D.D{1,3}.D{1,3}` starting at `start`, if it ends at a word boundary.
fn enhanced_code_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    for _ in 0..2 {
        if b.get(i) != Some(&b'.') {
            return None;
        }
        i += 1;
        let digits = b.get(i..).unwrap_or_default().iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=3).contains(&digits) {
            return None;
        }
        i += digits;
    }
    match b.get(i) {
        Some(c) if c.is_ascii_alphanumeric() => None,
        Some(b'.') if b.get(i + 1).is_some_and(u8::is_ascii_digit) => None,
        _ => Some(i),
    }
}

/// The first basic SMTP reply code of class 4 or 5 standing on its own (`550 `, `554:`, `#550 `,
/// `451-`).
pub(crate) fn basic_code(text: &str) -> Option<Code<'_>> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 3 <= b.len() {
        let before_ok = i == 0 || b.get(i - 1).is_some_and(|&p| p.is_ascii_whitespace() || b"#('\"<>:;[".contains(&p));
        let digits = b.get(i..i + 3).unwrap_or_default();
        let shape_ok = matches!(digits, [b'4' | b'5', b'0'..=b'5', b'0'..=b'9']);
        let after_ok = match b.get(i + 3) {
            None => true,
            Some(&c) => c == b' ' || c == b'\t' || c == b':' || c == b')' || c == b'\r' || c == b'\n' || c == b'-',
        };
        if before_ok && shape_ok && after_ok {
            return text.get(i..i + 3).map(|code| Code { at: i, code });
        }
        i += 1;
    }
    None
}

/// Every plain ASCII address in the text, in order, as written (`'a@b.ca'` gives `a@b.ca`).
pub(crate) fn addresses(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    for (at, _) in b.iter().enumerate().filter(|&(_, &c)| c == b'@') {
        if at < from {
            continue;
        }
        let mut start = at;
        while start > from && b.get(start - 1).is_some_and(|&c| is_local_byte(c)) {
            start -= 1;
        }
        while start < at && matches!(b.get(start), Some(b'.' | b'\'')) {
            start += 1;
        }
        let mut end = at + 1;
        while b.get(end).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-') {
            end += 1;
        }
        while end > at + 1 && matches!(b.get(end - 1), Some(b'.' | b'-')) {
            end -= 1;
        }
        let domain = text.get(at + 1..end).unwrap_or_default();
        if start < at && plausible_domain(domain) {
            if let Some(address) = text.get(start..end) {
                found.push(address);
            }
            from = end;
        }
    }
    found
}

fn is_local_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&c)
}

fn plausible_domain(domain: &str) -> bool {
    let Some((_, tld)) = domain.rsplit_once('.') else { return false };
    !domain.starts_with(['.', '-'])
        && !domain.contains("..")
        && tld.len() >= 2
        && tld.bytes().all(|c| c.is_ascii_alphabetic())
}

/// Lower-cased text with every run of white space as one space and typographic apostrophes as
/// `'`, for matching phrases that a notice may wrap over lines.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        match c {
            '\u{2019}' | '\u{2018}' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// At most `max` bytes of `text`, cut at a character boundary.
pub(crate) fn truncate(text: &str, max: usize) -> &str {
    text.get(..text.floor_char_boundary(max)).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&str> {
        enhanced_codes(text).into_iter().map(|c| c.code).collect()
    }

    #[test]
    fn enhanced_codes_stand_alone() {
        assert_eq!(codes("said: 550 5.1.1 <a@b.ca>: unknown"), ["5.1.1"]);
        assert_eq!(codes("<EXCH01 #5.1.1>"), ["5.1.1"]);
        assert_eq!(codes("connection. (#4.4.1)\n"), ["4.4.1"]);
        assert_eq!(codes("Status: 5.1.10 RESOLVER"), ["5.1.10"]);
        assert_eq!(codes("ends here 4.2.2."), ["4.2.2"]);
        assert!(codes("host [192.0.5.1.1] v5.1.1 5.1 5.1.1234 5.1.1a 25.1.1 3.1.1").is_empty());
    }

    #[test]
    fn basic_codes() {
        let code = |text| basic_code(text).map(|c| c.code);
        assert_eq!(code("554: delivery error"), Some("554"));
        assert_eq!(code("Remote host said: 550 Requested"), Some("550"));
        assert_eq!(basic_code("1550 and #550 5.1.1"), Some(Code { at: 10, code: "550" }));
        assert_eq!(basic_code("port 587 and 2025 and 5501 and 1550 and 192.0.2.450"), None);
        assert_eq!(basic_code(""), None);
        assert_eq!(basic_code("55"), None);
    }

    #[test]
    fn addresses_in_text() {
        assert_eq!(addresses("<j.t@example.net>: host said"), ["j.t@example.net"]);
        assert_eq!(addresses("      'D.LeBlanc@corp.example.com' on 4/2/2025"), ["D.LeBlanc@corp.example.com"]);
        assert_eq!(addresses("to a@b.ca. Then (c@d.example.org)"), ["a@b.ca", "c@d.example.org"]);
        assert_eq!(addresses("mailto:x@y.org?subject=1"), ["x@y.org"]);
        assert!(addresses("@ a@ @b.ca a@b a@b.c a@1.2.3.4 a@.b.ca a@b..ca").is_empty());
    }

    #[test]
    fn normalize_folds_case_space_and_apostrophes() {
        assert_eq!(normalize("  Wasn\u{2019}t\n   DELIVERED\tto "), "wasn't delivered to");
        assert_eq!(normalize("Réponse automatique"), "réponse automatique");
    }

    #[test]
    fn truncate_keeps_characters_whole() {
        assert_eq!(truncate("héllo", 2), "h");
        assert_eq!(truncate("héllo", 3), "hé");
        assert_eq!(truncate("abc", 10), "abc");
    }
}

//! @mentions. The rule: `@` then a person's display name written without its spaces, in any
//! letter case ("Marie Tremblay" is `@MarieTremblay` or `@marietremblay`). The `@` must start a
//! word (so an email address mentions nobody), and a handle is letters, digits, `_`, `-`, `.` and
//! `'`; a final `.`, `-` or `'` is punctuation, not part of it. Mentions in code and quotes count
//! like any other text. Several people with the same handle are all told (each only if they
//! may read the space).

/// The distinct handles mentioned in a post's Markdown, in order of first appearance.
pub fn handles(markdown: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let chars: Vec<char> = markdown.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '_' | '.' | '-' | '@'));
        if chars[i] == '@' && starts_word {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphanumeric() || matches!(chars[j], '_' | '-' | '.' | '\'')) {
                j += 1;
            }
            let mut handle: String = chars[i + 1..j].iter().collect();
            while handle.ends_with(['.', '-', '\'']) {
                handle.pop();
            }
            if handle.chars().count() >= 2 && !out.iter().any(|h| h.to_lowercase() == handle.to_lowercase()) {
                out.push(handle);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::handles;

    #[test]
    fn handles_are_found_once_in_order() {
        assert_eq!(handles("Thanks @MarieTremblay and @sam_k! Also @marietremblay."), vec!["MarieTremblay", "sam_k"]);
        assert_eq!(handles("@Élise, see @O'Brien's note."), vec!["Élise", "O'Brien's"]);
    }

    #[test]
    fn email_addresses_and_lone_signs_mention_nobody() {
        assert!(handles("write to ana@example.org or @ or @a").is_empty());
        assert_eq!(handles("(@Ana-Maria)"), vec!["Ana-Maria"]);
    }
}

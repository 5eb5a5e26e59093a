//! Canadian (OQLF) typography in every French message of every crate: a no-break space before
//! `:` and inside « », none before `;` `?` `!`, and only the typographic apostrophe.
//!
//! The .ftl files are parsed with fluent-syntax so that only text is checked: placeables,
//! selectors and variant keys are Fluent syntax, not French.

use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// Stands for a placeable inside a text: not a space, not a letter.
const PLACEABLE: char = '\u{FFFC}';

fn is_no_break_space(c: Option<char>) -> bool {
    matches!(c, Some('\u{00A0}' | '\u{202F}'))
}

fn french_files() -> Vec<PathBuf> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("crates dir").to_owned();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(crates).expect("crates").flatten() {
        let Ok(ftl) = std::fs::read_dir(entry.path().join("locales").join("fr")) else { continue };
        files.extend(ftl.flatten().map(|f| f.path()).filter(|p| p.extension().is_some_and(|e| e == "ftl")));
    }
    files.sort();
    files
}

/// The texts of a pattern: the pattern itself with each placeable as one mark, then each
/// variant of its selectors as a text of its own.
fn texts(pattern: &Pattern<&str>, out: &mut Vec<String>) {
    let mut text = String::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => text.push_str(value),
            PatternElement::Placeable { expression } => expression_text(expression, &mut text, out),
        }
    }
    out.push(text);
}

fn expression_text(expression: &Expression<&str>, text: &mut String, out: &mut Vec<String>) {
    match expression {
        Expression::Select { variants, .. } => {
            text.push(PLACEABLE);
            for variant in variants {
                texts(&variant.value, out);
            }
        }
        // A string literal is text written as Fluent (`{"{{name}}"}`): its words count.
        Expression::Inline(InlineExpression::StringLiteral { value }) => {
            text.push_str(&fluent_syntax::unicode::unescape_unicode_to_string(value))
        }
        Expression::Inline(InlineExpression::Placeable { expression }) => expression_text(expression, text, out),
        Expression::Inline(_) => text.push(PLACEABLE),
    }
}

/// What is wrong with one French text, each problem with the few characters around it.
fn problems(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let problem = match c {
            '\'' => Some("a straight apostrophe (write ’)"),
            // A colon inside a word, a time or a URL (`HH:MM`, `10:30`, `https://`) is not punctuation.
            ':' if before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric) => None,
            ':' if after == Some('/') => None,
            ':' if !is_no_break_space(before) => Some("no no-break space before :"),
            '«' if !is_no_break_space(after) => Some("no no-break space after «"),
            '»' if !is_no_break_space(before) => Some("no no-break space before »"),
            ';' | '?' | '!' if before.is_some_and(char::is_whitespace) => Some("a space before ; ? or !"),
            _ => None,
        };
        if let Some(problem) = problem {
            let context: String = chars[i.saturating_sub(12)..(i + 12).min(chars.len())].iter().collect();
            found.push(format!("{problem}: {context:?}"));
        }
    }
    found
}

#[test]
fn every_french_message_follows_canadian_typography() {
    let mut report = Vec::new();
    let mut messages = 0;
    for path in french_files() {
        let source = std::fs::read_to_string(&path).expect("read ftl");
        let resource = fluent_syntax::parser::parse(source.as_str()).unwrap_or_else(|(_, errors)| {
            panic!("{} does not parse: {errors:?}", path.display());
        });
        for entry in &resource.body {
            let (id, value, attributes) = match entry {
                Entry::Message(m) => (m.id.name, m.value.as_ref(), &m.attributes),
                Entry::Term(t) => (t.id.name, Some(&t.value), &t.attributes),
                _ => continue,
            };
            messages += 1;
            let mut all = Vec::new();
            value.into_iter().chain(attributes.iter().map(|a| &a.value)).for_each(|p| texts(p, &mut all));
            for problem in all.iter().flat_map(|t| problems(t)) {
                report.push(format!("{}: {id}: {problem}", path.file_name().unwrap_or_default().display()));
            }
        }
    }
    assert!(messages > 500, "found only {messages} French messages: is the scan looking in the right place?");
    assert!(report.is_empty(), "{} typography problems:\n{}", report.len(), report.join("\n"));
}

#[test]
fn the_check_catches_each_rule_and_spares_syntax_times_and_urls() {
    assert_eq!(problems("Courriel\u{A0}: « oui\u{A0}» ; Vraiment ?").len(), 3);
    assert_eq!(problems("l'adresse").len(), 1);
    assert!(problems("Courriel\u{A0}: «\u{A0}oui\u{A0}»; Vraiment? l’adresse à 10:30, https://x.ca").is_empty());
}

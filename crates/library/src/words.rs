//! The words of the library's search, made in Rust so SQLite and PostgreSQL match alike: each
//! word folded (lower case, accents dropped) and stemmed by both the English and the French
//! Snowball stemmers. A document's terms hold both stems of each of its words; a query's word
//! matches when either of its stems is there, so "reduction" finds "réductions" and
//! "naloxone" finds "Naloxone".

use std::collections::BTreeSet;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
static FRENCH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::French));

/// The longest word indexed (longer runs are not words: hashes, base64).
const MAX_WORD: usize = 40;

/// A word's folded form and its stems, without repeats.
pub fn stems(word: &str) -> Vec<String> {
    let folded = rendezvous_platform::validate::folded_key(word);
    if folded.is_empty() || folded.len() > MAX_WORD {
        return Vec::new();
    }
    let mut out = vec![ENGLISH.stem(&folded).into_owned()];
    let french = FRENCH.stem(&folded).into_owned();
    if !out.contains(&french) {
        out.push(french);
    }
    out
}

fn split(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// A document's terms, space-separated, each once.
pub fn document_terms(text: &str) -> String {
    let mut seen = BTreeSet::new();
    for word in split(text) {
        seen.extend(stems(word));
    }
    seen.into_iter().collect::<Vec<_>>().join(" ")
}

/// A query: for each word typed (at most 12), the stems any of which must be found.
pub fn query_terms(text: &str) -> Vec<Vec<String>> {
    split(text).map(stems).filter(|s| !s.is_empty()).take(12).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(document: &str, query: &str) -> bool {
        let terms: BTreeSet<String> = document_terms(document).split(' ').map(str::to_owned).collect();
        query_terms(query).iter().all(|alternatives| alternatives.iter().any(|s| terms.contains(s)))
    }

    #[test]
    fn words_typed_without_accents_find_accented_text() {
        assert!(finds("La réduction des méfaits au Québec", "reduction mefaits quebec"));
        assert!(finds("Décriminalisation de la possession simple", "decriminalisation"));
        assert!(finds("Supervised consumption sites", "site consumption"));
        assert!(finds("Les politiques sur les drogues", "politique drogue"));
        assert!(!finds("Housing first", "naloxone"));
    }

    #[test]
    fn terms_are_bounded_and_repeat_free() {
        let terms = document_terms("naloxone naloxone Naloxone NALOXONE");
        assert_eq!(terms.split(' ').count(), 1);
        assert!(document_terms(&"x".repeat(100)).is_empty());
        assert_eq!(query_terms(&"a ".repeat(50)).len(), 12);
    }
}

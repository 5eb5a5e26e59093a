//! How alike two letters are: the words compared without case, accents or punctuation. A letter
//! the same as the campaign's text counts as a template letter; one close to what the same
//! writer already sent is a near-duplicate and is refused.

use std::collections::HashSet;

/// From this likeness on (shared three-word runs over all of them), a letter is a near-duplicate.
pub const NEAR_DUPLICATE: f64 = 0.9;

/// The words of a text, folded: lower case, accents dropped, punctuation between words ignored.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(rendezvous_platform::validate::folded_key)
        .filter(|w| !w.is_empty())
        .collect()
}

/// The same words in the same order (spacing, line breaks, case and punctuation aside).
pub fn same_words(a: &str, b: &str) -> bool {
    words(a) == words(b)
}

fn shingles(words: &[String]) -> HashSet<String> {
    if words.len() < 3 {
        return std::iter::once(words.join(" ")).collect();
    }
    words.windows(3).map(|w| w.join(" ")).collect()
}

/// Jaccard likeness of the two texts' three-word runs, from 0 (nothing shared) to 1 (the same).
pub fn likeness(a: &str, b: &str) -> f64 {
    let (a, b) = (shingles(&words(a)), shingles(&words(b)));
    let union = a.union(&b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_case_accents_and_punctuation_do_not_make_a_letter_personal() {
        assert!(same_words("Dear MP,\n\nPlease   act.", "dear mp please ACT"));
        assert!(same_words("Élue, agissez!", "elue agissez"));
        assert!(!same_words("Dear MP, please act.", "Dear MP, please act now."));
    }

    #[test]
    fn likeness_tells_a_copy_from_a_different_letter() {
        let letter = "I work at a supervised consumption site in Sudbury and I have seen what \
                      decriminalisation would change for the people who come to us every day.";
        assert!(likeness(letter, letter) > 0.99);
        let touched = format!("{letter} Thank you.");
        assert!(likeness(letter, &touched) >= NEAR_DUPLICATE);
        let other = "Housing first saved my brother. Please fund it in the next budget, with peer workers.";
        assert!(likeness(letter, other) < 0.1);
    }
}

//! The moderators' warning that a submission may name a person (the site policy forbids
//! disclosing anyone's real name): a known first name followed by a capitalised word, or two
//! capitalised words inside a sentence. A warning, not a refusal: organisations and places look
//! alike, and the moderator decides.

/// First names common in Canada in both languages (and those of the demo people).
const FIRST_NAMES: &[&str] = &[
    "alex",
    "amanda",
    "andre",
    "anne",
    "ashley",
    "benoit",
    "brian",
    "catherine",
    "chantal",
    "chris",
    "claude",
    "daniel",
    "david",
    "denis",
    "emily",
    "emma",
    "eric",
    "francois",
    "genevieve",
    "guy",
    "isabelle",
    "james",
    "jason",
    "jean",
    "jennifer",
    "jessica",
    "john",
    "joseph",
    "julie",
    "justin",
    "karen",
    "kevin",
    "lisa",
    "louis",
    "lucie",
    "marc",
    "marie",
    "mark",
    "martin",
    "mary",
    "matthew",
    "michael",
    "michel",
    "michelle",
    "nathalie",
    "nicole",
    "patrick",
    "paul",
    "pierre",
    "richard",
    "robert",
    "sarah",
    "sophie",
    "stephane",
    "steven",
    "susan",
    "sylvie",
    "thomas",
    "william",
];

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.clone().count() >= 1 && chars.all(char::is_lowercase)
}

/// What looks like a person's name in the text, if anything.
pub fn looks_like_a_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, pair) in words.windows(2).enumerate() {
        let first = pair[0].trim_matches(|c: char| !c.is_alphanumeric());
        let second = pair[1].trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if !(is_capitalised(first) && second.split('-').all(is_capitalised)) {
            continue;
        }
        let known = FIRST_NAMES.contains(&rendezvous_platform::validate::folded_key(first).as_str());
        let sentence_start = i == 0 || words[i - 1].ends_with(['.', '!', '?', ':']);
        let ends_sentence = pair[0].ends_with(['.', ',', ';', ':', '!', '?']);
        if known || (!sentence_start && !ends_sentence) {
            return Some(format!("{first} {second}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_noticed_and_plain_sentences_are_not() {
        assert_eq!(
            looks_like_a_name("Thanks to Marie Tremblay for the naloxone kits").as_deref(),
            Some("Marie Tremblay")
        );
        assert_eq!(looks_like_a_name("Our worker Jo Okafor-Smith was there").as_deref(), Some("Jo Okafor-Smith"));
        assert_eq!(looks_like_a_name("Michel Roy came by.").as_deref(), Some("Michel Roy"));
        assert_eq!(looks_like_a_name("the overdose prevention site is open late on fridays"), None);
        assert_eq!(looks_like_a_name("Naloxone saves lives. Carry it."), None);
    }
}

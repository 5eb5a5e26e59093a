//! Property tests of the platform's parsers that take outside input: Markdown (any text renders,
//! within bounds) and signed links (any token is refused or read, never a panic; what is signed
//! reads back, and a changed token does not).

use proptest::prelude::*;

use crate::markdown::{MAIL, TEXT, render};
use crate::signed::{sign, verify};

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_markdown_renders_within_bounds(text in "\\PC{0,2000}") {
        for policy in [&TEXT, &MAIL] {
            let html = render(&text, policy);
            // Escaping can grow text (a `<` is 4 bytes) but not without bound.
            prop_assert!(html.len() <= 16 * text.len() + 64, "{} bytes from {}", html.len(), text.len());
            prop_assert!(!html.to_ascii_lowercase().contains("<script"));
        }
    }

    #[test]
    fn nesting_and_emphasis_bombs_stay_small(depth in 1usize..20_000, stars in 0usize..20_000) {
        let text = format!("{}x{}", "> ".repeat(depth), "*".repeat(stars));
        let html = render(&text, &TEXT);
        prop_assert!(html.len() <= 16 * text.len() + 64);
    }

    #[test]
    fn any_token_is_refused_or_read(token in "\\PC{0,300}") {
        let _ = verify("secret", "purpose", &token, 0);
    }

    #[test]
    fn what_is_signed_reads_back_and_a_change_does_not(payload in "\\PC{0,100}", flip in 0usize..200) {
        let token = sign("secret", "purpose", &payload, 1_000);
        prop_assert_eq!(verify("secret", "purpose", &token, 0).ok(), Some(payload.clone()));
        prop_assert!(verify("secret", "other", &token, 0).is_err());
        let mut bytes = token.clone().into_bytes();
        let at = flip % bytes.len();
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(bytes).unwrap_or_default();
        if changed != token {
            prop_assert!(verify("secret", "purpose", &changed, 0).ok() != Some(payload));
        }
    }
}

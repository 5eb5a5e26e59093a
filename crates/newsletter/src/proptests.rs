//! Property tests of the newsletter's parsers that take outside input: an import file (any bytes
//! open or are refused, and every row is read or rejected, never a panic) and inbound mail (any
//! bytes, and the bounce corpus cut and changed anywhere, classify without a panic).

use proptest::prelude::*;

use crate::bounces::classify;
use crate::import::parse::ImportFile;

fn corpus() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bounce-corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_open_as_an_import_or_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        if let Ok(file) = ImportFile::open(&bytes) {
            for _row in file.rows().take(10_000) {}
        }
    }

    #[test]
    fn any_text_with_an_email_header_is_read_row_by_row(body in "[a-zA-Z0-9@.,;\"\\t\\n\\r =+-]{0,2000}") {
        let text = format!("email,name,language,province\n{body}");
        let file = ImportFile::open(text.as_bytes());
        prop_assert!(file.is_ok());
        if let Ok(file) = file {
            for _row in file.rows() {}
        }
    }

    #[test]
    fn any_bytes_classify_as_something(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = classify(&bytes);
    }

    #[test]
    fn the_bounce_corpus_cut_and_changed_anywhere_classifies(pick in any::<usize>(), cut in any::<usize>(), at in any::<usize>(), byte in any::<u8>()) {
        let corpus = corpus();
        prop_assume!(!corpus.is_empty());
        let mut message = corpus[pick % corpus.len()].clone();
        message.truncate(cut % (message.len() + 1));
        if !message.is_empty() {
            let i = at % message.len();
            message[i] = byte;
        }
        let _ = classify(&message);
    }
}

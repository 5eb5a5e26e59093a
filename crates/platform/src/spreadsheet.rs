//! Cells of a CSV export that a spreadsheet opens: text starting with `=`, `+`, `-`, `@`, a tab
//! or a carriage return would run as a formula (OWASP "CSV injection"), so it gets a leading
//! apostrophe, which spreadsheets show as text. Every column of every export goes through
//! [`cell`], the email column included: an address such as `=cmd@example.org` is valid.

use std::borrow::Cow;

/// The text as a spreadsheet will show it, never run it.
pub fn cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Every cell of a record, defused.
pub fn record<'a, I, S>(cells: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str> + 'a,
{
    cells.into_iter().map(|c| cell(c.as_ref()).into_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_plain_text_is_not() {
        for bad in ["=HYPERLINK(\"x\")", "+x@example.org", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "\ncmd"] {
            assert_eq!(cell(bad), format!("'{bad}"), "{bad:?}");
        }
        for good in ["Ana", "ana@example.org", "2026-01-01", "", "a=b"] {
            assert_eq!(cell(good), good);
        }
        assert_eq!(record(["=1", "x"]), vec!["'=1".to_owned(), "x".to_owned()]);
    }
}

//! The body of a `message/delivery-status` part (RFC 3464) and of a `message/feedback-report`
//! part (RFC 5965): blocks of `Name: value` fields separated by blank lines. A DSN has one block
//! for the message and one per recipient; a feedback report has one block.

use super::scan;

/// One block of fields in order, each name as written and its value unfolded and trimmed.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Fields {
    pub fields: Vec<(String, String)>,
}

impl Fields {
    /// The first value of the field `name` (any case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// Reads the blocks of fields. Continuation lines (starting with a space or tab) extend the
/// previous field; a line that is neither a field nor a continuation is skipped.
pub(crate) fn parse_blocks(text: &str) -> Vec<Fields> {
    let mut blocks = Vec::new();
    let mut current = Fields::default();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.fields.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = current.fields.last_mut() {
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            let name = name.trim_end();
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic()) {
                current.fields.push((name.to_owned(), value.trim().to_owned()));
            }
        }
    }
    if !current.fields.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// What a DSN says about one recipient.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Recipient {
    /// `failed`, `delayed`, `delivered`, `relayed`, `expanded`, lower-cased.
    pub action: Option<String>,
    /// The enhanced status code, e.g. `5.1.1`.
    pub status: Option<String>,
    /// Original-Recipient when it is an address, else Final-Recipient.
    pub address: Option<String>,
    /// Diagnostic-Code without its type (`smtp;`).
    pub diagnostic: Option<String>,
}

/// The per-recipient blocks of a delivery-status body.
pub(crate) fn recipients(text: &str) -> Vec<Recipient> {
    parse_blocks(text)
        .into_iter()
        .filter(|b| b.has("Final-Recipient") || b.has("Original-Recipient") || b.has("Action") || b.has("Status"))
        .map(|b| {
            let address = b
                .get("Original-Recipient")
                .and_then(typed_address)
                .or_else(|| b.get("Final-Recipient").and_then(typed_address));
            let status = b.get("Status").and_then(|s| scan::enhanced_codes(s).first().map(|c| c.code.to_owned()));
            Recipient {
                action: b.get("Action").map(|a| a.trim().to_ascii_lowercase()).filter(|a| !a.is_empty()),
                status,
                address,
                diagnostic: b.get("Diagnostic-Code").map(strip_type).filter(|d| !d.is_empty()).map(str::to_owned),
            }
        })
        .collect()
}

/// `rfc822; <A@b.ca>` gives `a@b.ca`; `unknown; x` and values without an address give `None`.
pub(crate) fn typed_address(value: &str) -> Option<String> {
    bare_address(strip_type(value))
}

/// `<A@b.ca>` or `A@b.ca` gives `a@b.ca`; anything else gives `None`.
pub(crate) fn bare_address(value: &str) -> Option<String> {
    let value = value.trim();
    let value = value.strip_prefix('<').and_then(|v| v.split_once('>')).map_or(value, |(inner, _)| inner).trim();
    let (local, domain) = value.rsplit_once('@')?;
    let ok = !local.is_empty()
        && !domain.is_empty()
        && !value.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'));
    ok.then(|| value.to_lowercase())
}

/// `smtp; 550 ...` gives `550 ...`; a value without a `type;` prefix is returned as it is.
fn strip_type(value: &str) -> &str {
    match value.split_once(';') {
        Some((kind, rest)) if !kind.is_empty() && kind.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
            rest.trim()
        }
        _ => value.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_fold_and_split() {
        let text = "Reporting-MTA: dns; mx.example.org\r\n\r\nFinal-Recipient: rfc822; a@b.ca\r\n\
                    Action: failed\r\nDiagnostic-Code: smtp; 550 no\r\n   such user\r\nnot a field\r\n\r\n\r\n";
        let blocks = parse_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].get("reporting-mta"), Some("dns; mx.example.org"));
        assert_eq!(blocks[1].get("Diagnostic-Code"), Some("smtp; 550 no such user"));
        assert_eq!(blocks[1].fields.len(), 3);
    }

    #[test]
    fn recipients_prefer_the_original_address() {
        let text = "Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; kim.lee@mail.example.ca\n\
                    Original-Recipient: rfc822; <Kim@Example.ca>\nAction: Failed\nStatus: 5.0.0 (permanent failure)\n\
                    Diagnostic-Code: X-Postfix; user unknown\n\n\
                    Final-Recipient: rfc822;other@example.ca\nAction: delayed\nStatus: 4.4.1\n";
        let r = recipients(text);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].address.as_deref(), Some("kim@example.ca"));
        assert_eq!(r[0].action.as_deref(), Some("failed"));
        assert_eq!(r[0].status.as_deref(), Some("5.0.0"));
        assert_eq!(r[0].diagnostic.as_deref(), Some("user unknown"));
        assert_eq!(r[1].address.as_deref(), Some("other@example.ca"));
        assert_eq!(r[1].status.as_deref(), Some("4.4.1"));
    }

    #[test]
    fn addresses_of_fields() {
        assert_eq!(typed_address("rfc822;A@B.ca"), Some("a@b.ca".into()));
        assert_eq!(typed_address("RFC822; <a@b.ca>"), Some("a@b.ca".into()));
        assert_eq!(typed_address("unknown; nobody"), None);
        assert_eq!(typed_address("rfc822; a b@c.ca"), None);
        assert_eq!(bare_address("<Emma.Wilson@outlook.com>"), Some("emma.wilson@outlook.com".into()));
        assert_eq!(bare_address(""), None);
        assert_eq!(bare_address("<>"), None);
        assert_eq!(bare_address("@"), None);
    }
}

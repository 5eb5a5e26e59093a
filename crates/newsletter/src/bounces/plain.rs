//! Notices without a delivery-status part: Postfix, Sendmail, Exim, qmail, Exchange, Gmail and
//! Yahoo write what happened in prose. We recognise a notice by who sent it and how it is
//! worded, then read an enhanced status code (or a basic SMTP reply code) and the address.

use super::dsn::bare_address;
use super::scan::{self, Code};
use super::verp::verp_token;
use super::{BounceKind, Classification};

/// Lines that begin the copy of the returned message inside a plain-text notice.
const COPY_MARKERS: &[&str] = &[
    "------ this is a copy of the message",
    "--- below this line is a copy of the message",
    "----- original message follows -----",
    "----- unsent message follows -----",
    "----- message header follows -----",
    "original message headers:",
    "en-têtes du message d'origine",
    "-----original message-----",
];

/// Wordings that only delivery notices use.
const SIGNATURES: &[&str] = &[
    "this is the mail system at host",
    "could not be delivered to one or more recipients",
    "created automatically by mail delivery software",
    "this is the qmail-send program",
    "wasn't able to deliver your message",
    "addresses had permanent fatal errors",
    "transcript of session follows",
    "the following address(es) failed",
    "delivery has failed to these recipients or groups",
    "did not reach some or all of the intended recipients",
    "recipient(s) cannot be reached",
    "recipient(s) could not be reached",
    "remote server returned",
    "address not found",
    "wasn't delivered to",
    "couldn't be delivered",
    "the response was:",
    "the response from the remote server was",
    "we were unable to deliver your message",
    "delivery to the following recipient failed permanently",
    "delivery to the following recipients failed",
    "message not delivered",
    "a permanent error occurred",
    "this is a permanent error",
    "retry timeout exceeded",
    "has not yet been delivered",
    "delivery has been delayed",
    "la remise à ces destinataires ou groupes a échoué",
    "n'a pas pu être remis",
    "n'a pas pu être distribué",
    "impossible de remettre",
];

/// Subjects of delivery notices.
const SUBJECTS: &[&str] = &[
    "undeliver",
    "delivery status notification",
    "mail delivery failed",
    "returned mail",
    "failure notice",
    "delivery failure",
    "delivery failed",
    "delivery has failed",
    "delayed mail",
    "delivery delayed",
    "could not send message",
    "message not delivered",
    "warning: message",
    "non remis",
    "non distribuable",
    "échec de la remise",
];

/// A notice about a message still being retried.
const DELAYED: &[&str] = &[
    "has not yet been delivered",
    "not been delivered yet",
    "still being retried",
    "will be retried",
    "will continue to try",
    "delivery attempts will continue",
    "this is a warning only",
    "delivery has been delayed",
    "delivery is delayed",
];

/// A report of success (asked for with NOTIFY=SUCCESS), not of failure.
const SUCCESS: &[&str] = &[
    "successfully delivered",
    "delivery to these recipients or groups is complete",
    "delivery to the following recipients was successful",
    "your message has been delivered",
    "relayed to non-dsn-aware mailer",
];

/// A full mailbox: the address is good, try again later.
const QUOTA: &[&str] = &[
    "mailbox full",
    "mailbox is full",
    "over quota",
    "overquota",
    "quota exceeded",
    "exceeds quota",
    "exceeded storage allocation",
    "insufficient storage",
    "mailbox size limit",
    "boîte aux lettres pleine",
    "quota dépassé",
];

/// Without a code, these say the address itself is bad.
const HARD: &[&str] = &[
    "user unknown",
    "unknown user",
    "no such user",
    "does not exist",
    "doesn't exist",
    "couldn't be found",
    "could not be found",
    "doesn't have a",
    "unrouteable address",
    "no mailbox here",
    "mailbox unavailable",
    "recipient address rejected",
    "invalid recipient",
    "no such domain",
    "host unknown",
    "host not found",
    "est introuvable",
    "n'existe pas",
];

/// Without a code, these explain a failure that is not the address's fault.
const TRANSIENT: &[&str] =
    &["retry timeout exceeded", "connection timed out", "establish an smtp connection", "temporar", "try again later"];

/// What the message says about itself, apart from its text.
pub(crate) struct Envelope {
    /// Normalised subject.
    pub subject: String,
    /// From a mailer daemon, a postmaster or an Exchange system mailbox.
    pub from_daemon: bool,
    /// `Return-Path: <>`.
    pub null_sender: bool,
    /// The first address of `X-Failed-Recipients` (Exim, Gmail).
    pub failed_recipient: Option<String>,
    /// Addresses that are not the recipient: ours, the notice's own, the original's senders.
    pub not_recipients: Vec<String>,
}

/// Splits a notice's text into the notice proper and the copy of the returned message, if any.
pub(crate) fn split_copy(text: &str) -> (&str, Option<&str>) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let lower = line.trim().to_lowercase();
        if COPY_MARKERS.iter().any(|m| lower.starts_with(m)) {
            let notice = text.get(..offset).unwrap_or(text);
            let copy = text.get(offset + line.len()..).map(|c| c.trim_start_matches(['\r', '\n']));
            return (notice, copy);
        }
        offset += line.len();
    }
    (text, None)
}

/// Classifies a plain-text notice, or `None` when it is not one.
pub(crate) fn classify(envelope: &Envelope, text: &str) -> Option<Classification> {
    let lower = scan::normalize(text);
    let signed = SIGNATURES.iter().any(|s| lower.contains(s));
    let bounce_subject = SUBJECTS.iter().any(|s| envelope.subject.contains(s));
    let codes: Vec<Code<'_>> = scan::enhanced_codes(text).into_iter().filter(|c| c.class() != b'2').collect();
    let basic = scan::basic_code(text);
    let has_code = !codes.is_empty() || basic.is_some();
    let is_notice = ((envelope.failed_recipient.is_some() || envelope.from_daemon || bounce_subject)
        && (signed || has_code))
        || (signed && envelope.null_sender);
    if !is_notice || (!has_code && SUCCESS.iter().any(|s| lower.contains(s))) {
        return None;
    }

    let delayed = DELAYED.iter().any(|s| lower.contains(s)) || envelope.subject.contains("delay");
    let code = if delayed {
        codes.iter().find(|c| c.class() == b'4').or(codes.first())
    } else {
        codes.iter().find(|c| c.class() == b'5').or(codes.first())
    };
    let status = code.map(|c| c.code.to_owned()).or_else(|| basic.map(|b| generic_status(b.code).to_owned()));
    let quota = QUOTA.iter().any(|s| lower.contains(s)) || status.as_deref().is_some_and(is_mailbox_full);
    let kind = if delayed {
        BounceKind::Delayed
    } else {
        match status.as_deref().and_then(|s| s.bytes().next()) {
            Some(b'5') if !quota => BounceKind::Hard,
            Some(_) => BounceKind::Soft,
            None if !quota && HARD.iter().any(|s| lower.contains(s)) => BounceKind::Hard,
            None => BounceKind::Soft,
        }
    };
    let address = envelope.failed_recipient.clone().or_else(|| first_recipient(text, &envelope.not_recipients));
    let diagnostic = match code.or(basic.as_ref()) {
        Some(c) => line_at(text, c.at),
        None => phrase_line(text),
    };
    Some(Classification { kind, address, status, verp_token: None, diagnostic, original_to: None })
}

/// `5.2.2` and `4.2.2`: mailbox full.
pub(crate) fn is_mailbox_full(status: &str) -> bool {
    status.get(1..) == Some(".2.2")
}

/// Whether a diagnostic speaks of a full mailbox.
pub(crate) fn mentions_quota(diagnostic: &str) -> bool {
    let lower = scan::normalize(diagnostic);
    QUOTA.iter().any(|s| lower.contains(s))
}

/// Whether a diagnostic says the address itself is bad.
pub(crate) fn mentions_bad_address(diagnostic: &str) -> bool {
    let lower = scan::normalize(diagnostic);
    HARD.iter().any(|s| lower.contains(s))
}

/// The undefined-detail code of a basic reply code's class (RFC 3463): `554` gives `5.0.0`.
pub(crate) fn generic_status(basic: &str) -> &'static str {
    if basic.starts_with('4') { "4.0.0" } else { "5.0.0" }
}

/// The first address in the text that is not one of `not_recipients`, a VERP address or a
/// mailer daemon's, lower-cased.
pub(crate) fn first_recipient(text: &str, not_recipients: &[String]) -> Option<String> {
    scan::addresses(text).into_iter().filter_map(bare_address).find(|a| {
        let local = a.split('@').next().unwrap_or_default();
        !not_recipients.contains(a)
            && verp_token(a).is_none()
            && !matches!(local, "mailer-daemon" | "mailer_daemon" | "mailerdaemon" | "postmaster")
    })
}

/// Whether an address or display name belongs to a mail system rather than a person.
pub(crate) fn is_daemon(address: Option<&str>, name: Option<&str>) -> bool {
    let local = address.and_then(|a| a.split('@').next()).unwrap_or_default().to_ascii_lowercase();
    let name = name.map(scan::normalize).unwrap_or_default();
    matches!(local.as_str(), "mailer-daemon" | "mailer_daemon" | "mailerdaemon" | "mail-daemon" | "postmaster")
        || local.starts_with("microsoftexchange")
        || ["mail delivery", "mailer-daemon", "mailer daemon", "postmaster", "system administrator"]
            .iter()
            .any(|n| name.contains(n))
        || name.starts_with("administrateur syst")
}

const MAX_DIAGNOSTIC: usize = 300;

/// The line of the notice where the enhanced status code `status` appears.
pub(crate) fn line_with_status(text: &str, status: &str) -> Option<String> {
    scan::enhanced_codes(text).into_iter().find(|c| c.code == status).and_then(|c| line_at(text, c.at))
}

/// The trimmed line of `text` around byte `at`.
fn line_at(text: &str, at: usize) -> Option<String> {
    let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let end = text.get(at..)?.find('\n').map_or(text.len(), |i| at + i);
    let line = text.get(start..end)?.trim();
    (!line.is_empty()).then(|| scan::truncate(line, MAX_DIAGNOSTIC).to_owned())
}

/// The first line that explains the failure in words.
fn phrase_line(text: &str) -> Option<String> {
    text.lines()
        .find(|line| {
            let lower = scan::normalize(line);
            HARD.iter().chain(TRANSIENT).chain(QUOTA).any(|p| lower.contains(p))
        })
        .map(|line| scan::truncate(line.trim(), MAX_DIAGNOSTIC).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(from_daemon: bool) -> Envelope {
        Envelope {
            subject: String::new(),
            from_daemon,
            null_sender: false,
            failed_recipient: None,
            not_recipients: vec!["nouvelles@lists.example.org".into()],
        }
    }

    #[test]
    fn copy_is_split_off() {
        let (notice, copy) = split_copy("Oops\n\n--- Below this line is a copy of the message.\n\nTo: a@b.ca\n");
        assert_eq!(notice, "Oops\n\n");
        assert_eq!(copy, Some("To: a@b.ca\n"));
        assert_eq!(split_copy("no copy"), ("no copy", None));
    }

    #[test]
    fn words_alone_decide_without_a_code() {
        let c = classify(&envelope(true), "This is a permanent error.\n  x@y.ca\n    Unrouteable address\n");
        let c = c.expect("a notice");
        assert_eq!((c.kind, c.address.as_deref(), c.status), (BounceKind::Hard, Some("x@y.ca"), None));
        assert_eq!(c.diagnostic.as_deref(), Some("Unrouteable address"));
        let c = classify(&envelope(true), "This is a permanent error.\n  x@y.ca\n    Mailbox is full\n");
        assert_eq!(c.map(|c| c.kind), Some(BounceKind::Soft));
    }

    #[test]
    fn quota_makes_a_5xx_soft() {
        let c = classify(&envelope(true), "a@b.ca: 552 sorry, over quota").expect("a notice");
        assert_eq!((c.kind, c.status.as_deref()), (BounceKind::Soft, Some("5.0.0")));
    }

    #[test]
    fn people_are_not_daemons() {
        assert!(classify(&envelope(false), "Address not found, 550 5.1.1, sorry").is_none());
        assert!(is_daemon(Some("MAILER-DAEMON@x.ca"), None));
        assert!(is_daemon(Some("MicrosoftExchange329e71ec88ae4615@x.ca"), Some("Microsoft Outlook")));
        assert!(is_daemon(Some("admin@x.ca"), Some("Mail Delivery System")));
        assert!(!is_daemon(Some("luc@x.ca"), Some("Luc")));
        assert!(!is_daemon(None, None));
    }
}

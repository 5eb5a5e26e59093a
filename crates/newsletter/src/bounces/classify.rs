//! [`classify`]: one raw inbound message in, what it tells us about a recipient out.

use mail_parser::{Message, MessageParser, MessagePart, MimeHeaders};

use super::dsn::{self, Fields, Recipient, bare_address};
use super::plain::{self, Envelope};
use super::scan;
use super::verp::verp_token;

rendezvous_platform::state_enum!(
    /// What came back. Kept in the bounce log as its name (`hard`, `soft`, `delayed`, `complaint`,
    /// `not_bounce`), which JSON uses too.
    pub enum BounceKind {
        /// The address does not work (5.x.x): stop sending to it.
        Hard = "hard",
        /// The message failed for a reason that may pass: a full mailbox, a server that was down.
        Soft = "soft",
        /// Not delivered yet; the sending system is still trying.
        Delayed = "delayed",
        /// The recipient reported the message as spam (ARF feedback report).
        Complaint = "complaint",
        /// An auto-reply, a challenge, a person's reply, a success report, or unreadable input.
        NotBounce = "not_bounce",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Classification {
    pub kind: BounceKind,
    /// The recipient the message is about, lower-cased.
    pub address: Option<String>,
    /// The enhanced status code (RFC 3463), e.g. `5.1.1`. A notice that only gives a basic SMTP
    /// reply code gets its class's undefined detail: `550` gives `5.0.0`, `451` gives `4.0.0`.
    pub status: Option<String>,
    /// The TOKEN of the `bounces+TOKEN@domain` address the message came back to.
    pub verp_token: Option<String>,
    /// The remote server's words (Diagnostic-Code, the notice's line), the feedback type of a
    /// complaint, or why a message is not a bounce (`auto-reply`, `challenge-response`).
    pub diagnostic: Option<String>,
    /// The To of the copy of our message that came back, lower-cased: the subscriber we mailed,
    /// when the notice itself names only a forwarding address or none at all.
    #[serde(skip)]
    pub original_to: Option<String>,
}

impl Classification {
    fn not_bounce(diagnostic: Option<String>) -> Self {
        Classification {
            kind: BounceKind::NotBounce,
            address: None,
            status: None,
            verp_token: None,
            diagnostic,
            original_to: None,
        }
    }
}

/// Headers where the address a bounce came back to appears.
const VERP_HEADERS: &[&str] = &["To", "Delivered-To", "X-Original-To", "Envelope-To", "Return-Path"];

/// How much of a notice's text is read.
const MAX_TEXT: usize = 64 * 1024;

const MAX_DIAGNOSTIC: usize = 300;

const CHALLENGE: &[&str] = &[
    "confirm you are human",
    "i am protecting myself from receiving junk mail",
    "verify your email",
    "verify that you are a real",
    "real live human being",
    "challenge-response",
    "prouver que vous êtes humain",
    "confirmer que vous êtes humain",
];

const AUTO_REPLY_SUBJECTS: &[&str] = &[
    "out of office",
    "out of the office",
    "automatic reply",
    "auto-reply",
    "autoreply",
    "auto reply",
    "away from the office",
    "on vacation",
    "réponse automatique",
    "absence du bureau",
    "absent du bureau",
    "absente du bureau",
];

/// Classifies one raw RFC 5322 message. Never panics; anything unreadable is `NotBounce`.
pub fn classify(raw: &[u8]) -> Classification {
    let Some(message) = MessageParser::default().parse(raw) else {
        return Classification::not_bounce(None);
    };
    let text = body_text(&message);
    let (notice, inline_copy) = plain::split_copy(&text);
    let original = attached_original(&message)
        .or_else(|| inline_copy.and_then(|copy| MessageParser::default().parse_headers(copy)).map(|m| Original::of(&m)))
        .unwrap_or_default();
    let envelope = envelope(&message, &original);

    let mut result = from_dsn(&message, notice, &envelope, &original)
        .or_else(|| from_arf(&message, &original))
        .or_else(|| plain::classify(&envelope, notice))
        .unwrap_or_else(|| Classification::not_bounce(why_not_a_bounce(&message, notice).map(str::to_owned)));
    result.verp_token = header_verp_token(&message).or(result.verp_token).or(original.verp_token);
    result.original_to = original.to.map(|to| to.to_lowercase());
    result
}

/// The text of the message's own text parts (HTML turned into text when there is no plain
/// part), not of attached messages, cut to `MAX_TEXT`.
fn body_text(message: &Message<'_>) -> String {
    let mut text = String::new();
    for i in 0..message.text_body_count() {
        if text.len() >= MAX_TEXT {
            break;
        }
        if let Some(part) = message.body_text(i) {
            text.push_str(&part);
            text.push('\n');
        }
    }
    text.truncate(text.floor_char_boundary(MAX_TEXT));
    text
}

/// The raw values of the top-level header `name` (any case).
fn raw_headers<'a>(message: &'a Message<'_>, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    message.headers_raw().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

fn header_addresses(message: &Message<'_>, names: &[&str]) -> Vec<String> {
    names
        .iter()
        .flat_map(|name| raw_headers(message, name))
        .flat_map(scan::addresses)
        .filter_map(bare_address)
        .collect()
}

/// VERP first: the token of the address the message was delivered to.
fn header_verp_token(message: &Message<'_>) -> Option<String> {
    VERP_HEADERS
        .iter()
        .flat_map(|name| raw_headers(message, name))
        .flat_map(scan::addresses)
        .find_map(|a| verp_token(a).map(str::to_owned))
}

/// What we need from the copy of our own message that a bounce or a complaint carries.
#[derive(Debug, Default)]
struct Original {
    /// Its first To address.
    to: Option<String>,
    /// Outlook.com's `X-HmXmrOriginalRecipient`.
    hm_recipient: Option<String>,
    /// The token of its Return-Path.
    verp_token: Option<String>,
    /// Its From, Sender, Reply-To and Return-Path: ours, never the recipient.
    senders: Vec<String>,
}

impl Original {
    fn of(message: &Message<'_>) -> Self {
        let first = |name| header_addresses(message, &[name]).into_iter().next();
        Original {
            to: first("To"),
            hm_recipient: first("X-HmXmrOriginalRecipient"),
            verp_token: raw_headers(message, "Return-Path")
                .flat_map(scan::addresses)
                .find_map(|a| verp_token(a).map(str::to_owned)),
            senders: header_addresses(message, &["From", "Sender", "Reply-To", "Return-Path"]),
        }
    }
}

/// The attached original: a `message/rfc822` part or a `text/rfc822-headers` part.
fn attached_original(message: &Message<'_>) -> Option<Original> {
    message.parts.iter().skip(1).find_map(|part| {
        if let Some(nested) = part.message() {
            Some(Original::of(nested))
        } else if is_type(part, "text", "rfc822-headers") || is_type(part, "message", "rfc822-headers") {
            MessageParser::default().parse_headers(part.contents()).map(|m| Original::of(&m))
        } else {
            None
        }
    })
}

fn is_type(part: &MessagePart<'_>, ctype: &str, subtype: &str) -> bool {
    part.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case(ctype) && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case(subtype))
    })
}

fn envelope(message: &Message<'_>, original: &Original) -> Envelope {
    let from = message.from().and_then(|a| a.first());
    let mut not_recipients = header_addresses(message, &["From", "To", "Cc", "Reply-To", "Sender", "Return-Path"]);
    not_recipients.extend(original.senders.iter().cloned());
    Envelope {
        subject: scan::normalize(message.subject().unwrap_or_default()),
        from_daemon: plain::is_daemon(from.and_then(|a| a.address.as_deref()), from.and_then(|a| a.name.as_deref())),
        null_sender: raw_headers(message, "Return-Path").next().is_some_and(|v| v.trim() == "<>"),
        failed_recipient: header_addresses(message, &["X-Failed-Recipients"]).into_iter().next(),
        not_recipients,
    }
}

/// RFC 3464: the per-recipient fields of a `message/delivery-status` part.
fn from_dsn(message: &Message<'_>, notice: &str, envelope: &Envelope, original: &Original) -> Option<Classification> {
    let part = message
        .parts
        .iter()
        .find(|p| is_type(p, "message", "delivery-status") || is_type(p, "message", "global-delivery-status"))?;
    let recipients = dsn::recipients(&String::from_utf8_lossy(part.contents()));
    let (mut kind, mut status, recipient) = recipients
        .iter()
        .filter_map(|r| {
            let status = dsn_status(r);
            dsn_kind(r.action.as_deref(), status.as_deref(), r.diagnostic.as_deref()).map(|kind| (kind, status, r))
        })
        .min_by_key(|(kind, ..)| match kind {
            BounceKind::Hard | BounceKind::Soft => 0,
            BounceKind::Delayed => 1,
            _ => 2,
        })?;
    if kind == BounceKind::NotBounce {
        let action = recipient.action.as_deref().unwrap_or("no action");
        return Some(Classification::not_bounce(Some(format!("delivery status: {action}"))));
    }
    if status.is_none()
        && kind != BounceKind::Delayed
        && let Some(text) = plain::classify(envelope, notice).filter(|c| c.status.is_some())
    {
        // A DSN without any code: the notice's own text may give one.
        kind = text.kind;
        status = text.status;
    }
    let address = recipient
        .address
        .clone()
        .or_else(|| plain::first_recipient(notice, &envelope.not_recipients))
        .or_else(|| original.to.clone());
    let diagnostic = recipient
        .diagnostic
        .as_deref()
        .map(|d| scan::truncate(d, MAX_DIAGNOSTIC).to_owned())
        .or_else(|| status.as_deref().and_then(|s| plain::line_with_status(notice, s)));
    Some(Classification { kind, address, status, verp_token: None, diagnostic, original_to: None })
}

/// The Status field, made precise by the Diagnostic-Code when Status only gives a class
/// (`5.0.0` with `550 5.1.1 ...` gives `5.1.1`); without Status, the Diagnostic-Code's code.
fn dsn_status(recipient: &Recipient) -> Option<String> {
    let diagnostic = recipient.diagnostic.as_deref().unwrap_or_default();
    let detailed = scan::enhanced_codes(diagnostic).into_iter().find(|c| !c.code.ends_with(".0.0"));
    match (recipient.status.as_deref(), detailed) {
        (Some(status), Some(code)) if status.ends_with(".0.0") && status.bytes().next() == Some(code.class()) => {
            Some(code.code.to_owned())
        }
        (Some(status), _) => Some(status.to_owned()),
        (None, Some(code)) => Some(code.code.to_owned()),
        (None, None) => scan::basic_code(diagnostic).map(|b| plain::generic_status(b.code).to_owned()),
    }
}

fn dsn_kind(action: Option<&str>, status: Option<&str>, diagnostic: Option<&str>) -> Option<BounceKind> {
    let class = status.and_then(|s| s.bytes().next());
    let mailbox_full = status.is_some_and(plain::is_mailbox_full) || diagnostic.is_some_and(plain::mentions_quota);
    let failed = || match class {
        Some(b'4') => BounceKind::Soft,
        _ if mailbox_full => BounceKind::Soft,
        Some(_) => BounceKind::Hard,
        // No code at all: only words saying the address is bad make it hard.
        None if diagnostic.is_some_and(plain::mentions_bad_address) => BounceKind::Hard,
        None => BounceKind::Soft,
    };
    match action {
        Some("delayed") => Some(BounceKind::Delayed),
        Some("delivered" | "relayed" | "expanded") => Some(BounceKind::NotBounce),
        Some("failed") => Some(failed()),
        _ => match class {
            Some(b'5') => Some(failed()),
            Some(b'4') => Some(BounceKind::Soft),
            Some(b'2') => Some(BounceKind::NotBounce),
            _ => None,
        },
    }
}

/// RFC 5965: the fields of a `message/feedback-report` part.
fn from_arf(message: &Message<'_>, original: &Original) -> Option<Classification> {
    let report = message.parts.iter().find(|p| is_type(p, "message", "feedback-report"))?;
    // A feedback report is one block; take every field even if a blank line split it.
    let fields = Fields {
        fields: dsn::parse_blocks(&String::from_utf8_lossy(report.contents()))
            .into_iter()
            .flat_map(|b| b.fields)
            .collect(),
    };
    let feedback_type =
        fields.get("Feedback-Type").map(|t| t.trim().to_ascii_lowercase()).unwrap_or_else(|| "unknown".to_owned());
    let feedback_type = scan::truncate(&feedback_type, 40);
    if matches!(feedback_type, "not-spam" | "auth-failure") {
        return Some(Classification::not_bounce(Some(format!("feedback report: {feedback_type}"))));
    }
    let address = ["Original-Rcpt-To", "Removal-Recipient"]
        .iter()
        .filter_map(|name| fields.get(name))
        .flat_map(scan::addresses)
        .find_map(bare_address)
        .or_else(|| original.hm_recipient.clone())
        .or_else(|| original.to.clone());
    let verp_token = fields
        .get("Original-Mail-From")
        .and_then(|v| scan::addresses(v).into_iter().find_map(verp_token))
        .map(str::to_owned);
    Some(Classification {
        kind: BounceKind::Complaint,
        address,
        status: None,
        verp_token,
        diagnostic: Some(format!("feedback report: {feedback_type}")),
        original_to: None,
    })
}

/// Why an ordinary message came back to us, for the record.
fn why_not_a_bounce(message: &Message<'_>, notice: &str) -> Option<&'static str> {
    let first = |name| raw_headers(message, name).next().map(|v| v.trim().to_ascii_lowercase());
    let has = |name| raw_headers(message, name).next().is_some();
    let text = scan::normalize(scan::truncate(notice, 8 * 1024));
    if has("X-Boxtrapper") || CHALLENGE.iter().any(|p| text.contains(p)) {
        return Some("challenge-response");
    }
    let subject = scan::normalize(message.subject().unwrap_or_default());
    let auto = first("Auto-Submitted").is_some_and(|v| !v.is_empty() && v != "no")
        || has("X-Autoreply")
        || has("X-Autorespond")
        || first("Precedence").is_some_and(|v| v == "auto_reply")
        || AUTO_REPLY_SUBJECTS.iter().any(|s| subject.contains(s));
    auto.then_some("auto-reply")
}

#[cfg(test)]
mod tests {
    use super::*;
    use BounceKind::*;

    /// One corpus file and what it must give.
    struct Case {
        name: &'static str,
        raw: &'static [u8],
        kind: BounceKind,
        address: Option<&'static str>,
        status: Option<&'static str>,
        verp_token: Option<&'static str>,
    }

    /// `case!(name, kind, address, status, verp_token)` for `tests/bounce-corpus/<name>.eml`.
    macro_rules! case {
        ($name:literal, $kind:expr, $address:expr, $status:expr, $verp_token:expr) => {
            Case {
                name: $name,
                raw: include_bytes!(concat!("../../tests/bounce-corpus/", $name, ".eml")),
                kind: $kind,
                address: $address,
                status: $status,
                verp_token: $verp_token,
            }
        };
    }

    /// Every corpus file: kind, address, status, VERP token.
    const CORPUS: &[Case] = &[
        case!("postfix-hard-5.1.1", Hard, Some("j.tremblay@example.net"), Some("5.1.1"), Some("7fk2q9xm")),
        case!("postfix-delayed-4.4.1", Delayed, Some("francois.bergeron@example.ca"), Some("4.4.1"), Some("2hd8wq4c")),
        case!("postfix-mailbox-full-5.2.2", Soft, Some("m.gagnon@example.ca"), Some("5.2.2"), Some("v81kd0sa")),
        case!("exim-permanent-5.1.1", Hard, Some("a.singh@example.com"), Some("5.1.1"), Some("k3j9d2rt")),
        case!("exim-retry-timeout", Soft, Some("l.roy@example.org"), None, Some("p0q9w8e7")),
        case!("exim-delayed-warning-4.7.1", Delayed, Some("f.morin@example.org"), Some("4.7.1"), Some("d3l4y0k1")),
        case!("sendmail-hard-5.1.2", Hard, Some("p.nguyen@nodomain.example.com"), Some("5.1.2"), Some("s3ndm41l")),
        case!("qmail-hard-550", Hard, Some("s.ouellet@example.net"), Some("5.0.0"), Some("qm41lh4rd")),
        case!("qmail-no-connection-4.4.1", Soft, Some("y.kaur@example.org"), Some("4.4.1"), Some("qm41ls0ft")),
        case!("exchange-ndr-5.1.1", Hard, Some("m.cote@contoso.example"), Some("5.1.1"), Some("x9c4v7b2")),
        case!("exchange-2003-text-ndr-5.1.1", Hard, Some("d.leblanc@corp.example.com"), Some("5.1.1"), None),
        case!("exchange-fr-ndr-5.1.1", Hard, Some("n.bouchard@gouv.example.qc.ca"), Some("5.1.1"), Some("fr4nc41s")),
        case!(
            "gmail-address-not-found-5.1.1",
            Hard,
            Some("olivia.chen.rdv@gmail.com"),
            Some("5.1.1"),
            Some("gm41lx7q")
        ),
        case!("yahoo-hard-554", Hard, Some("ben.fraser1987@yahoo.com"), Some("5.0.0"), Some("yh00l1st")),
        case!("arf-abuse-complaint", Complaint, Some("r.beaulieu@example.net"), None, Some("c0mpl41n")),
        case!("hotmail-arf-complaint", Complaint, Some("emma.wilson@outlook.com"), None, Some("h0tm41lz")),
        case!("out-of-office-en", NotBounce, None, None, Some("0utofff1")),
        case!("out-of-office-fr", NotBounce, None, None, Some("0utofff2")),
        case!("challenge-response", NotBounce, None, None, Some("ch4ll3ng")),
        case!("plain-reply", NotBounce, None, None, None),
        case!("verp-dsn-hard-5.1.1-abc123", Hard, Some("kim@example.ca"), Some("5.1.1"), Some("abc123")),
        case!("dsn-relayed-success", NotBounce, None, None, Some("r3l4y3d0")),
    ];

    #[test]
    fn corpus_gives_what_its_names_say() {
        let mut wrong = Vec::new();
        for case in CORPUS {
            let c = classify(case.raw);
            let got = (c.kind, c.address.as_deref(), c.status.as_deref(), c.verp_token.as_deref());
            let expected = (case.kind, case.address, case.status, case.verp_token);
            if got != expected {
                wrong.push(format!("{}: got {got:?}, expected {expected:?}", case.name));
            }
        }
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    }

    #[test]
    fn corpus_table_lists_every_file() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bounce-corpus");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("corpus folder")
            .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".eml").map(str::to_owned))
            .collect();
        files.sort();
        let mut listed: Vec<&str> = CORPUS.iter().map(|c| c.name).collect();
        listed.sort_unstable();
        assert_eq!(files, listed);
    }

    #[test]
    fn diagnostics_say_why() {
        let diagnostic = |name: &str| {
            let raw = CORPUS.iter().find(|c| c.name == name).map(|c| c.raw).unwrap_or_default();
            classify(raw).diagnostic
        };
        assert_eq!(
            diagnostic("postfix-hard-5.1.1").as_deref(),
            Some(
                "550 5.1.1 <j.tremblay@example.net>: Recipient address rejected: User unknown in virtual mailbox table"
            )
        );
        assert_eq!(diagnostic("exim-retry-timeout").as_deref(), Some("retry timeout exceeded"));
        assert_eq!(
            diagnostic("sendmail-hard-5.1.2").as_deref(),
            Some(
                "550 5.1.2 <p.nguyen@nodomain.example.com>... Host unknown (Name server: nodomain.example.com: host not found)"
            )
        );
        assert_eq!(diagnostic("arf-abuse-complaint").as_deref(), Some("feedback report: abuse"));
        assert_eq!(diagnostic("out-of-office-en").as_deref(), Some("auto-reply"));
        assert_eq!(diagnostic("out-of-office-fr").as_deref(), Some("auto-reply"));
        assert_eq!(diagnostic("challenge-response").as_deref(), Some("challenge-response"));
        assert_eq!(diagnostic("plain-reply"), None);
        assert_eq!(diagnostic("dsn-relayed-success").as_deref(), Some("delivery status: relayed"));
    }

    #[test]
    fn serialises_kinds_in_snake_case() {
        let c = classify(CORPUS[0].raw);
        let json = serde_json::to_value(&c).expect("json");
        assert_eq!(json["kind"], "hard");
        for kind in [Hard, Soft, Delayed, Complaint, NotBounce] {
            assert_eq!(serde_json::to_value(kind).expect("json"), kind.as_str());
        }
    }

    fn dsn(action: &str, status: &str, diagnostic: &str) -> Vec<u8> {
        format!(
            "From: MAILER-DAEMON@mx.example.org\r\nTo: bounces+t0k@lists.example.org\r\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n\
             --b\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n\
             --b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n\
             Final-Recipient: rfc822; who@example.org\r\nAction: {action}\r\nStatus: {status}\r\n\
             Diagnostic-Code: smtp; {diagnostic}\r\n\r\n--b--\r\n"
        )
        .into_bytes()
    }

    #[test]
    fn dsn_actions_and_statuses() {
        let kind = |action, status, diagnostic| classify(&dsn(action, status, diagnostic)).kind;
        assert_eq!(kind("failed", "5.1.1", "550 5.1.1 unknown"), Hard);
        assert_eq!(kind("failed", "4.4.7", "timeout"), Soft);
        assert_eq!(kind("failed", "5.0.0", "552 Mailbox is full"), Soft);
        assert_eq!(kind("failed", "4.2.2", "quota"), Soft);
        assert_eq!(kind("delayed", "4.4.1", "connect timeout"), Delayed);
        assert_eq!(kind("delivered", "2.0.0", "250 ok"), NotBounce);
        assert_eq!(kind("expanded", "2.0.0", "250 ok"), NotBounce);
        assert_eq!(kind("", "5.7.1", "550 5.7.1 blocked"), Hard);
        let c = classify(&dsn("failed", "", "550 5.1.1 unknown"));
        assert_eq!((c.kind, c.status.as_deref()), (Hard, Some("5.1.1")));
        assert_eq!(c.verp_token.as_deref(), Some("t0k"));
        assert_eq!(c.address.as_deref(), Some("who@example.org"));
    }

    #[test]
    fn encoded_dsn_and_the_token_of_the_returned_copy() {
        // Sent to a plain address, not a VERP one: the token comes from the copy's Return-Path.
        // "Final-Recipient: rfc822; who@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n" in base64.
        let fields =
            "RmluYWwtUmVjaXBpZW50OiByZmM4MjI7IHdob0BleGFtcGxlLm9yZw0KQWN0aW9uOiBmYWlsZWQNClN0YXR1czogNS4xLjENCg==";
        let raw = format!(
            "From: postmaster@mx.example.org\r\nTo: bounces@lists.example.org\r\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n\
             --b\r\nContent-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n\r\n{fields}\r\n\
             --b\r\nContent-Type: message/rfc822\r\n\r\nReturn-Path: <bounces+fr0mc0py@lists.example.org>\r\n\
             To: who@example.org\r\n\r\nHello\r\n--b--\r\n"
        );
        let c = classify(raw.as_bytes());
        assert_eq!(
            (c.kind, c.address.as_deref(), c.status.as_deref(), c.verp_token.as_deref()),
            (Hard, Some("who@example.org"), Some("5.1.1"), Some("fr0mc0py"))
        );
    }

    #[test]
    fn a_failure_outranks_a_delay_among_recipients() {
        let raw = "From: MAILER-DAEMON@mx.example.org\nContent-Type: multipart/report; boundary=b\n\n\
                   --b\nContent-Type: message/delivery-status\n\n\
                   Final-Recipient: rfc822; late@example.org\nAction: delayed\nStatus: 4.4.1\n\n\
                   Final-Recipient: rfc822; gone@example.org\nAction: failed\nStatus: 5.1.1\n\n--b--\n";
        let c = classify(raw.as_bytes());
        assert_eq!((c.kind, c.address.as_deref()), (Hard, Some("gone@example.org")));
    }

    #[test]
    fn feedback_types_that_are_not_complaints() {
        let arf = |kind: &str| {
            format!(
                "From: fbl@isp.example\nTo: fbl@lists.example.org\n\
                 Content-Type: multipart/report; report-type=feedback-report; boundary=b\n\n\
                 --b\nContent-Type: message/feedback-report\n\nFeedback-Type: {kind}\nVersion: 1\n\
                 Original-Rcpt-To: <x@isp.example>\n\n--b--\n"
            )
        };
        assert_eq!(classify(arf("abuse").as_bytes()).kind, Complaint);
        assert_eq!(classify(arf("fraud").as_bytes()).address.as_deref(), Some("x@isp.example"));
        assert_eq!(classify(arf("not-spam").as_bytes()).kind, NotBounce);
        assert_eq!(classify(arf("auth-failure").as_bytes()).kind, NotBounce);
    }

    #[test]
    fn garbage_is_not_a_bounce() {
        let mut inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"\n".to_vec(),
            b"\r\n\r\n".to_vec(),
            b"From:".to_vec(),
            b"Content-Type: multipart/report; boundary=".to_vec(),
            b"Content-Type: multipart/report; boundary=x\n\n--x\nContent-Type: message/delivery-status\n\n".to_vec(),
            b"Subject: \xff\xfe\x00\x01\n\n\xc3\x28 \xe2\x82 5.1.1 @ @@ a@ \xf0\x9f".to_vec(),
            vec![0; 4096],
            vec![b'@'; 10_000],
            "5.".repeat(10_000).into_bytes(),
            "--b\n".repeat(5_000).into_bytes(),
        ];
        // A fixed pseudo-random sequence: the same bytes on every run.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for len in [1, 7, 64, 500, 4096, 70_000] {
            let bytes = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed.to_le_bytes()[0]
                })
                .collect();
            inputs.push(bytes);
        }
        for input in inputs {
            let c = classify(&input);
            assert_eq!((c.kind, c.address), (NotBounce, None), "{:?}", String::from_utf8_lossy(&input));
        }
    }

    #[test]
    fn truncated_corpus_never_panics_nor_says_more() {
        for case in CORPUS {
            for cut in (0..case.raw.len()).step_by(7) {
                let c = classify(case.raw.get(..cut).unwrap_or_default());
                // Cut before the reason, a hard bounce may read as soft; never the other way.
                let weaker = c.kind == NotBounce || (case.kind == Hard && c.kind == Soft);
                assert!(c.kind == case.kind || weaker, "{} cut at {cut}: {c:?}", case.name);
            }
        }
    }

    #[test]
    fn headers_alone_are_not_a_bounce() {
        for case in CORPUS {
            let text = String::from_utf8_lossy(case.raw).replace("\r\n", "\n");
            let headers = text.split("\n\n").next().unwrap_or_default();
            let c = classify(headers.as_bytes());
            assert_eq!((c.kind, c.address.as_deref()), (NotBounce, None), "{}", case.name);
        }
    }
}

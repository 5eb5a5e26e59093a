//! What a person wrote in a reply by email, without what their mail program added: quoted lines
//! (`>`), the "On … wrote:" / "Le … a écrit :" line that introduces a quote (also when the
//! program wrapped it over two lines), the signature after `-- `, and Outlook's quoted header
//! block ("From: … Sent: …", "De : … Envoyé : …", "-----Original Message-----").
//!
//! Everything from the first quote header, signature or Outlook block on is dropped (replies
//! are written on top); `>` lines are dropped wherever they are (interleaved answers keep the
//! answers).

/// The reply's own text, trimmed; empty when nothing of the person's own remains.
pub fn strip_reply(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let mut kept: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if is_signature(line) || starts_quote_header(&lines[i..]) || starts_outlook_block(&lines[i..]) {
            break;
        }
        if line.trim_start().starts_with('>') {
            continue;
        }
        kept.push(line.trim_end());
    }
    // Blank lines at either end, and runs of more than one blank line, go.
    let mut out: Vec<&str> = Vec::new();
    for line in kept {
        if line.is_empty() && out.last().is_none_or(|l: &&str| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// `-- ` (RFC 3676), and the `--` that some programs write without its space.
fn is_signature(line: &str) -> bool {
    line == "-- " || line.trim_end() == "--"
}

/// Ends like "wrote:" or "a écrit :" (French typography puts a no-break space before the colon).
fn is_wrote_end(s: &str) -> bool {
    let s = s.replace(['\u{a0}', '\u{202f}'], " ");
    let s = s.trim_end();
    s.ends_with("wrote:") || s.ends_with("a écrit :") || s.ends_with("a écrit:")
}

/// "On Mon, 3 Mar 2026 at 10:00, Ana <ana@example.org> wrote:", possibly wrapped onto the next
/// line; "Le lun. 3 mars 2026 à 10:00, Ana <ana@example.org> a écrit :" likewise.
fn starts_quote_header(lines: &[&str]) -> bool {
    let first = lines[0].trim_start();
    if !(first.starts_with("On ") || first.starts_with("Le ")) {
        return false;
    }
    if is_wrote_end(first) {
        return true;
    }
    // Wrapped: the header's end is on the next line, and a quote or nothing follows.
    lines.get(1).is_some_and(|next| is_wrote_end(next) && next.trim().len() < 80)
}

const OUTLOOK_SEPARATORS: [&str; 4] = [
    "-----original message-----",
    "-----message d'origine-----",
    "-----message d’origine-----",
    "-----mensaje original-----",
];
const FROM_FIELDS: [&str; 2] = ["from:", "de :"];
const SENT_FIELDS: [&str; 6] = ["sent:", "date:", "envoyé :", "envoyé:", "date :", "to:"];

/// Outlook quotes the original's header: "-----Original Message-----", or a "From:" line with
/// "Sent:" (or "Date:") within the next few lines, often under a line of underscores.
fn starts_outlook_block(lines: &[&str]) -> bool {
    let first = lines[0].trim().to_lowercase();
    if OUTLOOK_SEPARATORS.iter().any(|s| first.starts_with(s)) {
        return true;
    }
    if first.len() >= 10 && first.chars().all(|c| c == '_') {
        return lines.get(1).is_some_and(|l| starts_outlook_block(&lines[1..]) || l.trim().is_empty());
    }
    let first = first.replace('*', "");
    if !FROM_FIELDS.iter().any(|f| first.starts_with(f)) {
        return false;
    }
    lines.iter().skip(1).take(4).any(|l| {
        let l = l.trim().to_lowercase().replace('*', "");
        SENT_FIELDS.iter().any(|f| l.starts_with(f))
    })
}

#[cfg(test)]
mod tests {
    use super::strip_reply;

    #[test]
    fn quoted_lines_and_the_wrote_line_go() {
        let mail = "Thanks, I will come on Friday.\n\nOn Tue, 3 Mar 2026 at 10:00, Rendezvous <noreply@example.org> wrote:\n> A new reply in \"Naloxone kits\"\n> Ana wrote: ...\n";
        assert_eq!(strip_reply(mail), "Thanks, I will come on Friday.");
    }

    #[test]
    fn a_wrapped_wrote_line_goes() {
        let mail =
            "Yes.\n\nOn Tue, 3 Mar 2026 at 10:00, Rendezvous Discussions <reply+abc@example.org>\nwrote:\n\n> quoted\n";
        assert_eq!(strip_reply(mail), "Yes.");
    }

    #[test]
    fn the_french_header_goes() {
        let mail = "Merci, à vendredi.\n\nLe mar. 3 mars 2026 à 10:00, Rendezvous <noreply@example.org> a écrit :\n> Une nouvelle réponse\n";
        assert_eq!(strip_reply(mail), "Merci, à vendredi.");
        // A no-break space before the colon, as French typography asks.
        assert_eq!(strip_reply("D'accord.\nLe 3 mars 2026, Ana a écrit\u{a0}:\n> texte"), "D'accord.");
    }

    #[test]
    fn the_signature_goes() {
        let mail = "See you there.\n\n-- \nSam\nPeer worker, Halifax\n";
        assert_eq!(strip_reply(mail), "See you there.");
        assert_eq!(strip_reply("Ok\n--\nSam"), "Ok");
        // A line that merely starts with dashes is text.
        assert_eq!(strip_reply("-- not a signature here\nok"), "-- not a signature here\nok");
    }

    #[test]
    fn outlook_blocks_go() {
        let mail = "Agreed.\r\n\r\n________________________________\r\nFrom: Rendezvous <noreply@example.org>\r\nSent: Tuesday, March 3, 2026 10:00 AM\r\nTo: Sam\r\nSubject: New reply\r\n\r\nA new reply...\r\n";
        assert_eq!(strip_reply(mail), "Agreed.");
        let original = "Fine by me\n-----Original Message-----\nFrom: x\nold text";
        assert_eq!(strip_reply(original), "Fine by me");
        let french = "D'accord\n\nDe : Rendezvous <noreply@example.org>\nEnvoyé : mardi 3 mars 2026 10:00\nÀ : Sam\n";
        assert_eq!(strip_reply(french), "D'accord");
        let bold = "Ok\n\n*From:* Rendezvous\n*Sent:* Tuesday\n";
        assert_eq!(strip_reply(bold), "Ok");
    }

    #[test]
    fn interleaved_answers_keep_the_answers() {
        let mail = "> Will you come?\nYes.\n> At what time?\nNoon.\n";
        assert_eq!(strip_reply(mail), "Yes.\nNoon.");
    }

    #[test]
    fn a_line_starting_with_from_in_prose_stays() {
        let mail = "From: my point of view this is good.\nAnd more text.";
        assert_eq!(strip_reply(mail), mail);
        let on = "On Friday we meet at noon.\nBring kits.";
        assert_eq!(strip_reply(on), on);
    }

    #[test]
    fn only_quotes_leave_nothing() {
        assert_eq!(strip_reply("\n\n> everything quoted\n> more\n\n"), "");
        assert_eq!(strip_reply(""), "");
    }

    #[test]
    fn blank_runs_collapse_and_ends_are_trimmed() {
        assert_eq!(strip_reply("\n\nOne\n\n\n\nTwo   \n\n"), "One\n\nTwo");
    }
}

//! The library's kinds and states, and the small rules on them.

use rendezvous_platform::state_enum;

state_enum!(
    /// What a resource is.
    pub enum ResourceKind {
        ResearchReport = "research-report",
        Brief = "brief",
        CommitteeSubmission = "committee-submission",
        Presentation = "presentation",
        FactSheet = "fact-sheet",
        Toolkit = "toolkit",
        PositionStatement = "position-statement",
    }
);

state_enum!(
    /// Whether the public sees a resource or a news post.
    pub enum Publication {
        Draft = "draft",
        Published = "published",
    }
);

state_enum!(
    /// Where a file's text stands.
    pub enum TextState {
        /// No file, or a kind whose text is not read.
        None = "none",
        Pending = "pending",
        Done = "done",
        Failed = "failed",
    }
);

state_enum!(
    pub enum EventState {
        Scheduled = "scheduled",
        Cancelled = "cancelled",
    }
);

state_enum!(
    /// What kind of work a job posting offers.
    pub enum PostingKind {
        Employment = "employment",
        Contract = "contract",
        Volunteer = "volunteer",
        /// A peer or lived-experience role.
        Peer = "peer",
        Honorarium = "honorarium",
    }
);

/// The file types the library takes, by Content-Type: (type, extension, how the file starts).
pub const FILE_TYPES: &[(&str, &str, &[u8])] = &[
    ("application/pdf", "pdf", b"%PDF-"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", b"PK\x03\x04"),
    ("application/vnd.oasis.opendocument.text", "odt", b"PK\x03\x04"),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx", b"PK\x03\x04"),
    ("application/vnd.oasis.opendocument.presentation", "odp", b"PK\x03\x04"),
];

/// The accepted type a Content-Type header names (parameters ignored), with its extension and
/// magic bytes.
pub fn file_type(content_type: &str) -> Option<(&'static str, &'static str, &'static [u8])> {
    let bare = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    FILE_TYPES.iter().find(|(t, _, _)| *t == bare).copied()
}

/// A slug made from a title: ASCII letters and digits, dashes between words, at most 60.
pub fn slug_of(title: &str) -> String {
    let mut slug = String::new();
    for word in title.split(|c: char| !c.is_alphanumeric()) {
        let folded = rendezvous_platform::validate::folded_key(word);
        let ascii: String = folded.chars().filter(char::is_ascii_alphanumeric).collect();
        if ascii.is_empty() {
            continue;
        }
        if slug.len() + ascii.len() + 1 > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&ascii);
    }
    if slug.len() < 2 { format!("item-{slug}") } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_made_from_titles_in_either_language() {
        assert_eq!(slug_of("Harm Reduction in Small Cities"), "harm-reduction-in-small-cities");
        assert_eq!(slug_of("Mémoire au Comité permanent de la santé"), "memoire-au-comite-permanent-de-la-sante");
        assert_eq!(slug_of("!!"), "item-");
        assert!(slug_of(&"word ".repeat(40)).len() <= 60);
    }

    #[test]
    fn file_types_are_known_by_their_content_type() {
        assert_eq!(file_type("application/pdf; charset=binary").map(|t| t.1), Some("pdf"));
        assert_eq!(file_type("text/html"), None);
    }
}

state_enum!(
    /// What someone submitted.
    pub enum SubmissionKind {
        Event = "event",
        Job = "job",
        NewsTip = "news-tip",
        Resource = "resource",
        Comment = "comment",
    }
);

state_enum!(
    pub enum SubmissionState {
        /// Waiting for the submitter to confirm their address.
        Unconfirmed = "unconfirmed",
        Queued = "queued",
        Approved = "approved",
        Rejected = "rejected",
    }
);

state_enum!(
    pub enum ConsultationState {
        New = "new",
        InDiscussion = "in-discussion",
        Done = "done",
        Declined = "declined",
    }
);

state_enum!(
    /// What a consultation is about.
    pub enum ConsultationTopic {
        DrugUse = "drug-use",
        Hiv = "hiv",
        Hcv = "hcv",
        Other = "other",
    }
);

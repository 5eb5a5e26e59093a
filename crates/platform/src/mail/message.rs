//! A mail as the rest of the app writes it: addresses, subject, a text and an HTML part, and the
//! extra headers a mailing needs. Serializable, because it travels through the job queue.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OutgoingMail {
    pub to: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Extra headers such as List-Unsubscribe, in order.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// SMTP envelope sender (for VERP); the From address when absent.
    #[serde(default)]
    pub envelope_from: Option<String>,
    /// Reply-To, e.g. a reply-by-email address.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// The display name of From instead of the network's own ("Jo Tremblay via the network" for
    /// a letter a person wrote); the address stays the network's, so the mail passes DMARC.
    #[serde(default)]
    pub from_name: Option<String>,
}

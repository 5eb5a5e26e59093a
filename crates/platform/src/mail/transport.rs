//! Turns an [`OutgoingMail`] into a MIME message (lettre) and hands it to the SMTP servers'
//! pools (see [`super::relay_pool`]) or the outbox.

use std::sync::Arc;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Address, Message};

use super::OutgoingMail;
use super::dkim::Dkim;
use super::outbox;
use super::relay::{RelaySpec, RelayUrlError};
use super::relay_pool::{RelayError, RelayPool};
use crate::clock::Clock;
use crate::config::Config;
use crate::crypto::random_token;
use crate::db::Db;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid SMTP URL {0}")]
    SmtpUrl(#[from] RelayUrlError),
    #[error("cannot read the DKIM key {0}: {1}")]
    DkimKey(String, String),
    #[error("cannot DKIM-sign: {0}")]
    Dkim(String),
    #[error("invalid address {0:?}")]
    Address(String),
    #[error("the {0} header would hold a line break or another control character")]
    Header(String),
    #[error("cannot build the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] RelayError),
    #[error("outbox: {0}")]
    Outbox(#[from] sqlx::Error),
}

impl MailError {
    /// The server refused for good (a 5xx reply): retrying cannot help.
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::Smtp(e) if e.is_permanent())
            || matches!(self, MailError::Address(_) | MailError::Header(_))
    }
}

#[derive(Clone)]
enum Transport {
    Smtp(Arc<RelayPool>),
    Outbox,
}

#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    domain: String,
    dkim: Option<Arc<Dkim>>,
    db: Db,
    clock: Clock,
}

impl Mailer {
    pub fn new(config: &Config, db: Db, clock: Clock) -> Result<Self, MailError> {
        let transport = match &config.smtp_url {
            Some(urls) => {
                let relays = RelaySpec::parse_list(urls, config.smtp_pool_size)?;
                if relays.is_empty() {
                    Transport::Outbox
                } else {
                    Transport::Smtp(Arc::new(RelayPool::new(relays, config.mail_domain())))
                }
            }
            None => Transport::Outbox,
        };
        let address: Address =
            config.org_contact_email.parse().map_err(|_| MailError::Address(config.org_contact_email.clone()))?;
        let from = Mailbox::new(Some(config.org_name.clone()), address);
        let domain = config.mail_domain().to_owned();
        let dkim = match (&config.dkim_key_file, &config.dkim_selector) {
            (Some(path), Some(selector)) => {
                let pem = std::fs::read_to_string(path)
                    .map_err(|e| MailError::DkimKey(path.display().to_string(), e.to_string()))?;
                let dkim = Dkim::new(&pem, selector, &domain)
                    .map_err(|e| MailError::DkimKey(path.display().to_string(), e))?;
                Some(Arc::new(dkim))
            }
            _ => None,
        };
        Ok(Self { transport, from, domain, dkim, db, clock })
    }

    pub fn uses_outbox(&self) -> bool {
        matches!(self.transport, Transport::Outbox)
    }

    /// How many mails can be on their way at once: the sum of the SMTP servers' pools.
    pub fn capacity(&self) -> usize {
        match &self.transport {
            Transport::Smtp(pool) => pool.capacity(),
            Transport::Outbox => 8,
        }
    }

    /// Builds the MIME message, DKIM-signed when a key is configured.
    /// A value that cannot go in a header is an error for this one mail, never a panic (the mail
    /// library panics on some of them).
    pub fn build(&self, mail: &OutgoingMail) -> Result<Message, MailError> {
        check_headers(mail)?;
        let to_address: Address = mail.to.parse().map_err(|_| MailError::Address(mail.to.clone()))?;
        let from = match &mail.from_name {
            Some(name) => Mailbox::new(Some(name.clone()), self.from.email.clone()),
            None => self.from.clone(),
        };
        let mut builder = Message::builder()
            .from(from)
            .to(Mailbox::new(mail.to_name.clone(), to_address))
            .subject(mail.subject.clone())
            .message_id(Some(format!("<{}@{}>", random_token(), self.domain)));
        if let Some(reply_to) = &mail.reply_to {
            let address: Address = reply_to.parse().map_err(|_| MailError::Address(reply_to.clone()))?;
            builder = builder.reply_to(Mailbox::new(None, address));
        }
        if let Some(envelope_from) = &mail.envelope_from {
            let sender: Address = envelope_from.parse().map_err(|_| MailError::Address(envelope_from.clone()))?;
            let recipient: Address = mail.to.parse().map_err(|_| MailError::Address(mail.to.clone()))?;
            let envelope = lettre::address::Envelope::new(Some(sender), vec![recipient])?;
            builder = builder.envelope(envelope);
        }
        let mut message = builder.multipart(MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone()))?;
        for (name, value) in &mail.headers {
            let name = HeaderName::new_from_ascii(name.clone()).map_err(|_| MailError::Address(name.clone()))?;
            message.headers_mut().insert_raw(HeaderValue::new(name, value.clone()));
        }
        Ok(message)
    }

    /// Messages per second the SMTP servers take in all, when every one of them is rate-limited.
    pub fn rate_limit(&self) -> Option<u32> {
        match &self.transport {
            Transport::Smtp(pool) => pool.rate_limit(),
            Transport::Outbox => None,
        }
    }

    /// Sends one mail now.
    pub async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        match &self.transport {
            Transport::Smtp(pool) => {
                let message = self.build(mail)?;
                let formatted = message.formatted();
                let bytes = match &self.dkim {
                    Some(dkim) => dkim.clone().sign_off_runtime(formatted).await.map_err(MailError::Dkim)?,
                    None => formatted,
                };
                pool.send(message.envelope(), &bytes).await?;
            }
            Transport::Outbox => {
                self.build(mail)?;
                outbox::store(&self.db, &self.clock, mail).await?;
            }
        }
        Ok(())
    }
}

/// Refuses a mail whose name, subject or extra headers hold what no header may (see
/// [`crate::header_text`]).
fn check_headers(mail: &OutgoingMail) -> Result<(), MailError> {
    let fits = crate::header_text::fits_a_header;
    if !mail.to_name.as_deref().is_none_or(fits) {
        return Err(MailError::Header("To".into()));
    }
    if !mail.from_name.as_deref().is_none_or(fits) {
        return Err(MailError::Header("From".into()));
    }
    if !fits(&mail.subject) {
        return Err(MailError::Header("Subject".into()));
    }
    match mail.headers.iter().find(|(name, value)| !fits(name) || !fits(value)) {
        Some((name, _)) => Err(MailError::Header(name.escape_debug().to_string())),
        None => Ok(()),
    }
}

//! Configuration: every setting is a flag and a `RENDEZVOUS_*` environment variable, with a
//! default that works on a fresh machine.

use std::ffi::OsStr;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use clap::builder::TypedValueParser;
use clap::error::ErrorKind;
use url::Url;

use crate::mail::pop3::Mailbox;

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Directory for the embedded SQLite database and other local data.
    #[arg(long, global = true, env = "RENDEZVOUS_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Default: SQLite in the data dir.
    #[arg(long, global = true, env = "RENDEZVOUS_DATABASE_URL")]
    pub database_url: Option<String>,

    /// Address and port the web server listens on.
    #[arg(long, global = true, env = "RENDEZVOUS_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Public URL of the site, used in links in mail and for the origin check.
    /// Default: http:// followed by the listen address.
    #[arg(long, global = true, env = "RENDEZVOUS_BASE_URL")]
    pub base_url: Option<Url>,

    /// SMTP server(s), comma-separated, e.g. smtp://user:pass@host:587?tls=required or
    /// smtps://host:465; each may set pool=N (connections) and rate=R (messages per second).
    /// Without it, mail is kept in the outbox that admins read at /admin/outbox.
    #[arg(long, global = true, env = "RENDEZVOUS_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// Most connections kept open to each SMTP server (unless its URL sets pool=N).
    #[arg(long, global = true, env = "RENDEZVOUS_SMTP_POOL_SIZE", default_value_t = 4)]
    pub smtp_pool_size: u32,

    /// Organisation name shown on every page and carried by every mail.
    #[arg(long, global = true, env = "RENDEZVOUS_ORG_NAME", default_value = "Rendezvous Demo Network")]
    pub org_name: String,

    /// Postal address carried by every mailing (required by anti-spam law).
    #[arg(
        long,
        global = true,
        env = "RENDEZVOUS_ORG_POSTAL_ADDRESS",
        default_value = "123 Example Street, Ottawa ON K1A 0A1, Canada"
    )]
    pub org_postal_address: String,

    /// Contact address: the From of account mail and the address people can write to.
    #[arg(long, global = true, env = "RENDEZVOUS_ORG_CONTACT_EMAIL", default_value = "contact@rendezvous.example")]
    pub org_contact_email: String,

    /// PEM file with the RSA private key used to DKIM-sign outgoing mail.
    #[arg(long, global = true, env = "RENDEZVOUS_DKIM_KEY_FILE", requires = "dkim_selector")]
    pub dkim_key_file: Option<PathBuf>,

    /// DKIM selector published in DNS as SELECTOR._domainkey.DOMAIN.
    #[arg(long, global = true, env = "RENDEZVOUS_DKIM_SELECTOR")]
    pub dkim_selector: Option<String>,

    /// How many background jobs run at once in this process (0: this process runs none).
    #[arg(long, global = true, env = "RENDEZVOUS_WORKERS", default_value_t = 4)]
    pub workers: usize,

    /// Minutes without activity after which a session ends.
    #[arg(long, global = true, env = "RENDEZVOUS_SESSION_IDLE_MINUTES", default_value_t = 60 * 24 * 3)]
    pub session_idle_minutes: i64,

    /// Days after log-in after which a session ends, active or not.
    #[arg(long, global = true, env = "RENDEZVOUS_SESSION_MAX_DAYS", default_value_t = 30)]
    pub session_max_days: i64,

    /// Secret that the MTA's pipe sends (Authorization: Bearer SECRET) when it posts bounces,
    /// complaints and replies to /inbound. Without it, /inbound refuses everything.
    #[arg(long, global = true, env = "RENDEZVOUS_INBOUND_TOKEN")]
    pub inbound_token: Option<String>,

    /// Soft bounces (mailbox full, server busy...) after which an address is suppressed...
    #[arg(long, global = true, env = "RENDEZVOUS_SOFT_BOUNCE_LIMIT", default_value_t = 3)]
    pub soft_bounce_limit: i64,

    /// ...within this many days.
    #[arg(long, global = true, env = "RENDEZVOUS_SOFT_BOUNCE_DAYS", default_value_t = 30)]
    pub soft_bounce_days: i64,

    /// A campaign message whose server keeps answering "try later" (4xx) is retried with backoff
    /// for this many hours after the campaign started, then given up as failed.
    #[arg(long, global = true, env = "RENDEZVOUS_DELIVERY_GIVE_UP_HOURS", default_value_t = 72,
          value_parser = clap::value_parser!(i64).range(1..=24 * 30))]
    pub delivery_give_up_hours: i64,

    /// Bounce mailbox to poll over POP3: pop3s://USER:PASSWORD@HOST[:PORT] (pop3:// without TLS,
    /// for a server on this host; percent-encode special characters). What arrives there is
    /// handled as on /inbound, then deleted.
    #[arg(long, global = true, env = "RENDEZVOUS_BOUNCE_MAILBOX", value_parser = MailboxParser, hide_env_values = true)]
    pub bounce_mailbox: Option<Mailbox>,

    /// Seconds between two polls of the bounce mailbox.
    #[arg(
        long,
        global = true,
        env = "RENDEZVOUS_BOUNCE_POLL_SECONDS",
        default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub bounce_poll_seconds: u64,

    /// Time zone (IANA name) in which people give and read dates and times, such as when a
    /// campaign is scheduled. The time zone database is built in.
    #[arg(long, global = true, env = "RENDEZVOUS_TIMEZONE", default_value = "America/Toronto", value_parser = parse_timezone)]
    pub timezone: jiff::tz::TimeZone,

    /// Bearer token that a Prometheus scraper sends (`Authorization: Bearer TOKEN`) to read
    /// /metrics. Without it, /metrics is off (404).
    #[arg(long, global = true, env = "RENDEZVOUS_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Days the outbox keeps a mail (when no SMTP server is configured) before housekeeping
    /// deletes it.
    #[arg(long, global = true, env = "RENDEZVOUS_OUTBOX_RETENTION_DAYS", default_value_t = 7,
          value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub outbox_retention_days: i64,

    /// Take the client address for rate limits from X-Forwarded-For (only behind your own proxy).
    /// The address is only ever hashed in memory, never stored or logged.
    #[arg(long, global = true, env = "RENDEZVOUS_TRUST_PROXY")]
    pub trust_proxy: bool,
}

fn parse_timezone(name: &str) -> Result<jiff::tz::TimeZone, String> {
    jiff::tz::TimeZone::get(name)
        .map_err(|_| format!("unknown time zone {name:?} (an IANA name such as America/Toronto)"))
}

/// Reads --bounce-mailbox. The error names the problem but not the value, which holds a password
/// (clap's own errors would repeat it).
#[derive(Clone)]
struct MailboxParser;

impl TypedValueParser for MailboxParser {
    type Value = Mailbox;

    fn parse_ref(&self, cmd: &clap::Command, _: Option<&clap::Arg>, value: &OsStr) -> Result<Mailbox, clap::Error> {
        let problem = match value.to_str() {
            Some(text) => match Mailbox::parse(text) {
                Ok(mailbox) => return Ok(mailbox),
                Err(problem) => problem,
            },
            None => "not UTF-8".to_owned(),
        };
        let message = format!(
            "invalid --bounce-mailbox (RENDEZVOUS_BOUNCE_MAILBOX): {problem}; \
             expected pop3s://USER:PASSWORD@HOST[:PORT] or pop3://...\n"
        );
        Err(clap::Error::raw(ErrorKind::ValueValidation, message).with_cmd(cmd))
    }
}

impl Config {
    /// The effective database URL: the one given, or SQLite in the data dir.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("rendezvous.db").display()),
        }
    }

    /// The effective base URL, without a trailing slash.
    pub fn base_url(&self) -> String {
        match &self.base_url {
            Some(url) => url.as_str().trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.listen),
        }
    }

    /// The origin (scheme, host and port) of the base URL, as browsers send it in `Origin`.
    pub fn base_origin(&self) -> String {
        match Url::parse(&self.base_url()) {
            Ok(url) => url.origin().ascii_serialization(),
            Err(_) => self.base_url(),
        }
    }

    pub fn is_https(&self) -> bool {
        self.base_url().starts_with("https://")
    }

    /// The domain part of the contact address, used for Message-IDs and DKIM.
    pub fn mail_domain(&self) -> &str {
        self.org_contact_email.rsplit_once('@').map(|(_, d)| d).unwrap_or("localhost")
    }

    /// A configuration with every default, for commands and tests that set the rest by hand.
    pub fn defaults() -> Self {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            config: Config,
        }
        <Only as clap::Parser>::parse_from(["rendezvous"]).config
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Only {
        #[command(flatten)]
        config: Config,
    }

    #[test]
    fn a_bad_bounce_mailbox_is_a_clear_startup_error_without_the_password() {
        let good = Only::try_parse_from(["rendezvous", "--bounce-mailbox", "pop3s://u:hunter2@mail.example.org"])
            .expect("a good URL");
        assert_eq!(good.config.bounce_mailbox.map(|m| m.port), Some(995));
        let error = Only::try_parse_from(["rendezvous", "--bounce-mailbox", "imap://u:hunter2@mail.example.org"])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("invalid --bounce-mailbox") && error.contains("pop3s://USER:PASSWORD@HOST"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
    }
}

//! Configuration: every setting is a flag and a `RENDEZVOUS_*` environment variable, with a
//! default that works on a fresh machine.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use url::Url;

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

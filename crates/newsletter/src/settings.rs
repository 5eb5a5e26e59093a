//! The newsletter's settings: flags of the top-level command line (global, with their
//! `RENDEZVOUS_*` variables), read back through [`settings`].

use std::ffi::OsStr;
use std::sync::LazyLock;

use clap::Args;
use clap::builder::TypedValueParser;
use clap::error::ErrorKind;
use rendezvous_platform::AppState;
use rendezvous_platform::mail::pop3::Mailbox;

#[derive(Debug, Clone, Args)]
pub struct NewsletterSettings {
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
}

/// The newsletter's settings in this process (their defaults where the server gave none).
pub fn settings(state: &AppState) -> &NewsletterSettings {
    static DEFAULTS: LazyLock<NewsletterSettings> = LazyLock::new(NewsletterSettings::defaults);
    state.settings.get::<NewsletterSettings>().unwrap_or(&DEFAULTS)
}

impl NewsletterSettings {
    pub fn defaults() -> Self {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            settings: NewsletterSettings,
        }
        <Only as clap::Parser>::parse_from(["rendezvous"]).settings
    }
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

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Only {
        #[command(flatten)]
        settings: NewsletterSettings,
    }

    #[test]
    fn a_bad_bounce_mailbox_is_a_clear_startup_error_without_the_password() {
        let good = Only::try_parse_from(["rendezvous", "--bounce-mailbox", "pop3s://u:hunter2@mail.example.org"])
            .expect("a good URL");
        assert_eq!(good.settings.bounce_mailbox.map(|m| m.port), Some(995));
        let error = Only::try_parse_from(["rendezvous", "--bounce-mailbox", "imap://u:hunter2@mail.example.org"])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("invalid --bounce-mailbox") && error.contains("pop3s://USER:PASSWORD@HOST"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
    }
}

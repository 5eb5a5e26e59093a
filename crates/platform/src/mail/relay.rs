//! The SMTP servers mail leaves through, read from `RENDEZVOUS_SMTP_URL`: one URL or several
//! separated by commas, each with its own pool size and rate limit, e.g.
//! `smtp://relay-a:25?pool=8&rate=50, smtps://user:pass@relay-b:465?rate=10`.
//!
//! - `smtp://` is plain SMTP; add `tls=required` (STARTTLS or fail) or `tls=opportunistic`.
//! - `smtps://` is TLS from the first byte (port 465 by default).
//! - `pool=N`: most connections open at once to that server (default `--smtp-pool-size`).
//! - `rate=R`: most messages per second to that server (default: no limit).

use std::num::NonZeroU32;

use lettre::transport::smtp::authentication::Credentials;
use percent_encoding::percent_decode_str;
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    Plain,
    StartTlsIfOffered,
    StartTlsRequired,
    Implicit,
}

#[derive(Debug, Clone)]
pub struct RelaySpec {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub credentials: Option<Credentials>,
    pub pool: u32,
    pub rate: Option<NonZeroU32>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RelayUrlError {
    #[error("{0:?} is not a URL")]
    NotUrl(String),
    #[error("{0:?}: the scheme must be smtp or smtps")]
    Scheme(String),
    #[error("{0:?} names no host")]
    NoHost(String),
    #[error("{0:?}: unknown setting {1:?} (known: tls, pool, rate)")]
    UnknownSetting(String, String),
    #[error("{0:?}: {1} must be a whole number above 0")]
    Number(String, &'static str),
    #[error("{0:?}: tls must be required or opportunistic")]
    Tls(String),
}

impl RelaySpec {
    pub fn parse(text: &str, default_pool: u32) -> Result<Self, RelayUrlError> {
        let url = Url::parse(text).map_err(|_| RelayUrlError::NotUrl(text.into()))?;
        let mut security = match url.scheme() {
            "smtp" => Security::Plain,
            "smtps" => Security::Implicit,
            _ => return Err(RelayUrlError::Scheme(text.into())),
        };
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or_else(|| RelayUrlError::NoHost(text.into()))?;
        let port = url.port().unwrap_or(if security == Security::Implicit { 465 } else { 25 });
        let mut pool = default_pool.max(1);
        let mut rate = None;
        let number = |value: &str, what| {
            value.parse::<u32>().ok().filter(|n| *n > 0).ok_or(RelayUrlError::Number(text.into(), what))
        };
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "tls" if security == Security::Plain => {
                    security = match value.as_ref() {
                        "required" => Security::StartTlsRequired,
                        "opportunistic" => Security::StartTlsIfOffered,
                        _ => return Err(RelayUrlError::Tls(text.into())),
                    }
                }
                "tls" => {}
                "pool" => pool = number(&value, "pool")?,
                "rate" => rate = NonZeroU32::new(number(&value, "rate")?),
                other => return Err(RelayUrlError::UnknownSetting(text.into(), other.into())),
            }
        }
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        let credentials = (!url.username().is_empty())
            .then(|| Credentials::new(decode(url.username()), decode(url.password().unwrap_or_default())));
        // IPv6 hosts come bracketed from the URL; sockets want them bare.
        let host = host.trim_start_matches('[').trim_end_matches(']').to_owned();
        Ok(Self { host, port, security, credentials, pool, rate })
    }

    /// Every server of a comma-separated list.
    pub fn parse_list(text: &str, default_pool: u32) -> Result<Vec<Self>, RelayUrlError> {
        text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| Self::parse(s, default_pool)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_server_with_its_own_settings() {
        let relays =
            RelaySpec::parse_list("smtp://127.0.0.1:2525, smtps://a%40b:p%2Fw@relay.example?pool=2&rate=10", 4)
                .expect("valid");
        assert_eq!(relays.len(), 2);
        assert_eq!((relays[0].host.as_str(), relays[0].port, relays[0].pool), ("127.0.0.1", 2525, 4));
        assert_eq!((relays[0].security, relays[0].rate), (Security::Plain, None));
        assert_eq!((relays[1].port, relays[1].pool, relays[1].rate), (465, 2, NonZeroU32::new(10)));
        assert_eq!(relays[1].security, Security::Implicit);
        assert_eq!(relays[1].credentials, Some(Credentials::new("a@b".into(), "p/w".into())));
        let starttls = RelaySpec::parse("smtp://h:587?tls=required", 1).expect("valid");
        assert_eq!(starttls.security, Security::StartTlsRequired);
    }

    #[test]
    fn refuses_what_it_cannot_use() {
        assert!(matches!(RelaySpec::parse("http://h", 1), Err(RelayUrlError::Scheme(_))));
        assert!(matches!(RelaySpec::parse("smtp://h?pool=0", 1), Err(RelayUrlError::Number(..))));
        assert!(matches!(RelaySpec::parse("smtp://h?rate=fast", 1), Err(RelayUrlError::Number(..))));
        assert!(matches!(RelaySpec::parse("smtp://h?speed=1", 1), Err(RelayUrlError::UnknownSetting(..))));
        assert!(matches!(RelaySpec::parse("smtp://h?tls=maybe", 1), Err(RelayUrlError::Tls(_))));
        assert!(matches!(RelaySpec::parse("not a url", 1), Err(RelayUrlError::NotUrl(_))));
    }
}

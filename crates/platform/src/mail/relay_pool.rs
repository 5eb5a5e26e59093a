//! Connection pools to the SMTP servers, one per server with its own size and rate limit. We keep
//! our own pool rather than lettre's because lettre's neither rate-limits nor sets TCP_NODELAY:
//! it writes a message and its final "." separately, and with Nagle's algorithm that final write
//! waits for the server's delayed ACK — about 40 ms per message per connection.
//!
//! A message goes to the server with the most free connections, so a server held back by its rate
//! limit gets less. A pooled connection the server has closed meanwhile is replaced once,
//! transparently; any other failure is the caller's to retry.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Mechanism;
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use super::relay::{RelaySpec, Security};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// A whole transaction (MAIL to the reply after the data) taking longer than this has failed.
const SEND_TIMEOUT: Duration = Duration::from_secs(300);
/// Servers close idle connections (RFC 5321 asks them to wait 5 minutes; many wait less).
const MAX_IDLE: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error(transparent)]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("cannot connect to {0}: {1}")]
    Connect(String, std::io::Error),
    #[error("{0} did not answer in time")]
    Timeout(String),
}

impl RelayError {
    /// The server refused for good (a 5xx reply).
    pub fn is_permanent(&self) -> bool {
        matches!(self, RelayError::Smtp(e) if e.is_permanent())
    }
}

struct Relay {
    spec: RelaySpec,
    name: String,
    permits: Semaphore,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    limiter: Option<DefaultDirectRateLimiter>,
}

pub struct RelayPool {
    relays: Vec<Relay>,
    hello: ClientId,
    next: AtomicUsize,
}

impl RelayPool {
    pub fn new(specs: Vec<RelaySpec>, hello_domain: &str) -> Self {
        let relays = specs
            .into_iter()
            .map(|spec| Relay {
                name: format!("{}:{}", spec.host, spec.port),
                permits: Semaphore::new(spec.pool as usize),
                idle: Mutex::new(Vec::new()),
                limiter: spec.rate.map(|rate| RateLimiter::direct(Quota::per_second(rate))),
                spec,
            })
            .collect();
        Self { relays, hello: ClientId::Domain(hello_domain.to_owned()), next: AtomicUsize::new(0) }
    }

    /// How many messages can be on their way at once, over all servers.
    pub fn capacity(&self) -> usize {
        self.relays.iter().map(|r| r.spec.pool as usize).sum()
    }

    /// The servers' summed rate limit, when every one has one.
    pub fn rate_limit(&self) -> Option<u32> {
        self.relays.iter().map(|r| r.spec.rate.map(|n| n.get())).sum()
    }

    fn pick(&self) -> &Relay {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let n = self.relays.len();
        (0..n)
            .map(|i| &self.relays[(start + i) % n])
            .max_by_key(|r| r.permits.available_permits())
            .unwrap_or(&self.relays[start % n])
    }

    pub async fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), RelayError> {
        let relay = self.pick();
        let _permit = relay.permits.acquire().await.map_err(|_| RelayError::Timeout(relay.name.clone()))?;
        if let Some(limiter) = &relay.limiter {
            limiter.until_ready().await;
        }
        match tokio::time::timeout(SEND_TIMEOUT, relay.send(&self.hello, envelope, message)).await {
            Ok(result) => result,
            Err(_) => Err(RelayError::Timeout(relay.name.clone())),
        }
    }
}

impl Relay {
    fn take_idle(&self) -> Option<AsyncSmtpConnection> {
        let mut idle = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        while let Some((conn, since)) = idle.pop() {
            if since.elapsed() < MAX_IDLE {
                return Some(conn);
            }
            // Too old to trust; dropping closes the socket.
        }
        None
    }

    fn put_back(&self, conn: AsyncSmtpConnection) {
        if !conn.has_broken() {
            self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push((conn, Instant::now()));
        }
    }

    async fn send(&self, hello: &ClientId, envelope: &Envelope, message: &[u8]) -> Result<(), RelayError> {
        if let Some(mut conn) = self.take_idle() {
            match conn.send(envelope, message).await {
                Ok(_) => {
                    self.put_back(conn);
                    return Ok(());
                }
                // The server answered: that answer is the result.
                Err(e) if e.is_response() || e.is_transient() || e.is_permanent() => {
                    self.put_back(conn);
                    return Err(e.into());
                }
                // The connection died while idle: try once on a new one.
                Err(_) => conn.abort().await,
            }
        }
        let mut conn = self.connect(hello).await?;
        let result = conn.send(envelope, message).await;
        self.put_back(conn);
        result.map(drop).map_err(Into::into)
    }

    async fn connect(&self, hello: &ClientId) -> Result<AsyncSmtpConnection, RelayError> {
        let spec = &self.spec;
        let tls = || TlsParameters::new(spec.host.clone());
        let mut conn = if spec.security == Security::Implicit {
            AsyncSmtpConnection::connect_tokio1(
                (spec.host.as_str(), spec.port),
                Some(CONNECT_TIMEOUT),
                hello,
                Some(tls()?),
                None,
            )
            .await?
        } else {
            let stream = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect((spec.host.as_str(), spec.port)))
                .await
                .map_err(|_| RelayError::Timeout(self.name.clone()))?
                .map_err(|e| RelayError::Connect(self.name.clone(), e))?;
            stream.set_nodelay(true).map_err(|e| RelayError::Connect(self.name.clone(), e))?;
            let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(stream), hello).await?;
            let offered = conn.can_starttls();
            if spec.security == Security::StartTlsRequired || (spec.security == Security::StartTlsIfOffered && offered)
            {
                conn.starttls(tls()?, hello).await?;
            }
            conn
        };
        if let Some(credentials) = &spec.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials).await?;
        }
        Ok(conn)
    }
}

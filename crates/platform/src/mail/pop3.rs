//! A small POP3 client (RFC 1939), enough to empty a bounce mailbox: log in with USER/PASS, LIST,
//! RETR (dot-unstuffed), DELE, QUIT; over implicit TLS (`pop3s://`, port 995) or plain TCP
//! (`pop3://`, for a server on the same host). Every read has a timeout, every line and message a
//! size limit, and a server's `-ERR` is an error, never a panic.
//!
//! Written here rather than taken from crates.io: the async POP3 crates there are unmaintained or
//! tied to OpenSSL (`async-native-tls`), and the protocol subset we need is ~200 lines.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::percent_decode_str;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout, timeout_at};
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use url::{Host, Url};

/// How long connecting, and then each read or write, may take.
const IO_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one whole multi-line answer (a message, a listing) may take.
const MULTILINE_TIMEOUT: Duration = Duration::from_secs(120);
/// Longest status line kept (RFC 1939 says 512 octets; servers add a little).
const MAX_STATUS_LINE: usize = 4096;
/// Longest message line kept (RFC 5322 says 998; a bounce may quote a broken message).
const MAX_MESSAGE_LINE: usize = 64 * 1024;
/// Most entries read from LIST: a mailbox larger than this is emptied over several polls.
const MAX_LISTED: usize = 100_000;

/// Where the bounce mailbox is: `pop3s://USER:PASSWORD@HOST[:PORT]` (TLS, port 995 by default)
/// or `pop3://...` (no TLS, port 110). The user name and password are percent-decoded.
#[derive(Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
}

/// The password never appears in logs or debug output.
impl fmt::Debug for Mailbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for Mailbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.tls { "pop3s" } else { "pop3" };
        write!(f, "{scheme}://{}@{}:{}", self.user, self.host, self.port)
    }
}

impl Mailbox {
    /// Reads a mailbox URL; the error says what is wrong without repeating the URL (it holds a
    /// password).
    pub fn parse(text: &str) -> Result<Self, String> {
        let url = Url::parse(text.trim()).map_err(|e| format!("not a URL ({e})"))?;
        let (tls, default_port) = match url.scheme() {
            "pop3s" => (true, 995),
            "pop3" => (false, 110),
            other => return Err(format!("the scheme must be pop3s:// (or pop3:// without TLS), not {other}://")),
        };
        let host = match url.host() {
            Some(Host::Domain(d)) if !d.is_empty() => d.to_owned(),
            Some(Host::Ipv4(ip)) => ip.to_string(),
            Some(Host::Ipv6(ip)) => ip.to_string(),
            _ => return Err("the host is missing".into()),
        };
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err("nothing may follow the host and port".into());
        }
        let decode = |part: &str, what: &str| {
            let value = percent_decode_str(part)
                .decode_utf8()
                .map_err(|_| format!("the {what} is not UTF-8 once percent-decoded"))?;
            if value.is_empty() {
                return Err(format!("the {what} is missing"));
            }
            if value.chars().any(char::is_control) {
                return Err(format!("the {what} holds a control character"));
            }
            Ok(value.into_owned())
        };
        let user = decode(url.username(), "user name")?;
        let password = decode(url.password().unwrap_or_default(), "password")?;
        Ok(Mailbox { tls, host, port: url.port().unwrap_or(default_port), user, password })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Pop3Error {
    #[error("could not reach the POP3 server {0}")]
    Connect(String, #[source] std::io::Error),
    #[error("TLS with the POP3 server failed")]
    Tls(#[source] std::io::Error),
    #[error("the POP3 server's name is not valid for TLS")]
    ServerName,
    #[error("the POP3 server refused the user name or password: {0}")]
    Login(String),
    #[error("the POP3 server answered {command} with an error: {reply}")]
    Refused { command: &'static str, reply: String },
    #[error("the POP3 server did not answer in time ({0})")]
    Timeout(&'static str),
    #[error("the POP3 server broke the protocol: {0}")]
    Protocol(&'static str),
    #[error("the connection to the POP3 server failed")]
    Io(#[from] std::io::Error),
}

/// One message as the server lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed {
    pub number: u32,
    pub size: u64,
}

/// What RETR brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Retrieved {
    /// The message, dot-unstuffed, with its line endings as sent.
    Message(Vec<u8>),
    /// Larger than the limit asked for (it was read to its end and dropped, so the session goes on).
    TooLarge,
}

trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

/// A logged-in POP3 session (the TRANSACTION state). Deletions take effect at [`Session::quit`];
/// a session dropped without it deletes nothing.
pub struct Session {
    io: BufReader<Box<dyn Stream>>,
}

impl Session {
    /// Connects, reads the greeting and logs in.
    pub async fn open(mailbox: &Mailbox) -> Result<Self, Pop3Error> {
        let address = format!("{}:{}", mailbox.host, mailbox.port);
        let tcp = timeout(IO_TIMEOUT, TcpStream::connect((mailbox.host.as_str(), mailbox.port)))
            .await
            .map_err(|_| Pop3Error::Timeout("connect"))?
            .map_err(|e| Pop3Error::Connect(address, e))?;
        let stream: Box<dyn Stream> = if mailbox.tls {
            let name = ServerName::try_from(mailbox.host.clone()).map_err(|_| Pop3Error::ServerName)?;
            let tls = timeout(IO_TIMEOUT, tls_connector()?.connect(name, tcp))
                .await
                .map_err(|_| Pop3Error::Timeout("TLS handshake"))?
                .map_err(Pop3Error::Tls)?;
            Box::new(tls)
        } else {
            Box::new(tcp)
        };
        Self::log_in(stream, &mailbox.user, &mailbox.password).await
    }

    async fn log_in(stream: Box<dyn Stream>, user: &str, password: &str) -> Result<Self, Pop3Error> {
        let mut session = Session { io: BufReader::new(stream) };
        session.status("greeting").await?;
        session.command("USER", &format!("USER {user}")).await.map_err(into_login)?;
        session.command("PASS", &format!("PASS {password}")).await.map_err(into_login)?;
        Ok(session)
    }

    /// Every message in the mailbox, in the server's order.
    pub async fn list(&mut self) -> Result<Vec<Listed>, Pop3Error> {
        self.command("LIST", "LIST").await?;
        let deadline = Instant::now() + MULTILINE_TIMEOUT;
        let mut listed = Vec::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            if !self.read_line(&mut line, MAX_STATUS_LINE, deadline).await? {
                return Err(Pop3Error::Protocol("a LIST line is too long"));
            }
            let text = std::str::from_utf8(&line).map_err(|_| Pop3Error::Protocol("a LIST line is not text"))?;
            let text = text.trim_end();
            if text == "." {
                return Ok(listed);
            }
            let mut fields = text.split_ascii_whitespace().map(str::parse::<u64>);
            let (Some(Ok(number)), Some(Ok(size))) = (fields.next(), fields.next()) else {
                return Err(Pop3Error::Protocol("a LIST line is not a number and a size"));
            };
            let number = u32::try_from(number).map_err(|_| Pop3Error::Protocol("a message number is too large"))?;
            if listed.len() < MAX_LISTED {
                listed.push(Listed { number, size });
            }
        }
    }

    /// Retrieves message `number`; one longer than `max` bytes is read to its end and dropped.
    pub async fn retr(&mut self, number: u32, max: usize) -> Result<Retrieved, Pop3Error> {
        self.command("RETR", &format!("RETR {number}")).await?;
        let deadline = Instant::now() + MULTILINE_TIMEOUT;
        let mut message = Vec::new();
        let mut too_large = false;
        let mut line = Vec::new();
        loop {
            line.clear();
            let whole = self.read_line(&mut line, MAX_MESSAGE_LINE, deadline).await?;
            if line == b".\r\n" || line == b".\n" {
                return Ok(if too_large { Retrieved::TooLarge } else { Retrieved::Message(message) });
            }
            // Dot-unstuffing: a line the server began with "." had one added.
            let content = line.strip_prefix(b".").unwrap_or(&line);
            too_large |= !whole || message.len() + content.len() > max;
            if !too_large {
                message.extend_from_slice(content);
            }
        }
    }

    /// Marks message `number` for deletion at QUIT.
    pub async fn dele(&mut self, number: u32) -> Result<(), Pop3Error> {
        self.command("DELE", &format!("DELE {number}")).await
    }

    /// Ends the session; the server then deletes what was marked.
    pub async fn quit(mut self) -> Result<(), Pop3Error> {
        self.command("QUIT", "QUIT").await
    }

    /// Sends one command line and reads its `+OK` status line.
    async fn command(&mut self, command: &'static str, line: &str) -> Result<(), Pop3Error> {
        let io = self.io.get_mut();
        let write = async {
            io.write_all(line.as_bytes()).await?;
            io.write_all(b"\r\n").await?;
            io.flush().await
        };
        timeout(IO_TIMEOUT, write).await.map_err(|_| Pop3Error::Timeout(command))??;
        self.status(command).await
    }

    /// Reads a status line: `+OK ...` is fine, `-ERR ...` (or anything else) is refused.
    async fn status(&mut self, command: &'static str) -> Result<(), Pop3Error> {
        let mut line = Vec::new();
        if !self.read_line(&mut line, MAX_STATUS_LINE, Instant::now() + IO_TIMEOUT).await? {
            return Err(Pop3Error::Protocol("a status line is too long"));
        }
        if line.starts_with(b"+OK") {
            return Ok(());
        }
        let reply: String = String::from_utf8_lossy(&line).trim_end().chars().take(200).collect();
        Err(Pop3Error::Refused { command, reply })
    }

    /// Reads one line, with its line ending, into `out`, keeping at most `limit` bytes of it.
    /// Returns false when the line was longer (the rest was read and dropped). Each read waits
    /// [`IO_TIMEOUT`] at most, and no read starts after `deadline`.
    async fn read_line(&mut self, out: &mut Vec<u8>, limit: usize, deadline: Instant) -> Result<bool, Pop3Error> {
        let start = out.len();
        let mut whole = true;
        loop {
            let until = deadline.min(Instant::now() + IO_TIMEOUT);
            let buffer = timeout_at(until, self.io.fill_buf()).await.map_err(|_| Pop3Error::Timeout("read"))??;
            if buffer.is_empty() {
                return Err(Pop3Error::Protocol("the server closed the connection"));
            }
            let (chunk, end) = match buffer.iter().position(|b| *b == b'\n') {
                Some(i) => (&buffer[..=i], true),
                None => (buffer, false),
            };
            let room = limit.saturating_sub(out.len() - start);
            whole &= chunk.len() <= room;
            out.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let used = chunk.len();
            self.io.consume(used);
            if end {
                return Ok(whole);
            }
        }
    }
}

/// A refused USER or PASS is a login error, with the server's words (never the password).
fn into_login(error: Pop3Error) -> Pop3Error {
    match error {
        Pop3Error::Refused { reply, .. } => Pop3Error::Login(reply),
        other => other,
    }
}

/// TLS with the web's root certificates (webpki-roots), through ring like lettre's SMTP.
fn tls_connector() -> Result<TlsConnector, Pop3Error> {
    let roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Pop3Error::Tls(std::io::Error::other(e)))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, duplex};

    use super::*;

    #[test]
    fn mailbox_urls_are_read_with_their_credentials_decoded() {
        let tls = Mailbox::parse("pop3s://bounces%40example.org:p%40ss%3Aword@mail.example.org").expect("URL");
        assert_eq!((tls.tls, tls.host.as_str(), tls.port), (true, "mail.example.org", 995));
        assert_eq!((tls.user.as_str(), tls.password.as_str()), ("bounces@example.org", "p@ss:word"));
        let plain = Mailbox::parse("pop3://u:p@127.0.0.1:1110").expect("URL");
        assert_eq!((plain.tls, plain.port), (false, 1110));
        assert!(!format!("{tls:?} {tls}").contains("p@ss"), "the password is never shown");
        for (bad, why) in [
            ("imaps://u:p@host", "scheme"),
            ("pop3s://host", "user name is missing"),
            ("pop3s://u@host", "password is missing"),
            ("pop3s://u:p@host/INBOX", "nothing may follow"),
            ("pop3s://u:p%0Aw@host", "control character"),
            ("not a url", "not a URL"),
        ] {
            let problem = Mailbox::parse(bad).expect_err(bad);
            assert!(problem.contains(why), "{bad}: {problem}");
        }
    }

    /// A session whose server side the test writes: `script` is everything the server sends.
    async fn session_with(script: &[u8]) -> Result<Session, Pop3Error> {
        let (client, mut server) = duplex(1 << 20);
        let script = script.to_vec();
        tokio::spawn(async move {
            server.write_all(&script).await.ok();
            // Swallow what the client sends, so its writes never block.
            let mut sink = vec![0; 4096];
            while matches!(server.read(&mut sink).await, Ok(n) if n > 0) {}
        });
        Session::log_in(Box::new(client), "user", "secret").await
    }

    #[tokio::test]
    async fn retr_unstuffs_dots_and_stops_at_the_terminating_line() {
        let mut session = session_with(
            b"+OK hi\r\n+OK\r\n+OK\r\n+OK 2 messages\r\n1 120\r\n2 7\r\n.\r\n+OK\r\nA: b\r\n\r\n..x\r\n...\r\n.\r\n",
        )
        .await
        .expect("log in");
        assert_eq!(
            session.list().await.expect("list"),
            vec![Listed { number: 1, size: 120 }, Listed { number: 2, size: 7 }]
        );
        assert_eq!(
            session.retr(1, 1000).await.expect("retr"),
            Retrieved::Message(b"A: b\r\n\r\n.x\r\n..\r\n".to_vec())
        );
    }

    #[tokio::test]
    async fn a_message_over_the_limit_is_read_through_and_dropped() {
        let long_line = format!("{}\r\n", "x".repeat(MAX_MESSAGE_LINE + 10));
        let script =
            format!("+OK\r\n+OK\r\n+OK\r\n+OK\r\n0123456789\r\n.\r\n+OK\r\n{long_line}.\r\n+OK\r\nok\r\n.\r\n");
        let mut session = session_with(script.as_bytes()).await.expect("log in");
        assert_eq!(session.retr(1, 5).await.expect("retr"), Retrieved::TooLarge, "over the size asked for");
        assert_eq!(session.retr(2, 1 << 20).await.expect("retr"), Retrieved::TooLarge, "a line over the limit");
        assert_eq!(session.retr(3, 100).await.expect("retr"), Retrieved::Message(b"ok\r\n".to_vec()), "still in step");
    }

    #[tokio::test]
    async fn server_errors_are_errors() {
        let refused = session_with(b"+OK\r\n+OK\r\n-ERR [AUTH] bad password\r\n").await.err();
        assert!(matches!(&refused, Some(Pop3Error::Login(reply)) if reply.contains("bad password")), "{refused:?}");
        let greeting = session_with(b"-ERR go away\r\n").await.err();
        assert!(matches!(greeting, Some(Pop3Error::Refused { command: "greeting", .. })));
        let (client, mut server) = duplex(64);
        server.write_all(b"+OK\r\n").await.expect("greeting");
        drop(server);
        let closed = Session::log_in(Box::new(client), "user", "secret").await.err();
        assert!(
            matches!(closed, Some(Pop3Error::Protocol(_) | Pop3Error::Io(_))),
            "a server that hangs up: {closed:?}"
        );
        let mut session =
            session_with(b"+OK\r\n+OK\r\n+OK\r\n-ERR no such message\r\n+OK\r\n1 x\r\n.\r\n").await.expect("log in");
        assert!(matches!(session.dele(9).await, Err(Pop3Error::Refused { command: "DELE", .. })));
        assert!(matches!(session.list().await, Err(Pop3Error::Protocol(_))), "a LIST line that is not numbers");
    }

    #[tokio::test(start_paused = true)]
    async fn a_silent_server_times_out() {
        let (client, _server) = duplex(64);
        let silent = Session::log_in(Box::new(client), "user", "secret").await.err();
        assert!(matches!(silent, Some(Pop3Error::Timeout(_))), "{silent:?}");
    }
}

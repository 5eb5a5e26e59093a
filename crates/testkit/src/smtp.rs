//! An SMTP server in the test process (mailin-embedded): the app sends to it through real SMTP,
//! and tests read what arrived.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mail_parser::MessageParser;
use mailin_embedded::response::{self, Response};
use mailin_embedded::{Handler, Server};

#[derive(Debug, Clone)]
pub struct CapturedMail {
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    pub raw: String,
    pub subject: String,
    pub to: String,
    pub text: String,
    pub html: String,
}

impl CapturedMail {
    fn parse(envelope_from: String, envelope_to: Vec<String>, raw: Vec<u8>) -> Self {
        let parsed = MessageParser::default().parse(&raw);
        let (subject, to, text, html) = match &parsed {
            Some(m) => (
                m.subject().unwrap_or_default().to_owned(),
                m.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_owned(),
                m.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
                m.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
            ),
            None => Default::default(),
        };
        Self { envelope_from, envelope_to, raw: String::from_utf8_lossy(&raw).into_owned(), subject, to, text, html }
    }

    /// A header's raw value (first occurrence), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let parsed = MessageParser::default().parse(self.raw.as_bytes())?;
        parsed.header_raw(name).map(|v| v.replace("\r\n", "").trim().to_owned())
    }

    /// The first link in the text part that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        self.text.split_whitespace().find(|w| w.starts_with(prefix)).map(str::to_owned)
    }
}

/// Reply codes the test server gives for some recipients (450: try later, 550: no such user).
type Refusals = Arc<Mutex<std::collections::HashMap<String, u16>>>;

#[derive(Clone, Default)]
struct Capture {
    received: Arc<Mutex<Vec<CapturedMail>>>,
    refusals: Refusals,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Capture {
    fn rcpt(&mut self, to: &str) -> Response {
        let code = self.refusals.lock().ok().and_then(|r| r.get(&to.to_lowercase()).copied());
        match code {
            Some(code) if code >= 500 => Response::custom(code, "5.1.1 No such user here".into()),
            Some(code) => Response::custom(code, "4.2.1 Mailbox busy, try again later".into()),
            None => response::OK,
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mail = CapturedMail::parse(self.from.clone(), self.to.clone(), std::mem::take(&mut self.data));
        if let Ok(mut received) = self.received.lock() {
            received.push(mail);
        }
        response::OK
    }
}

/// The server, on a free loopback port, for the life of the test process.
#[derive(Clone)]
pub struct SmtpCapture {
    pub port: u16,
    received: Arc<Mutex<Vec<CapturedMail>>>,
    refusals: Refusals,
}

impl SmtpCapture {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port for the test SMTP server");
        let port = listener.local_addr().expect("local address").port();
        let handler = Capture::default();
        let received = handler.received.clone();
        let refusals = handler.refusals.clone();
        let mut server = Server::new(handler);
        server.with_name("smtp.test").with_num_threads(16).with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Self { port, received, refusals }
    }

    /// From now on, answer RCPT for `address` with `code` (e.g. 450 or 550).
    pub fn refuse(&self, address: &str, code: u16) {
        if let Ok(mut r) = self.refusals.lock() {
            r.insert(address.to_lowercase(), code);
        }
    }

    /// Accept `address` again.
    pub fn accept(&self, address: &str) {
        if let Ok(mut r) = self.refusals.lock() {
            r.remove(&address.to_lowercase());
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn all(&self) -> Vec<CapturedMail> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Mail sent to `address` so far.
    pub fn to(&self, address: &str) -> Vec<CapturedMail> {
        self.all().into_iter().filter(|m| m.envelope_to.iter().any(|t| t.eq_ignore_ascii_case(address))).collect()
    }

    /// Waits (up to 10 s) until `count` mails to `address` have arrived, and returns them all.
    pub async fn wait_for(&self, address: &str, count: usize) -> Vec<CapturedMail> {
        for _ in 0..200 {
            let mails = self.to(address);
            if mails.len() >= count {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "expected {count} mail(s) to {address}, got {:?}",
            self.to(address).iter().map(|m| &m.subject).collect::<Vec<_>>()
        );
    }
}

//! A POP3 server in the test process (RFC 1939 over plain TCP, a thread per connection): it holds
//! a mailbox the app polls, and tests read what is left and what was deleted.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard};

pub const POP3_USER: &str = "bounces@rendezvous.example";
pub const POP3_PASSWORD: &str = "p@ss word/with:specials";

#[derive(Default)]
struct Maildrop {
    messages: Vec<Vec<u8>>,
    deleted: usize,
    /// Close the connection at QUIT without deleting anything, as if the poller died first.
    cut_at_quit: bool,
}

/// The server, on a free loopback port, for the life of the test process.
#[derive(Clone)]
pub struct Pop3Server {
    pub port: u16,
    drop: Arc<Mutex<Maildrop>>,
}

impl Pop3Server {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port for the test POP3 server");
        let port = listener.local_addr().expect("local address").port();
        let drop = Arc::new(Mutex::new(Maildrop::default()));
        let shared = drop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &shared);
                });
            }
        });
        Self { port, drop }
    }

    /// `pop3://USER:PASSWORD@127.0.0.1:PORT`, with the credentials percent-encoded.
    pub fn url(&self) -> String {
        self.url_with_password(POP3_PASSWORD)
    }

    pub fn url_with_password(&self, password: &str) -> String {
        let mut url = url::Url::parse(&format!("pop3://127.0.0.1:{}", self.port)).expect("URL");
        url.set_username(POP3_USER).expect("user");
        url.set_password(Some(password)).expect("password");
        url.to_string()
    }

    pub fn add(&self, message: impl Into<Vec<u8>>) {
        lock(&self.drop).messages.push(message.into());
    }

    /// Messages still in the mailbox.
    pub fn len(&self) -> usize {
        lock(&self.drop).messages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Messages deleted so far (at a QUIT).
    pub fn deleted(&self) -> usize {
        lock(&self.drop).deleted
    }

    /// From now on, close the connection at QUIT without deleting anything (`true`), or not.
    pub fn cut_at_quit(&self, cut: bool) {
        lock(&self.drop).cut_at_quit = cut;
    }
}

fn lock(drop: &Mutex<Maildrop>) -> MutexGuard<'_, Maildrop> {
    drop.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One session: AUTHORIZATION (USER, PASS), TRANSACTION (STAT, LIST, RETR, DELE, NOOP, RSET), and
/// at QUIT the UPDATE that deletes what was marked.
fn serve(stream: TcpStream, drop: &Mutex<Maildrop>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"+OK test POP3 server ready\r\n")?;
    let (mut user, mut logged_in) = (String::new(), false);
    let mut snapshot: Vec<Vec<u8>> = Vec::new();
    let mut marked: Vec<bool> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let (command, argument) = line.trim_end().split_once(' ').unwrap_or((line.trim_end(), ""));
        let number = argument.parse::<usize>().ok().filter(|n| (1..=snapshot.len()).contains(n) && !marked[n - 1]);
        match (command.to_ascii_uppercase().as_str(), logged_in) {
            ("USER", false) => {
                user = argument.to_owned();
                out.write_all(b"+OK\r\n")?;
            }
            ("PASS", false) if user == POP3_USER && argument == POP3_PASSWORD => {
                logged_in = true;
                snapshot = lock(drop).messages.clone();
                marked = vec![false; snapshot.len()];
                out.write_all(format!("+OK {} messages\r\n", snapshot.len()).as_bytes())?;
            }
            ("PASS", false) => out.write_all(b"-ERR [AUTH] Invalid user name or password\r\n")?,
            ("STAT" | "LIST", true) => {
                let live: Vec<(usize, usize)> =
                    (0..snapshot.len()).filter(|i| !marked[*i]).map(|i| (i + 1, wire(&snapshot[i]).len())).collect();
                let total: usize = live.iter().map(|(_, size)| size).sum();
                if command.eq_ignore_ascii_case("STAT") {
                    out.write_all(format!("+OK {} {total}\r\n", live.len()).as_bytes())?;
                } else {
                    let mut answer = format!("+OK {} messages ({total} octets)\r\n", live.len());
                    for (n, size) in live {
                        answer.push_str(&format!("{n} {size}\r\n"));
                    }
                    answer.push_str(".\r\n");
                    out.write_all(answer.as_bytes())?;
                }
            }
            ("RETR", true) => match number {
                Some(n) => {
                    let body = wire(&snapshot[n - 1]);
                    out.write_all(format!("+OK {} octets\r\n", body.len()).as_bytes())?;
                    out.write_all(&body)?;
                    out.write_all(b".\r\n")?;
                }
                None => out.write_all(b"-ERR no such message\r\n")?,
            },
            ("DELE", true) => match number {
                Some(n) => {
                    marked[n - 1] = true;
                    out.write_all(b"+OK marked\r\n")?;
                }
                None => out.write_all(b"-ERR no such message\r\n")?,
            },
            ("RSET", true) => {
                marked.iter_mut().for_each(|m| *m = false);
                out.write_all(b"+OK\r\n")?;
            }
            ("NOOP", true) => out.write_all(b"+OK\r\n")?,
            ("QUIT", _) => {
                let mut drop = lock(drop);
                if drop.cut_at_quit {
                    return Ok(());
                }
                for (message, _) in snapshot.iter().zip(&marked).filter(|(_, m)| **m) {
                    if let Some(at) = drop.messages.iter().position(|kept| kept == message) {
                        drop.messages.remove(at);
                        drop.deleted += 1;
                    }
                }
                return out.write_all(b"+OK bye\r\n");
            }
            _ => out.write_all(b"-ERR not now\r\n")?,
        }
    }
}

/// A message as it goes over the wire: CRLF line endings, each line that starts with "." given
/// another one (dot-stuffing), ending with CRLF so the terminating "." stands on its own line.
fn wire(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + 64);
    for line in message.split_inclusive(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.starts_with(b".") {
            out.push(b'.');
        }
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    out
}

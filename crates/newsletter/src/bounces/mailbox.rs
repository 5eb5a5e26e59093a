//! The bounce mailbox (`--bounce-mailbox`), polled over POP3 by the `newsletter.poll-bounces` job
//! every `--bounce-poll-seconds`. Each message is acted on by [`process`], as if the MTA had
//! posted it to /inbound, remembered by the SHA-256 of its bytes, and only then deleted: a poll
//! that stops half-way loses nothing, and a message it sees again is deleted without acting twice.

use std::time::{Duration, Instant};

use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::crypto::sha256_hex;
use rendezvous_platform::jobs::DEFAULT_MAX_ATTEMPTS;
use rendezvous_platform::mail::pop3::{Pop3Error, Retrieved, Session};
use rendezvous_platform::{AppState, BoxError};
use serde::Serialize;

use super::inbound::{MAX_INBOUND, process};
use crate::store;

pub const KIND: &str = "newsletter.poll-bounces";

/// How long one poll goes on taking messages; the rest wait for the next poll. Well inside the
/// job's 5-minute lease, so no other worker takes the job back while it runs.
const RUN_BUDGET: Duration = Duration::from_secs(120);

/// How long a message is remembered once acted on.
const SEEN_DAYS: i64 = 30;

/// What one poll did, in counts (never addresses or contents).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PollReport {
    /// Messages acted on, then deleted.
    pub processed: usize,
    /// Messages acted on by an earlier poll that stopped before deleting them: deleted now.
    pub already_seen: usize,
    /// Messages over the size limit: deleted unread (/inbound would refuse them too).
    pub too_large: usize,
    /// Messages left for the next poll when this one ran out of time.
    pub left: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PollError {
    #[error("no bounce mailbox is configured (--bounce-mailbox)")]
    NotConfigured,
    #[error("bounce mailbox {mailbox}")]
    Pop3 {
        mailbox: String,
        #[source]
        source: Pop3Error,
    },
    #[error("could not record an inbound message")]
    Db(#[from] sqlx::Error),
}

/// Queues a poll unless one is already queued or running. The server calls it on the clock.
pub async fn queue_poll(state: &AppState) -> Result<bool, BoxError> {
    state.jobs.enqueue_once(KIND, &serde_json::json!({}), DEFAULT_MAX_ATTEMPTS).await
}

/// The job: one poll. A failure is retried with the queue's backoff, and kept on the jobs page.
pub async fn handle(state: AppState, _payload: serde_json::Value) -> Result<(), BoxError> {
    let report = poll(&state).await?;
    state.jobs.clear_failed(KIND).await?;
    if report != PollReport::default() {
        tracing::info!(
            processed = report.processed,
            already_seen = report.already_seen,
            too_large = report.too_large,
            left = report.left,
            "bounce mailbox polled"
        );
    }
    Ok(())
}

/// Connects to the bounce mailbox, acts on every message in it and deletes them.
pub async fn poll(state: &AppState) -> Result<PollReport, PollError> {
    let mailbox = crate::settings(state).bounce_mailbox.as_ref().ok_or(PollError::NotConfigured)?;
    let pop3 = |source| PollError::Pop3 { mailbox: mailbox.to_string(), source };
    let mut session = Session::open(mailbox).await.map_err(pop3)?;
    let outcome = take_all(state, &mut session).await;
    // QUIT is what makes the server delete the marked messages. After a database failure the
    // session is still in step, so those acted on so far go; after a POP3 failure it may not be,
    // so the connection is dropped and they are seen again (and skipped) next time.
    match outcome {
        Ok(report) => {
            session.quit().await.map_err(pop3)?;
            store::forget_inbound_seen(&state.db, state.clock.now_ms() - SEEN_DAYS * DAY_MS).await?;
            Ok(report)
        }
        Err(Step::Db(e)) => {
            let _ = session.quit().await;
            Err(PollError::Db(e))
        }
        Err(Step::Pop3(e)) => Err(pop3(e)),
    }
}

enum Step {
    Pop3(Pop3Error),
    Db(sqlx::Error),
}

impl From<Pop3Error> for Step {
    fn from(e: Pop3Error) -> Self {
        Step::Pop3(e)
    }
}

impl From<sqlx::Error> for Step {
    fn from(e: sqlx::Error) -> Self {
        Step::Db(e)
    }
}

async fn take_all(state: &AppState, session: &mut Session) -> Result<PollReport, Step> {
    let started = Instant::now();
    let mut report = PollReport::default();
    let listed = session.list().await?;
    for (done, message) in listed.iter().enumerate() {
        if started.elapsed() > RUN_BUDGET {
            report.left = listed.len() - done;
            break;
        }
        let retrieved = if message.size > MAX_INBOUND as u64 {
            Retrieved::TooLarge
        } else {
            session.retr(message.number, MAX_INBOUND).await?
        };
        match retrieved {
            Retrieved::TooLarge => {
                tracing::warn!(size = message.size, "bounce mailbox: a message over 10 MiB deleted unread");
                report.too_large += 1;
            }
            Retrieved::Message(raw) => {
                let digest = sha256_hex(&raw);
                if store::inbound_seen(&state.db, &digest).await? {
                    report.already_seen += 1;
                } else {
                    // Acted on, then remembered: a crash in between acts twice, never not at all.
                    process(state, &raw).await?;
                    store::mark_inbound_seen(&state.db, &digest, state.clock.now_ms()).await?;
                    report.processed += 1;
                }
            }
        }
        session.dele(message.number).await?;
    }
    Ok(report)
}

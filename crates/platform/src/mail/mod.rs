//! Mail: one way out. Through SMTP (our pools over lettre's connections) when configured, else into the outbox table
//! that admins read at /admin/outbox, so a fresh install works end to end without a mail server.
//! Mail is sent by a job, so a failed attempt is retried with backoff and never lost.

mod dkim;
mod message;
pub mod notice;
pub mod outbox;
pub mod pop3;
pub mod relay;
mod relay_pool;
mod transport;

pub use message::OutgoingMail;
pub use transport::{MailError, Mailer};

use crate::jobs::{JobKind, JobRegistry, Priority};
use crate::{AppState, BoxError};

/// Mail a person is waiting for (verification, reset, notices): sent before bulk work.
pub const SEND_JOB: &str = "mail.send";
/// Mail that comes in numbers (notifications, digests): after account mail, one worker at most.
pub const BULK_JOB: &str = "mail.bulk";

/// Queues a mail a person is waiting for; a worker sends it.
pub async fn enqueue(state: &AppState, mail: &OutgoingMail) -> Result<(), BoxError> {
    state.jobs.enqueue(SEND_JOB, mail).await?;
    Ok(())
}

/// Queues one of many mails (notifications, digests), behind account mail.
pub async fn enqueue_bulk(state: &AppState, mail: &OutgoingMail) -> Result<(), BoxError> {
    state.jobs.enqueue(BULK_JOB, mail).await?;
    Ok(())
}

pub fn register_jobs(registry: &mut JobRegistry) {
    registry.register_kind(JobKind::new(SEND_JOB).priority(Priority::Account), send);
    registry.register_kind(JobKind::new(BULK_JOB).max_running(1), send);
}

async fn send(state: AppState, payload: serde_json::Value) -> Result<(), BoxError> {
    let mail: OutgoingMail = serde_json::from_value(payload)?;
    match state.mailer.send(&mail).await {
        Ok(()) => {
            state.metrics.mails_sent.inc();
            Ok(())
        }
        Err(e) => {
            state.metrics.mails_failed.inc();
            Err(e.into())
        }
    }
}

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

use crate::jobs::JobRegistry;
use crate::{AppState, BoxError};

pub const SEND_JOB: &str = "mail.send";

/// Queues a mail; a worker sends it.
pub async fn enqueue(state: &AppState, mail: &OutgoingMail) -> Result<(), BoxError> {
    state.jobs.enqueue(SEND_JOB, mail).await?;
    Ok(())
}

pub fn register_jobs(registry: &mut JobRegistry) {
    registry.register(SEND_JOB, |state: AppState, payload| async move {
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
    });
}

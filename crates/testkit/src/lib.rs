//! Test support: the real application on a fresh database (a temp SQLite file, or a schema of its
//! own on the PostgreSQL named by TEST_DATABASE_URL), an in-process SMTP server catching its mail, a POP3 server holding a bounce mailbox,
//! HTTP clients that behave like browsers, and factories for common set-ups.

mod app;
mod pop3;
mod smtp;

pub use app::{PASSWORD, TestApp, TestOptions, USER_AGENT, post_form};
pub use pop3::{POP3_PASSWORD, POP3_USER, Pop3Server};
pub use smtp::{CapturedMail, SmtpCapture};

//! Test support: the real application on a fresh database (a temp SQLite file, or a schema of its
//! own on the PostgreSQL named by TEST_DATABASE_URL), an in-process SMTP server catching its mail,
//! HTTP clients that behave like browsers, and factories for common set-ups.

mod app;
mod smtp;

pub use app::{PASSWORD, TestApp, TestOptions, USER_AGENT, post_form};
pub use smtp::{CapturedMail, SmtpCapture};

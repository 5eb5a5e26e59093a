//! How the command line ends: a mistake in what the person typed (an unknown list, a file with no
//! email column) is one plain line and exit status 2, as shells and scripts expect; anything else
//! is one line and status 1. Never a backtrace, whatever RUST_BACKTRACE says: it would help no
//! one running the command and would bury the sentence that does.

use std::fmt;
use std::process::ExitCode;

/// A mistake the person can fix by changing the command or the file.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A usage error with this message, as an `anyhow::Error` for `?`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// Writes the error as one line on standard error and gives the exit status.
pub fn report(error: &anyhow::Error) -> ExitCode {
    // `{:#}` joins the cause chain on one line; `{:?}` would add the backtrace.
    let line = format!("{error:#}").replace('\n', " ");
    eprintln!("error: {line}");
    if error.downcast_ref::<UsageError>().is_some() { ExitCode::from(2) } else { ExitCode::FAILURE }
}

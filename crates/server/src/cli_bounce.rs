//! `rendezvous bounce classify FILE... [--json]`: says what each saved inbound message is (hard
//! or soft bounce, delay, complaint, or not a bounce), for which address, with which status.
//! Reads files only; needs no database.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, Subcommand};
use rendezvous_newsletter::bounces::{self, BounceKind};

#[derive(Subcommand)]
pub enum BounceCommand {
    /// Classify raw messages (RFC 5322 files, e.g. .eml): one line per file.
    Classify(ClassifyArgs),
}

#[derive(Args)]
pub struct ClassifyArgs {
    /// The messages to classify.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// One JSON object per line: file, kind, address, status.
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct Line<'a> {
    file: &'a str,
    kind: BounceKind,
    address: Option<&'a str>,
    status: Option<&'a str>,
}

pub fn run(command: BounceCommand) -> anyhow::Result<()> {
    match command {
        BounceCommand::Classify(args) => classify(&args),
    }
}

fn classify(args: &ClassifyArgs) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let mut unreadable = 0;
    for path in &args.files {
        let file = path.display().to_string();
        let raw = match std::fs::read(path) {
            Ok(raw) => raw,
            Err(e) => {
                eprintln!("{file}: cannot read: {e}");
                unreadable += 1;
                continue;
            }
        };
        let c = bounces::classify(&raw);
        let line = Line { file: &file, kind: c.kind, address: c.address.as_deref(), status: c.status.as_deref() };
        if args.json {
            serde_json::to_writer(&mut out, &line)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{}: {} {} {}",
                line.file,
                line.kind.as_str(),
                line.address.unwrap_or("-"),
                line.status.unwrap_or("-")
            )?;
        }
    }
    out.flush()?;
    if unreadable > 0 {
        bail!("{unreadable} of {} files could not be read", args.files.len());
    }
    Ok(())
}

//! `rendezvous import FILE --list S --consent KIND --evidence TEXT [--dry-run] [--json]`: imports
//! subscribers all or nothing, with a progress bar on a terminal and a report at the end.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rendezvous_newsletter::import::{self, ImportOptions};
use rendezvous_newsletter::model::ConsentKind;
use rendezvous_newsletter::store;
use rendezvous_platform::clock::Clock;
use rendezvous_platform::config::Config;

#[derive(Args)]
pub struct ImportArgs {
    /// The file: CSV, TSV or semicolon-separated; UTF-8 (with or without BOM) or Windows-1252.
    file: PathBuf,
    /// The list's slug.
    #[arg(long)]
    list: String,
    /// How consent was obtained: express, implied-membership, implied-relationship or published.
    #[arg(long)]
    consent: String,
    /// Where and when consent was given (kept in the consent ledger of every imported person).
    #[arg(long)]
    evidence: String,
    /// Check the file and report, without importing anything.
    #[arg(long)]
    dry_run: bool,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
}

pub async fn run(config: Config, args: ImportArgs) -> anyhow::Result<()> {
    let consent = ConsentKind::parse_stated(&args.consent)
        .context("--consent must be express, implied-membership, implied-relationship or published")?;
    if args.evidence.trim().is_empty() {
        bail!("--evidence must say where and when consent was given");
    }
    let bytes = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let app = rendezvous_server::build(config, Clock::default()).await.map_err(anyhow::Error::msg)?;
    let list = store::list_by_slug(&app.state.db, &args.list)
        .await?
        .with_context(|| format!("no list has the slug {:?}", args.list))?;
    eprintln!("Importing {} ({} bytes) into {}...", args.file.display(), bytes.len(), list.slug);
    let bar = ProgressBar::with_draw_target(Some(bytes.len() as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {percent:>3}% {binary_bytes}/{binary_total_bytes} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let options =
        ImportOptions { list_id: list.id, consent, evidence: args.evidence, dry_run: args.dry_run, actor_id: None };
    let report = import::run(&app.state.db, &app.state.clock, &bytes, &options, |done, _| bar.set_position(done))
        .await
        .map_err(|e| anyhow::anyhow!("{e}; nothing was imported"))?;
    bar.finish_and_clear();
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
        return Ok(());
    }
    let verb = if report.dry_run { "would be imported (dry run: nothing changed)" } else { "imported" };
    println!(
        "{} rows: {} valid, {} {verb}, {} already subscribed, {} repeated, {} suppressed, {} rejected.",
        report.rows,
        report.valid,
        report.imported,
        report.already_subscribed,
        report.duplicates,
        report.suppressed,
        report.invalid
    );
    for reject in report.rejects.iter().take(50) {
        println!("  line {}: {}", reject.line, reject.reason);
    }
    if report.invalid > 50 {
        println!("  ... and {} more rejected rows (use --json for all)", report.invalid - 50);
    }
    Ok(())
}

//! `rendezvous import FILE --list S --consent KIND --evidence TEXT [--dry-run] [--json]`: imports
//! subscribers all or nothing, with a progress bar on a terminal and a report at the end.

use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rendezvous_newsletter::import::{self, ImportError, ImportOptions};
use rendezvous_newsletter::model::ConsentKind;

use rendezvous_platform::clock::Clock;
use rendezvous_platform::config::Config;
use rendezvous_platform::feature::FeatureSettings;

use crate::cli_error::usage;

#[derive(Args)]
pub struct ImportArgs {
    /// The file: CSV, TSV or semicolon-separated; UTF-8 (with or without BOM), Windows-1252 or Mac
    /// Roman; as spreadsheets, Google Contacts, Outlook, Mailchimp or Constant Contact export it.
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

pub async fn run(config: Config, settings: FeatureSettings, args: ImportArgs) -> anyhow::Result<()> {
    let consent = ConsentKind::parse_stated(&args.consent)
        .ok_or_else(|| usage("--consent must be express, implied-membership, implied-relationship or published"))?;
    if rendezvous_platform::validate::evidence(&args.evidence).is_none() {
        return Err(usage("--evidence must say where and when consent was given"));
    }
    let bytes = std::fs::read(&args.file).map_err(|e| usage(format!("cannot read {}: {e}", args.file.display())))?;
    let app = rendezvous_server::build(config, settings, Clock::default()).await.map_err(anyhow::Error::msg)?;
    let list = rendezvous_newsletter::list_by_slug(&app.state.db, &args.list)
        .await?
        .ok_or_else(|| usage(format!("no list has the slug {:?}; nothing was imported", args.list)))?;
    // A file that cannot be imported at all is said before any progress, as the only line.
    if let Err(e) = import::parse::ImportFile::open(&bytes) {
        return Err(usage(format!("{}: {e}; nothing was imported", args.file.display())));
    }
    eprintln!("Importing {} ({} bytes) into {}...", args.file.display(), bytes.len(), list.slug);
    let bar = ProgressBar::with_draw_target(Some(bytes.len() as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {percent:>3}% {binary_bytes}/{binary_total_bytes} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let options = ImportOptions {
        list_id: list.id,
        consent,
        evidence: args.evidence,
        dry_run: args.dry_run,
        actor_id: None,
        keep_places: import::wants_places(&app.state, &list.slug),
    };
    let report = import::run(&app.state.db, &app.state.clock, &bytes, &options, |done, _| bar.set_position(done))
        .await
        .map_err(|e| match e {
            ImportError::Db(_) => anyhow::anyhow!("{e}; nothing was imported"),
            _ => usage(format!("{}: {e}; nothing was imported", args.file.display())),
        })?;
    bar.finish_and_clear();
    import::tell_features(&app.state, &list.slug, &report).await.map_err(anyhow::Error::msg)?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
        return Ok(());
    }
    let verb = if report.dry_run { "would be imported (dry run: nothing changed)" } else { "imported" };
    println!(
        "{} rows: {} valid, {} {verb}, {} already subscribed, {} repeated, {} suppressed, {} not imported \
         (unsubscribed, bounced or unconfirmed in the file), {} rejected.",
        report.rows,
        report.valid,
        report.imported,
        report.already_subscribed,
        report.duplicates,
        report.suppressed,
        report.left_out,
        report.invalid
    );
    for row in report.left_out_rows.iter().take(50) {
        println!("  line {}: {}", row.line, row.reason);
    }
    if report.left_out > 50 {
        println!("  ... and {} more rows not imported (use --json for all)", report.left_out - 50);
    }
    for reject in report.rejects.iter().take(50) {
        println!("  line {}: {}", reject.line, reject.reason);
    }
    if report.invalid > 50 {
        println!("  ... and {} more rejected rows (use --json for all)", report.invalid - 50);
    }
    Ok(())
}

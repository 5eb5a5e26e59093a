//! `rendezvous targets import FILE --set SLUG [--name-en N --name-fr N] [--json]`: creates or
//! replaces a target set from a file in OpenNorth Represent's layout, then fetches portraits;
//! `rendezvous targets postcodes FILE --set SLUG`: its postal-code table.

use std::path::PathBuf;

use clap::Subcommand;
use rendezvous_advocacy::targets::{self, ImportError};
use rendezvous_platform::clock::Clock;
use rendezvous_platform::config::Config;
use rendezvous_platform::feature::FeatureSettings;

use crate::cli_error::usage;

#[derive(Subcommand)]
pub enum TargetsCommand {
    /// Create or replace a set's targets from a CSV file (Represent's columns; a committees column
    /// of codes separated by semicolons). Targets missing from the file are kept, retired.
    Import {
        file: PathBuf,
        /// The set's slug (made when new), e.g. house-of-commons.
        #[arg(long = "set")]
        set: String,
        #[arg(long)]
        name_en: Option<String>,
        #[arg(long)]
        name_fr: Option<String>,
        /// Print the counts as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Replace a set's postal-code table (CSV: postal code, district name).
    Postcodes {
        file: PathBuf,
        #[arg(long = "set")]
        set: String,
    },
}

pub async fn run(config: Config, settings: FeatureSettings, command: TargetsCommand) -> anyhow::Result<()> {
    let app = rendezvous_server::build(config, settings, Clock::default()).await.map_err(anyhow::Error::msg)?;
    let state = &app.state;
    match command {
        TargetsCommand::Import { file, set, name_en, name_fr, json } => {
            let bytes = std::fs::read(&file).map_err(|e| usage(format!("cannot read {}: {e}", file.display())))?;
            let mut report =
                match targets::import(&state.db, &state.clock, &set, name_en.as_deref(), name_fr.as_deref(), &bytes)
                    .await
                {
                    Ok(report) => report,
                    Err(ImportError::Db(e)) => return Err(e.into()),
                    Err(e) => return Err(usage(format!("{}: {e}; nothing was imported", file.display()))),
                };
            let set_row = rendezvous_advocacy::store::targets::set_by_slug(&state.db, &report.set).await?;
            if let Some(set_row) = set_row {
                (report.photos_fetched, report.photos_failed) = targets::fetch_photos(&state.db, set_row.id).await?;
            }
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!(
                    "Set {}: {} added, {} updated, {} retired, {} without an email address, {} rows left out.",
                    report.set,
                    report.added,
                    report.updated,
                    report.retired,
                    report.without_email,
                    report.rejected.len()
                );
                for r in &report.rejected {
                    println!("  line {}: {}", r.line, state.tr.t(rendezvous_platform::i18n::Lang::En, r.reason));
                }
                if !report.new_committees.is_empty() {
                    println!(
                        "New committees (name them at /admin/letters/committees): {}",
                        report.new_committees.join(", ")
                    );
                }
                println!(
                    "Portraits: {} fetched, {} could not be fetched.",
                    report.photos_fetched, report.photos_failed
                );
            }
            Ok(())
        }
        TargetsCommand::Postcodes { file, set } => {
            let bytes = std::fs::read(&file).map_err(|e| usage(format!("cannot read {}: {e}", file.display())))?;
            let set_row = rendezvous_advocacy::store::targets::set_by_slug(&state.db, &set)
                .await?
                .ok_or_else(|| usage(format!("no set has the slug {set:?}: import its targets first")))?;
            let (kept, rejected) = targets::import_postcodes(&state.db, set_row.id, &bytes).await?;
            println!("Set {set}: {kept} postal codes kept, {} lines left out.", rejected.len());
            Ok(())
        }
    }
}

//! `rendezvous campaign create|send|status`: scripts create a draft from Markdown files, queue it,
//! and follow it; a running `rendezvous serve` delivers.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use rendezvous_newsletter::campaigns::{self, NewCampaign};
use rendezvous_platform::clock::Clock;
use rendezvous_platform::config::Config;
use rendezvous_platform::feature::FeatureSettings;

#[derive(Subcommand)]
pub enum CampaignCommand {
    /// Create a draft campaign (prints its id).
    Create {
        #[arg(long)]
        list: String,
        #[arg(long, default_value = "")]
        subject_en: String,
        /// Markdown file with the English body.
        #[arg(long)]
        body_en: Option<PathBuf>,
        #[arg(long, default_value = "")]
        subject_fr: String,
        /// Markdown file with the French body.
        #[arg(long)]
        body_fr: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Queue a draft for delivery now.
    Send { id: rendezvous_newsletter::CampaignId },
    /// Show a campaign's progress.
    Status {
        id: rendezvous_newsletter::CampaignId,
        #[arg(long)]
        json: bool,
    },
}

fn read(path: Option<&PathBuf>) -> anyhow::Result<String> {
    match path {
        Some(p) => std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display())),
        None => Ok(String::new()),
    }
}

pub async fn run(config: Config, settings: FeatureSettings, command: CampaignCommand) -> anyhow::Result<()> {
    let app = rendezvous_server::build(config, settings, Clock::default()).await.map_err(anyhow::Error::msg)?;
    let (db, clock) = (&app.state.db, &app.state.clock);
    match command {
        CampaignCommand::Create { list, subject_en, body_en, subject_fr, body_fr, json } => {
            let (body_en, body_fr) = (read(body_en.as_ref())?, read(body_fr.as_ref())?);
            let new = NewCampaign {
                list_slug: &list,
                subject_en: &subject_en,
                body_en: &body_en,
                subject_fr: &subject_fr,
                body_fr: &body_fr,
                segment_id: None,
                created_by: None,
            };
            let id = campaigns::create(db, clock, &new).await?;
            if json {
                println!("{}", serde_json::json!({ "id": id }));
            } else {
                println!("{id}");
            }
        }
        CampaignCommand::Send { id } => {
            // The same path as the campaign page's "Send now".
            let recipients = campaigns::lifecycle::send_now(&app.state, id).await?;
            println!("Campaign {id} queued for {recipients} recipients.");
        }
        CampaignCommand::Status { id, json } => {
            let progress = campaigns::progress(db, id).await?.context("no campaign has this id")?;
            if json {
                println!("{}", serde_json::to_string(&progress)?);
            } else {
                println!(
                    "{}: {} recipients, {} sent, {} failed, {} skipped, {} remaining",
                    progress.state,
                    progress.recipients,
                    progress.sent,
                    progress.failed,
                    progress.skipped,
                    progress.remaining
                );
            }
        }
    }
    Ok(())
}

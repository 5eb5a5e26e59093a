//! `rendezvous`: the command line. Every setting is a flag and a RENDEZVOUS_* variable.

mod cli_bounce;
mod cli_campaign;
mod cli_error;
mod cli_import;
mod cli_targets;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use rendezvous_accounts::{AccountSpec, create_account, create_scoped_api_token};
use rendezvous_platform::auth::Role;
use rendezvous_platform::clock::Clock;
use rendezvous_platform::config::Config;
use rendezvous_platform::db::{Db, Dialect};
use rendezvous_platform::feature::FeatureSettings;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use rendezvous_platform::i18n::Lang;

#[derive(Parser)]
#[command(name = "rendezvous", version, about = "The meeting place and mailing system of an advocacy network")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server and the background workers (migrates the database first).
    Serve {
        /// Fill an empty database with the demo network before serving.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Administrator accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// API bearer tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Fill an empty database with a realistic demo network.
    Demo,
    /// Mailing lists.
    #[command(subcommand)]
    List(ListCommand),
    /// Import subscribers from a CSV/TSV file into a list, all or nothing.
    Import(cli_import::ImportArgs),
    /// Copy the SQLite database to FILE while Rendezvous runs (PostgreSQL: use pg_dump). The hash
    /// key (data/hash.key) is never in it: keep it apart.
    Backup { file: PathBuf },
    /// Campaigns: create a draft, queue it, follow it.
    #[command(subcommand)]
    Campaign(cli_campaign::CampaignCommand),
    /// Inbound bounces and complaints.
    #[command(subcommand)]
    Bounce(cli_bounce::BounceCommand),
    /// The people letters are written to: import a set, its postal codes.
    #[command(subcommand)]
    Targets(cli_targets::TargetsCommand),
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an administrator account (the address counts as verified).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from standard input (required: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
        /// Language of the account: en or fr.
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Subcommand)]
enum ListCommand {
    /// Create a mailing list.
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name_en: String,
        #[arg(long)]
        name_fr: String,
        /// Anyone may subscribe on the site (double opt-in).
        #[arg(long)]
        public: bool,
        /// Default language of the list: en or fr.
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Print a new API bearer token for the account with this address.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cli")]
        label: String,
        /// What the token may do (repeat, or separate with commas): read, lists, campaigns,
        /// members, forum, alerts, library, events, letters, webhooks, admin. Default: everything
        /// the account may do.
        #[arg(long = "scope", value_delimiter = ',', value_parser = parse_scope)]
        scopes: Vec<&'static str>,
        /// Days until the token stops working. Default: it does not expire.
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=3650))]
        expires_days: Option<i64>,
    },
}

fn parse_scope(text: &str) -> Result<&'static str, String> {
    rendezvous_platform::scopes::SCOPES
        .iter()
        .find(|s| **s == text)
        .copied()
        .ok_or_else(|| format!("unknown scope {text:?}; known: {}", rendezvous_platform::scopes::SCOPES.join(", ")))
}

/// The command line: the global settings, each feature's settings group (global flags too) and
/// the subcommand. Help and usage errors exit here, as clap does.
fn parse_command_line() -> anyhow::Result<(Cli, FeatureSettings)> {
    let features = rendezvous_server::features();
    let mut command = Cli::command();
    for group in features.iter().filter_map(|f| f.settings) {
        command = (group.augment)(command);
    }
    let matches = command.get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let settings = FeatureSettings::from_matches(&features, &matches).unwrap_or_else(|e| e.exit());
    Ok((cli, settings))
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => cli_error::report(&error),
    }
}

async fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RENDEZVOUS_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .with_target(false)
        // Logs go to standard error: standard output is what scripts read (a token, a JSON
        // report), and a warning there (sqlx's slow-statement note under load) corrupted it.
        .with_writer(std::io::stderr)
        .init();
    let (cli, settings) = parse_command_line()?;
    let config = cli.config;
    let database_url = config.database_url();
    let serving = matches!(cli.command, Command::Serve { .. });
    let result = command(cli.command, config, settings).await;
    // A command may have written what a running server keeps (pages, counts): it is told, as a
    // server's own writes tell the others.
    if !serving && result.is_ok() {
        rendezvous_platform::changes::tell_others(&database_url).await;
    }
    result
}

async fn command(command: Command, config: Config, settings: FeatureSettings) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo } => serve(config, settings, demo).await,
        Command::Migrate => {
            let db = Db::connect(&config.database_url()).await?;
            db.migrate().await?;
            println!("Database is up to date.");
            Ok(())
        }
        Command::Admin(AdminCommand::Create { email, name, password_stdin: _, lang }) => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let lang = Lang::parse(&lang).context("--lang must be en or fr")?;
            let app = rendezvous_server::build(config, settings, Clock::default()).await.map_err(anyhow::Error::msg)?;
            let spec = AccountSpec { email: &email, display_name: &name, password, lang, roles: &[Role::ADMIN] };
            let id = create_account(&app.state.db, &app.state.clock, &spec, None).await?;
            println!(
                "Administrator #{} created. They must set up two-factor authentication before using admin pages.",
                id.0
            );
            Ok(())
        }
        Command::Token(TokenCommand::Create { email, label, scopes, expires_days }) => {
            let app = rendezvous_server::build(config, settings, Clock::default()).await.map_err(anyhow::Error::msg)?;
            let expires_at = expires_days.map(|d| app.state.clock.now_ms() + d * rendezvous_platform::clock::DAY_MS);
            let (db, clock) = (&app.state.db, &app.state.clock);
            let token = create_scoped_api_token(db, clock, &email, &label, &scopes, expires_at).await?;
            println!("{token}");
            Ok(())
        }
        Command::Demo => {
            let app = rendezvous_server::build(config, settings, Clock::default()).await.map_err(anyhow::Error::msg)?;
            let summary = rendezvous_server::demo_fill(&app.state).await.map_err(anyhow::Error::msg)?;
            print_demo(&summary);
            Ok(())
        }
        Command::Backup { file } => backup(config, file).await,
        Command::List(ListCommand::Create { slug, name_en, name_fr, public, lang }) => {
            let lang = Lang::parse(&lang).context("--lang must be en or fr")?;
            let app = rendezvous_server::build(config, settings, Clock::default()).await.map_err(anyhow::Error::msg)?;
            let id = rendezvous_newsletter::create_list(
                &app.state.db,
                &app.state.clock,
                &slug,
                &name_en,
                &name_fr,
                public,
                lang,
            )
            .await?;
            println!("List #{id} \"{slug}\" created.");
            Ok(())
        }
        Command::Import(args) => cli_import::run(config, settings, args).await,
        Command::Bounce(cmd) => cli_bounce::run(cmd),
        Command::Campaign(cmd) => cli_campaign::run(config, settings, cmd).await,
        Command::Targets(cmd) => cli_targets::run(config, settings, cmd).await,
    }
}

async fn serve(config: Config, settings: FeatureSettings, demo: bool) -> anyhow::Result<()> {
    let listen = config.listen;
    let app = rendezvous_server::build(config, settings, Clock::default()).await.map_err(anyhow::Error::msg)?;
    if demo {
        if !rendezvous_accounts::any_account_exists(&app.state.db).await? {
            let summary = rendezvous_server::demo_fill(&app.state).await.map_err(anyhow::Error::msg)?;
            print_demo(&summary);
        } else {
            println!("The database already has accounts: no demo data added.");
        }
    }
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("listening on {listen}"))?;
    println!("Rendezvous is running at {}", app.state.base_url);
    if let Some(code) = app.state.setup_code() {
        println!();
        println!("No administrator exists yet. Open {}/setup and enter this one-time setup code:", app.state.base_url);
        println!();
        println!("    {code}");
        println!();
    }
    if app.state.mailer.uses_outbox() {
        let days = app.state.config.outbox_retention_days;
        println!();
        println!("WARNING: no SMTP server is configured (--smtp-url): NO MAIL IS SENT.");
        println!("Mail is kept in the outbox at {}/admin/outbox for {days} days;", app.state.base_url);
        println!("links in it are masked there and every read is in the audit log. Configure SMTP before real use.");
        println!();
        tracing::warn!(retention_days = days, "no SMTP server configured: mail goes to the outbox, not out");
    }
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        wait_for_signal().await;
        let _ = stop.send(true);
    });
    rendezvous_server::serve(app, listener, shutdown).await.map_err(anyhow::Error::msg)
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

async fn backup(config: Config, file: PathBuf) -> anyhow::Result<()> {
    let url = config.database_url();
    if Dialect::from_url(&url) == Some(Dialect::Postgres) {
        bail!("this database is PostgreSQL: back it up with pg_dump (for example `pg_dump -Fc DBNAME > FILE`)");
    }
    if file.exists() {
        bail!("{} already exists: choose a new file name", file.display());
    }
    let db = Db::connect(&url).await?;
    // VACUUM INTO writes a consistent copy while readers and writers carry on.
    sqlx::query("VACUUM INTO $1").bind(file.display().to_string()).execute(&db.pool).await?;
    println!("Backup written to {}", file.display());
    // The key stays out of every backup by design: a stolen backup must not tell whose address
    // was erased or unsubscribed. Without it, those addresses would no longer be recognised.
    let key = rendezvous_platform::hash_key::key_path(&config.data_dir);
    println!(
        "The hash key of erased and unsubscribed addresses is NOT in this backup ({} or {}): \
         keep a copy of it apart from the backups, somewhere safe.",
        key.display(),
        rendezvous_platform::hash_key::KEY_ENV
    );
    Ok(())
}

fn print_demo(summary: &rendezvous_server::DemoSummary) {
    println!("Demo network created: {} people, {} subscribers.", summary.people, summary.subscribers);
    println!("Every demo account's password: {}", rendezvous_server::DEMO_PASSWORD);
    println!("Administrator: {}", summary.admin_email);
    println!("  two-factor key for your authenticator app: {}", summary.admin_totp_secret);
    println!("  or complete the two-factor step once with the recovery code: {}", summary.admin_recovery_code);
    println!("Others: moderator1..3@, member1..40@, visitor1..15@demo.rendezvous.example");
}

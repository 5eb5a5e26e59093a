//! `TestApp`: the real application served on a loopback port, on a database of its own.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rendezvous_accounts::{AccountSpec, create_account, enable_two_factor_with_secret, totp};
use rendezvous_newsletter::NewsletterSettings;
use rendezvous_platform::AppState;
use rendezvous_platform::auth::{Role, UserId};
use rendezvous_platform::clock::Clock;
use rendezvous_platform::config::Config;
use rendezvous_platform::crypto::random_code;
use rendezvous_platform::db::Db;
use rendezvous_platform::feature::FeatureSettings;
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::jobs::{JobRegistry, run_one};
use rendezvous_platform::mail::pop3::Mailbox;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::redirect::Policy;
use tokio::sync::watch;

use crate::smtp::SmtpCapture;

pub const PASSWORD: &str = "correct horse battery staple";
/// What the test clients send as their User-Agent, so privacy tests can look for it in storage.
pub const USER_AGENT: &str = "RendezvousTestBrowser/1.0 (privacy-probe)";

#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    /// Keep mail in the outbox instead of sending it to the in-process SMTP server.
    pub outbox: bool,
    /// Run no background workers: the test runs jobs itself.
    pub no_workers: bool,
    /// DKIM-sign outgoing mail with this RSA key (selector "test").
    pub dkim_key: Option<std::path::PathBuf>,
    /// The secret the MTA sends with inbound mail.
    pub inbound_token: Option<String>,
    /// The public URL the app believes it has (as behind a TLS-terminating proxy).
    pub base_url: Option<String>,
    /// More SMTP servers after the in-process one (URLs with their own pool and rate settings).
    pub more_smtp: Vec<String>,
    /// Settings of the in-process SMTP server's pool, as a query (`pool=4&rate=400`).
    pub smtp_params: Option<String>,
    /// Let webhooks reach loopback (a receiver in the test).
    pub webhooks_allow_private: bool,
    /// Letters an hour to one target (the default when none).
    pub letters_per_target_hour: Option<u32>,
    /// The bounce mailbox to poll (e.g. a [`crate::Pop3Server`]'s URL), and how often.
    pub bounce_mailbox: Option<String>,
    pub bounce_poll_seconds: Option<u64>,
    /// The bearer token that opens /metrics (without one, /metrics is off).
    pub metrics_token: Option<String>,
}

pub struct TestApp {
    pub base_url: String,
    pub state: AppState,
    pub smtp: SmtpCapture,
    /// A browser-like client with its own cookie jar; it does not follow redirects.
    pub client: reqwest::Client,
    pub clock: Clock,
    /// Every feature's job handlers, from the server's one list (as the workers have them).
    pub jobs: JobRegistry,
    database_url: String,
    failed_jobs_expected: AtomicBool,
    stop: watch::Sender<bool>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(TestOptions::default()).await
    }

    pub async fn spawn_with(options: TestOptions) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let smtp = SmtpCapture::start();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let mut config = Config::defaults();
        config.data_dir = dir.path().to_owned();
        config.listen = addr;
        config.database_url = Some(test_database_url(&dir).await);
        config.smtp_url = if options.outbox {
            None
        } else {
            let first = match &options.smtp_params {
                Some(params) => format!("{}?{params}", smtp.url()),
                None => smtp.url(),
            };
            Some(std::iter::once(first).chain(options.more_smtp).collect::<Vec<_>>().join(","))
        };
        config.workers = if options.no_workers { 0 } else { 2 };
        config.base_url = options.base_url.as_deref().and_then(|u| u.parse().ok());
        config.inbound_token = options.inbound_token;
        config.metrics_token = options.metrics_token;
        if let Some(key) = options.dkim_key {
            config.dkim_key_file = Some(key);
            config.dkim_selector = Some("test".into());
        }
        let clock = Clock::default();
        let database_url = config.database_url();
        let db = Db::connect(&database_url).await.expect("test database");
        db.migrate().await.expect("migrations");
        let mut settings = FeatureSettings::defaults(&rendezvous_server::features());
        let mut newsletter = NewsletterSettings::defaults();
        newsletter.bounce_mailbox = options.bounce_mailbox.map(|url| Mailbox::parse(&url).expect("bounce mailbox URL"));
        if let Some(seconds) = options.bounce_poll_seconds {
            newsletter.bounce_poll_seconds = seconds;
        }
        settings.set(newsletter);
        settings.set(rendezvous_webhooks::WebhookSettings { webhooks_allow_private: options.webhooks_allow_private });
        let mut letters = rendezvous_advocacy::LetterSettings::defaults();
        if let Some(per_hour) = options.letters_per_target_hour {
            letters.letters_per_target_hour = per_hour;
        }
        settings.set(letters);
        let app = rendezvous_server::build_with_db(config, settings, db, clock.clone()).await.expect("app state");
        let state = app.state.clone();
        let jobs = app.jobs.clone();
        let (stop, shutdown) = watch::channel(false);
        tokio::spawn(async move {
            if let Err(e) = rendezvous_server::serve(app, listener, shutdown).await {
                eprintln!("test server stopped: {e}");
            }
        });
        let base_url = format!("http://{addr}");
        Self {
            client: browser_client(&base_url),
            base_url,
            state,
            jobs,
            database_url,
            failed_jobs_expected: AtomicBool::new(false),
            smtp,
            clock,
            stop,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// A fresh browser (its own cookies), for a second person or a second device.
    pub fn new_browser(&self) -> reqwest::Client {
        browser_client(&self.base_url)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// POSTs a form as this site's own page would (same-origin headers).
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        post_form(&self.client, &self.url(path), form).await
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// Creates a verified account directly (no mail round trip) and returns its id.
    pub async fn create_user(&self, email: &str, name: &str, roles: &[Role]) -> UserId {
        let spec = AccountSpec { email, display_name: name, password: PASSWORD, lang: Lang::En, roles };
        create_account(self.db(), &self.clock, &spec, None).await.expect("create account")
    }

    /// Turns two-factor on for an account and returns its secret, to make codes with.
    pub async fn enable_two_factor(&self, user: UserId) -> String {
        let secret = totp::new_secret();
        enable_two_factor_with_secret(self.db(), user, &secret, self.clock.now_ms()).await.expect("enable 2FA");
        secret
    }

    /// Logs a client in with the password (and a TOTP code when a secret is given).
    pub async fn log_in(&self, client: &reqwest::Client, email: &str, secret: Option<&str>) -> reqwest::Response {
        let response = post_form(client, &self.url("/login"), &[("email", email), ("password", PASSWORD)]).await;
        let Some(secret) = secret else { return response };
        let code = totp::current_code(secret, self.clock.now_ms()).expect("totp code");
        post_form(client, &self.url("/login/two-factor"), &[("code", &code)]).await
    }

    /// An admin with two-factor on, logged in on `self.client`.
    pub async fn admin_session(&self) -> UserId {
        let id = self.create_user("root-admin@example.org", "Root Admin", &[Role::ADMIN]).await;
        let secret = self.enable_two_factor(id).await;
        let response = self.log_in(&self.client, "root-admin@example.org", Some(&secret)).await;
        assert_eq!(response.status(), 303, "admin log-in should redirect");
        id
    }

    /// Every (table, column, value) of text in the database: what privacy tests scan.
    pub async fn all_text(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for (table, column) in self.db().text_columns().await.expect("list text columns") {
            let sql = format!("SELECT \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL");
            let values: Vec<String> =
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(&self.db().pool).await.expect("read column");
            out.extend(values.into_iter().map(|v| (table.clone(), column.clone(), v)));
        }
        out
    }

    /// Says this test leaves a given-up job on purpose (it tests failures), so ending it with one
    /// is not an error.
    pub fn expect_failed_jobs(&self) {
        self.failed_jobs_expected.store(true, Ordering::Relaxed);
    }

    /// Runs every due job in this task, one after another, until none is due (for apps spawned
    /// with `no_workers`).
    pub async fn run_jobs(&self) {
        while run_one(&self.state, &self.jobs).await.expect("run a job") {}
    }

    /// Waits until the job queue has nothing due (mail sent, etc.).
    pub async fn drain_jobs(&self) {
        for _ in 0..200 {
            // A job written by another process (a command the test ran) is announced on
            // PostgreSQL only; on SQLite the workers would find it at their fallback poll.
            self.state.jobs.wake_local();
            let due: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state = 'queued' AND run_at <= $1")
                .bind(self.clock.now_ms())
                .fetch_one(&self.db().pool)
                .await
                .expect("count jobs");
            if due == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("jobs still queued after 5 s");
    }
}

impl Drop for TestApp {
    /// Stops the app, then fails the test if it looked up a message id that does not exist, or
    /// left a given-up job behind (as crates.io's TestApp does): a job that failed for good is a
    /// bug the test did not look at, unless the test said it expects one.
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if std::thread::panicking() {
            return;
        }
        // A message id that no locale has shows as itself on a page or in a mail: a typo, or an id
        // built at run time that the source scan cannot see.
        let missing = self.state.tr.missing();
        assert!(missing.is_empty(), "the test looked up message ids that do not exist: {missing:?}");
        if self.failed_jobs_expected.load(Ordering::Relaxed) {
            return;
        }
        // The pool belongs to the test's runtime, which is busy dropping us: read the table over a
        // connection of our own, on a thread with a runtime of its own.
        let url = self.database_url.clone();
        let failed = std::thread::spawn(move || -> Result<Vec<(String, Option<String>)>, String> {
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let db = Db::connect(&url).await.map_err(|e| e.to_string())?;
                let rows = sqlx::query_as("SELECT kind, last_error FROM jobs WHERE state = 'failed' ORDER BY id")
                    .fetch_all(&db.pool)
                    .await
                    .map_err(|e| e.to_string());
                db.pool.close().await;
                rows
            })
        })
        .join();
        match failed {
            Ok(Ok(rows)) if rows.is_empty() => {}
            Ok(Ok(rows)) => {
                panic!("the test left failed jobs (call app.expect_failed_jobs() if it means to): {rows:?}")
            }
            Ok(Err(e)) => eprintln!("could not check for failed jobs: {e}"),
            Err(_) => eprintln!("could not check for failed jobs: the checking thread panicked"),
        }
    }
}

fn browser_client(base_url: &str) -> reqwest::Client {
    let _ = base_url;
    let mut headers = HeaderMap::new();
    headers.insert(reqwest::header::ACCEPT_LANGUAGE, HeaderValue::from_static("en-CA,en;q=0.9"));
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .user_agent(USER_AGENT)
        .default_headers(headers)
        .build()
        .expect("HTTP client")
}

/// POSTs an urlencoded form with the headers a browser sends for a same-origin form.
pub async fn post_form(client: &reqwest::Client, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let origin = url::Url::parse(url).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    client
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", origin)
        .header("sec-fetch-site", "same-origin")
        .body(body)
        .send()
        .await
        .expect("POST")
}

/// A temp SQLite file, or a fresh schema on TEST_DATABASE_URL's PostgreSQL.
async fn test_database_url(dir: &tempfile::TempDir) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            let schema = format!("t_{}", random_code(3).replace('-', "_"));
            let admin = Db::connect(&url).await.expect("connect to TEST_DATABASE_URL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .execute(&admin.pool)
                .await
                .expect("create test schema");
            admin.pool.close().await;
            let separator = if url.contains('?') { '&' } else { '?' };
            format!("{url}{separator}options=-c%20search_path%3D{schema}")
        }
        _ => format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()),
    }
}

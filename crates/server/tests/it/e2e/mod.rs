//! Browser tests (the `e2e` feature): the real app driven by headless Chromium through
//! chromedriver, both started here. One person's story: sign up from the navigation, confirm the
//! address with the link from the outbox, log out, log in with the form, switch to French from the
//! header, log out again. On every page the browser must have fetched nothing from any other host.
//!
//! Needs chromedriver and Chromium: CHROMEDRIVER and CHROMIUM name them, defaulting to Debian's
//! /usr/bin/chromedriver and /usr/bin/chromium. `accessibility` also needs axe-core (AXE_CORE_JS,
//! which .ci/run installs from npm); `phone` walks the forum at 360 px; `accessibility` also checks that each key page reflows at 320 px.

mod accessibility;
mod phone;

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use rendezvous_testkit::{PASSWORD, TestApp, TestOptions};
use serde_json::{Value, json};

const EMAIL: &str = "night-owl@example.org";
const DISPLAY_NAME: &str = "Night Owl";
/// How long a page, a mail or chromedriver may take to appear.
const PATIENCE: Duration = Duration::from_secs(15);

/// chromedriver on a free loopback port, with a fresh Chromium profile directory. Dropping it
/// (even while a failed test unwinds) kills chromedriver and the browsers it started.
struct Chromedriver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Chromedriver {
    async fn start() -> Self {
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned());
        let port = free_port();
        let profile = std::env::temp_dir().join(format!("rendezvous-e2e-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&profile).expect("create a Chromium profile directory");
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that Drop can end Chromium along with it.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("start {program} (set CHROMEDRIVER to its path): {e}"));
        let mut driver = Self { child, port, profile };
        driver.wait_until_ready().await;
        driver
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn wait_until_ready(&mut self) {
        let status = format!("{}/status", self.url());
        let http = reqwest::Client::new();
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(exit) = self.child.try_wait().expect("poll chromedriver") {
                panic!("chromedriver exited before answering: {exit}");
            }
            if let Ok(response) = http.get(&status).send().await
                && let Ok(body) = response.json::<Value>().await
                && body["value"]["ready"] == json!(true)
            {
                return;
            }
            assert!(Instant::now() < deadline, "chromedriver did not answer {status} within {PATIENCE:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A headless Chromium session with a profile of its own.
    async fn browser(&self) -> Client {
        let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            // A desktop screen unless a test asks for a phone's.
            "--window-size=1280,900",
        ]
        .map(str::to_owned)
        .into_iter()
        .chain([format!("--user-data-dir={}", self.profile.display())])
        .collect::<Vec<_>>();
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": binary, "args": args },
        });
        let Value::Object(capabilities) = capabilities else { unreachable!("a JSON object literal") };
        // Both of rustls' providers are compiled in (lettre asks for ring, fantoccini's
        // hyper-rustls for aws-lc-rs), so rustls cannot pick one itself: name it.
        let _ = rustls::crypto::ring::default_provider().install_default();
        ClientBuilder::rustls()
            .expect("TLS setup for the WebDriver client")
            .capabilities(capabilities)
            .connect(&self.url())
            .await
            .unwrap_or_else(|e| panic!("start a Chromium session ({binary}; set CHROMIUM to its path): {e}"))
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // The whole group: chromedriver and any Chromium it started and could not close.
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("local address").port()
}

/// Every resource the page loaded, and the page itself, came from the app.
async fn assert_only_app_requests(browser: &Client, app: &TestApp) {
    let script = "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])";
    let urls = browser.execute(script, vec![]).await.expect("list the page's requests");
    let urls: Vec<String> = serde_json::from_value(urls).expect("a list of URLs");
    let own = format!("{}/", app.base_url);
    for url in &urls {
        assert!(
            url.starts_with(&own),
            "the page {} fetched {url}, not from the app {}",
            urls[urls.len() - 1],
            app.base_url
        );
    }
}

/// Opens a URL and checks where the page's resources came from.
async fn visit(browser: &Client, app: &TestApp, url: &str) {
    browser.goto(url).await.unwrap_or_else(|e| panic!("open {url}: {e}"));
    assert_only_app_requests(browser, app).await;
}

/// Clicks something that loads a new page (a link, a form button), waits until the new document
/// has loaded (even when it has the same URL), and checks where its resources came from.
async fn click_to_new_page(browser: &Client, app: &TestApp, element: Element) {
    browser.execute("window.e2eOldPage = true; return null", vec![]).await.expect("mark the current page");
    element.click().await.expect("click");
    let deadline = Instant::now() + PATIENCE;
    loop {
        let script = "return window.e2eOldPage === undefined && document.readyState === 'complete'";
        // While the browser is between pages the script may fail; that only means "not yet".
        if let Ok(Value::Bool(true)) = browser.execute(script, vec![]).await {
            break;
        }
        assert!(Instant::now() < deadline, "no new page loaded within {PATIENCE:?} of the click");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_only_app_requests(browser, app).await;
}

async fn find(browser: &Client, css: &str) -> Element {
    match browser.find(Locator::Css(css)).await {
        Ok(element) => element,
        Err(e) => panic!("find {css} on {}: {e}", path(browser).await),
    }
}

/// A link in the main navigation, by its exact text.
async fn nav_link(browser: &Client, text: &str) -> Element {
    let xpath = format!("//nav/ul[contains(@class, 'nav-wide')]//a[normalize-space(.)='{text}']");
    browser
        .find(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("find the {text:?} link in the navigation: {e}"))
}

/// The log-out button in the navigation, after checking its text.
async fn logout_button(browser: &Client, text: &str) -> Element {
    let button = find(browser, "nav .nav-wide form[action='/logout'] button").await;
    assert_eq!(button.text().await.expect("log-out button text"), text);
    button
}

async fn fill(browser: &Client, name: &str, value: &str) {
    let input = find(browser, &format!("input[name='{name}']")).await;
    input.clear().await.unwrap_or_else(|e| panic!("clear {name}: {e}"));
    input.send_keys(value).await.unwrap_or_else(|e| panic!("type into {name}: {e}"));
}

async fn text_of(browser: &Client, css: &str) -> String {
    find(browser, css).await.text().await.unwrap_or_else(|e| panic!("text of {css}: {e}"))
}

async fn path(browser: &Client) -> String {
    browser.current_url().await.expect("current URL").path().to_owned()
}

async fn html_lang(browser: &Client) -> String {
    let lang = browser.execute("return document.documentElement.lang", vec![]).await.expect("read <html lang>");
    lang.as_str().expect("lang is a string").to_owned()
}

/// Logs in with the form (and the second step when a TOTP secret is given), then opens `next`.
async fn log_in(browser: &Client, app: &TestApp, email: &str, password: &str, totp_secret: Option<&str>, next: &str) {
    visit(browser, app, &app.url(&format!("/login?next={next}"))).await;
    fill(browser, "email", email).await;
    fill(browser, "password", password).await;
    click_to_new_page(browser, app, find(browser, "form[action='/login'] button[type='submit']").await).await;
    if let Some(secret) = totp_secret {
        let code = rendezvous_accounts::totp::current_code(secret, app.clock.now_ms()).expect("code");
        fill(browser, "code", &code).await;
        click_to_new_page(browser, app, find(browser, "form[action='/login/two-factor'] button[type='submit']").await)
            .await;
    }
    visit(browser, app, &app.url(next)).await;
}

/// Waits for a mail to `to` in the outbox and returns its text part.
async fn outbox_text(app: &TestApp, to: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let found: Option<String> = sqlx::query_scalar("SELECT text_body FROM outbox WHERE to_address = $1")
            .bind(to)
            .fetch_optional(&app.db().pool)
            .await
            .expect("read the outbox");
        if let Some(text) = found {
            return text;
        }
        assert!(Instant::now() < deadline, "no mail to {to} in the outbox within {PATIENCE:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_confirm_log_in_and_switch_language_in_a_browser() {
    let app = TestApp::spawn_with(TestOptions { outbox: true, ..TestOptions::default() }).await;
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;

    // The home page, in English, offers to sign up.
    visit(&browser, &app, &app.url("/")).await;
    assert_eq!(html_lang(&browser).await, "en");
    click_to_new_page(&browser, &app, nav_link(&browser, "Sign up").await).await;
    assert_eq!(path(&browser).await, "/signup");

    fill(&browser, "email", EMAIL).await;
    fill(&browser, "display_name", DISPLAY_NAME).await;
    fill(&browser, "password", PASSWORD).await;
    click_to_new_page(&browser, &app, find(&browser, "form[action='/signup'] button[type='submit']").await).await;
    assert_eq!(text_of(&browser, "main h1").await, "Check your email");

    // The link in the mail opens a page whose button confirms the address and leads to log-in
    // (confirming proves the mailbox, not the password, so it signs no one in).
    let mail = outbox_text(&app, EMAIL).await;
    let link = mail
        .split_whitespace()
        .find(|word| word.starts_with(&app.url("/verify?token=")))
        .unwrap_or_else(|| panic!("a verification link in the mail:\n{mail}"));
    visit(&browser, &app, link).await;
    click_to_new_page(&browser, &app, find(&browser, "form[action='/verify'] button").await).await;
    assert_eq!(path(&browser).await, "/login");
    assert!(text_of(&browser, "main .notice").await.contains("Your email address is confirmed"));
    fill(&browser, "email", EMAIL).await;
    fill(&browser, "password", PASSWORD).await;
    click_to_new_page(&browser, &app, find(&browser, "form[action='/login'] button[type='submit']").await).await;
    nav_link(&browser, &format!("Your account ({DISPLAY_NAME})")).await;

    // Log out, then back in with the form.
    click_to_new_page(&browser, &app, logout_button(&browser, "Log out").await).await;
    assert_eq!(path(&browser).await, "/");
    click_to_new_page(&browser, &app, nav_link(&browser, "Log in").await).await;
    assert_eq!(path(&browser).await, "/login");
    fill(&browser, "email", EMAIL).await;
    fill(&browser, "password", PASSWORD).await;
    click_to_new_page(&browser, &app, find(&browser, "form[action='/login'] button[type='submit']").await).await;
    assert_eq!(path(&browser).await, "/", "log-in with no `next` lands on the home page");
    click_to_new_page(&browser, &app, nav_link(&browser, &format!("Your account ({DISPLAY_NAME})")).await).await;
    assert_eq!(path(&browser).await, "/account");

    // The language switch in the header reloads the same page in French.
    let switch = find(&browser, "header form.lang-switch button").await;
    assert_eq!(switch.text().await.expect("language switch text"), "Français");
    click_to_new_page(&browser, &app, switch).await;
    assert_eq!(path(&browser).await, "/account", "the language switch stays on the same page");
    assert_eq!(html_lang(&browser).await, "fr");
    assert_eq!(text_of(&browser, "main h1").await, "Votre compte");
    let logout = logout_button(&browser, "Se déconnecter").await;

    // Logged out, the site stays in French.
    click_to_new_page(&browser, &app, logout).await;
    assert_eq!(path(&browser).await, "/");
    assert_eq!(html_lang(&browser).await, "fr");
    nav_link(&browser, "Se connecter").await;

    browser.close().await.expect("end the browser session");
    drop(driver);
}

/// The campaign page's numbers follow the sending without a reload (the platform's
/// live-progress.js polling progress.json), and the page loads nothing from another host.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaigns_progress_updates_in_the_browser_without_a_reload() {
    use rendezvous_newsletter::campaigns::{self, NewCampaign};

    use crate::newsletter_campaign_pages::{audience, run_jobs};

    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..TestOptions::default() }).await;
    audience(&app, "news", true, 6).await;
    // One busy mailbox keeps one message waiting for its retry.
    app.smtp.refuse("news1@example.org", 450);
    let new = NewCampaign {
        list_slug: "news",
        subject_en: "Spring update",
        body_en: "Hello {{name}}",
        subject_fr: "",
        body_fr: "",
        segment_id: None,
        created_by: None,
    };
    let id = campaigns::create(app.db(), &app.clock, &new).await.expect("create");
    campaigns::lifecycle::send_now(&app.state, id).await.expect("send");
    run_jobs(&app).await;
    let comms = app.create_user("comms@example.org", "Casey Comms", &[rendezvous_newsletter::COMMUNICATIONS]).await;
    let secret = app.enable_two_factor(comms).await;

    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    log_in(&browser, &app, "comms@example.org", PASSWORD, Some(&secret), &format!("/admin/campaigns/{id}")).await;
    assert_eq!(text_of(&browser, "#n-sent").await, "5");
    assert_eq!(text_of(&browser, "#n-remaining").await, "1");

    // The last one goes out; the open page shows it by itself.
    browser.execute("window.e2eOldPage = true; return null", vec![]).await.expect("mark the page");
    app.smtp.accept("news1@example.org");
    app.clock.advance_ms(10 * 60_000);
    run_jobs(&app).await;
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (sent, remaining) = (text_of(&browser, "#n-sent").await, text_of(&browser, "#n-remaining").await);
        let state = text_of(&browser, "[data-field='state_label']").await;
        if sent == "6" && remaining == "0" && state == "Sent" {
            break;
        }
        assert!(Instant::now() < deadline, "the page still shows sent {sent}, remaining {remaining}, {state}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let same_page = browser.execute("return window.e2eOldPage === true", vec![]).await.expect("read the mark");
    assert_eq!(same_page, Value::Bool(true), "updated in place, not reloaded");
    assert_only_app_requests(&browser, &app).await;

    browser.close().await.expect("end the browser session");
    drop(driver);
}

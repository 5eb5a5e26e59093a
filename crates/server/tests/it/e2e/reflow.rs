//! Reflow at 320 px (WCAG 1.4.10): an administrator's key pages, tables and long addresses
//! included, in both languages, with nothing wider than the screen.

use fantoccini::Client;
use rendezvous_testkit::{TestApp, TestOptions};

use super::{Chromedriver, click_to_new_page, find, log_in, path, visit};

const PAGES: &[&str] = &[
    "/",
    "/forum",
    "/directory",
    "/admin",
    "/admin/users",
    "/admin/lists",
    "/admin/lists/network-news",
    "/admin/members",
    "/admin/campaigns",
    "/admin/audit",
    "/admin/outbox",
    "/admin/jobs",
    "/account",
    "/forum/t/abc",
];

async fn assert_fits(browser: &Client) {
    let script = "return [document.documentElement.scrollWidth, window.innerWidth]";
    let sizes: Vec<i64> = serde_json::from_value(browser.execute(script, vec![]).await.expect("measure")).expect("two");
    assert!(sizes[0] <= sizes[1], "{} is {} px wide on a {} px screen", path(browser).await, sizes[0], sizes[1]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrators_pages_fit_a_320_px_screen() {
    let app = TestApp::spawn_with(TestOptions { outbox: true, ..TestOptions::default() }).await;
    let demo = rendezvous_server::demo_fill(&app.state).await.expect("demo network");
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.set_window_size(320, 700).await.expect("a 320 px window");
    let (email, secret) = (demo.admin_email.as_str(), demo.admin_totp_secret.as_str());
    log_in(&browser, &app, email, rendezvous_server::DEMO_PASSWORD, Some(secret), "/").await;
    for page in PAGES {
        visit(&browser, &app, &app.url(page)).await;
        assert_fits(&browser).await;
    }
    click_to_new_page(&browser, &app, find(&browser, "form.lang-switch button").await).await;
    for page in PAGES {
        visit(&browser, &app, &app.url(page)).await;
        assert_fits(&browser).await;
    }
    browser.close().await.expect("close the browser");
}

//! axe-core checks WCAG 2.1 AA on the key pages of the demo network, in English and in French, as
//! a visitor, a member and an administrator would see them. Any violation fails the test, with
//! the rule, the page and the elements it found. Each page must also reflow at 320 px (nothing
//! scrolls sideways).

use fantoccini::Client;
use rendezvous_testkit::{TestApp, TestOptions};
use serde_json::Value;

use super::{Chromedriver, click_to_new_page, find, html_lang, log_in, visit};

/// The rule sets of WCAG 2.0 and 2.1, levels A and AA.
const TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']";

fn axe_source() -> String {
    let path = std::env::var("AXE_CORE_JS").unwrap_or_else(|_| "node_modules/axe-core/axe.min.js".to_owned());
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("read axe-core from {path} (set AXE_CORE_JS; .ci/run installs it from npm): {e}"))
}

/// Runs axe on the open page; each violation as "rule (impact): help — elements".
async fn violations(browser: &Client, axe: &str) -> Vec<String> {
    browser.execute(axe, vec![]).await.expect("inject axe-core");
    let script = format!(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {{ runOnly: {{ type: 'tag', values: {TAGS} }} }})
           .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
             + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))))
           .catch(e => done(['axe could not run: ' + e]));"
    );
    let found = browser.execute_async(&script, vec![]).await.expect("run axe-core");
    serde_json::from_value(found).expect("a list of violations")
}

/// Opens each page in `lang` (switching with the header's language button when needed) and
/// collects what axe finds.
async fn check(browser: &Client, app: &TestApp, axe: &str, lang: &str, paths: &[String], found: &mut Vec<String>) {
    for path in paths {
        visit(browser, app, &app.url(path)).await;
        if html_lang(browser).await != lang {
            click_to_new_page(browser, app, find(browser, "header form.lang-switch button").await).await;
            assert_eq!(html_lang(browser).await, lang, "{path} after the language switch");
        }
        let title = browser.title().await.expect("title");
        for violation in violations(browser, axe).await {
            found.push(format!("[{lang}] {path} «{title}»: {violation}"));
        }
        if let Some(width) = overflow_at_320_px(browser).await {
            found.push(format!("[{lang}] {path} «{title}»: reflow at 320 px (WCAG 1.4.10): {width}"));
        }
    }
}

/// WCAG 1.4.10: at 320 CSS px nothing may scroll sideways. When the page does, its width and the
/// innermost elements that stick out, to say where to look.
async fn overflow_at_320_px(browser: &Client) -> Option<String> {
    browser.set_window_size(320, 700).await.expect("a 320 px window");
    let script = "const width = window.innerWidth;
        if (document.documentElement.scrollWidth <= width) return null;
        const out = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1
            && ![...e.children].some(c => c.getBoundingClientRect().right > width + 1));
        return document.documentElement.scrollWidth + ' px wide, past the edge: ' + out.slice(0, 4)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className.toString().replace(/ /g, '.') : '')
                + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)').join(', ');";
    let found = browser.execute(script, vec![]).await.expect("measure");
    browser.set_window_size(1280, 900).await.expect("back to a desktop window");
    found.as_str().map(str::to_owned)
}

fn owned(paths: &[&str]) -> Vec<String> {
    paths.iter().map(|p| (*p).to_owned()).collect()
}

/// The first link on `path` whose address starts with `prefix`.
async fn first_link(browser: &Client, app: &TestApp, path: &str, prefix: &str) -> String {
    visit(browser, app, &app.url(path)).await;
    let script = format!(
        "const a = [...document.querySelectorAll('main a')].find(a => a.getAttribute('href').startsWith('{prefix}'));
         return a ? a.getAttribute('href') : null;"
    );
    match browser.execute(&script, vec![]).await.expect("find a link") {
        Value::String(href) => href,
        other => panic!("no link to {prefix}… on {path}: {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_pages_pass_axe_core_in_both_languages() {
    let axe = axe_source();
    let app = TestApp::spawn_with(TestOptions { outbox: true, no_workers: true, ..TestOptions::default() }).await;
    let demo = rendezvous_server::demo_fill(&app.state).await.expect("demo network");
    let driver = Chromedriver::start().await;
    let mut found = Vec::new();

    let visitor = driver.browser().await;
    let space = first_link(&visitor, &app, "/forum", "/forum/").await;
    let thread = first_link(&visitor, &app, &space, "/forum/t/").await;
    let public: Vec<String> =
        ["/", "/signup", "/login", "/reset", "/lists", "/mailings", "/forum", "/partners", "/directory/summary"]
            .into_iter()
            // The demo's alerts: 1 is published and updated, 2 cancelled, 3 a draft.
            .chain(["/alerts", "/alerts/1", "/alerts/1/poster", "/alerts/2", "/alerts/report", "/alerts/subscribe"])
            // The demo's letter campaigns: to a committee, and to each writer's own MP.
            .chain(["/act", "/act/safer-supply-hesa", "/act/decriminalise"])
            // The demo's library: a resource with its files, news, events, jobs, a page, the forms.
            .chain([
                "/library",
                "/library/brief-on-the-toxic-drug-crisis",
                "/news",
                "/news/our-brief-to-the-standing-committee-on-health",
                "/events",
                "/events/1",
                "/jobs",
                "/jobs/1",
            ])
            .chain(["/pages/about", "/submit", "/submit/event", "/consultations/request"])
            .map(str::to_owned)
            .chain([space, thread])
            .collect();
    for lang in ["en", "fr"] {
        check(&visitor, &app, &axe, lang, &public, &mut found).await;
    }
    visitor.close().await.expect("end the visitor's browser");

    let member = driver.browser().await;
    log_in(&member, &app, "member1@demo.rendezvous.example", rendezvous_server::DEMO_PASSWORD, None, "/account").await;
    let member_pages = owned(&[
        "/account",
        "/account/two-factor",
        "/members/me",
        "/directory",
        "/notifications/settings",
        "/members/apply",
        "/account/alerts",
    ]);
    for lang in ["en", "fr"] {
        check(&member, &app, &axe, lang, &member_pages, &mut found).await;
    }
    member.close().await.expect("end the member's browser");

    let admin = driver.browser().await;
    let secret = Some(demo.admin_totp_secret.as_str());
    log_in(&admin, &app, &demo.admin_email, rendezvous_server::DEMO_PASSWORD, secret, "/admin").await;
    let list = first_link(&admin, &app, "/admin/lists", "/admin/lists/").await;
    let admin_pages: Vec<String> = owned(&[
        "/admin",
        "/admin/lists",
        "/admin/campaigns",
        "/admin/campaigns/new",
        "/admin/users",
        "/admin/members",
        "/admin/forum",
        "/admin/audit",
        "/admin/jobs",
        "/admin/outbox",
        "/admin/alerts",
        "/admin/alerts/new",
        "/admin/alerts/1",
        "/admin/alerts/3",
        "/admin/alerts/regions",
        "/admin/letters",
        "/admin/letters/new",
        "/admin/letters/1",
        "/admin/letters/committees",
        "/admin/letters/sets/house-of-commons",
        "/admin/pages",
        "/admin/pages/about",
        "/admin/submissions",
        "/admin/consultations",
        "/admin/consultations/1",
    ])
    .into_iter()
    .chain([list])
    .collect();
    for lang in ["en", "fr"] {
        check(&admin, &app, &axe, lang, &admin_pages, &mut found).await;
    }
    admin.close().await.expect("end the admin's browser");
    drop(driver);

    assert!(found.is_empty(), "axe-core found {} violations:\n{}", found.len(), found.join("\n"));
}

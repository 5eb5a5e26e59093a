//! A member on a 360 px phone, JavaScript as the browser has it: the navigation is folded into
//! a Menu, and the forum can be read and used end to end — open a thread, reply, quote,
//! support, report — with nothing wider than the screen.

use fantoccini::{Client, Locator};
use rendezvous_testkit::{TestApp, TestOptions};
use serde_json::Value;

use super::{Chromedriver, click_to_new_page, find, log_in, path, text_of, visit};

/// The page fits the screen: nothing scrolls sideways.
async fn assert_fits(browser: &Client) {
    let script = "return [document.documentElement.scrollWidth, window.innerWidth]";
    let sizes: Vec<i64> = serde_json::from_value(browser.execute(script, vec![]).await.expect("measure")).expect("two");
    assert!(sizes[0] <= sizes[1], "{} is {} px wide on a {} px screen", path(browser).await, sizes[0], sizes[1]);
}

async fn displayed(browser: &Client, css: &str) -> bool {
    find(browser, css).await.is_displayed().await.expect("is displayed")
}

/// Clicks the first element matching `css` inside the main content.
async fn click_first(browser: &Client, app: &TestApp, css: &str) {
    let element = find(browser, &format!("main {css}")).await;
    click_to_new_page(browser, app, element).await;
    assert_fits(browser).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_uses_the_forum_on_a_360_px_phone() {
    let app = TestApp::spawn_with(TestOptions { outbox: true, ..TestOptions::default() }).await;
    rendezvous_server::demo_fill(&app.state).await.expect("demo network");
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.set_window_size(360, 780).await.expect("a phone-sized window");
    log_in(&browser, &app, "member1@demo.rendezvous.example", rendezvous_server::DEMO_PASSWORD, None, "/").await;
    assert_fits(&browser).await;

    // The navigation is folded; the Menu opens it, without a page load.
    assert!(!displayed(&browser, "nav a[href='/forum']").await, "folded on a phone");
    find(&browser, "nav details.site-menu > summary").await.click().await.expect("open the menu");
    assert!(displayed(&browser, "nav a[href='/forum']").await, "the menu shows the links");
    click_to_new_page(&browser, &app, find(&browser, "nav a[href='/forum']").await).await;
    assert_eq!(path(&browser).await, "/forum");
    let current = find(&browser, "nav a[href='/forum']").await.attr("aria-current").await.expect("attribute");
    assert_eq!(current.as_deref(), Some("page"), "the current page is marked");
    assert_fits(&browser).await;

    // Read: a space, then a thread with posts.
    click_first(&browser, &app, "a[href^='/forum/']:not([href^='/forum/t/']):not([href='/forum/search'])").await;
    click_first(&browser, &app, "a[href^='/forum/t/']").await;
    let thread = path(&browser).await;
    assert!(thread.starts_with("/forum/t/"), "{thread}");
    let posts = browser.find_all(Locator::Css("article.post")).await.expect("posts");
    assert!(!posts.is_empty(), "the thread shows its posts");

    // Reply.
    find(&browser, "textarea#body").await.send_keys("Thanks, this helped me tonight.").await.expect("type");
    click_to_new_page(&browser, &app, find(&browser, "form[action$='/posts'] button[type='submit']").await).await;
    assert_fits(&browser).await;
    let last = text_of(&browser, "article.post:last-of-type").await;
    assert!(last.contains("Thanks, this helped me tonight."), "{last}");

    // Quote the first post: the reply box comes back holding it, and the post shows the quote.
    click_first(&browser, &app, "article.post .post-actions a[href*='quote=']").await;
    let draft = find(&browser, "textarea#body").await.prop("value").await.expect("value").unwrap_or_default();
    assert!(draft.starts_with('>'), "a quote in the reply box: {draft:?}");
    find(&browser, "textarea#body").await.send_keys("\nAgreed.").await.expect("type");
    click_to_new_page(&browser, &app, find(&browser, "form[action$='/posts'] button[type='submit']").await).await;
    let quoted = browser.find_all(Locator::Css("article.post blockquote")).await.expect("quotes");
    assert!(!quoted.is_empty(), "the quote is shown as a quote");

    // Support someone else's post.
    let support = "article.post form[action$='/support'] button[aria-pressed='false']";
    click_to_new_page(&browser, &app, find(&browser, support).await).await;
    let pressed = browser.find_all(Locator::Css("button[aria-pressed='true']")).await.expect("buttons");
    assert!(!pressed.is_empty(), "the support is recorded and shown");

    // Report a post: its own page, a reason, a thank-you.
    visit(&browser, &app, &app.url(&thread)).await;
    click_first(&browser, &app, "article.post .post-actions a[href$='/flag']").await;
    find(&browser, "input#reason").await.send_keys("Names a person").await.expect("type");
    click_to_new_page(&browser, &app, find(&browser, "main form button[type='submit']").await).await;
    assert_fits(&browser).await;
    let notice = text_of(&browser, "main .notice").await;
    assert!(!notice.is_empty(), "the report is acknowledged");
    let flags: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM forum_flags WHERE reason = $1")
        .bind("Names a person")
        .fetch_one(&app.db().pool)
        .await
        .expect("count reports");
    assert_eq!(flags, 1);
    let _: Value = browser.execute("return null", vec![]).await.expect("still responsive");

    browser.close().await.expect("end the browser session");
    drop(driver);
}

//! Bounces without our own delivery token: a classic VERP address, a notice that names only a
//! forwarding address, one that names no address at all. Each is matched to its subscriber, but
//! acted on only if we mailed that address in the last 30 days, so a forged bounce changes nothing.

use rendezvous_newsletter::model::ConsentKind;
use rendezvous_testkit::{TestApp, TestOptions};

use crate::newsletter_bounces::{SECRET, corpus, inbound, mailed};
use crate::newsletter_import::{import_bytes, make_list};

const DAY_MS: i64 = 86_400_000;

/// A DSN that came back to `return_to`, reporting `reported` (if any) as failed, with the headers
/// of the message we sent to `original_to` attached.
fn dsn(return_to: &str, reported: Option<&str>, original_to: &str) -> Vec<u8> {
    let recipient = reported.map(|r| format!("Final-Recipient: rfc822; {r}\r\n")).unwrap_or_default();
    format!(
        "Return-Path: <>\r\nDelivered-To: {return_to}\r\nFrom: MAILER-DAEMON@mx.example.net (Mail Delivery System)\r\n\
         To: {return_to}\r\nSubject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
         --B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\r\n\
         --B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n\
         {recipient}Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n\
         --B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: News <news@lists.example.org>\r\n\
         To: {original_to}\r\nList-Id: Network news <news.lists.example.org>\r\nSubject: News\r\n\r\n--B--\r\n"
    )
    .into_bytes()
}

async fn app_with(email: &str) -> TestApp {
    let app = TestApp::spawn_with(TestOptions { inbound_token: Some(SECRET.into()), ..Default::default() }).await;
    let list = make_list(&app, "news", false).await;
    import_bytes(&app, list, format!("email\n{email}\n").as_bytes(), ConsentKind::ExpressImport).await;
    app
}

async fn post(app: &TestApp, message: Vec<u8>) -> (String, String) {
    let body: serde_json::Value = inbound(app, Some(SECRET), message).await.json().await.expect("JSON");
    (body["kind"].as_str().unwrap_or("").to_owned(), body["action"].as_str().unwrap_or("").to_owned())
}

async fn state(app: &TestApp, email: &str) -> (String, i64) {
    let pool = &app.db().pool;
    let status: String = sqlx::query_scalar(
        "SELECT sub.status FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id WHERE s.email_norm = $1",
    )
    .bind(email)
    .fetch_one(pool)
    .await
    .expect("status");
    let bounces: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bounce_events").fetch_one(pool).await.expect("bounces");
    (status, bounces)
}

fn hard(action: &str) -> (String, String) {
    ("hard".to_owned(), action.to_owned())
}

#[tokio::test]
async fn a_classic_verp_bounce_acts_only_on_an_address_mailed_in_the_last_30_days() {
    let email = "jane.doe@example.org";
    let classic = "bounces+jane.doe=example.org@lists.example.org";
    let forwarded = Some("jd@forward.example.net");
    let app = app_with(email).await;
    // Never mailed: a forgery would look just like this.
    assert_eq!(post(&app, dsn(classic, forwarded, "someone@else.example")).await, hard("not_recently_mailed"));
    assert_eq!(state(&app, email).await, ("subscribed".to_owned(), 0));
    // Mailed 31 days ago: too long ago to believe.
    mailed(&app, email, "old-mailing").await;
    app.clock.advance_ms(31 * DAY_MS);
    assert_eq!(post(&app, dsn(classic, forwarded, "someone@else.example")).await, hard("not_recently_mailed"));
    assert_eq!(state(&app, email).await, ("subscribed".to_owned(), 0));
    // Mailed yesterday: the classic address names the subscriber, whatever the report says.
    mailed(&app, email, "new-mailing").await;
    app.clock.advance_ms(DAY_MS);
    assert_eq!(post(&app, dsn(classic, forwarded, "someone@else.example")).await, hard("suppressed"));
    assert_eq!(state(&app, email).await, ("bounced".to_owned(), 1));
}

#[tokio::test]
async fn a_notice_naming_only_a_forwarding_address_is_matched_by_the_copy_of_our_message() {
    let email = "sam@example.org";
    let app = app_with(email).await;
    let message = || dsn("bounces@lists.example.org", Some("sam@forward.example.net"), email);
    assert_eq!(post(&app, message()).await, hard("not_recently_mailed"), "forged: never mailed");
    assert_eq!(state(&app, email).await, ("subscribed".to_owned(), 0));
    mailed(&app, email, "a-mailing").await;
    assert_eq!(post(&app, message()).await, hard("suppressed"));
    assert_eq!(state(&app, email).await, ("bounced".to_owned(), 1));
}

#[tokio::test]
async fn a_notice_naming_no_address_is_matched_by_the_copy_of_our_message() {
    let email = "lou@example.org";
    let app = app_with(email).await;
    let message = || dsn("bounces@lists.example.org", None, email);
    assert_eq!(post(&app, message()).await, hard("not_recently_mailed"));
    assert_eq!(state(&app, email).await, ("subscribed".to_owned(), 0));
    mailed(&app, email, "a-mailing").await;
    assert_eq!(post(&app, message()).await, hard("suppressed"));
    assert_eq!(state(&app, email).await, ("bounced".to_owned(), 1));
}

#[tokio::test]
async fn a_bounce_without_our_token_that_only_names_an_address_no_longer_suppresses_it() {
    // The corpus notice's token is no delivery of ours; it names j.tremblay in its report.
    let email = "j.tremblay@example.net";
    let app = app_with(email).await;
    assert_eq!(post(&app, corpus("postfix-hard-5.1.1.eml")).await, hard("not_recently_mailed"));
    assert_eq!(state(&app, email).await, ("subscribed".to_owned(), 0));
    let complaint = post(&app, corpus("arf-abuse-complaint.eml")).await;
    assert_eq!(complaint.1, "unknown_address", "not a subscriber here");
}

#[tokio::test]
async fn our_own_token_is_trusted_however_long_ago_we_mailed() {
    let email = "kim@example.ca";
    let app = app_with(email).await;
    mailed(&app, email, "abc123").await;
    app.clock.advance_ms(90 * DAY_MS);
    assert_eq!(post(&app, corpus("verp-dsn-hard-5.1.1-abc123.eml")).await, hard("suppressed"));
    assert_eq!(state(&app, email).await.0, "bounced");
}

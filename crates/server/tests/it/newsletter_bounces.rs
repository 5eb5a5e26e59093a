//! Inbound bounces and complaints through POST /inbound: the secret is required, hard bounces
//! suppress at once on every list, soft ones after the limit, complaints unsubscribe everywhere,
//! auto-replies change nothing. Without our own token, a bounce acts only on an address we mailed
//! in the last 30 days (classic VERP, the address in the report, the copy's To): forged ones
//! change nothing.

use rendezvous_newsletter::model::ConsentKind;
use rendezvous_testkit::{TestApp, TestOptions};

use crate::newsletter_import::{import_bytes, make_list};

pub(crate) const SECRET: &str = "inbound-secret-for-tests";

pub(crate) fn corpus(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../newsletter/tests/bounce-corpus").join(name);
    std::fs::read(path).expect("corpus file")
}

pub(crate) async fn inbound(app: &TestApp, token: Option<&str>, body: Vec<u8>) -> reqwest::Response {
    let mut request =
        reqwest::Client::new().post(app.url("/inbound")).header("content-type", "message/rfc822").body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("POST /inbound")
}

async fn statuses(app: &TestApp, email: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT sub.status FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id
         WHERE s.email_norm = $1 ORDER BY sub.list_id",
    )
    .bind(email)
    .fetch_all(&app.db().pool)
    .await
    .expect("statuses")
}

/// Records that a mailing went to `email` now, with this delivery token.
pub(crate) async fn mailed(app: &TestApp, email: &str, token: &str) {
    let pool = &app.db().pool;
    let (subscriber, list): (i64, i64) = sqlx::query_as(
        "SELECT s.id, sub.list_id FROM subscribers s JOIN subscriptions sub ON sub.subscriber_id = s.id
         WHERE s.email_norm = $1 ORDER BY sub.list_id LIMIT 1",
    )
    .bind(email)
    .fetch_one(pool)
    .await
    .expect("subscriber");
    let now = app.clock.now_ms();
    let campaign: i64 = sqlx::query_scalar(
        "INSERT INTO campaigns (list_id, state, created_at, started_at) VALUES ($1, 'sent', $2, $2) RETURNING id",
    )
    .bind(list)
    .bind(now)
    .fetch_one(pool)
    .await
    .expect("campaign");
    sqlx::query(
        "INSERT INTO deliveries (campaign_id, subscriber_id, state, next_attempt_at, sent_at, verp_token)
         VALUES ($1, $2, 'sent', $3, $3, $4)",
    )
    .bind(campaign)
    .bind(subscriber)
    .bind(now)
    .bind(token)
    .execute(pool)
    .await
    .expect("delivery");
}

async fn two_lists_with(app: &TestApp, email: &str) -> (rendezvous_newsletter::ListId, rendezvous_newsletter::ListId) {
    let news = make_list(app, "news", false).await;
    let events = rendezvous_newsletter::create_list(
        app.db(),
        &app.clock,
        "events",
        "Events",
        "Événements",
        false,
        rendezvous_platform::i18n::Lang::En,
    )
    .await
    .expect("list");
    let file = format!("email\n{email}\n");
    import_bytes(app, news, file.as_bytes(), ConsentKind::ExpressImport).await;
    import_bytes(app, events, file.as_bytes(), ConsentKind::ExpressImport).await;
    (news, events)
}

#[tokio::test]
async fn inbound_mail_needs_the_secret() {
    let app = TestApp::spawn_with(TestOptions { inbound_token: Some(SECRET.into()), ..Default::default() }).await;
    two_lists_with(&app, "j.tremblay@example.net").await;
    for token in [None, Some("wrong")] {
        let response = inbound(&app, token, corpus("postfix-hard-5.1.1.eml")).await;
        assert_eq!(response.status(), 401);
    }
    assert_eq!(statuses(&app, "j.tremblay@example.net").await, vec!["subscribed", "subscribed"]);
    let empty = inbound(&app, Some(SECRET), b"  \r\n".to_vec()).await;
    assert_eq!(empty.status(), 400);
    // Without a configured secret, nothing gets in at all.
    let closed = TestApp::spawn().await;
    assert_eq!(inbound(&closed, Some(""), corpus("postfix-hard-5.1.1.eml")).await.status(), 401);
}

#[tokio::test]
async fn a_hard_bounce_suppresses_the_address_on_every_list() {
    let app = TestApp::spawn_with(TestOptions { inbound_token: Some(SECRET.into()), ..Default::default() }).await;
    let (news, _) = two_lists_with(&app, "j.tremblay@example.net").await;
    mailed(&app, "j.tremblay@example.net", "another-delivery").await;
    let response = inbound(&app, Some(SECRET), corpus("postfix-hard-5.1.1.eml")).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!((body["kind"].as_str(), body["action"].as_str()), (Some("hard"), Some("suppressed")));
    assert_eq!(statuses(&app, "j.tremblay@example.net").await, vec!["bounced", "bounced"]);
    let report = import_bytes(&app, news, b"email\nj.tremblay@example.net\n", ConsentKind::ExpressImport).await;
    assert_eq!(report.suppressed, 1, "a bounced address does not come back through import");
    let ledger: Vec<(String, String)> =
        sqlx::query_as("SELECT action, source FROM consent_events WHERE action = 'bounced'")
            .fetch_all(&app.db().pool)
            .await
            .expect("ledger");
    assert_eq!(ledger, vec![("bounced".into(), "mail".into()), ("bounced".into(), "mail".into())]);
}

#[tokio::test]
async fn soft_bounces_suppress_after_the_limit_within_the_window() {
    let app = TestApp::spawn_with(TestOptions { inbound_token: Some(SECRET.into()), ..Default::default() }).await;
    two_lists_with(&app, "m.gagnon@example.ca").await;
    mailed(&app, "m.gagnon@example.ca", "first-mailing").await;
    for expected in ["logged", "logged"] {
        let body: serde_json::Value =
            inbound(&app, Some(SECRET), corpus("postfix-mailbox-full-5.2.2.eml")).await.json().await.expect("JSON");
        assert_eq!(body["action"], expected);
    }
    assert_eq!(statuses(&app, "m.gagnon@example.ca").await, vec!["subscribed", "subscribed"]);
    // The window is 30 days: two old ones and one new one are not three in the window.
    app.clock.advance_ms(31 * 86_400_000);
    mailed(&app, "m.gagnon@example.ca", "second-mailing").await;
    let body: serde_json::Value =
        inbound(&app, Some(SECRET), corpus("postfix-mailbox-full-5.2.2.eml")).await.json().await.expect("JSON");
    assert_eq!(body["action"], "logged");
    for _ in 0..2 {
        inbound(&app, Some(SECRET), corpus("postfix-mailbox-full-5.2.2.eml")).await;
    }
    assert_eq!(statuses(&app, "m.gagnon@example.ca").await, vec!["bounced", "bounced"]);
}

#[tokio::test]
async fn a_complaint_unsubscribes_everywhere_and_an_auto_reply_changes_nothing() {
    let app = TestApp::spawn_with(TestOptions { inbound_token: Some(SECRET.into()), ..Default::default() }).await;
    two_lists_with(&app, "r.beaulieu@example.net").await;
    mailed(&app, "r.beaulieu@example.net", "a-mailing").await;
    let body: serde_json::Value =
        inbound(&app, Some(SECRET), corpus("arf-abuse-complaint.eml")).await.json().await.expect("JSON");
    assert_eq!((body["kind"].as_str(), body["action"].as_str()), (Some("complaint"), Some("unsubscribed")));
    assert_eq!(statuses(&app, "r.beaulieu@example.net").await, vec!["complained", "complained"]);

    let before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM consent_events").fetch_one(&app.db().pool).await.expect("count");
    for file in ["out-of-office-fr.eml", "challenge-response.eml", "plain-reply.eml"] {
        let body: serde_json::Value = inbound(&app, Some(SECRET), corpus(file)).await.json().await.expect("JSON");
        assert_eq!(body["action"], "ignored", "{file}");
    }
    let after: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM consent_events").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(before, after);
}

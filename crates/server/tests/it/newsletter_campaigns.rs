//! Campaigns delivered through real SMTP to the in-process server: each person's language, every
//! header a mailing needs, the VERP return path; unsubscribes during a campaign, a crash and
//! resume (exactly once per recipient, in-flight aside), 4xx retried later, 5xx a hard bounce; the
//! command line.

use std::collections::HashMap;

use rendezvous_newsletter::campaigns::{self, NewCampaign};
use rendezvous_newsletter::model::ConsentKind;
use rendezvous_testkit::{TestApp, TestOptions};

use crate::newsletter_import::{import_bytes, make_list};

/// `count` subscribers, every third one French, named "Person i".
pub(crate) async fn audience(app: &TestApp, count: usize) -> rendezvous_newsletter::ListId {
    let list = make_list(app, "news", true).await;
    let mut file = String::from("email,name,language\n");
    for i in 0..count {
        let lang = if i % 3 == 0 { "fr" } else { "en" };
        file.push_str(&format!("p{i}@example.org,Person {i},{lang}\n"));
    }
    import_bytes(app, list, file.as_bytes(), ConsentKind::ExpressImport).await;
    list
}

pub(crate) async fn draft(app: &TestApp) -> rendezvous_newsletter::CampaignId {
    let new = NewCampaign {
        list_slug: "news",
        subject_en: "Our spring update",
        body_en: "Hello {{name}},\n\nThe **forum** is on May 14.",
        subject_fr: "Nos nouvelles du printemps",
        body_fr: "Bonjour {{name}},\n\nLe **forum** a lieu le 14 mai.",
        segment_id: None,
        created_by: None,
    };
    campaigns::create(app.db(), &app.clock, &new).await.expect("create campaign")
}

pub(crate) async fn run_jobs(app: &TestApp) {
    app.run_jobs().await;
}

/// Sends a draft as the page and the command line do.
pub(crate) async fn queue(app: &TestApp, id: rendezvous_newsletter::CampaignId) {
    campaigns::lifecycle::send_now(&app.state, id).await.expect("send");
}

#[tokio::test]
async fn every_subscriber_gets_one_message_in_their_language_with_every_header() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    audience(&app, 200).await;
    let id = draft(&app).await;
    queue(&app, id).await;
    run_jobs(&app).await;

    let mails = app.smtp.all();
    assert_eq!(mails.len(), 200);
    let mut per_address: HashMap<String, usize> = HashMap::new();
    for mail in &mails {
        *per_address.entry(mail.envelope_to[0].clone()).or_default() += 1;
    }
    assert!(per_address.values().all(|n| *n == 1), "exactly one message each");

    let french = app.smtp.to("p3@example.org").remove(0);
    assert_eq!(french.subject, "Nos nouvelles du printemps");
    assert!(french.text.contains("Bonjour Person 3"));
    assert!(french.html.contains("<strong>forum</strong>") && french.html.contains("lang=\"fr\""));
    let english = app.smtp.to("p4@example.org").remove(0);
    assert_eq!(english.subject, "Our spring update");
    assert!(english.text.contains("Hello Person 4"));
    assert!(english.text.contains(&app.state.config.org_postal_address), "the sender's postal address");

    let unsubscribe = english.header("List-Unsubscribe").expect("List-Unsubscribe");
    assert!(unsubscribe.contains(&format!("<{}/unsubscribe/", app.base_url)), "{unsubscribe}");
    assert!(unsubscribe.contains("<mailto:bounces+unsub."), "{unsubscribe}");
    assert_eq!(english.header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    assert!(english.header("List-Id").is_some_and(|id| id.contains("<news.rendezvous.example>")));
    assert!(english.header("Message-ID").is_some_and(|id| id.ends_with("@rendezvous.example>")));
    assert!(english.envelope_from.starts_with("bounces+") && english.envelope_from.ends_with("@rendezvous.example"));
    let token = english.envelope_from.trim_start_matches("bounces+").split('@').next().expect("token").to_owned();
    let owner: String = sqlx::query_scalar(
        "SELECT s.email FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE d.verp_token = $1",
    )
    .bind(&token)
    .fetch_one(&app.db().pool)
    .await
    .expect("the VERP token names the recipient");
    assert_eq!(owner, "p4@example.org");
    assert!(!english.html.contains("<img"), "no tracking pixel");

    let progress = campaigns::progress(app.db(), id).await.expect("progress").expect("campaign");
    assert_eq!((progress.state.as_str(), progress.sent, progress.remaining), ("sent", 200, 0));
}

#[tokio::test]
async fn an_unsubscribe_during_a_campaign_takes_effect_at_once() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    let list = audience(&app, 20).await;
    let id = draft(&app).await;
    queue(&app, id).await;
    let leaver: rendezvous_newsletter::SubscriberId =
        sqlx::query_scalar("SELECT id FROM subscribers WHERE email_norm = 'p7@example.org'")
            .fetch_one(&app.db().pool)
            .await
            .expect("id");
    let url = rendezvous_newsletter::links::unsubscribe_url(&app.state, leaver, list);
    reqwest::Client::new().post(&url).body("List-Unsubscribe=One-Click").send().await.expect("one-click");
    run_jobs(&app).await;
    assert!(app.smtp.to("p7@example.org").is_empty());
    assert_eq!(app.smtp.all().len(), 19);
    let progress = campaigns::progress(app.db(), id).await.expect("progress").expect("campaign");
    assert_eq!((progress.sent, progress.skipped), (19, 1));
}

#[tokio::test]
async fn after_a_crash_the_campaign_resumes_and_no_one_gets_it_twice() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    audience(&app, 50).await;
    let id = draft(&app).await;
    queue(&app, id).await;
    // A worker claimed ten deliveries and died: it had sent five of them (and marked them), the
    // other five were in flight. Their lease holds them until it runs out.
    let lease_end = app.clock.now_ms() + 5 * 60_000;
    sqlx::query(
        "UPDATE deliveries SET locked_until = $1, attempts = 1 WHERE id IN (SELECT id FROM deliveries ORDER BY id LIMIT 10)",
    )
    .bind(lease_end)
    .execute(&app.db().pool)
    .await
    .expect("claim");
    sqlx::query("UPDATE deliveries SET state = 'sent' WHERE id IN (SELECT id FROM deliveries ORDER BY id LIMIT 5)")
        .execute(&app.db().pool)
        .await
        .expect("sent before the crash");
    // The process starts again: everything not held by the dead worker goes out...
    run_jobs(&app).await;
    assert_eq!(app.smtp.all().len(), 40);
    // ...and once the lease runs out, the five that were in flight.
    app.clock.advance_ms(6 * 60_000);
    run_jobs(&app).await;
    let mails = app.smtp.all();
    assert_eq!(mails.len(), 45, "the five sent before the crash are not sent again");
    let mut seen = std::collections::HashSet::new();
    assert!(mails.iter().all(|m| seen.insert(m.envelope_to[0].clone())), "no recipient twice");
    let progress = campaigns::progress(app.db(), id).await.expect("progress").expect("campaign");
    assert_eq!((progress.state.as_str(), progress.sent, progress.remaining), ("sent", 50, 0));
}

#[tokio::test]
async fn a_4xx_is_retried_later_and_a_5xx_is_a_hard_bounce() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    audience(&app, 5).await;
    app.smtp.refuse("p1@example.org", 450);
    app.smtp.refuse("p2@example.org", 550);
    let id = draft(&app).await;
    queue(&app, id).await;
    run_jobs(&app).await;
    assert_eq!(app.smtp.all().len(), 3);
    let progress = campaigns::progress(app.db(), id).await.expect("progress").expect("campaign");
    assert_eq!((progress.sent, progress.failed, progress.remaining, progress.state.as_str()), (3, 1, 1, "sending"));
    let bounced: Vec<String> = sqlx::query_scalar(
        "SELECT sub.status FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id WHERE s.email_norm = 'p2@example.org'",
    )
    .fetch_all(&app.db().pool)
    .await
    .expect("status");
    assert_eq!(bounced, vec!["bounced"], "5xx on RCPT is a hard bounce");

    // The busy mailbox is tried again after the backoff, and this time it takes the message.
    app.smtp.accept("p1@example.org");
    run_jobs(&app).await;
    assert!(app.smtp.to("p1@example.org").is_empty(), "not before its time");
    app.clock.advance_ms(60_000);
    run_jobs(&app).await;
    assert_eq!(app.smtp.to("p1@example.org").len(), 1);
    let progress = campaigns::progress(app.db(), id).await.expect("progress").expect("campaign");
    assert_eq!((progress.sent, progress.remaining, progress.state.as_str()), (4, 0, "sent"));
}

#[tokio::test]
async fn a_campaign_needs_its_default_language_and_a_draft_is_sent_once() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    audience(&app, 3).await;
    let french_only = NewCampaign {
        list_slug: "news",
        subject_en: "",
        body_en: "",
        subject_fr: "Seulement en français",
        body_fr: "Bonjour",
        segment_id: None,
        created_by: None,
    };
    let refused = campaigns::create(app.db(), &app.clock, &french_only).await.expect_err("the list is English");
    assert!(refused.to_string().contains("default language (en)"));
    let id = draft(&app).await;
    queue(&app, id).await;
    assert!(campaigns::send(app.db(), &app.clock, id).await.is_err(), "sending twice is refused");
    let deliveries: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM deliveries").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(deliveries, 3);
}

#[tokio::test]
async fn a_mail_to_the_list_unsubscribe_address_unsubscribes() {
    let options = TestOptions { no_workers: true, inbound_token: Some("pipe-secret".into()), ..Default::default() };
    let app = TestApp::spawn_with(options).await;
    audience(&app, 3).await;
    let id = draft(&app).await;
    queue(&app, id).await;
    run_jobs(&app).await;
    let mail = app.smtp.to("p1@example.org").remove(0);
    let header = mail.header("List-Unsubscribe").expect("header");
    let address = header.split("<mailto:").nth(1).and_then(|m| m.split('?').next()).expect("mailto address");
    let message = format!(
        "From: p1@example.org\r\nTo: {address}\r\nSubject: unsubscribe\r\nMessage-ID: <x@example.org>\r\n\r\nunsubscribe\r\n"
    );
    let response = reqwest::Client::new()
        .post(app.url("/inbound"))
        .bearer_auth("pipe-secret")
        .body(message)
        .send()
        .await
        .expect("POST");
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["action"], "unsubscribed");
    let status: String = sqlx::query_scalar(
        "SELECT sub.status FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id WHERE s.email_norm = 'p1@example.org'",
    )
    .fetch_one(&app.db().pool)
    .await
    .expect("status");
    assert_eq!(status, "unsubscribed");
}

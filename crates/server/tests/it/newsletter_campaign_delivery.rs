//! Campaign mail as receivers judge it and as the network reads it back: DKIM signatures that
//! verify, several SMTP servers sharing one campaign, and the campaign's report (bounces and
//! complaints matched by VERP token, unsubscribes after it) through the statistics API.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use mail_auth::common::parse::TxtRecordParser;
use mail_auth::common::verify::DomainKey;
use mail_auth::{AuthenticatedMessage, DkimResult, MessageAuthenticator, Parameters, ResolverCache, Txt};
use rendezvous_newsletter::campaigns::delivery;
use rendezvous_newsletter::campaigns::report::report;
use rendezvous_testkit::{SmtpCapture, TestApp, TestOptions};

use crate::newsletter_bounces::{SECRET, corpus, inbound};
use crate::newsletter_campaigns::{audience, draft, queue, run_jobs};

/// The DNS answers the verifier may use: our test key's record, and nothing from the network.
struct KnownKeys(Mutex<HashMap<Box<str>, Txt>>);

impl ResolverCache<Box<str>, Txt> for KnownKeys {
    fn get<Q: Hash + Eq + ?Sized>(&self, name: &Q) -> Option<Txt>
    where
        Box<str>: Borrow<Q>,
    {
        self.0.lock().expect("keys").get(name).cloned()
    }
    fn remove<Q: Hash + Eq + ?Sized>(&self, name: &Q) -> Option<Txt>
    where
        Box<str>: Borrow<Q>,
    {
        self.0.lock().expect("keys").remove(name)
    }
    fn insert(&self, key: Box<str>, value: Txt, _: Instant) {
        self.0.lock().expect("keys").insert(key, value);
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[tokio::test]
async fn every_campaign_message_carries_a_dkim_signature_that_verifies() {
    let app = TestApp::spawn_with(TestOptions {
        dkim_key: Some(fixture("dkim-test-key.pem")),
        no_workers: true,
        ..Default::default()
    })
    .await;
    audience(&app, 12).await;
    let id = draft(&app).await;
    queue(&app, id).await;
    run_jobs(&app).await;
    let record = std::fs::read_to_string(fixture("dkim-test-key.txt")).expect("public key record");
    let key = DomainKey::parse(record.trim().as_bytes()).expect("DKIM record");
    let keys = KnownKeys(Mutex::new(HashMap::new()));
    keys.insert("test._domainkey.rendezvous.example.".into(), Txt::DomainKey(Arc::new(key)), Instant::now());
    let verifier = MessageAuthenticator::new_cloudflare().expect("verifier");
    let mails = app.smtp.all();
    assert_eq!(mails.len(), 12);
    for mail in &mails {
        let message = AuthenticatedMessage::parse(mail.raw.as_bytes()).expect("parsable message");
        let results = verifier.verify_dkim(Parameters::new(&message).with_txt_cache(&keys)).await;
        assert!(
            results.iter().any(|r| r.result() == &DkimResult::Pass),
            "{:?} for {}",
            results.iter().map(|r| r.result()).collect::<Vec<_>>(),
            mail.envelope_to[0]
        );
    }
    let signature = mails[0].header("DKIM-Signature").expect("signature").to_lowercase();
    let signed: Vec<String> = signature
        .split(';')
        .find_map(|tag| tag.trim().strip_prefix("h="))
        .expect("h= tag")
        .split(':')
        .map(|h| h.trim().to_owned())
        .collect();
    for header in ["list-unsubscribe", "list-unsubscribe-post", "list-id", "from", "subject", "content-type"] {
        assert!(signed.iter().any(|h| h == header), "{header} signed: {signature}");
    }
    // A message altered on the way fails: the check is not a formality.
    let tampered = mails[0].raw.replacen("forum", "f0rum", 1);
    let message = AuthenticatedMessage::parse(tampered.as_bytes()).expect("parsable message");
    let results = verifier.verify_dkim(Parameters::new(&message).with_txt_cache(&keys)).await;
    assert!(results.iter().all(|r| r.result() != &DkimResult::Pass));
}

#[tokio::test]
async fn two_smtp_servers_share_a_campaign_and_no_one_gets_it_twice() {
    let second = SmtpCapture::start();
    let app = TestApp::spawn_with(TestOptions {
        no_workers: true,
        more_smtp: vec![format!("{}?pool=2&rate=1000", second.url())],
        ..Default::default()
    })
    .await;
    audience(&app, 60).await;
    let id = draft(&app).await;
    queue(&app, id).await;
    run_jobs(&app).await;
    let (first, other) = (app.smtp.all(), second.all());
    assert!(!first.is_empty() && !other.is_empty(), "both servers used: {} and {}", first.len(), other.len());
    let mut seen = HashSet::new();
    for mail in first.iter().chain(&other) {
        assert!(seen.insert(mail.envelope_to[0].clone()), "{} twice", mail.envelope_to[0]);
    }
    assert_eq!(seen.len(), 60);
}

async fn token_of(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar(
        "SELECT d.verp_token FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE s.email_norm = $1",
    )
    .bind(email)
    .fetch_one(&app.db().pool)
    .await
    .expect("delivery token")
}

#[tokio::test]
async fn the_report_counts_what_came_back_and_the_api_reads_it() {
    let app =
        TestApp::spawn_with(TestOptions { no_workers: true, inbound_token: Some(SECRET.into()), ..Default::default() })
            .await;
    let list = audience(&app, 10).await;
    app.smtp.refuse("p1@example.org", 550);
    let id = draft(&app).await;
    queue(&app, id).await;
    run_jobs(&app).await;
    // A DSN whose report names another address: the VERP token says whose it is.
    let dsn = String::from_utf8(corpus("verp-dsn-hard-5.1.1-abc123.eml")).expect("utf-8");
    let dsn = dsn.replace("abc123", &token_of(&app, "p2@example.org").await);
    assert_eq!(inbound(&app, Some(SECRET), dsn.into_bytes()).await.status(), 200);
    let arf = String::from_utf8(corpus("arf-abuse-complaint.eml")).expect("utf-8");
    let arf = arf.replace("c0mpl41n", &token_of(&app, "p3@example.org").await);
    assert_eq!(inbound(&app, Some(SECRET), arf.into_bytes()).await.status(), 200);
    let leaver: rendezvous_newsletter::SubscriberId =
        sqlx::query_scalar("SELECT id FROM subscribers WHERE email_norm = 'p4@example.org'")
            .fetch_one(&app.db().pool)
            .await
            .expect("id");
    app.clock.advance_ms(60_000);
    let url = rendezvous_newsletter::links::unsubscribe_url(&app.state, leaver, list);
    reqwest::Client::new().post(&url).body("List-Unsubscribe=One-Click").send().await.expect("one-click");

    let numbers = report(app.db(), id).await.expect("report").expect("campaign");
    let got = (numbers.recipients, numbers.sent, numbers.failed, numbers.bounced, numbers.complaints);
    assert_eq!(got, (10, 9, 1, 2, 1), "{numbers:?}");
    assert_eq!(numbers.unsubscribed, 1);
    let log = rendezvous_newsletter::store::bounces_of_campaign(app.db(), id, 50).await.expect("bounce log");
    let addresses: HashSet<&str> = log.iter().map(|b| b.email.as_str()).collect();
    assert_eq!(addresses, HashSet::from(["p1@example.org", "p2@example.org", "p3@example.org"]));

    let ops = app.create_user("ops@example.org", "Ops", &[rendezvous_newsletter::COMMUNICATIONS]).await;
    app.enable_two_factor(ops).await;
    let token =
        rendezvous_accounts::create_api_token(app.db(), &app.clock, "ops@example.org", "stats").await.expect("token");
    let api = reqwest::Client::new();
    let one: serde_json::Value = api
        .get(app.url(&format!("/api/v1/campaigns/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    assert_eq!(
        (one["sent"].as_i64(), one["bounced"].as_i64(), one["complaints"].as_i64()),
        (Some(9), Some(2), Some(1))
    );
    assert_eq!((one["unsubscribed"].as_i64(), one["state"].as_str()), (Some(1), Some("sent")));
    let latest: serde_json::Value = api
        .get(app.url("/api/v1/campaigns"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("json");
    assert_eq!(latest["campaigns"][0]["id"].as_i64(), Some(id.0));
    let anonymous = api.get(app.url(&format!("/api/v1/campaigns/{id}"))).send().await.expect("GET");
    assert_eq!(anonymous.status(), 401);
    let missing = api.get(app.url("/api/v1/campaigns/999999")).bearer_auth(&token).send().await.expect("GET");
    assert_eq!(missing.status(), 404);

    // The campaign's page shows the same report and its bounce log.
    app.admin_session().await;
    let page = app.get(&format!("/admin/campaigns/{id}")).await.text().await.expect("page");
    let report = &page[page.find("id=\"report\"").expect("report section")..];
    for (label, n) in [("Bounced", 2), ("Unsubscribed", 1), ("Complaints", 1)] {
        assert!(report.contains(&format!("{label}</th><td>{n}</td>")), "{label} {n}");
    }
    assert!(report.contains("p2@example.org") && report.contains("complaint"));
}

#[tokio::test]
async fn two_workers_on_one_campaign_send_each_message_once() {
    // As two `serve` processes on one database would: two delivery runs at the same time.
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    audience(&app, 300).await;
    let id = draft(&app).await;
    rendezvous_newsletter::campaigns::send(app.db(), &app.clock, id).await.expect("send");
    let job = serde_json::json!({ "campaign_id": id });
    let (a, b) = tokio::join!(
        delivery::handle(app.state.clone(), job.clone()),
        delivery::handle(app.state.clone(), job.clone())
    );
    a.expect("first worker");
    b.expect("second worker");
    run_jobs(&app).await;
    let mails = app.smtp.all();
    let mut seen = HashSet::new();
    for mail in &mails {
        assert!(seen.insert(mail.envelope_to[0].clone()), "{} twice", mail.envelope_to[0]);
    }
    assert_eq!(seen.len(), 300);
    let numbers = report(app.db(), id).await.expect("report").expect("campaign");
    assert_eq!((numbers.state.as_str(), numbers.sent, numbers.remaining), ("sent", 300, 0));
}

#[tokio::test]
async fn another_process_joins_a_sending_campaign_and_nobody_gets_it_twice() {
    // The job runs in one process; the joiner of another (here: the same app's) claims batches
    // beside it, and whichever finds nothing left marks the campaign sent.
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    audience(&app, 300).await;
    let id = draft(&app).await;
    rendezvous_newsletter::campaigns::send(app.db(), &app.clock, id).await.expect("send");
    let campaign = rendezvous_newsletter::campaigns::by_id(app.db(), id).await.expect("read").expect("campaign");
    let job = serde_json::json!({ "campaign_id": id });
    let (joined, ran) =
        tokio::join!(delivery::join(&app.state, &campaign), delivery::handle(app.state.clone(), job.clone()));
    joined.expect("joined");
    ran.expect("job");
    run_jobs(&app).await;
    let mut seen = HashSet::new();
    for mail in app.smtp.all() {
        assert!(seen.insert(mail.envelope_to[0].clone()), "{} twice", mail.envelope_to[0]);
    }
    assert_eq!(seen.len(), 300);
    let numbers = report(app.db(), id).await.expect("report").expect("campaign");
    assert_eq!((numbers.state.as_str(), numbers.sent, numbers.remaining), ("sent", 300, 0));
    // Nothing is left for a joiner to find.
    let chore = rendezvous_newsletter::campaigns::sharing::join_sending;
    chore(&app.state).await.expect("look for campaigns to join");
    assert_eq!(app.smtp.all().len(), 300);
}

#[tokio::test]
async fn a_sending_campaign_left_without_its_job_gets_one_again() {
    // The process died after queueing the deliveries, before queueing their job.
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    audience(&app, 5).await;
    let id = draft(&app).await;
    rendezvous_newsletter::campaigns::send(app.db(), &app.clock, id).await.expect("send");
    let requeue = rendezvous_newsletter::campaigns::lifecycle::requeue_orphans;
    assert_eq!(requeue(&app.state).await.expect("requeue"), 1);
    assert_eq!(requeue(&app.state).await.expect("requeue"), 0, "one job is enough");
    run_jobs(&app).await;
    assert_eq!(app.smtp.all().len(), 5);
    assert_eq!(report(app.db(), id).await.expect("report").expect("campaign").state.as_str(), "sent");
}

#[tokio::test]
async fn a_server_that_keeps_saying_try_later_is_given_up_after_the_configured_time() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    audience(&app, 3).await;
    app.smtp.refuse("p1@example.org", 451);
    let id = draft(&app).await;
    queue(&app, id).await;
    run_jobs(&app).await;
    let give_up_ms = rendezvous_newsletter::settings(&app.state).delivery_give_up_hours * 3_600_000;
    // Kept and retried until the give-up time...
    app.clock.advance_ms(give_up_ms - 3_600_000);
    run_jobs(&app).await;
    let numbers = report(app.db(), id).await.expect("report").expect("campaign");
    assert_eq!((numbers.sent, numbers.failed, numbers.remaining), (2, 0, 1), "kept, not dropped");
    // ...then given up as failed, and the campaign ends.
    app.clock.advance_ms(2 * 3_600_000);
    run_jobs(&app).await;
    let numbers = report(app.db(), id).await.expect("report").expect("campaign");
    assert_eq!((numbers.state.as_str(), numbers.failed, numbers.remaining), ("sent", 1, 0));
    let error: Option<String> = sqlx::query_scalar("SELECT last_error FROM deliveries WHERE state = 'failed'")
        .fetch_one(&app.db().pool)
        .await
        .expect("failed delivery");
    assert!(error.is_some_and(|e| e.contains("451")));
    assert!(app.smtp.to("p1@example.org").is_empty());
}

#[tokio::test]
async fn a_batch_given_back_is_due_again_as_if_never_claimed() {
    use rendezvous_newsletter::store::{claim_deliveries, unclaim_deliveries};
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    audience(&app, 5).await;
    let id = draft(&app).await;
    rendezvous_newsletter::campaigns::send(app.db(), &app.clock, id).await.expect("send");
    let now = app.clock.now_ms();
    let claimed = claim_deliveries(app.db(), id, now + 20_000, now, 3).await.expect("claim");
    assert_eq!(claimed.len(), 3);
    assert!(claim_deliveries(app.db(), id, now + 20_000, now, 5).await.expect("claim the rest").len() == 2);

    // The first three, claimed ahead and never sent, go back: due now, their attempt not counted.
    let ids: Vec<_> = claimed.iter().map(|c| c.id).collect();
    unclaim_deliveries(app.db(), &ids).await.expect("give back");
    let again = claim_deliveries(app.db(), id, now + 20_000, now, 5).await.expect("claim again");
    let mut again_ids: Vec<_> = again.iter().map(|c| c.id).collect();
    again_ids.sort();
    let mut first_ids = ids.clone();
    first_ids.sort();
    assert_eq!(again_ids, first_ids, "only the given-back ones are due");
    assert!(again.iter().all(|c| c.attempts == 1), "the attempt given back was not counted");
}

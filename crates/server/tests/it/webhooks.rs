//! Webhooks: an alert reaches a partner's endpoint as a signed Standard Webhooks delivery (the
//! signature checked here by hand with HMAC; the PyPI library checks it in the clients stage), the
//! same `webhook-id` on a retry, Retry-After driven by the clock, 410 disabling the endpoint,
//! private addresses refused unless allowed, thin payloads.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use base64::Engine;
use hmac::{Hmac, Mac};
use rendezvous_platform::auth::Role;
use rendezvous_testkit::{TestApp, TestOptions};
use serde_json::{Value, json};

use crate::alerts_fixtures::{alert_body, get_json, post, publish, token_for};

/// A status and its Retry-After, as the receiver answers next.
type Answer = (u16, Option<&'static str>);

/// A partner's endpoint on loopback: answers from a script (then 200), records what it got.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    answers: Arc<Mutex<VecDeque<Answer>>>,
}

impl Receiver {
    async fn start() -> (Self, String) {
        let receiver = Receiver::default();
        let shared = receiver.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let shared = shared.clone();
                async move {
                    shared.got.lock().expect("lock").push((headers, body));
                    let (status, retry_after) = shared.answers.lock().expect("lock").pop_front().unwrap_or((200, None));
                    let mut response = StatusCode::from_u16(status).expect("status").into_response();
                    if let Some(seconds) = retry_after {
                        response.headers_mut().insert("retry-after", seconds.parse().expect("header"));
                    }
                    response
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://127.0.0.1:{}/hook", listener.local_addr().expect("addr").port());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (receiver, url)
    }

    fn answer(&self, status: u16, retry_after: Option<&'static str>) {
        self.answers.lock().expect("lock").push_back((status, retry_after));
    }

    fn got(&self) -> Vec<(HeaderMap, String)> {
        self.got.lock().expect("lock").clone()
    }
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The signature as the specification defines it, computed here from the secret.
fn verify(secret: &str, headers: &HeaderMap, body: &str) -> bool {
    let key = base64::engine::general_purpose::STANDARD.decode(secret.trim_start_matches("whsec_")).expect("key");
    let signed = format!("{}.{}.{body}", header(headers, "webhook-id"), header(headers, "webhook-timestamp"));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).expect("hmac");
    mac.update(signed.as_bytes());
    let expected = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()));
    header(headers, "webhook-signature").split(' ').any(|s| s == expected)
}

async fn app(allow_private: bool) -> TestApp {
    TestApp::spawn_with(TestOptions { no_workers: true, webhooks_allow_private: allow_private, ..Default::default() })
        .await
}

async fn add_endpoint(app: &TestApp, token: &str, url: &str, events: &[&str]) -> (i64, String) {
    let created = post(app, token, "/api/v1/webhooks", &json!({"url": url, "events": events})).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.expect("JSON");
    let secret = created["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("whsec_"));
    (created["id"].as_i64().expect("id"), secret)
}

#[tokio::test]
async fn an_alert_reaches_a_partner_signed_and_a_retry_keeps_its_id_and_waits_for_retry_after() {
    let app = app(true).await;
    let (receiver, url) = Receiver::start().await;
    let token = token_for(&app, "admin@example.org", &[Role::ADMIN], true).await;
    let (_, secret) = add_endpoint(&app, &token, &url, &["alert.published", "alert.cancelled"]).await;
    receiver.answer(503, Some("120"));
    let id = publish(&app, &token, &alert_body(&["BC"])).await;
    app.run_jobs().await;
    assert_eq!(receiver.got().len(), 1, "tried once");
    app.clock.advance_ms(60_000);
    app.run_jobs().await;
    assert_eq!(receiver.got().len(), 1, "Retry-After: 120 is honoured");
    app.clock.advance_ms(61_000);
    app.run_jobs().await;
    let got = receiver.got();
    assert_eq!(got.len(), 2, "tried again after two minutes");
    let (first, second) = (&got[0], &got[1]);
    assert_eq!(header(&first.0, "webhook-id"), header(&second.0, "webhook-id"), "the same id on a retry");
    assert!(verify(&secret, &second.0, &second.1), "signed with the endpoint's secret");
    let body: Value = serde_json::from_str(&second.1).expect("JSON body");
    assert_eq!(body["type"], "alert.published");
    assert_eq!(body["data"]["id"], id);
    assert!(body["data"]["cap"].as_str().is_some_and(|c| c.contains("<msgType>Alert</msgType>")));
    assert!(second.1.len() < 20 * 1024);

    // Deliveries are logged; the API shows them.
    let log: Value = get_json(&app, &token, "/api/v1/webhooks/1/deliveries").await;
    assert_eq!(log["deliveries"][0]["state"], "delivered");
    assert_eq!(log["deliveries"][0]["attempts"], 2);
}

#[tokio::test]
async fn an_endpoint_that_answers_410_is_disabled_and_gets_nothing_more() {
    let app = app(true).await;
    let (receiver, url) = Receiver::start().await;
    let token = token_for(&app, "admin@example.org", &[Role::ADMIN], true).await;
    add_endpoint(&app, &token, &url, &["alert.published"]).await;
    receiver.answer(410, None);
    publish(&app, &token, &alert_body(&["BC"])).await;
    app.run_jobs().await;
    publish(&app, &token, &alert_body(&["ON"])).await;
    app.run_jobs().await;
    assert_eq!(receiver.got().len(), 1);
    let listed: Value = get_json(&app, &token, "/api/v1/webhooks").await;
    assert_eq!(listed["webhooks"][0]["enabled"], false);
    assert_eq!(listed["webhooks"][0]["disabled_reason"], "gone");
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed_and_only_admins_add_endpoints() {
    let app = app(false).await;
    let token = token_for(&app, "admin@example.org", &[Role::ADMIN], true).await;
    for (url, error) in [
        ("http://127.0.0.1:9/hook", "webhooks-url-scheme"),
        ("https://127.0.0.1/hook", "webhooks-url-private"),
        ("https://localhost/hook", "webhooks-url-private"),
        ("https://10.0.0.8/hook", "webhooks-url-private"),
        ("https://[::1]/hook", "webhooks-url-private"),
        ("not a url", "webhooks-url-invalid"),
    ] {
        let refused = post(&app, &token, "/api/v1/webhooks", &json!({"url": url, "events": ["alert.published"]})).await;
        assert_eq!(refused.status(), 422, "{url}");
        let problems: Value = refused.json().await.expect("JSON");
        assert_eq!(problems["errors"][0]["error"], error, "{url}");
    }
    let sneaky = json!({"url": "https://8.8.8.8/h", "events": ["post.sneaky"]});
    assert_eq!(post(&app, &token, "/api/v1/webhooks", &sneaky).await.status(), 422);
    let desk = token_for(&app, "desk@example.org", &[rendezvous_alerts::ALERTS], true).await;
    let fine = json!({"url": "https://8.8.8.8/h", "events": ["alert.published"]});
    assert_eq!(post(&app, &desk, "/api/v1/webhooks", &fine).await.status(), 403);
    let endpoints: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM webhook_endpoints").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(endpoints, 0);
}

#[tokio::test]
async fn a_campaign_sent_is_announced_thinly_and_an_alerts_mailing_is_not() {
    let app = app(true).await;
    let (receiver, url) = Receiver::start().await;
    let token = token_for(&app, "admin@example.org", &[Role::ADMIN], true).await;
    add_endpoint(&app, &token, &url, &["campaign.sent"]).await;
    crate::newsletter_campaigns::audience(&app, 3).await;
    let campaign = crate::newsletter_campaigns::draft(&app).await;
    crate::newsletter_campaigns::queue(&app, campaign).await;
    crate::alerts_fixtures::follower(&app, "f@example.org", rendezvous_platform::i18n::Lang::En, &["BC"]).await;
    publish(&app, &token, &alert_body(&["BC"])).await;
    app.run_jobs().await;
    let got = receiver.got();
    assert_eq!(got.len(), 1, "the campaign, not the alert's mailing");
    let body: Value = serde_json::from_str(&got[0].1).expect("JSON");
    assert_eq!(body["type"], "campaign.sent");
    assert_eq!(body["data"]["list"], "news");
    assert!(!got[0].1.contains("@example.org"), "no address in a thin payload: {}", got[0].1);
}

#[tokio::test]
async fn subscriptions_are_announced_with_an_address_only_to_endpoints_allowed_personal_data_and_never_for_alerts() {
    let app = app(true).await;
    let (thin, thin_url) = Receiver::start().await;
    let (rich, rich_url) = Receiver::start().await;
    let token = token_for(&app, "admin@example.org", &[Role::ADMIN], true).await;
    add_endpoint(&app, &token, &thin_url, &["subscriber.subscribed", "subscriber.unsubscribed"]).await;
    let with_personal = json!({"url": rich_url, "events": ["subscriber.subscribed"], "personal_data": true});
    assert_eq!(post(&app, &token, "/api/v1/webhooks", &with_personal).await.status(), 201);
    crate::newsletter_import::make_list(&app, "news", true).await;
    let person = json!({"email": "reader@example.org", "consent": "express", "evidence": "signed up at the forum"});
    assert_eq!(post(&app, &token, "/api/v1/lists/news/subscribers", &person).await.status(), 201);
    assert_eq!(post(&app, &token, "/api/v1/lists/alerts/subscribers", &person).await.status(), 201);
    let gone = json!({"email": "reader@example.org"});
    assert_eq!(post(&app, &token, "/api/v1/lists/news/unsubscribe", &gone).await.status(), 200);
    app.run_jobs().await;
    let thin_bodies: Vec<Value> = thin.got().iter().map(|(_, b)| serde_json::from_str(b).expect("JSON")).collect();
    let kinds: Vec<&str> = thin_bodies.iter().filter_map(|b| b["type"].as_str()).collect();
    assert_eq!(kinds, ["subscriber.subscribed", "subscriber.unsubscribed"], "nothing for the alerts list");
    assert!(thin_bodies.iter().all(|b| b["data"]["list"] == "news" && b["data"].get("personal").is_none()));
    assert!(!thin.got().iter().any(|(_, b)| b.contains("reader@example.org")));
    let rich_got = rich.got();
    assert_eq!(rich_got.len(), 1);
    let body: Value = serde_json::from_str(&rich_got[0].1).expect("JSON");
    assert_eq!(body["data"]["personal"]["email"], "reader@example.org");
}

#[tokio::test]
async fn posts_are_announced_from_public_spaces_only_and_never_with_their_author() {
    let app = app(true).await;
    let (receiver, url) = Receiver::start().await;
    let token = token_for(&app, "admin@example.org", &[Role::ADMIN], true).await;
    add_endpoint(&app, &token, &url, &["post.created"]).await;
    for (slug, read) in [("open", "public"), ("workers", "members")] {
        let space = json!({"slug": slug, "name_en": slug, "name_fr": slug, "read": read, "post": "members"});
        assert_eq!(post(&app, &token, "/api/v1/spaces", &space).await.status(), 201);
    }
    let member = token_for(&app, "poster@example.org", &[rendezvous_members::MEMBER], false).await;
    let thread = json!({"title": "Naloxone training", "body": "Who is coming on Tuesday?"});
    assert_eq!(post(&app, &member, "/api/v1/spaces/open/threads", &thread).await.status(), 201);
    assert_eq!(post(&app, &member, "/api/v1/spaces/workers/threads", &thread).await.status(), 201);
    app.run_jobs().await;
    let got = receiver.got();
    assert_eq!(got.len(), 1, "the public space's post only");
    let body: Value = serde_json::from_str(&got[0].1).expect("JSON");
    assert_eq!((body["type"].as_str(), body["data"]["space"].as_str()), (Some("post.created"), Some("open")));
    assert!(!got[0].1.contains("poster@example.org") && !got[0].1.contains("Pat"), "no author: {}", got[0].1);
}

#[tokio::test]
async fn the_pages_add_an_endpoint_show_its_secret_once_rotate_it_signing_with_both_for_a_day_and_send_again() {
    let app = app(true).await;
    let (receiver, url) = Receiver::start().await;
    app.admin_session().await;
    let created = app.post_form("/admin/webhooks", &[("url", url.as_str()), ("event", "alert.published")]).await;
    assert_eq!(created.status(), 200);
    let page = created.text().await.expect("page");
    let secret = page.split("<code>").nth(1).and_then(|s| s.split("</code>").next()).expect("the secret").to_owned();
    assert!(secret.starts_with("whsec_"));
    let list = app.get("/admin/webhooks").await.text().await.expect("page");
    assert!(list.contains(&url) && !list.contains(&secret), "the secret is shown once");
    let bad = app.post_form("/admin/webhooks", &[("url", "ftp://x"), ("event", "nope")]).await;
    assert_eq!(bad.status(), 422);

    let rotated = app.post_form("/admin/webhooks/1/rotate", &[]).await.text().await.expect("page");
    let new_secret = rotated.split("<code>").nth(1).and_then(|s| s.split("</code>").next()).expect("new").to_owned();
    assert_ne!(secret, new_secret);
    assert_eq!(app.post_form("/admin/webhooks/1/ping", &[]).await.status(), 303);
    app.run_jobs().await;
    let (headers, body) = receiver.got().pop().expect("the ping");
    assert_eq!(header(&headers, "webhook-signature").split(' ').count(), 2, "both secrets sign for a day");
    assert!(verify(&secret, &headers, &body) && verify(&new_secret, &headers, &body));
    app.clock.advance_ms(25 * 3_600_000);
    app.post_form("/admin/webhooks/1/ping", &[]).await;
    app.run_jobs().await;
    let (headers, body) = receiver.got().pop().expect("the second ping");
    assert!(verify(&new_secret, &headers, &body) && !verify(&secret, &headers, &body), "the old one no longer");

    let log = app.get("/admin/webhooks/1").await.text().await.expect("page");
    assert!(log.contains("webhook.ping") && log.contains("Delivered"));
    let before = receiver.got().len();
    assert_eq!(app.post_form("/admin/webhooks/deliveries/1/again", &[]).await.status(), 303);
    app.run_jobs().await;
    let got = receiver.got();
    assert_eq!(got.len(), before + 1, "sent again");
    assert_eq!(header(&got[before].0, "webhook-id"), header(&got[0].0, "webhook-id"), "the same message");
}

#[tokio::test]
async fn an_endpoint_failing_for_five_days_is_disabled_and_its_owner_told() {
    let app = app(true).await;
    let (receiver, url) = Receiver::start().await;
    let token = token_for(&app, "owner@example.org", &[Role::ADMIN], true).await;
    add_endpoint(&app, &token, &url, &["alert.published"]).await;
    for _ in 0..20 {
        receiver.answer(500, None);
    }
    publish(&app, &token, &alert_body(&["BC"])).await;
    app.run_jobs().await;
    app.clock.advance_ms(5 * 24 * 3_600_000 + 1);
    publish(&app, &token, &alert_body(&["ON"])).await;
    app.run_jobs().await;
    let listed: Value = get_json(&app, &token, "/api/v1/webhooks").await;
    assert_eq!(
        (listed["webhooks"][0]["enabled"].as_bool(), listed["webhooks"][0]["disabled_reason"].as_str()),
        (Some(false), Some("failing"))
    );
    let told = app.smtp.wait_for("owner@example.org", 1).await;
    assert!(told[0].subject.contains("disabled") && told[0].text.contains(&url));
}

#[tokio::test]
async fn a_hard_bounce_is_announced_for_the_lists_that_are_not_private() {
    use crate::newsletter_bounces::{SECRET, corpus, inbound, mailed};
    let app = TestApp::spawn_with(TestOptions {
        no_workers: true,
        webhooks_allow_private: true,
        inbound_token: Some(SECRET.into()),
        ..Default::default()
    })
    .await;
    let (receiver, url) = Receiver::start().await;
    let token = token_for(&app, "admin@example.org", &[Role::ADMIN], true).await;
    add_endpoint(&app, &token, &url, &["subscriber.bounced"]).await;
    crate::newsletter_import::make_list(&app, "news", true).await;
    let person = json!({"email": "j.tremblay@example.net", "consent": "express", "evidence": "forum sign-up"});
    assert_eq!(post(&app, &token, "/api/v1/lists/news/subscribers", &person).await.status(), 201);
    mailed(&app, "j.tremblay@example.net", "a-delivery").await;
    assert_eq!(inbound(&app, Some(SECRET), corpus("postfix-hard-5.1.1.eml")).await.status(), 200);
    app.run_jobs().await;
    let got = receiver.got();
    assert_eq!(got.len(), 1);
    let body: Value = serde_json::from_str(&got[0].1).expect("JSON");
    assert_eq!((body["type"].as_str(), body["data"]["lists"][0].as_str()), (Some("subscriber.bounced"), Some("news")));
    assert!(!got[0].1.contains("tremblay"), "thin");
}

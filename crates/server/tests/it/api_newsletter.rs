//! The newsletter's API for integrations: lists, subscriber search (paged, with a next link),
//! one subscriber and their consent ledger, segments, and campaigns written, scheduled and sent;
//! someone who only follows the alerts is found by administrators only.

use rendezvous_platform::auth::Role;
use rendezvous_platform::i18n::Lang;
use rendezvous_testkit::{TestApp, TestOptions};
use serde_json::{Value, json};

use crate::alerts_fixtures::{follower, get_json, post, token_for};
use crate::newsletter_campaigns::audience;

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new().get(app.url(path)).bearer_auth(token).send().await.expect("GET")
}

#[tokio::test]
async fn lists_subscribers_and_campaigns_through_the_api() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    let comms = token_for(&app, "comms@example.org", &[rendezvous_newsletter::COMMUNICATIONS], true).await;
    let admin = token_for(&app, "root@example.org", &[Role::ADMIN], true).await;

    let list = json!({"slug": "partners", "name_en": "Partners", "name_fr": "Partenaires", "public": false});
    assert_eq!(post(&app, &comms, "/api/v1/lists", &list).await.status(), 201);
    let again = post(&app, &comms, "/api/v1/lists", &list).await;
    assert_eq!(again.status(), 422, "a taken slug");
    let lists: Value = get_json(&app, &comms, "/api/v1/lists").await;
    assert!(lists["lists"].as_array().expect("lists").iter().any(|l| l["slug"] == "partners"));

    audience(&app, 150).await;
    let first: Value = get_json(&app, &comms, "/api/v1/subscribers?q=example.org").await;
    assert_eq!((first["total"].as_i64(), first["page"].as_i64()), (Some(150), Some(1)));
    assert_eq!(first["subscribers"].as_array().map(Vec::len), Some(100));
    let next = first["next"].as_str().expect("a next link").to_owned();
    let second: Value =
        reqwest::Client::new().get(&next).bearer_auth(&comms).send().await.expect("GET").json().await.expect("JSON");
    assert_eq!(second["subscribers"].as_array().map(Vec::len), Some(50));
    assert!(second["next"].is_null());
    let one: Value = get_json(&app, &comms, "/api/v1/subscribers/p7@example.org").await;
    assert_eq!(one["subscriptions"][0]["list"], "news");
    let ledger: Value = get_json(&app, &comms, "/api/v1/subscribers/p7@example.org/consent").await;
    assert_eq!(ledger["events"][0]["action"], "subscribed");

    // Someone who only follows the alerts: found by an administrator only.
    follower(&app, "quiet@example.org", Lang::En, &["BC"]).await;
    let found: Value = get_json(&app, &comms, "/api/v1/subscribers?q=quiet").await;
    assert_eq!(found["total"], 0);
    assert_eq!(get(&app, &comms, "/api/v1/subscribers/quiet@example.org").await.status(), 404);
    assert_eq!(get(&app, &comms, "/api/v1/subscribers/quiet@example.org/consent").await.status(), 404);
    let found: Value = get_json(&app, &admin, "/api/v1/subscribers?q=quiet").await;
    assert_eq!(found["total"], 1);

    let segments: Value = get_json(&app, &comms, "/api/v1/segments").await;
    assert!(segments["segments"].is_array());

    let draft = json!({"list": "news", "subject_en": "Spring update", "body_en": "Hello {{name}}"});
    let created = post(&app, &comms, "/api/v1/campaigns", &draft).await;
    assert_eq!(created.status(), 201);
    let id = created.json::<Value>().await.expect("JSON")["id"].as_i64().expect("id");
    let bad = post(&app, &comms, "/api/v1/campaigns", &json!({"list": "news", "subject_fr": "Seulement"})).await;
    assert_eq!(bad.status(), 422);
    let sent = post(&app, &comms, &format!("/api/v1/campaigns/{id}/send"), &json!({})).await;
    assert_eq!(sent.status(), 200);
    assert_eq!(sent.json::<Value>().await.expect("JSON")["recipients"], 150);
    assert_eq!(post(&app, &comms, &format!("/api/v1/campaigns/{id}/send"), &json!({})).await.status(), 409);
    let later = post(&app, &comms, "/api/v1/campaigns", &draft).await.json::<Value>().await.expect("JSON");
    let later = later["id"].as_i64().expect("id");
    let schedule = format!("/api/v1/campaigns/{later}/schedule");
    let past = json!({"date": "2001-01-01", "time": "09:00"});
    assert_eq!(post(&app, &comms, &schedule, &past).await.status(), 422);
    let in_a_month = time::OffsetDateTime::from_unix_timestamp(app.clock.now_ms() / 1000 + 30 * 86_400).expect("date");
    let date = format!("{:04}-{:02}-{:02}", in_a_month.year(), u8::from(in_a_month.month()), in_a_month.day());
    let future = json!({"date": date, "time": "09:00"});
    assert_eq!(post(&app, &comms, &schedule, &future).await.status(), 200);
}

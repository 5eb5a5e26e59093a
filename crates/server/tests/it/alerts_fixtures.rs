//! What the alerts tests share: people who may publish, followers of the alerts list with their
//! areas, regions, and a complete alert as the API takes it.

use std::collections::BTreeSet;

use rendezvous_alerts::store::{self as alert_store, NewRegion};
use rendezvous_newsletter::SubscriberId;
use rendezvous_newsletter::model::{ConsentKind, Source};
use rendezvous_newsletter::subscriptions::{self, Person, StatedConsent};
use rendezvous_platform::auth::Role;
use rendezvous_platform::email::EmailAddress;
use rendezvous_platform::i18n::Lang;
use rendezvous_testkit::TestApp;
use serde_json::{Value, json};

/// A bearer token for a new account with these roles (and two-factor when asked).
pub async fn token_for(app: &TestApp, email: &str, roles: &[Role], two_factor: bool) -> String {
    let id = app.create_user(email, "Pat", roles).await;
    if two_factor {
        app.enable_two_factor(id).await;
    }
    rendezvous_accounts::create_api_token(app.db(), &app.clock, email, "alerts").await.expect("token")
}

/// Someone on the alerts list who follows these areas.
pub async fn follower(app: &TestApp, email: &str, lang: Lang, areas: &[&str]) -> SubscriberId {
    let list = rendezvous_newsletter::list_by_slug(app.db(), "alerts").await.expect("list").expect("alerts list");
    let person = Person::new(EmailAddress::parse(email).expect("address"), lang);
    let consent = StatedConsent {
        kind: ConsentKind::ExpressImport,
        source: Source::Admin,
        evidence: "asked for alerts at the drop-in".into(),
        since_ms: app.clock.now_ms(),
        actor_id: None,
    };
    subscriptions::subscribe(app.db(), &app.clock, list.id, &person, &consent).await.expect("subscribe");
    let id = rendezvous_newsletter::store::subscriber_by_email(app.db(), email).await.expect("read").expect("row").id;
    let areas: Vec<String> = areas.iter().map(|a| (*a).to_owned()).collect();
    alert_store::set_subscriber_areas(app.db(), id, &areas).await.expect("areas");
    id
}

pub async fn region(app: &TestApp, slug: &str, province: &str, name: &str, geocodes: &str) {
    let new = NewRegion { slug, province, name_en: name, name_fr: name, geocodes };
    assert!(alert_store::insert_region(app.db(), &new, app.clock.now_ms()).await.expect("region"));
}

/// A complete alert for these regions, ready to publish.
pub fn alert_body(regions: &[&str]) -> Value {
    json!({
        "regions": regions,
        "severity": "extreme",
        "verification": "drug-checking",
        "headline_en": "Carfentanil in down",
        "headline_fr": "Carfentanil dans le down",
        "summary_en": "Purple down sold as fentanyl contains carfentanil. Don't use alone.",
        "summary_fr": "Du down violet vendu comme fentanyl contient du carfentanil. Ne consommez pas seul.",
        "details_en": "Found by **FTIR** at two sites.",
        "details_fr": "Trouvé par **FTIR** à deux sites.",
        "sold_as": "fentanyl",
        "appearance_en": "purple chunks",
        "appearance_fr": "morceaux violets",
        "effects": "sedation",
        "substances": [{"name": "carfentanil"}, {"name": "fentanyl", "percent": 12.5}],
    })
}

pub async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new().post(app.url(path)).bearer_auth(token).json(body).send().await.expect("API POST")
}

/// A JSON answer to a GET with a bearer token.
pub async fn get_json(app: &TestApp, token: &str, path: &str) -> Value {
    let url = if path.starts_with("http") { path.to_owned() } else { app.url(path) };
    reqwest::Client::new().get(url).bearer_auth(token).send().await.expect("GET").json().await.expect("JSON")
}

/// Writes and publishes an alert; returns its id.
pub async fn publish(app: &TestApp, token: &str, body: &Value) -> i64 {
    let created = post(app, token, "/api/v1/alerts", body).await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.expect("JSON");
    assert_eq!(created["state"], "draft");
    let id = created["id"].as_i64().expect("id");
    let published = post(app, token, &format!("/api/v1/alerts/{id}/publish"), &json!({})).await;
    assert_eq!(published.status(), 200, "{}", published.text().await.unwrap_or_default());
    id
}

/// Everyone mailed since the last call, by address (sending every due job first).
pub async fn mailed(app: &TestApp, seen: &mut usize) -> BTreeSet<String> {
    app.run_jobs().await;
    let all = app.smtp.all();
    let new = all[*seen..].iter().flat_map(|m| m.envelope_to.clone()).collect();
    *seen = all.len();
    new
}

pub fn set(addresses: &[&str]) -> BTreeSet<String> {
    addresses.iter().map(|a| (*a).to_owned()).collect()
}

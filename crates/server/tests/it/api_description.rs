//! The API description lists every `/api/v1` route of every feature, with its methods, and is an
//! OpenAPI 3 document (CI also validates it with openapi-spec-validator: scripts/check-clients).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rendezvous_testkit::TestApp;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// (method, path) of every API route in the features' sources: those registered with their
/// description (`#[utoipa::path(get, path = "/api/v1/...")]`) and, separately, any registered by
/// hand (`.route("/api/v1/...")`), which would escape the description.
fn routes_in_source() -> (BTreeSet<(String, String)>, Vec<String>) {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths = Vec::new();
    files(&crates, &mut paths);
    let mut described = BTreeSet::new();
    let mut by_hand = Vec::new();
    for path in paths.iter().filter(|p| !p.components().any(|c| c.as_os_str() == "tests")) {
        let text = std::fs::read_to_string(path).expect("source");
        for piece in text.split("#[utoipa::path(").skip(1) {
            let Some((method, rest)) = piece.split_once(',') else { continue };
            let Some((_, route)) = rest.split_once("path = \"") else { continue };
            let Some((route, _)) = route.split_once('"') else { continue };
            described.insert((method.trim().to_owned(), route.to_owned()));
        }
        for piece in text.split(".route(\"/api/v1/").skip(1) {
            let route = piece.split('"').next().unwrap_or_default();
            if route != "openapi.json" {
                by_hand.push(format!("/api/v1/{route} in {}", path.display()));
            }
        }
    }
    (described, by_hand)
}

/// Every `$ref` in the document, to check each names a schema the document holds.
fn refs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", serde_json::Value::String(r)) => out.push(r.clone()),
                    _ => refs(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn every_api_route_is_described_with_its_methods() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.expect("JSON");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "not OpenAPI 3: {}", doc["openapi"]);
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let (routes, by_hand) = routes_in_source();
    assert!(by_hand.is_empty(), "API routes registered without their description: {by_hand:?}");
    assert!(routes.len() >= 17, "the scan found only {routes:?}");
    let mut missing = Vec::new();
    for (method, path) in &routes {
        let operation = &doc["paths"][path][method];
        let typed_success = operation["responses"].as_object().is_some_and(|responses| {
            responses
                .iter()
                .any(|(status, r)| status.starts_with('2') && r["content"]["application/json"]["schema"].is_object())
        });
        if !typed_success || operation["security"][0]["bearer"].is_null() {
            missing.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    assert!(missing.is_empty(), "routes missing from the API description, or without a typed answer: {missing:?}");
    // Operation ids come from the handlers' names: two features' `list` would clash for clients.
    let mut ids = std::collections::BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            if let Some(id) = operation["operationId"].as_str() {
                let earlier = ids.insert(id.to_owned(), format!("{} {path}", method.to_uppercase()));
                assert!(earlier.is_none(), "operation id {id} twice: {earlier:?} and {} {path}", method.to_uppercase());
            }
        }
    }
    // And nothing described that no route serves.
    let described: BTreeSet<String> = doc["paths"].as_object().expect("paths").keys().cloned().collect();
    let served: BTreeSet<String> = routes.iter().map(|(_, p)| p.clone()).collect();
    let stale: Vec<_> = described.difference(&served).collect();
    assert!(stale.is_empty(), "described but not served: {stale:?}");
    // Every schema a response or body refers to is in the document.
    let mut all = Vec::new();
    refs(&doc, &mut all);
    let dangling: Vec<_> = all
        .iter()
        .filter(|r| {
            let name = r.trim_start_matches("#/components/schemas/");
            !doc["components"]["schemas"][name].is_object()
        })
        .collect();
    assert!(!all.is_empty() && dangling.is_empty(), "references to missing schemas: {dangling:?}");
}

/// The properties a response's schema names (following its `$ref`).
fn described_fields(doc: &serde_json::Value, path: &str, status: &str) -> Vec<String> {
    let schema = &doc["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"];
    let name = schema["$ref"].as_str().expect("a named schema").trim_start_matches("#/components/schemas/");
    let mut fields: Vec<_> =
        doc["components"]["schemas"][name]["properties"].as_object().expect("properties").keys().cloned().collect();
    fields.sort();
    fields
}

/// The description is what the handlers answer: what the API returns has the fields its schema
/// names, and nothing else.
#[tokio::test]
async fn a_described_answer_has_the_fields_of_its_schema() {
    let app = TestApp::spawn().await;
    let _admin = app.admin_session().await;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.expect("JSON");
    let token = rendezvous_accounts::create_api_token(app.db(), &app.clock, "root-admin@example.org", "t")
        .await
        .expect("token");
    for path in ["/api/v1/me", "/api/v1/members/me/profile"] {
        let response = app.client.get(app.url(path)).bearer_auth(&token).send().await.expect("GET");
        assert_eq!(response.status(), 200, "{path}");
        let body: serde_json::Value = response.json().await.expect("JSON");
        let mut answered: Vec<_> = body.as_object().expect("an object").keys().cloned().collect();
        answered.sort();
        assert_eq!(described_fields(&doc, path, "200"), answered, "{path}");
    }
}

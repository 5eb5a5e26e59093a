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

/// (method, path) of every `.route("/api/v1/...", get(..).post(..))` in the features' sources.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths = Vec::new();
    files(&crates, &mut paths);
    let mut routes = BTreeSet::new();
    for path in paths.iter().filter(|p| !p.components().any(|c| c.as_os_str() == "tests")) {
        let text = std::fs::read_to_string(path).expect("source");
        for piece in text.split(".route(\"/api/v1/").skip(1) {
            let Some((rest, handlers)) = piece.split_once('"') else { continue };
            let call = handlers.split("\n").next().unwrap_or_default();
            for method in ["get", "post", "put", "patch", "delete"] {
                if call.contains(&format!("{method}(")) {
                    routes.insert((method.to_owned(), format!("/api/v1/{rest}")));
                }
            }
        }
    }
    routes
}

#[tokio::test]
async fn every_api_route_is_described_with_its_methods() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.expect("JSON");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "not OpenAPI 3: {}", doc["openapi"]);
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let routes = routes_in_source();
    assert!(routes.len() >= 15, "the scan found only {routes:?}");
    let mut missing = Vec::new();
    for (method, path) in &routes {
        if path == "/api/v1/openapi.json" {
            continue;
        }
        let operation = &doc["paths"][path][method];
        if !operation.is_object() || !operation["responses"].is_object() {
            missing.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    assert!(missing.is_empty(), "routes missing from the API description: {missing:?}");
    // And nothing described that no route serves.
    let described: BTreeSet<String> = doc["paths"].as_object().expect("paths").keys().cloned().collect();
    let served: BTreeSet<String> = routes.iter().map(|(_, p)| p.clone()).collect();
    let stale: Vec<_> = described.difference(&served).collect();
    assert!(stale.is_empty(), "described but not served: {stale:?}");
}

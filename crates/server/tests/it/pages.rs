//! The site's own pages where axum would answer for it: a path or query value that does not
//! parse is the site's 404 or 400 page in the person's language, never axum's plain text; and the
//! French admin pages say in French what their codes mean.

use rendezvous_platform::audit;
use rendezvous_testkit::{TestApp, TestOptions};

/// A value in the path that does not parse names no page: one address per feature.
const BAD_PATHS: &[&str] = &[
    "/forum/t/abc",
    "/forum/p/abc",
    "/forum/p/1x/edit",
    "/directory/people/abc",
    "/directory/organisations/abc",
    "/members/applications/abc",
    "/members/apply/abc",
    "/organisations/abc/edit",
    "/mailings/abc",
    "/admin/campaigns/abc",
    "/admin/campaigns/abc/edit",
    "/admin/members/abc",
    "/admin/subscribers/abc",
    "/admin/segments/abc",
    "/admin/imports/abc",
    "/admin/outbox/abc",
    "/no/such/page",
];

/// A query value that does not parse is a bad request.
const BAD_QUERIES: &[&str] =
    &["/admin/audit?page=x", "/forum/search?q=naloxone&page=x", "/forum/t/1?page=-1", "/admin/lists/news?page=x"];

/// Addresses whose pages may not read the value at all (they answer 200), but never with
/// axum's own text.
const ANY_ANSWER: &[&str] = &["/admin/users?page=-1", "/directory?page=x", "/forum?page=x", "/admin/lists?page=x"];

async fn french_admin() -> TestApp {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    app.admin_session().await;
    app.post_form("/lang", &[("lang", "fr"), ("next", "/")]).await;
    app
}

async fn page(app: &TestApp, path: &str) -> (u16, String, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, content_type, response.text().await.expect("body"))
}

fn assert_site_page(path: &str, content_type: &str, body: &str) {
    assert!(content_type.starts_with("text/html"), "{path}: {content_type}: {body}");
    assert!(body.contains("<html lang=\"fr\">"), "{path}: not in French: {body}");
    for axum_text in ["Failed to deserialize", "Invalid URL", "Cannot parse"] {
        assert!(!body.contains(axum_text), "{path}: axum's own text: {body}");
    }
}

#[tokio::test]
async fn a_path_value_that_does_not_parse_is_the_sites_not_found_page_in_french() {
    let app = french_admin().await;
    for path in BAD_PATHS {
        let (status, content_type, body) = page(&app, path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_site_page(path, &content_type, &body);
        assert!(body.contains("Page introuvable"), "{path}: {body}");
    }
}

#[tokio::test]
async fn a_query_value_that_does_not_parse_is_the_sites_bad_request_page_in_french() {
    let app = french_admin().await;
    for path in BAD_QUERIES {
        let (status, content_type, body) = page(&app, path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_site_page(path, &content_type, &body);
        assert!(body.contains("Une valeur de l’adresse est illisible"), "{path}: {body}");
    }
    // A wrong method (a link to what only a form's button may do) is not axum's empty answer either.
    let response = app.get("/admin/jobs/1/retry").await;
    assert_eq!(response.status(), 405);
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let content_type = content_type.to_owned();
    let body = response.text().await.expect("body");
    assert_site_page("/admin/jobs/1/retry", &content_type, &body);
    assert!(body.contains("Cette adresse ne s’utilise pas de cette façon"), "{body}");
    for path in ANY_ANSWER {
        let (status, content_type, body) = page(&app, path).await;
        assert!(matches!(status, 200 | 400 | 404), "{path}: {status}: {body}");
        assert_site_page(path, &content_type, &body);
    }
}

#[tokio::test]
async fn the_api_answers_a_bad_path_value_in_json() {
    let app = TestApp::spawn().await;
    app.create_user("reader@example.org", "Reader", &[]).await;
    let token =
        rendezvous_accounts::create_api_token(app.db(), &app.clock, "reader@example.org", "test").await.expect("token");
    let response = app.client.get(app.url("/api/v1/threads/abc")).bearer_auth(token).send().await.expect("GET");
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.expect("JSON body");
    assert_eq!(body["error"], "error-not-found");
}

#[tokio::test]
async fn french_admin_pages_name_audit_actions_and_job_kinds_in_french() {
    let app = french_admin().await;
    let person = app.create_user("helper@example.org", "Helper Hawk", &[]).await;
    app.post_form(
        &format!("/admin/users/{}/roles", person.0),
        &[("role", "moderator"), ("action", "grant"), ("confirm", "yes")],
    )
    .await;
    let detail = "campaign 5 at 2026-01-15T14:30:00Z";
    audit::record(app.db(), &app.clock, None, "campaign.schedule", None, detail).await.expect("audit");
    let audit = app.get("/admin/audit").await.text().await.expect("body");
    assert!(audit.contains("Rôle accordé") && !audit.contains("role.grant"), "{audit}");
    assert!(audit.contains("Campagne programmée") && !audit.contains("T14:30:00Z"), "no raw timestamp: {audit}");

    app.state.jobs.enqueue_at("mail.send", &(), app.clock.now_ms(), 1).await.expect("enqueue");
    let jobs = app.get("/admin/jobs").await.text().await.expect("body");
    assert!(jobs.contains("Envoi d’un courriel") && !jobs.contains("mail.send"), "{jobs}");
}

//! API tokens limited to their scopes on every API route (a matrix over the API description), an
//! expiry and a revocation that end a token, the day of last use, and the account page that makes
//! them within one's own powers.

use rendezvous_platform::auth::Role;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::scopes::{SCOPES, allows};
use rendezvous_testkit::TestApp;
use serde_json::Value;

async fn scoped(app: &TestApp, email: &str, scopes: &[&str], expires_at: Option<i64>) -> String {
    rendezvous_accounts::create_scoped_api_token(app.db(), &app.clock, email, "t", scopes, expires_at)
        .await
        .expect("token")
}

#[tokio::test]
async fn every_api_route_answers_403_to_a_token_without_its_scope_and_lets_one_with_it_through() {
    let app = TestApp::spawn().await;
    let admin = app.create_user("root@example.org", "Root", &[Role::ADMIN]).await;
    app.enable_two_factor(admin).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.expect("JSON");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for scope in SCOPES {
        let token = scoped(&app, "root@example.org", &[scope], None).await;
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("item") {
                let security = operation["security"].as_array().cloned().unwrap_or_default();
                // Routes open to anyone (a token welcome, not needed) are not the scopes' business.
                if security.is_empty() || security.iter().any(|s| s.as_object().is_some_and(|o| o.is_empty())) {
                    continue;
                }
                let concrete = path.replace("{id}", "1").replace("{slug}", "news").replace("{email}", "x@example.org");
                let method: axum::http::Method = method.to_uppercase().parse().expect("method");
                let request = reqwest::Client::new()
                    .request(method.as_str().parse().expect("method"), app.url(&concrete))
                    .bearer_auth(&token);
                let request =
                    if method == axum::http::Method::GET { request } else { request.json(&serde_json::json!({})) };
                let status = request.send().await.expect("request").status().as_u16();
                let allowed = allows(&[scope], &method, path);
                checked += 1;
                if allowed == (status == 403) {
                    wrong.push(format!("{scope}: {method} {path} answered {status}"));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} checks");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn an_expired_or_revoked_token_stops_working_and_its_day_of_use_is_kept() {
    let app = TestApp::spawn().await;
    let id = app.create_user("pat@example.org", "Pat", &[]).await;
    let soon = scoped(&app, "pat@example.org", &["read"], Some(app.clock.now_ms() + DAY_MS)).await;
    let me = |token: String| {
        let url = app.url("/api/v1/me");
        async move { reqwest::Client::new().get(url).bearer_auth(token).send().await.expect("GET").status().as_u16() }
    };
    assert_eq!(me(soon.clone()).await, 200);
    let used: Option<String> = sqlx::query_scalar("SELECT last_used_on FROM api_tokens WHERE user_id = $1")
        .bind(id)
        .fetch_one(&app.db().pool)
        .await
        .expect("day");
    assert_eq!(used.map(|d| d.len()), Some(10), "a date, not a time");
    app.clock.advance_ms(DAY_MS + 1);
    assert_eq!(me(soon).await, 401, "expired");

    // The account page: scopes within one's powers, the token shown once, revocation.
    let browser = app.new_browser();
    app.log_in(&browser, "pat@example.org", None).await;
    let page = browser.get(app.url("/account/tokens")).send().await.expect("GET").text().await.expect("page");
    assert!(page.contains("value=\"read\"") && page.contains("value=\"forum\"") && !page.contains("value=\"admin\""));
    let refused =
        rendezvous_testkit::post_form(&browser, &app.url("/account/tokens"), &[("label", "sync"), ("scope", "admin")])
            .await;
    assert_eq!(refused.status(), 422, "not beyond one's powers");
    let made = rendezvous_testkit::post_form(
        &browser,
        &app.url("/account/tokens"),
        &[("label", "sync"), ("scope", "read"), ("days", "30")],
    )
    .await;
    let made = made.text().await.expect("page");
    let token =
        made.split("<code>").nth(1).and_then(|s| s.split("</code>").next()).expect("the token, once").to_owned();
    assert_eq!(me(token.clone()).await, 200);
    let again = browser.get(app.url("/account/tokens")).send().await.expect("GET").text().await.expect("page");
    assert!(!again.contains(&token), "shown once");
    let row: i64 = sqlx::query_scalar("SELECT MAX(id) FROM api_tokens").fetch_one(&app.db().pool).await.expect("id");
    let revoked =
        rendezvous_testkit::post_form(&browser, &app.url(&format!("/account/tokens/{row}/revoke")), &[]).await;
    assert_eq!(revoked.status(), 303);
    assert_eq!(me(token).await, 401, "revoked");
}

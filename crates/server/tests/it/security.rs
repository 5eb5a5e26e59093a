//! The origin check on state-changing requests, the security headers on every response, and the
//! error pages in both languages.

use rendezvous_testkit::{PASSWORD, TestApp};

fn assert_security_headers(response: &reqwest::Response) {
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().expect("csp");
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn a_cross_site_post_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.create_user("victim@example.org", "Victim", &[]).await;
    app.log_in(&app.client, "victim@example.org", None).await;

    let forged = app
        .client
        .post(app.url("/account/sessions/end-all"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("POST");
    assert_eq!(forged.status(), 403);
    assert_security_headers(&forged);
    assert_eq!(app.get("/account").await.status(), 200, "still signed in");

    // An Origin of another site without Sec-Fetch-Site is refused too.
    let forged = app
        .client
        .post(app.url("/account/profile"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "http://evil.example")
        .body("display_name=Pwned&lang=en")
        .send()
        .await
        .expect("POST");
    assert_eq!(forged.status(), 403);
    let account = app.get("/account").await.text().await.expect("body");
    assert!(!account.contains("Pwned"));
}

#[tokio::test]
async fn a_browser_form_with_a_null_origin_but_same_origin_fetch_site_is_accepted() {
    // What Chromium sends for our own forms under Referrer-Policy: no-referrer.
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/signup"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "null")
        .header("sec-fetch-site", "same-origin")
        .body("email=null-origin%40example.org&display_name=Null&password=long+enough+password")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 200);
    // Browsers too old to send Sec-Fetch-Site also send "null" for our own forms: accepted.
    let response = app
        .client
        .post(app.url("/signup"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "null")
        .body("email=other%40example.org&display_name=Other&password=long+enough+password")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn security_headers_on_pages_assets_and_errors() {
    let app = TestApp::spawn().await;
    for path in ["/", "/login", "/signup", "/static/site.css", "/no-such-page", "/healthz"] {
        let response = app.get(path).await;
        assert_security_headers(&response);
    }
    app.create_user("plain@example.org", "Plain", &[]).await;
    app.log_in(&app.client, "plain@example.org", None).await;
    let forbidden = app.get("/admin").await;
    assert_eq!(forbidden.status(), 403);
    assert_security_headers(&forbidden);
}

#[tokio::test]
async fn cookies_are_http_only_and_same_site_lax() {
    let app = TestApp::spawn().await;
    app.create_user("cookie@example.org", "Cookie", &[]).await;
    let response = app.post_form("/login", &[("email", "cookie@example.org"), ("password", PASSWORD)]).await;
    let cookie = response.headers()["set-cookie"].to_str().expect("cookie").to_owned();
    assert!(cookie.starts_with("rv_session="));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http base URL: no Secure flag");
}

#[tokio::test]
async fn error_pages_in_both_languages() {
    let app = TestApp::spawn().await;
    let get = |lang: &'static str, path: &'static str| {
        let (client, url) = (app.new_browser(), app.url(path));
        async move { client.get(url).header("accept-language", lang).send().await.expect("GET") }
    };
    let en = get("en", "/nowhere").await;
    assert_eq!(en.status(), 404);
    let body = en.text().await.expect("body");
    assert!(body.contains("<html lang=\"en\">") && body.contains("Page not found"));
    let fr = get("fr-CA", "/nowhere").await;
    let body = fr.text().await.expect("body");
    assert!(body.contains("<html lang=\"fr\">") && body.contains("Page introuvable"));

    app.create_user("nosy@example.org", "Nosy", &[]).await;
    let browser = app.new_browser();
    app.log_in(&browser, "nosy@example.org", None).await;
    let en = browser.get(app.url("/admin/jobs")).send().await.expect("GET");
    assert_eq!(en.status(), 403);
    assert!(en.text().await.expect("body").contains("You cannot see this page"));
    rendezvous_testkit::post_form(&browser, &app.url("/lang"), &[("lang", "fr"), ("next", "/admin/jobs")]).await;
    let fr = browser.get(app.url("/admin/jobs")).send().await.expect("GET");
    assert_eq!(fr.status(), 403);
    assert!(fr.text().await.expect("body").contains("Vous ne pouvez pas voir cette page"));
}

#[tokio::test]
async fn the_language_switch_keeps_the_page_and_is_remembered_for_the_account() {
    let app = TestApp::spawn().await;
    app.create_user("lang@example.org", "Lang", &[]).await;
    app.log_in(&app.client, "lang@example.org", None).await;
    let switched = app.post_form("/lang", &[("lang", "fr"), ("next", "/account/password")]).await;
    assert_eq!(switched.status(), 303);
    assert_eq!(switched.headers()["location"], "/account/password");
    let page = app.get("/account/password").await.text().await.expect("body");
    assert!(page.contains("Changer votre mot de passe"));
    // Another device of the same account gets French too (saved on the account).
    let other = app.new_browser();
    app.log_in(&other, "lang@example.org", None).await;
    let page = other.get(app.url("/account")).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Votre compte"));
    // The switch refuses to send people to another site.
    let away = app.post_form("/lang", &[("lang", "en"), ("next", "//evil.example/")]).await;
    assert_eq!(away.headers()["location"], "/");
}

#[tokio::test]
async fn cookies_are_secure_when_the_site_is_served_over_https() {
    let options =
        rendezvous_testkit::TestOptions { base_url: Some("https://rendezvous.example".into()), ..Default::default() };
    let app = TestApp::spawn_with(options).await;
    app.create_user("tls@example.org", "Tls", &[]).await;
    let response = app.post_form("/login", &[("email", "tls@example.org"), ("password", PASSWORD)]).await;
    let cookie = response.headers()["set-cookie"].to_str().expect("cookie").to_owned();
    assert!(cookie.contains("Secure") && cookie.contains("HttpOnly"), "{cookie}");
}

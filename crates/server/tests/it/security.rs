//! The origin check on state-changing requests, the security headers on every response, and the
//! error pages in both languages.

use rendezvous_testkit::{PASSWORD, TestApp};

fn assert_security_headers(response: &reqwest::Response) {
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().expect("csp");
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(headers["referrer-policy"], "same-origin");
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
async fn without_sec_fetch_site_only_the_configured_origin_may_post() {
    let app = TestApp::spawn().await;
    let signup = |origin: String, host: Option<&'static str>, email: &'static str| {
        let mut request = app
            .client
            .post(app.url("/signup"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", origin)
            .body(format!("email={email}&display_name=Someone&password=long+enough+password"));
        if let Some(host) = host {
            request = request.header("host", host);
        }
        async move { request.send().await.expect("POST").status() }
    };
    // Our own form in a browser too old for Sec-Fetch-Site: Referrer-Policy: same-origin keeps
    // the real Origin on it.
    assert_eq!(signup(app.base_url.clone(), None, "own%40example.org").await, 200);
    // "null" vouches for nothing any more (it was accepted under no-referrer).
    assert_eq!(signup("null".into(), None, "null%40example.org").await, 403);
    // An attacker's page that also names itself in Host is still another origin than ours.
    assert_eq!(signup("http://evil.example".into(), Some("evil.example"), "evil%40example.org").await, 403);
    // Sec-Fetch-Site, where the browser sends it, decides.
    let response = app
        .client
        .post(app.url("/signup"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "null")
        .header("sec-fetch-site", "same-origin")
        .body("email=fetch-site%40example.org&display_name=Fetch&password=long+enough+password")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn pages_for_a_signed_in_person_are_never_cached() {
    let app = TestApp::spawn().await;
    let anonymous = app.get("/").await;
    assert_ne!(anonymous.headers().get("cache-control").map(|v| v.to_str().unwrap_or_default()), Some("no-store"));
    app.create_user("drop-in@example.org", "Drop In", &[]).await;
    app.log_in(&app.client, "drop-in@example.org", None).await;
    for path in ["/", "/account", "/forum", "/no-such-page", "/directory"] {
        let response = app.get(path).await;
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
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

/// Pages are compressed for clients that accept it, but a page showing a secret never is: its
/// compressed length would help guess the secret (BREACH).
#[tokio::test]
async fn pages_are_compressed_except_those_that_show_a_secret() {
    let app = TestApp::spawn().await;
    let encoding = |response: &reqwest::Response| {
        response.headers().get("content-encoding").map(|v| v.to_str().unwrap_or_default().to_owned())
    };
    for (accept, expected) in [("gzip", "gzip"), ("br, gzip", "br")] {
        let response = app.client.get(app.url("/signup")).header("accept-encoding", accept).send().await.expect("GET");
        assert_eq!(encoding(&response).as_deref(), Some(expected), "{accept}");
    }
    let plain = app.client.get(app.url("/signup")).send().await.expect("GET");
    assert_eq!(encoding(&plain), None, "nothing asked, nothing compressed");

    app.create_user("secret@example.org", "Secret", &[]).await;
    app.log_in(&app.client, "secret@example.org", None).await;
    let set_up =
        app.client.get(app.url("/account/two-factor")).header("accept-encoding", "gzip").send().await.expect("GET");
    assert_eq!(set_up.status(), 200);
    assert_eq!(encoding(&set_up), None, "the two-factor key is never compressed");
    let account = app.client.get(app.url("/account")).header("accept-encoding", "gzip").send().await.expect("GET");
    assert_eq!(encoding(&account).as_deref(), Some("gzip"));

    // Pages opened from an emailed link hold its token again: never compressed either.
    for path in ["/verify?token=abcdefghijklmnop", "/reset/confirm?token=abcdefghijklmnop", "/unsubscribe/abcdefgh"] {
        let page = app.new_browser().get(app.url(path)).header("accept-encoding", "gzip").send().await.expect("GET");
        assert_eq!(encoding(&page), None, "{path} carries a token and must not be compressed");
    }
}

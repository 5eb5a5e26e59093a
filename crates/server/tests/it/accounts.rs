//! Accounts over HTTP: sign-up and verification by mail, log-in, reset, throttling, sessions, and
//! the bad input each form must refuse without changing anything.

use rendezvous_testkit::{PASSWORD, TestApp, post_form};

fn token_of(link: &str) -> String {
    link.split("token=").nth(1).expect("token in link").to_owned()
}

async fn users_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.db().pool).await.expect("count users")
}

#[tokio::test]
async fn sign_up_verify_by_mail_then_log_in() {
    let app = TestApp::spawn().await;
    let page = app.get("/signup").await.text().await.expect("body");
    assert!(page.contains("name=\"display_name\""), "sign-up asks for a display name");
    assert!(!page.to_lowercase().contains("real name\""), "no real-name field");

    let response = app
        .post_form(
            "/signup",
            &[("email", "Nightowl@Example.org"), ("display_name", "Night Owl"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.expect("body").contains("Check your email"));

    let mail = app.smtp.wait_for("Nightowl@example.org", 1).await.remove(0);
    assert_eq!(mail.subject, "Confirm your email address");
    assert!(!mail.html.is_empty() && !mail.text.is_empty(), "text and HTML parts");
    let link = mail.link(&app.url("/verify?token=")).expect("verification link");

    // Not verified yet: log-in is refused (and a new link is sent).
    let early = app.post_form("/login", &[("email", "nightowl@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(early.status(), 422);

    // The GET shows a button and changes nothing; the POST verifies but signs no one in (the
    // mailbox is proven, not the password), so it leads to the log-in page.
    let page = app.client.get(&link).send().await.expect("GET link").text().await.expect("body");
    assert!(page.contains("Confirm my address"));
    let verified = app.post_form("/verify", &[("token", &token_of(&link))]).await;
    assert_eq!(verified.status(), 303);
    assert_eq!(verified.headers()["location"], "/login");
    let login_page = app.get("/login").await.text().await.expect("body");
    assert!(
        login_page.contains("Your email address is confirmed. Log in to continue."),
        "straight to log-in, told why"
    );
    assert_eq!(app.get("/account").await.status(), 303, "not signed in by the link");
    let login = app.post_form("/login", &[("email", "nightowl@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(login.status(), 303);
    let account = app.get("/account").await.text().await.expect("body");
    assert!(account.contains("Night Owl") && account.contains("Nightowl@example.org"));

    // The link works once.
    let again = app.post_form("/verify", &[("token", &token_of(&link))]).await;
    assert!(again.text().await.expect("body").contains("expired or has already been used"));

    // A fresh browser logs in with the address in any letter case.
    let browser = app.new_browser();
    let login =
        post_form(&browser, &app.url("/login"), &[("email", "NIGHTOWL@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(login.status(), 303);
    let home = browser.get(app.url("/")).send().await.expect("GET").text().await.expect("body");
    assert!(home.contains("Welcome back, Night Owl"));
}

#[tokio::test]
async fn sign_up_answers_the_same_for_a_taken_address_and_mails_its_owner() {
    let app = TestApp::spawn().await;
    app.create_user("taken@example.org", "Owner", &[]).await;
    let fresh = app
        .post_form("/signup", &[("email", "new@example.org"), ("display_name", "New"), ("password", PASSWORD)])
        .await;
    let taken = app
        .post_form("/signup", &[("email", "TAKEN@example.org"), ("display_name", "Other"), ("password", PASSWORD)])
        .await;
    assert_eq!(fresh.status(), taken.status());
    let (fresh, taken) = (fresh.text().await.expect("body"), taken.text().await.expect("body"));
    assert_eq!(fresh.replace("new@example.org", ""), taken.replace("TAKEN@example.org", ""));
    let mail = app.smtp.wait_for("taken@example.org", 1).await.remove(0);
    assert_eq!(mail.subject, "You already have an account");
    assert_eq!(users_count(&app).await, 2, "no second account for the taken address");
}

#[tokio::test]
async fn bad_sign_up_input_is_explained_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let cases = [
        (("not-an-address", "Name", PASSWORD), "Enter an email address in the right form"),
        (("a@example.org", "   ", PASSWORD), "Enter a display name"),
        (("a@example.org", "Name", "short"), "at least 10 characters"),
    ];
    for ((email, name, password), message) in cases {
        let response =
            app.post_form("/signup", &[("email", email), ("display_name", name), ("password", password)]).await;
        assert_eq!(response.status(), 422, "{email} {name}");
        let body = response.text().await.expect("body");
        assert!(body.contains(message), "expected {message:?}");
        assert!(body.contains("There is a problem"), "error summary at the top");
        assert!(body.contains("value=\"") && body.contains(email.trim()), "what was typed is kept");
    }
    // The same errors in French.
    let french = app.new_browser();
    let response = french
        .post(app.url("/signup"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept-language", "fr-CA")
        .body("email=nope&display_name=X&password=longenoughpassword")
        .send()
        .await
        .expect("POST");
    assert!(response.text().await.expect("body").contains("Entrez une adresse courriel valide"));
    assert_eq!(users_count(&app).await, 0);
}

#[tokio::test]
async fn oversized_or_invalid_utf8_forms_get_a_clear_error() {
    let app = TestApp::spawn().await;
    let huge = format!("email=a%40example.org&display_name={}&password=x", "x".repeat(300 * 1024));
    let response = app
        .client
        .post(app.url("/signup"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(huge)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 413);
    assert!(response.text().await.expect("body").contains("The form is too large"));

    let response = app
        .client
        .post(app.url("/signup"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept-language", "fr")
        .body("email=a%40example.org&display_name=%FF%FE&password=longenoughpassword")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 400);
    assert!(response.text().await.expect("body").contains("pas de l’UTF-8 valide"));
    assert_eq!(users_count(&app).await, 0);
}

#[tokio::test]
async fn wrong_password_and_unknown_address_get_the_same_answer_then_throttling() {
    let app = TestApp::spawn().await;
    app.create_user("ana@example.org", "Ana", &[]).await;
    let wrong = app.post_form("/login", &[("email", "ana@example.org"), ("password", "not the password")]).await;
    let unknown = app.post_form("/login", &[("email", "nobody@example.org"), ("password", "not the password")]).await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(unknown.status(), 422);
    let (wrong, unknown) = (wrong.text().await.expect("body"), unknown.text().await.expect("body"));
    assert!(wrong.contains("The email address or password is not right"));
    assert_eq!(wrong.replace("ana@example.org", ""), unknown.replace("nobody@example.org", ""));

    // Nine more wrong tries use up the account's allowance; then even the right password waits.
    for _ in 0..9 {
        app.post_form("/login", &[("email", "ana@example.org"), ("password", "still wrong!")]).await;
    }
    let throttled = app.post_form("/login", &[("email", "ana@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(throttled.status(), 429);
    assert!(throttled.text().await.expect("body").contains("too many attempts"));
    // Another account is not affected.
    app.create_user("bo@example.org", "Bo", &[]).await;
    let other = app.post_form("/login", &[("email", "bo@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(other.status(), 303);
}

#[tokio::test]
async fn password_reset_by_single_use_expiring_link() {
    let app = TestApp::spawn().await;
    app.create_user("reset@example.org", "Resetter", &[]).await;
    // Same answer for an unknown address, and no mail for it.
    let unknown = app.post_form("/reset", &[("email", "ghost@example.org")]).await.text().await.expect("body");
    let known = app.post_form("/reset", &[("email", "reset@example.org")]).await.text().await.expect("body");
    assert_eq!(unknown.replace("ghost@example.org", ""), known.replace("reset@example.org", ""));
    let mail = app.smtp.wait_for("reset@example.org", 1).await.remove(0);
    assert!(app.smtp.to("ghost@example.org").is_empty());
    let link = mail.link(&app.url("/reset/confirm?token=")).expect("reset link");
    let token = token_of(&link);

    // A short new password is refused and the link still works.
    let short = app.post_form("/reset/confirm", &[("token", &token), ("password", "short")]).await;
    assert_eq!(short.status(), 422);
    let done = app.post_form("/reset/confirm", &[("token", &token), ("password", "a brand new passphrase")]).await;
    assert_eq!(done.status(), 303);
    let reused = app.post_form("/reset/confirm", &[("token", &token), ("password", "another new passphrase")]).await;
    assert!(reused.text().await.expect("body").contains("expired or has already been used"));

    let old = app.post_form("/login", &[("email", "reset@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(old.status(), 422);
    let new = app.post_form("/login", &[("email", "reset@example.org"), ("password", "a brand new passphrase")]).await;
    assert_eq!(new.status(), 303);

    // A second link expires after an hour.
    app.post_form("/reset", &[("email", "reset@example.org")]).await;
    let mail = app.smtp.wait_for("reset@example.org", 2).await.remove(1);
    let token = token_of(&mail.link(&app.url("/reset/confirm?token=")).expect("reset link"));
    app.clock.advance_ms(61 * 60 * 1000);
    let expired = app.post_form("/reset/confirm", &[("token", &token), ("password", "too late passphrase")]).await;
    assert!(expired.text().await.expect("body").contains("expired or has already been used"));
}

#[tokio::test]
async fn log_out_and_log_out_everywhere() {
    let app = TestApp::spawn().await;
    app.create_user("multi@example.org", "Multi", &[]).await;
    let (laptop, phone) = (app.new_browser(), app.new_browser());
    for browser in [&laptop, &phone] {
        let response = app.log_in(browser, "multi@example.org", None).await;
        assert_eq!(response.status(), 303);
    }
    let account = |b: &reqwest::Client| {
        let url = app.url("/account");
        let b = b.clone();
        async move { b.get(url).send().await.expect("GET").status() }
    };
    assert_eq!(account(&laptop).await, 200);
    assert_eq!(account(&phone).await, 200);

    let out = post_form(&laptop, &app.url("/logout"), &[]).await;
    assert_eq!(out.status(), 303);
    assert_eq!(account(&laptop).await, 303, "logged out: redirected to log in");
    assert_eq!(account(&phone).await, 200, "the other device stays in");

    app.log_in(&laptop, "multi@example.org", None).await;
    let everywhere = post_form(&laptop, &app.url("/account/sessions/end-all"), &[]).await;
    assert_eq!(everywhere.status(), 303);
    assert_eq!(account(&laptop).await, 303);
    assert_eq!(account(&phone).await, 303);
}

#[tokio::test]
async fn sessions_expire_when_idle() {
    let app = TestApp::spawn().await;
    app.create_user("idle@example.org", "Idle", &[]).await;
    app.log_in(&app.client, "idle@example.org", None).await;
    assert_eq!(app.get("/account").await.status(), 200);
    app.clock.advance_ms(app.state.config.session_idle_minutes * 60 * 1000 + 1000);
    assert_eq!(app.get("/account").await.status(), 303);
}

#[tokio::test]
async fn change_email_needs_the_new_address_confirmed_and_tells_the_old_one() {
    let app = TestApp::spawn().await;
    app.create_user("old@example.org", "Mover", &[]).await;
    app.create_user("other@example.org", "Other", &[]).await;
    app.log_in(&app.client, "old@example.org", None).await;

    let taken = app.post_form("/account/email", &[("email", "OTHER@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(taken.status(), 303);
    let notice = app.smtp.wait_for("OTHER@example.org", 1).await.remove(0);
    assert_eq!(notice.subject, "This address already has an account");

    let wrong = app.post_form("/account/email", &[("email", "new@example.org"), ("password", "wrong password")]).await;
    assert_eq!(wrong.status(), 422);
    app.post_form("/account/email", &[("email", "new@example.org"), ("password", PASSWORD)]).await;
    let mail = app.smtp.wait_for("new@example.org", 1).await.remove(0);
    let link = mail.link(&app.url("/account/email/confirm?token=")).expect("confirm link");
    let unchanged = app.get("/account").await.text().await.expect("body");
    assert!(unchanged.contains("old@example.org"), "nothing changes before the link is followed");
    app.post_form("/account/email/confirm", &[("token", &token_of(&link))]).await;
    let changed = app.get("/account").await.text().await.expect("body");
    assert!(changed.contains("new@example.org"));
    let told = app.smtp.wait_for("old@example.org", 1).await.remove(0);
    assert!(told.text.contains("new@example.org"));
}

#[tokio::test]
async fn change_password_ends_other_sessions() {
    let app = TestApp::spawn().await;
    app.create_user("pw@example.org", "Pw", &[]).await;
    let other = app.new_browser();
    app.log_in(&other, "pw@example.org", None).await;
    app.log_in(&app.client, "pw@example.org", None).await;
    let wrong = app
        .post_form(
            "/account/password",
            &[("current_password", "nope nope nope"), ("new_password", "fresh passphrase 2")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let ok = app
        .post_form("/account/password", &[("current_password", PASSWORD), ("new_password", "fresh passphrase 2")])
        .await;
    assert_eq!(ok.status(), 303);
    assert_eq!(app.get("/account").await.status(), 200);
    assert_eq!(other.get(app.url("/account")).send().await.expect("GET").status(), 303);
}

#[tokio::test]
async fn account_mail_comes_in_the_recipients_language() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/signup"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept-language", "fr-CA,fr;q=0.9")
        .body("email=fr%40example.org&display_name=H%C3%A9ron&password=un+long+mot+de+passe")
        .send()
        .await
        .expect("POST");
    assert!(response.text().await.expect("body").contains("Consultez vos courriels"));
    let mail = app.smtp.wait_for("fr@example.org", 1).await.remove(0);
    assert_eq!(mail.subject, "Confirmez votre adresse courriel");
    assert!(mail.text.contains("Bonjour Héron"));
    assert!(mail.html.contains("lang=\"fr\""));
    assert!(mail.text.contains(&app.state.config.org_postal_address), "the sender's identity");
}

/// Spends an account's log-in allowance as a stranger would, and returns the throttled page.
async fn throttle_account(app: &TestApp, email: &str) -> String {
    for _ in 0..10 {
        app.post_form("/login", &[("email", email), ("password", "a stranger's guess")]).await;
    }
    let throttled = app.post_form("/login", &[("email", email), ("password", PASSWORD)]).await;
    assert_eq!(throttled.status(), 429);
    throttled.text().await.expect("body")
}

#[tokio::test]
async fn a_stranger_cannot_lock_the_owner_out_who_signs_in_by_an_emailed_link_once() {
    let app = TestApp::spawn().await;
    app.create_user("owner@example.org", "Owner", &[]).await;
    let page = throttle_account(&app, "owner@example.org").await;
    assert!(page.contains("Email me a sign-in link") && page.contains("action=\"/login/link\""), "{page}");
    // An unknown address gets the very same page: the offer tells nothing.
    let unknown = throttle_account(&app, "nobody@example.org").await;
    assert_eq!(page.replace("owner@example.org", ""), unknown.replace("nobody@example.org", ""));

    let owner = app.new_browser();
    let asked = post_form(&owner, &app.url("/login/link"), &[("email", "owner@example.org")]).await;
    assert_eq!(asked.status(), 200);
    let mail = app.smtp.wait_for("owner@example.org", 1).await.remove(0);
    assert_eq!(mail.subject, "Your sign-in link");
    let link = mail.link(&app.url("/login/link?token=")).expect("sign-in link");
    let token = token_of(&link);
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM account_tokens WHERE purpose = 'sign_in'")
        .fetch_all(&app.db().pool)
        .await
        .expect("tokens");
    assert_eq!(stored, vec![rendezvous_platform::crypto::sha256_hex(&token)], "kept only as its hash");

    // Opening the link changes nothing (mail scanners open links); the button signs in.
    let opened = owner.get(&link).send().await.expect("GET").text().await.expect("body");
    assert!(opened.contains("name=\"token\""));
    assert_eq!(owner.get(app.url("/account")).send().await.expect("GET").status(), 303, "not signed in yet");
    let signed_in = post_form(&owner, &app.url("/login/link/confirm"), &[("token", &token)]).await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(owner.get(app.url("/account")).send().await.expect("GET").status(), 200, "signed in");

    // Single use: a second browser gets nothing from the same link.
    let thief = app.new_browser();
    let again = post_form(&thief, &app.url("/login/link/confirm"), &[("token", &token)]).await;
    assert_eq!(again.status(), 200);
    assert!(again.text().await.expect("body").contains("expired or has already been used"));
    assert_eq!(thief.get(app.url("/account")).send().await.expect("GET").status(), 303);
}

#[tokio::test]
async fn a_sign_in_link_expires_after_fifteen_minutes() {
    let app = TestApp::spawn().await;
    app.create_user("late@example.org", "Late", &[]).await;
    app.post_form("/login/link", &[("email", "late@example.org")]).await;
    let mail = app.smtp.wait_for("late@example.org", 1).await.remove(0);
    let token = token_of(&mail.link(&app.url("/login/link?token=")).expect("link"));
    app.clock.advance_ms(16 * rendezvous_platform::clock::MINUTE_MS);
    let late = app.post_form("/login/link/confirm", &[("token", &token)]).await;
    assert!(late.text().await.expect("body").contains("expired or has already been used"));
    assert_eq!(app.get("/account").await.status(), 303);
}

#[tokio::test]
async fn asking_for_a_sign_in_link_answers_the_same_whether_or_not_the_address_exists() {
    let app = TestApp::spawn().await;
    app.create_user("known@example.org", "Known", &[]).await;
    let known = app.post_form("/login/link", &[("email", "known@example.org")]).await;
    let unknown = app.post_form("/login/link", &[("email", "stranger@example.org")]).await;
    assert_eq!((known.status(), unknown.status()), (reqwest::StatusCode::OK, reqwest::StatusCode::OK));
    let (known, unknown) = (known.text().await.expect("body"), unknown.text().await.expect("body"));
    assert_eq!(known, unknown);
    assert!(known.contains("If an account uses this address"));
    app.smtp.wait_for("known@example.org", 1).await;
    app.drain_jobs().await;
    assert!(app.smtp.to("stranger@example.org").is_empty(), "no mail to an address without an account");
}

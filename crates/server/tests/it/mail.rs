//! Mail as it leaves: real SMTP to the in-process server, a text and an HTML part, our Message-ID,
//! a DKIM signature when a key is configured; mail to an erased person is forgotten.

use std::path::Path;

use rendezvous_platform::i18n::Lang;
use rendezvous_platform::mail::{OutgoingMail, outbox};
use rendezvous_testkit::{PASSWORD, TestApp, TestOptions};

#[tokio::test]
async fn account_mail_is_multipart_with_our_message_id() {
    let app = TestApp::spawn().await;
    app.create_user("parts@example.org", "Parts", &[]).await;
    app.post_form("/reset", &[("email", "parts@example.org")]).await;
    let mail = app.smtp.wait_for("parts@example.org", 1).await.remove(0);
    assert!(mail.raw.contains("multipart/alternative"));
    assert!(mail.text.contains("/reset/confirm?token=") && mail.html.contains("/reset/confirm?token="));
    let message_id = mail.header("Message-ID").expect("Message-ID");
    assert!(message_id.ends_with("@rendezvous.example>"), "{message_id}");
    assert!(mail.header("DKIM-Signature").is_none(), "no key, no signature");
}

#[tokio::test]
async fn mail_is_dkim_signed_when_a_key_is_configured() {
    let key = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dkim-test-key.pem");
    let app = TestApp::spawn_with(TestOptions { dkim_key: Some(key), ..Default::default() }).await;
    app.create_user("signed@example.org", "Signed", &[]).await;
    app.post_form("/reset", &[("email", "signed@example.org")]).await;
    let mail = app.smtp.wait_for("signed@example.org", 1).await.remove(0);
    let signature = mail.header("DKIM-Signature").expect("DKIM-Signature");
    assert!(signature.contains("d=rendezvous.example") && signature.contains("s=test"), "{signature}");
}

#[tokio::test]
async fn erasure_forgets_mail_still_waiting_for_the_person() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, outbox: true, ..Default::default() }).await;
    let waiting = OutgoingMail {
        to: "leaving@example.org".into(),
        to_name: None,
        subject: "Waiting".into(),
        text: "t".into(),
        html: "<p>h</p>".into(),
        headers: Vec::new(),
        envelope_from: None,
        reply_to: None,
        from_name: None,
    };
    rendezvous_platform::mail::enqueue(&app.state, &waiting).await.expect("enqueue");
    let other = OutgoingMail { to: "staying@example.org".into(), ..waiting.clone() };
    rendezvous_platform::mail::enqueue(&app.state, &other).await.expect("enqueue");
    outbox::forget_address(app.db(), "Leaving@example.org").await.expect("forget");
    let payloads: Vec<String> =
        sqlx::query_scalar("SELECT payload FROM jobs").fetch_all(&app.db().pool).await.expect("jobs");
    assert_eq!(payloads.len(), 1);
    assert!(payloads[0].contains("staying@example.org"));
    let _ = PASSWORD;
}

#[tokio::test]
async fn a_name_with_a_line_break_is_refused_by_the_api_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    rendezvous_newsletter::create_list(app.db(), &app.clock, "news", "News", "Nouvelles", false, Lang::En)
        .await
        .expect("list");
    let ops = app.create_user("ops@example.org", "Ops", &[rendezvous_newsletter::COMMUNICATIONS]).await;
    app.enable_two_factor(ops).await;
    let token =
        rendezvous_accounts::create_api_token(app.db(), &app.clock, "ops@example.org", "crm").await.expect("token");
    let body = serde_json::json!({
        "email": "injected@example.org", "name": "Ana\r\nBcc: everyone@example.org",
        "consent": "express", "evidence": "CRM record 7",
    });
    let answer = reqwest::Client::new()
        .post(app.url("/api/v1/lists/news/subscribers"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .expect("POST");
    assert_eq!(answer.status(), 422);
    let answer: serde_json::Value = answer.json().await.expect("JSON");
    assert_eq!(answer["error"], "header-text-invalid");
    assert!(answer["message"].as_str().is_some_and(|m| m.contains("one line")), "{answer}");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subscribers WHERE email = 'injected@example.org'")
        .fetch_one(&app.db().pool)
        .await
        .expect("count");
    assert_eq!(stored, 0, "nothing changed");
}

#[tokio::test]
async fn a_stored_name_with_a_line_break_fails_its_mail_with_a_message_and_mail_goes_on() {
    let app = TestApp::spawn().await;
    let broken = app.create_user("broken@example.org", "Broken", &[]).await;
    app.create_user("fine@example.org", "Fine", &[]).await;
    // As an older version, or a hand edit, could have left it.
    sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2")
        .bind("Ana\r\nBcc: everyone@example.org")
        .bind(broken.0)
        .execute(&app.db().pool)
        .await
        .expect("update");
    app.post_form("/reset", &[("email", "broken@example.org")]).await;
    let mut error = None;
    for _ in 0..200 {
        error = sqlx::query_scalar("SELECT last_error FROM jobs WHERE kind = 'mail.send' AND last_error IS NOT NULL")
            .fetch_optional(&app.db().pool)
            .await
            .expect("jobs");
        if error.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let error: String = error.expect("the mail job failed");
    assert!(error.contains("the To header would hold a line break"), "{error}");
    assert!(!error.contains("panicked"), "{error}");
    app.post_form("/reset", &[("email", "fine@example.org")]).await;
    assert_eq!(app.smtp.wait_for("fine@example.org", 1).await.len(), 1, "the engine carries on");
    assert!(app.smtp.to("broken@example.org").is_empty());
}

#[tokio::test]
async fn the_admin_form_refuses_a_name_with_a_line_break_in_the_persons_language() {
    let app = TestApp::spawn().await;
    rendezvous_newsletter::create_list(app.db(), &app.clock, "news", "News", "Nouvelles", false, Lang::En)
        .await
        .expect("list");
    app.admin_session().await;
    app.post_form("/lang", &[("lang", "fr"), ("next", "/")]).await;
    let form = [
        ("email", "form@example.org"),
        ("name", "Ana\nBcc: everyone@example.org"),
        ("lang", "en"),
        ("country", ""),
        ("province", ""),
        ("consent", "express"),
        ("evidence", "asked at the door"),
    ];
    let refused = app.post_form("/admin/lists/news/subscribers", &form).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.expect("body");
    assert!(page.contains("Ce nom contient un saut de ligne"), "{page}");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subscribers WHERE email = 'form@example.org'")
        .fetch_one(&app.db().pool)
        .await
        .expect("count");
    assert_eq!(stored, 0, "nothing changed");
}

//! Mail as it leaves: real SMTP to the in-process server, a text and an HTML part, our Message-ID,
//! a DKIM signature when a key is configured; mail to an erased person is forgotten.

use std::path::Path;

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

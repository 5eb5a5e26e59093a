//! The public side of the lists: double opt-in through real mail, the honeypot, one-click
//! unsubscribe (RFC 8058) without a session, the preference centre, forged and expired links, and
//! the consent ledger entries of each path.

use rendezvous_newsletter::links;
use rendezvous_newsletter::model::ConsentKind;
use rendezvous_testkit::{TestApp, post_form};

use crate::newsletter_import::{import_bytes, make_list};

async fn ledger(app: &TestApp, email: &str) -> Vec<(String, Option<String>, String, Option<String>)> {
    sqlx::query_as(
        "SELECT e.action, e.kind, e.source, e.wording_version FROM consent_events e
         JOIN subscribers s ON s.id = e.subscriber_id WHERE s.email_norm = $1 ORDER BY e.id",
    )
    .bind(email)
    .fetch_all(&app.db().pool)
    .await
    .expect("ledger")
}

async fn status(app: &TestApp, email: &str, list: rendezvous_newsletter::ListId) -> Option<String> {
    sqlx::query_scalar(
        "SELECT sub.status FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id
         WHERE s.email_norm = $1 AND sub.list_id = $2",
    )
    .bind(email)
    .bind(list)
    .fetch_optional(&app.db().pool)
    .await
    .expect("status")
}

async fn subscriber_id(app: &TestApp, email: &str) -> rendezvous_newsletter::SubscriberId {
    sqlx::query_scalar("SELECT id FROM subscribers WHERE email_norm = $1")
        .bind(email)
        .fetch_one(&app.db().pool)
        .await
        .expect("subscriber")
}

#[tokio::test]
async fn double_opt_in_round_trip_through_mail() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", true).await;
    let page = app.get("/lists/news").await.text().await.expect("body");
    assert!(page.contains("By subscribing, you agree to receive email from Rendezvous Demo Network"));
    assert!(page.contains(&app.state.config.org_postal_address), "the sender's identity is shown");

    let response = app
        .post_form("/lists/news/subscribe", &[("email", "Reader@Example.org"), ("name", "Reader"), ("lang", "fr")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(status(&app, "reader@example.org", list).await.as_deref(), Some("unconfirmed"));
    let mail = app.smtp.wait_for("Reader@example.org", 1).await.remove(0);
    assert_eq!(mail.subject, "Confirmez votre abonnement à «\u{a0}Nouvelles du réseau\u{a0}»");
    let link = mail.link(&app.url("/subscribe/confirm?token=")).expect("confirm link");
    // Following the link only shows a button.
    let page = app.client.get(&link).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("Confirm my subscription") || page.contains("Confirmer mon abonnement"));
    assert_eq!(status(&app, "reader@example.org", list).await.as_deref(), Some("unconfirmed"));
    let token = link.split("token=").nth(1).expect("token");
    let confirmed = app.post_form("/subscribe/confirm", &[("token", token)]).await;
    assert_eq!(confirmed.status(), 200);
    assert_eq!(status(&app, "reader@example.org", list).await.as_deref(), Some("subscribed"));
    let entries = ledger(&app, "reader@example.org").await;
    let wording = Some("subscribe-form-2026-11".to_owned());
    assert_eq!(
        entries,
        vec![
            ("requested".into(), Some("express_form".into()), "form".into(), wording.clone()),
            ("subscribed".into(), Some("express_form".into()), "form".into(), wording),
        ]
    );
}

#[tokio::test]
async fn the_honeypot_and_private_lists() {
    let app = TestApp::spawn().await;
    make_list(&app, "news", true).await;
    make_list(&app, "board", false).await;
    let bot = app
        .post_form("/lists/news/subscribe", &[("email", "bot@example.org"), ("website", "http://spam.example")])
        .await;
    assert_eq!(bot.status(), 200, "the bot sees the same answer");
    let subscribers: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM subscribers").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(subscribers, 0);
    assert_eq!(app.get("/lists/board").await.status(), 404);
    assert_eq!(app.post_form("/lists/board/subscribe", &[("email", "x@example.org")]).await.status(), 404);
    let bad = app.post_form("/lists/news/subscribe", &[("email", "nope")]).await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.expect("body").contains("Enter an email address in the right form"));
}

#[tokio::test]
async fn one_click_post_unsubscribes_without_a_session_and_a_get_does_not() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", true).await;
    import_bytes(&app, list, b"email\nleaver@example.org\n", ConsentKind::ExpressImport).await;
    let id = subscriber_id(&app, "leaver@example.org").await;
    let url = links::unsubscribe_url(&app.state, id, list);

    // A link scanner's GET changes nothing.
    let page = reqwest::get(&url).await.expect("GET");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.expect("body").contains("leaver@example.org"));
    assert_eq!(status(&app, "leaver@example.org", list).await.as_deref(), Some("subscribed"));

    // A mail client's RFC 8058 POST: no cookie, no Origin, no login.
    let client = reqwest::Client::new();
    let response = client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 200);
    assert_eq!(status(&app, "leaver@example.org", list).await.as_deref(), Some("unsubscribed"));
    let last = ledger(&app, "leaver@example.org").await.pop().expect("entry");
    assert_eq!((last.0.as_str(), last.2.as_str()), ("unsubscribed", "one_click"));

    // The address is now suppressed for that list: an import cannot bring it back...
    let report = import_bytes(&app, list, b"email\nleaver@example.org\n", ConsentKind::ExpressImport).await;
    assert_eq!(report.suppressed, 1);
    // ...but the person can, through the double opt-in form.
    app.post_form("/lists/news/subscribe", &[("email", "leaver@example.org")]).await;
    let mail = app.smtp.wait_for("leaver@example.org", 1).await.remove(0);
    let token =
        mail.link(&app.url("/subscribe/confirm?token=")).expect("link").split("token=").nth(1).expect("t").to_owned();
    app.post_form("/subscribe/confirm", &[("token", &token)]).await;
    assert_eq!(status(&app, "leaver@example.org", list).await.as_deref(), Some("subscribed"));
}

#[tokio::test]
async fn forged_and_expired_links_explain_and_change_nothing() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", true).await;
    import_bytes(&app, list, b"email\nkeep@example.org\n", ConsentKind::ExpressImport).await;
    let id = subscriber_id(&app, "keep@example.org").await;
    let url = links::unsubscribe_url(&app.state, id, list);
    let other = links::unsubscribe_url(&app.state, rendezvous_newsletter::SubscriberId(id.0 + 1), list);
    // Someone swaps the token's payload for another person's: the signature no longer matches.
    let (base, token) = url.rsplit_once('/').expect("token");
    let (_, signature) = token.split_once('.').expect("signature");
    let (other_payload, _) = other.rsplit_once('/').expect("t").1.split_once('.').expect("p");
    let forged = format!("{base}/{other_payload}.{signature}");
    let response = app.client.post(&forged).send().await.expect("POST");
    assert_eq!(response.status(), 400);
    assert!(response.text().await.expect("body").contains("This link is not valid"));

    let preferences = links::preferences_url(&app.state, id);
    app.clock.advance_ms(91 * 86_400_000);
    let response = app.client.get(&preferences).header("accept-language", "fr").send().await.expect("GET");
    assert_eq!(response.status(), 400);
    assert!(response.text().await.expect("body").contains("Ce lien a expiré"));
    assert_eq!(status(&app, "keep@example.org", list).await.as_deref(), Some("subscribed"));
}

#[tokio::test]
async fn the_preference_centre_changes_lists_and_language() {
    let app = TestApp::spawn().await;
    let news = make_list(&app, "news", true).await;
    let events = make_list(&app, "events", true).await;
    import_bytes(&app, news, b"email\npref@example.org\n", ConsentKind::ExpressImport).await;
    let id = subscriber_id(&app, "pref@example.org").await;
    let url = links::preferences_url(&app.state, id);
    let path = url.trim_start_matches(&app.base_url).to_owned();
    let page = app.client.get(&url).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("pref@example.org"));
    let browser = app.new_browser();
    let saved = post_form(&browser, &url, &[("list", &events.to_string()), ("lang", "fr")]).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(saved.headers()["location"].to_str().expect("location"), path);
    assert_eq!(status(&app, "pref@example.org", news).await.as_deref(), Some("unsubscribed"));
    assert_eq!(status(&app, "pref@example.org", events).await.as_deref(), Some("subscribed"));
    let lang: String = sqlx::query_scalar("SELECT lang FROM subscribers WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db().pool)
        .await
        .expect("lang");
    assert_eq!(lang, "fr");
    let sources: Vec<String> = ledger(&app, "pref@example.org").await.into_iter().map(|e| e.2).collect();
    assert_eq!(sources, vec!["import", "preference_centre", "preference_centre"]);
}

#[tokio::test]
async fn an_account_sees_and_changes_its_own_subscriptions() {
    let app = TestApp::spawn().await;
    let news = make_list(&app, "news", true).await;
    import_bytes(&app, news, b"email\nMember@example.org\n", ConsentKind::ImpliedMembership).await;
    app.create_user("member@example.org", "Member", &[]).await;
    app.log_in(&app.client, "member@example.org", None).await;
    let page = app.get("/account/subscriptions").await.text().await.expect("body");
    assert!(page.contains("checked"), "the imported subscription shows on the account");
    let saved = app.post_form("/account/subscriptions", &[("lang", "en")]).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(status(&app, "member@example.org", news).await.as_deref(), Some("unsubscribed"));
}

#[tokio::test]
async fn the_subscribe_form_is_rate_limited_per_address() {
    let app = TestApp::spawn().await;
    make_list(&app, "news", true).await;
    for _ in 0..5 {
        let ok = app.post_form("/lists/news/subscribe", &[("email", "flood@example.org")]).await;
        assert_eq!(ok.status(), 200);
    }
    let limited = app.post_form("/lists/news/subscribe", &[("email", "FLOOD@example.org")]).await;
    assert_eq!(limited.status(), 429);
    assert!(limited.text().await.expect("body").contains("too many attempts"));
    let other = app.post_form("/lists/news/subscribe", &[("email", "calm@example.org")]).await;
    assert_eq!(other.status(), 200);
}

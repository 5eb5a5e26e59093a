//! A person's data: the export holds it, erasure leaves none of it, and no visit leaves the
//! client's address or user agent anywhere in the database.

use rendezvous_platform::crypto;
use rendezvous_platform::hash_key::rekey_stored_hashes;
use rendezvous_platform::i18n::Lang;
use rendezvous_testkit::{PASSWORD, TestApp, TestOptions, USER_AGENT, post_form};

#[tokio::test]
async fn the_export_contains_the_persons_data() {
    let app = TestApp::spawn().await;
    let id = app.create_user("export@example.org", "Exporter Heron", &[rendezvous_members::MEMBER]).await;
    app.log_in(&app.client, "export@example.org", None).await;
    let response = app.get("/account/export").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-disposition"].to_str().expect("header").contains("attachment"));
    let export: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(export["account"]["id"], id.0);
    assert_eq!(export["account"]["email"], "export@example.org");
    assert_eq!(export["account"]["display_name"], "Exporter Heron");
    assert_eq!(export["account"]["roles"], serde_json::json!(["member"]));
    assert_eq!(export["sessions"].as_array().map(Vec::len), Some(1));
    assert!(export["account"].get("password_hash").is_none(), "no secrets in the export");
}

#[tokio::test]
async fn erasure_leaves_no_personal_data() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let id = app.create_user("erase-me@example.org", "Zephyrine Quillfeather", &[rendezvous_members::MEMBER]).await;
    let secret = app.enable_two_factor(id).await;
    // Give the person a trail: a role change by an admin, a reset link, an API token, mail.
    let role = [("role", "moderator"), ("action", "grant"), ("confirm", "yes")];
    app.post_form(&format!("/admin/users/{}/roles", id.0), &role).await;
    rendezvous_accounts::create_api_token(app.db(), &app.clock, "erase-me@example.org", "script").await.expect("token");
    post_form(&app.new_browser(), &app.url("/reset"), &[("email", "erase-me@example.org")]).await;
    app.smtp.wait_for("erase-me@example.org", 1).await;

    let person = app.new_browser();
    app.log_in(&person, "erase-me@example.org", Some(&secret)).await;
    let missing_choice = post_form(&person, &app.url("/account/erase"), &[("password", PASSWORD)]).await;
    assert_eq!(missing_choice.status(), 422);
    let wrong =
        post_form(&person, &app.url("/account/erase"), &[("password", "wrong one!!"), ("content", "keep")]).await;
    assert_eq!(wrong.status(), 422);
    let erased = post_form(&person, &app.url("/account/erase"), &[("password", PASSWORD), ("content", "keep")]).await;
    assert_eq!(erased.status(), 303);
    assert_eq!(person.get(app.url("/account")).send().await.expect("GET").status(), 303);

    for (table, column, value) in app.all_text().await {
        let lower = value.to_lowercase();
        assert!(!lower.contains("erase-me@example.org"), "{table}.{column} still holds the address");
        assert!(!lower.contains("zephyrine") && !lower.contains("quillfeather"), "{table}.{column} holds the name");
    }
    let ids: Vec<(String, i64)> = sqlx::query_as(
        "SELECT 'sessions', COUNT(*) FROM sessions WHERE user_id = $1
         UNION ALL SELECT 'user_roles', COUNT(*) FROM user_roles WHERE user_id = $1
         UNION ALL SELECT 'api_tokens', COUNT(*) FROM api_tokens WHERE user_id = $1
         UNION ALL SELECT 'recovery_codes', COUNT(*) FROM recovery_codes WHERE user_id = $1",
    )
    .bind(id.0)
    .fetch_all(&app.db().pool)
    .await
    .expect("count rows");
    for (table, count) in ids {
        assert_eq!(count, 0, "{table} still has rows for the erased person");
    }
    // The address stays only as a hashed tombstone.
    let tombstones: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM email_tombstones WHERE email_hash = $1")
        .bind(rendezvous_platform::crypto::email_tombstone_hash(app.db().hash_key(), "erase-me@example.org"))
        .fetch_one(&app.db().pool)
        .await
        .expect("count");
    assert_eq!(tombstones, 1);
    // The admin's audit trail survives, naming "a former member".
    let audit = app.get("/admin/audit").await.text().await.expect("body");
    assert!(audit.contains("a former member"));
    let _ = admin;
}

#[tokio::test]
async fn no_table_holds_the_client_address_or_user_agent() {
    let token = "scraper-secret";
    let app = TestApp::spawn_with(TestOptions { metrics_token: Some(token.into()), ..TestOptions::default() }).await;
    // A run of ordinary traffic: sign-up, verification, log-in, failures, admin pages, errors.
    // Each request must have done its work, or the scan below proves nothing.
    let status = |r: reqwest::Response| r.status().as_u16();
    let signup = [("email", "visitor@example.org"), ("display_name", "Visitor"), ("password", PASSWORD)];
    assert_eq!(status(app.post_form("/signup", &signup).await), 200);
    let mail = app.smtp.wait_for("visitor@example.org", 1).await.remove(0);
    let link = mail.link(&app.url("/verify?token=")).expect("link");
    let token_in_link = link.split("token=").nth(1).expect("token");
    assert_eq!(status(app.post_form("/verify", &[("token", token_in_link)]).await), 303);
    let wrong = [("email", "visitor@example.org"), ("password", "wrong password")];
    assert_eq!(status(app.post_form("/login", &wrong).await), 422);
    assert_eq!(status(app.post_form("/reset", &[("email", "visitor@example.org")]).await), 200);
    assert_eq!(status(app.get("/no-such-page").await), 404);
    assert_eq!(status(app.get("/account").await), 303, "signed out: sent to log in");
    app.admin_session().await;
    for path in ["/admin/users", "/admin/jobs", "/admin/outbox", "/admin/audit"] {
        assert_eq!(status(app.get(path).await), 200, "{path}");
    }
    let metrics = app.client.get(app.url("/metrics")).bearer_auth(token).send().await.expect("GET /metrics");
    assert_eq!(status(metrics), 200);
    app.drain_jobs().await;

    let needles = ["127.0.0.1", USER_AGENT, "RendezvousTestBrowser"];
    for (table, column, value) in app.all_text().await {
        for needle in needles {
            assert!(!value.contains(needle), "{table}.{column} holds {needle:?}");
        }
    }
}

#[tokio::test]
async fn unconfirmed_sign_ups_are_forgotten_after_a_week() {
    let app = TestApp::spawn().await;
    app.post_form("/signup", &[("email", "never@example.org"), ("display_name", "Never"), ("password", PASSWORD)])
        .await;
    app.create_user("kept@example.org", "Kept", &[]).await;
    app.smtp.wait_for("never@example.org", 1).await;
    assert_eq!(rendezvous_accounts::purge_stale(app.db(), &app.clock).await.expect("purge"), 0);
    app.clock.advance_ms(8 * 86_400_000);
    rendezvous_accounts::purge_stale(app.db(), &app.clock).await.expect("purge");
    let left: Vec<String> =
        sqlx::query_scalar("SELECT email FROM users").fetch_all(&app.db().pool).await.expect("users");
    assert_eq!(left, vec!["kept@example.org".to_owned()]);
    let links: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM account_tokens").fetch_one(&app.db().pool).await.expect("links");
    assert_eq!(links, 0);
}

/// A copy of the database must not confirm that a known address was erased or unsubscribed.
#[tokio::test]
async fn tombstones_and_suppressions_are_keyed_hashes_not_plain_sha256() {
    let app = TestApp::spawn().await;
    let key_file = rendezvous_platform::hash_key::key_path(&app.state.config.data_dir);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).expect("the key file exists").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only the owner reads the key");
    }
    app.create_user("gone@example.org", "Gone", &[]).await;
    let person = app.new_browser();
    app.log_in(&person, "gone@example.org", None).await;
    let erased = post_form(&person, &app.url("/account/erase"), &[("password", PASSWORD), ("content", "keep")]).await;
    assert_eq!(erased.status(), 303);
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT email_hash FROM email_tombstones").fetch_all(&app.db().pool).await.expect("rows");
    let plain = crypto::hex(&crypto::unkeyed_tombstone_digest("gone@example.org"));
    let old_style = crypto::sha256_hex("gone@example.org");
    assert_eq!(stored.len(), 1);
    assert!(stored[0] != plain && stored[0] != old_style, "not a plain SHA-256 of the address");
    let key = rendezvous_platform::hash_key::HashKey::from_secret(&std::fs::read_to_string(&key_file).expect("key"))
        .expect("key");
    assert_eq!(stored[0], crypto::email_tombstone_hash(&key, "gone@example.org"), "the file's key made it");
}

/// Rows written before keys existed are rekeyed once, and suppression still holds after.
#[tokio::test]
async fn old_plain_suppressions_are_rekeyed_once_and_still_suppress() {
    let app = TestApp::spawn().await;
    let list = rendezvous_newsletter::create_list(app.db(), &app.clock, "news", "News", "Nouvelles", false, Lang::En)
        .await
        .expect("list");
    // As a database from before this change holds them: plain digests, no "keyed" mark.
    let plain = crypto::hex(&crypto::unkeyed_tombstone_digest("left@example.org"));
    sqlx::query(
        "INSERT INTO suppressions (email_hash, list_id, reason, created_at) VALUES ($1, $2, 'unsubscribed', 0)",
    )
    .bind(&plain)
    .bind(list)
    .execute(&app.db().pool)
    .await
    .expect("suppression");
    sqlx::query("DELETE FROM settings WHERE key = 'email_hashes_keyed'").execute(&app.db().pool).await.expect("unmark");

    // The tables come from the feature list, as at start-up: the newsletter declares its own.
    let features = rendezvous_server::features();
    let tables: Vec<&str> = features.iter().flat_map(|f| f.hashed_emails.iter().copied()).collect();
    assert_eq!(rekey_stored_hashes(app.db(), app.db().hash_key(), &tables).await.expect("rekey"), 1);
    let after: Vec<String> =
        sqlx::query_scalar("SELECT email_hash FROM suppressions").fetch_all(&app.db().pool).await.expect("rows");
    assert_eq!(after, vec![crypto::email_tombstone_hash(app.db().hash_key(), "left@example.org")]);
    assert_eq!(rekey_stored_hashes(app.db(), app.db().hash_key(), &tables).await.expect("again"), 0, "idempotent");
    let again: Vec<String> =
        sqlx::query_scalar("SELECT email_hash FROM suppressions").fetch_all(&app.db().pool).await.expect("rows");
    assert_eq!(again, after, "a second run changes nothing");

    // The admin's form still refuses to add the unsubscribed address back.
    app.admin_session().await;
    let added = app
        .post_form(
            "/admin/lists/news/subscribers",
            &[
                ("email", "left@example.org"),
                ("name", ""),
                ("lang", "en"),
                ("country", ""),
                ("province", ""),
                ("consent", "express"),
                ("evidence", "asked again"),
            ],
        )
        .await;
    assert_eq!(added.status(), 303);
    assert!(added.headers()["location"].to_str().unwrap_or_default().starts_with("/admin/lists/news"));
    let subscribed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM subscriptions s JOIN subscribers p ON p.id = s.subscriber_id
         WHERE p.email = 'left@example.org' AND s.status = 'subscribed'",
    )
    .fetch_one(&app.db().pool)
    .await
    .expect("count");
    assert_eq!(subscribed, 0, "still suppressed after the rekeying");
}

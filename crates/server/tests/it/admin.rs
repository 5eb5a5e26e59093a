//! Admin pages: roles (audited), the job queue, the outbox; metrics and health.

use rendezvous_platform::mail::outbox;
use rendezvous_testkit::{PASSWORD, TestApp, TestOptions};

#[tokio::test]
async fn grant_and_revoke_roles_are_audited_and_the_last_admin_stays() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let person = app.create_user("helper@example.org", "Helper Hawk", &[]).await;
    let page = app.get("/admin/users?q=hawk").await.text().await.expect("body");
    assert!(page.contains("helper@example.org") && !page.contains("root-admin@example.org"), "search filters");

    // A change is confirmed on a page of its own first (a form, no JavaScript), which changes nothing.
    let roles_path = format!("/admin/users/{}/roles", person.0);
    let asked = app.post_form(&roles_path, &[("role", "moderator"), ("action", "grant")]).await;
    assert_eq!(asked.status(), 200);
    let asked = asked.text().await.expect("body");
    assert!(asked.contains("Confirm this change") && asked.contains("name=\"confirm\" value=\"yes\""), "{asked}");
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE user_id = $1")
        .bind(person.0)
        .fetch_one(&app.db().pool)
        .await
        .expect("roles");
    assert_eq!(none, 0, "nothing changes before the confirmation");
    let grant = app.post_form(&roles_path, &[("role", "moderator"), ("action", "grant"), ("confirm", "yes")]).await;
    assert_eq!(grant.status(), 303);
    let roles: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(person.0)
        .fetch_all(&app.db().pool)
        .await
        .expect("roles");
    assert_eq!(roles, vec!["moderator".to_owned()]);
    app.post_form(&roles_path, &[("role", "moderator"), ("action", "revoke"), ("confirm", "yes")]).await;

    let audit = app.get("/admin/audit").await.text().await.expect("body");
    assert!(audit.contains("Role granted") && audit.contains("Role withdrawn") && audit.contains("Helper Hawk"));
    assert!(audit.contains("Root Admin"), "who did it");

    // The only admin cannot remove their own role.
    app.post_form(
        &format!("/admin/users/{}/roles", admin.0),
        &[("role", "admin"), ("action", "revoke"), ("confirm", "yes")],
    )
    .await;
    let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role = 'admin'")
        .fetch_one(&app.db().pool)
        .await
        .expect("count");
    assert_eq!(admins, 1);

    // An unknown role is bad input, and changes nothing.
    let bad =
        app.post_form(&format!("/admin/users/{}/roles", person.0), &[("role", "emperor"), ("action", "grant")]).await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.expect("body").contains("This role does not exist"));
}

#[tokio::test]
async fn without_smtp_mail_lands_in_the_outbox_admins_can_read() {
    let app = TestApp::spawn_with(TestOptions { outbox: true, ..Default::default() }).await;
    app.post_form(
        "/signup",
        &[("email", "outboxed@example.org"), ("display_name", "Outboxed"), ("password", PASSWORD)],
    )
    .await;
    app.drain_jobs().await;
    assert!(app.smtp.all().is_empty(), "nothing went out by SMTP");
    app.admin_session().await;
    let outbox = app.get("/admin/outbox").await.text().await.expect("body");
    assert!(outbox.contains("outboxed@example.org") && outbox.contains("Confirm your email address"));
    let id: i64 = sqlx::query_scalar("SELECT id FROM outbox WHERE to_address = 'outboxed@example.org'")
        .fetch_one(&app.db().pool)
        .await
        .expect("outbox row");
    let mail = app.get(&format!("/admin/outbox/{id}")).await.text().await.expect("body");
    assert!(mail.contains("/verify?token="));
}

#[tokio::test]
async fn the_outbox_view_masks_links_and_every_read_is_audited() {
    let app = TestApp::spawn_with(TestOptions { outbox: true, ..Default::default() }).await;
    app.post_form("/signup", &[("email", "kept@example.org"), ("display_name", "Kept"), ("password", PASSWORD)]).await;
    app.drain_jobs().await;
    let (id, text): (i64, String) =
        sqlx::query_as("SELECT id, text_body FROM outbox WHERE to_address = 'kept@example.org'")
            .fetch_one(&app.db().pool)
            .await
            .expect("outbox row");
    let token =
        text.split("token=").nth(1).and_then(|t| t.split_whitespace().next()).expect("the kept mail has its link");
    assert!(token.len() >= 20, "the real mail keeps the whole link: {text}");

    let admin = app.admin_session().await;
    let list = app.get("/admin/outbox").await.text().await.expect("body");
    let mail = app.get(&format!("/admin/outbox/{id}")).await.text().await.expect("body");
    assert!(mail.contains("/verify?token=********"), "{mail}");
    assert!(!list.contains(token) && !mail.contains(token), "an admin cannot use the link");

    let reads: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, detail FROM audit_log WHERE actor_id = $1 AND action LIKE 'outbox.%' ORDER BY id",
    )
    .bind(admin.0)
    .fetch_all(&app.db().pool)
    .await
    .expect("audit");
    assert_eq!(
        reads,
        vec![("outbox.list".to_owned(), String::new()), ("outbox.read".to_owned(), format!("mail {id}"))]
    );
}

#[tokio::test]
async fn outbox_mail_older_than_the_retention_is_purged() {
    let app = TestApp::spawn_with(TestOptions { outbox: true, no_workers: true, ..Default::default() }).await;
    assert_eq!(app.state.config.outbox_retention_days, 7, "a week by default");
    let now = app.clock.now_ms();
    for (to, age_days) in [("old@example.org", 8), ("recent@example.org", 6)] {
        sqlx::query(
            "INSERT INTO outbox (to_address, subject, text_body, html_body, created_at) VALUES ($1, 's', 't', 'h', $2)",
        )
        .bind(to)
        .bind(now - age_days * rendezvous_platform::clock::DAY_MS)
        .execute(&app.db().pool)
        .await
        .expect("insert");
    }
    // The server's housekeeping runs the same purge at start and may get there first: what counts
    // is what is left.
    outbox::purge_older_than(app.db(), &app.clock, app.state.config.outbox_retention_days).await.expect("purge");
    let left: Vec<String> =
        sqlx::query_scalar("SELECT to_address FROM outbox").fetch_all(&app.db().pool).await.expect("rows");
    assert_eq!(left, vec!["recent@example.org".to_owned()]);
}

#[tokio::test]
async fn the_jobs_page_lists_failed_jobs_with_their_error() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    app.expect_failed_jobs(); // the page under test lists one
    let id = app.state.jobs.enqueue_at("test.unknown_kind", &(), app.clock.now_ms(), 1).await.expect("enqueue");
    let registry = rendezvous_platform::jobs::JobRegistry::default();
    rendezvous_platform::jobs::run_one(&app.state, &registry).await.expect("run");
    app.admin_session().await;
    let page = app.get("/admin/jobs").await.text().await.expect("body");
    assert!(page.contains("test.unknown_kind") && page.contains("no handler for job kind"));
    assert!(page.contains(&format!("/admin/jobs/{id}/retry")));
}

#[tokio::test]
async fn health_and_metrics() {
    let token = "scraper-secret";
    let app = TestApp::spawn_with(TestOptions { metrics_token: Some(token.into()), ..TestOptions::default() }).await;
    assert_eq!(app.get("/healthz").await.text().await.expect("body"), "ok\n");
    app.get("/login").await;
    app.get("/missing").await;
    app.create_user("m@example.org", "M", &[rendezvous_members::MEMBER]).await;
    app.post_form("/reset", &[("email", "m@example.org")]).await;
    app.smtp.wait_for("m@example.org", 1).await;
    // Without the token, or with a wrong one, nothing is told.
    assert_eq!(app.get("/metrics").await.status(), 401);
    let wrong = app.client.get(app.url("/metrics")).bearer_auth("guess").send().await.expect("GET");
    assert_eq!(wrong.status(), 401);
    let metrics = app.client.get(app.url("/metrics")).bearer_auth(token).send().await.expect("GET");
    assert_eq!(metrics.status(), 200);
    let metrics = metrics.text().await.expect("body");
    assert!(metrics.contains("rendezvous_http_requests_total{route=\"/login\",status=\"200\"} 1"), "{metrics}");
    assert!(metrics.contains("status=\"404\""));
    assert!(metrics.contains("rendezvous_mails_sent_total 1"));
    assert!(metrics.contains("rendezvous_jobs{state=\"queued\"}"));
}

#[tokio::test]
async fn metrics_are_off_without_a_token() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/metrics").await.status(), 404);
    let guess = app.client.get(app.url("/metrics")).bearer_auth("").send().await.expect("GET");
    assert_eq!(guess.status(), 404);
}

/// The admin tables that grow (jobs, audit log, outbox) show a page at a time with previous/next links.
#[tokio::test]
async fn job_and_audit_tables_have_previous_and_next_pages() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    app.admin_session().await;
    for n in 0..130 {
        let payload = serde_json::json!({ "n": n });
        app.state.jobs.enqueue_at("test.waiting", &payload, app.clock.now_ms() + 60_000, 1).await.expect("enqueue");
        rendezvous_platform::audit::record(app.db(), &app.clock, None, "test.entry", None, &format!("entry {n}"))
            .await
            .expect("audit");
        sqlx::query(
            "INSERT INTO outbox (to_address, subject, text_body, html_body, created_at) VALUES ($1, 's', 't', 'h', $2)",
        )
        .bind(format!("person{n}@example.org"))
        .bind(app.clock.now_ms())
        .execute(&app.db().pool)
        .await
        .expect("outbox row");
    }
    for table in ["/admin/jobs", "/admin/audit", "/admin/outbox"] {
        let first = app.get(table).await.text().await.expect("text");
        assert!(first.contains(&format!("href=\"{table}?page=2\" rel=\"next\"")), "{table} links to page 2");
        assert!(!first.contains("rel=\"prev\""), "{table}: the first page has no previous page");
        let rows = |html: &str| html.matches("<tr>").count();
        assert_eq!(rows(&first), 101, "{table}: a page of 100 rows and the header");
        let second = app.get(&format!("{table}?page=2")).await.text().await.expect("text");
        assert!(second.contains(&format!("href=\"{table}?page=1\" rel=\"prev\"")), "{table} links back");
        assert!(!second.contains("rel=\"next\""), "{table}: page 2 is the last");
        assert!(rows(&second) > 1, "{table}: page 2 shows the rest");
    }
}

#[tokio::test]
async fn the_people_list_comes_in_small_pages() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    for i in 0..120 {
        let email = format!("person{i:03}@example.org");
        sqlx::query(
            "INSERT INTO users (email, email_norm, display_name, password_hash, lang, email_verified_at, created_at)
             VALUES ($1, $1, $2, 'x', 'en', 1, 1)",
        )
        .bind(&email)
        .bind(format!("Person {i:03} with a longish name"))
        .execute(&app.db().pool)
        .await
        .expect("insert");
    }
    let first = app.get("/admin/users").await.text().await.expect("body");
    assert!(first.len() < 50 * 1024, "{} bytes", first.len());
    assert!(first.contains("person000@example.org") && !first.contains("person060@example.org"));
    assert!(first.contains("page=2\" rel=\"next\"") && !first.contains("rel=\"prev\""), "{first}");
    let second = app.get("/admin/users?q=&page=2").await.text().await.expect("body");
    assert!(second.contains("person060@example.org") && !second.contains("person000@example.org"));
    assert!(second.contains("rel=\"prev\"") && second.contains("page=3"));
    let last = app.get("/admin/users?q=&page=3").await.text().await.expect("body");
    assert!(last.contains("person119@example.org") && !last.contains("rel=\"next\""));
    // The search keeps its words from page to page.
    let searched = app.get("/admin/users?q=person").await.text().await.expect("body");
    assert!(searched.contains("q=person&#38;page=2\" rel=\"next\""), "{searched}");
}

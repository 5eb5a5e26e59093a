//! The command line scripts depend on: --version, admin create, token create, backup; and the API
//! a token opens.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use rendezvous_platform::db::Dialect;
use rendezvous_testkit::TestApp;

fn rendezvous(app: &TestApp, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rendezvous"))
        .args(args)
        .env("RENDEZVOUS_DATABASE_URL", app.state.config.database_url())
        .env("RENDEZVOUS_DATA_DIR", &app.state.config.data_dir)
        .env("RENDEZVOUS_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rendezvous");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn version_admin_create_and_token_create() {
    let app = TestApp::spawn().await;
    let version = rendezvous(&app, &["--version"], "");
    assert!(stdout(&version).starts_with("rendezvous "), "{}", stdout(&version));

    let created = rendezvous(
        &app,
        &["admin", "create", "--email", "ops@example.org", "--name", "Ops", "--password-stdin"],
        "a strong passphrase\n",
    );
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let roles: Vec<String> = sqlx::query_scalar(
        "SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.email_norm = 'ops@example.org'",
    )
    .fetch_all(&app.db().pool)
    .await
    .expect("roles");
    assert_eq!(roles, vec!["admin".to_owned()]);

    // The same address in another letter case, and a short password: clear errors, nothing created.
    let taken = rendezvous(
        &app,
        &["admin", "create", "--email", "OPS@example.org", "--name", "Ops 2", "--password-stdin"],
        "another passphrase\n",
    );
    assert!(!taken.status.success());
    let said = String::from_utf8_lossy(&taken.stderr);
    assert!(said.contains("already exists"), "{said}");
    let short = rendezvous(
        &app,
        &["admin", "create", "--email", "x@example.org", "--name", "X", "--password-stdin"],
        "short\n",
    );
    assert!(!short.status.success());
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(users, 1);

    let token = rendezvous(&app, &["token", "create", "--email", "ops@example.org"], "");
    assert!(token.status.success(), "{}", String::from_utf8_lossy(&token.stderr));
    let token = stdout(&token).trim().to_owned();
    let me: serde_json::Value = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON");
    assert_eq!(me["email"], "ops@example.org");
    assert_eq!(me["roles"], serde_json::json!(["admin"]));

    let anonymous = app.client.get(app.url("/api/v1/me")).send().await.expect("GET");
    assert_eq!(anonymous.status(), 401);
    let body: serde_json::Value = anonymous.json().await.expect("JSON error");
    assert_eq!(body["error"], "error-unauthorized");
    let forged = app.client.get(app.url("/api/v1/me")).bearer_auth("rvz_forged").send().await.expect("GET");
    assert_eq!(forged.status(), 401);

    let unknown = rendezvous(&app, &["token", "create", "--email", "nobody@example.org"], "");
    assert!(!unknown.status.success());

    let openapi: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.expect("JSON");
    assert!(openapi["paths"]["/api/v1/me"]["get"].is_object());
    assert!(openapi["paths"]["/api/v1/lists/{slug}/subscribers"]["post"].is_object());
}

#[tokio::test]
async fn backup_copies_a_live_sqlite_database_and_points_postgres_to_pg_dump() {
    let app = TestApp::spawn().await;
    app.create_user("kept@example.org", "Kept", &[]).await;
    let file = app.state.config.data_dir.join("backup.db");
    let output = rendezvous(&app, &["backup", &file.display().to_string()], "");
    if app.db().dialect == Dialect::Postgres {
        assert!(!output.status.success());
        assert!(String::from_utf8_lossy(&output.stderr).contains("pg_dump"));
        return;
    }
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("hash key") && said.contains("NOT in this backup"), "{said}");
    let copy =
        rendezvous_platform::db::Db::connect(&format!("sqlite://{}", file.display())).await.expect("open backup");
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = 'kept@example.org'")
        .fetch_one(&copy.pool)
        .await
        .expect("count");
    assert_eq!(users, 1);
    // A second backup to the same file is refused rather than overwriting it.
    let again = rendezvous(&app, &["backup", &file.display().to_string()], "");
    assert!(!again.status.success());
}

#[tokio::test]
async fn demo_fills_an_empty_database_once() {
    let app = TestApp::spawn().await;
    let output = rendezvous(&app, &["demo"], "");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout(&output).contains("Demo network created"));
    // The audience has the network's shape: 34,000 subscribers, about 75% in Canada.
    let report = rendezvous_newsletter::reports::audience(app.db(), app.clock.now_ms()).await.expect("report");
    assert_eq!(report.total, 34_000);
    assert!((72..=78).contains(&report.canada_percent()), "{}% in Canada", report.canada_percent());
    assert_eq!(report.by_province.len(), 13, "every province and territory");
    assert_eq!(report.by_province[0].0, "ON");
    let roles: Vec<(String, i64)> = sqlx::query_as("SELECT role, COUNT(*) FROM user_roles GROUP BY role ORDER BY role")
        .fetch_all(&app.db().pool)
        .await
        .expect("roles");
    assert_eq!(roles, vec![("admin".into(), 2), ("member".into(), 43), ("moderator".into(), 3)]);
    let pseudonyms: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE display_name LIKE '%Owl%'")
        .fetch_one(&app.db().pool)
        .await
        .expect("count");
    assert!(pseudonyms > 0);
    // The demo admin can use admin pages at once (two-factor is on).
    let two_factor: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE email = 'admin@demo.rendezvous.example' AND totp_enabled_at IS NOT NULL",
    )
    .fetch_one(&app.db().pool)
    .await
    .expect("count");
    assert_eq!(two_factor, 1);
    // Members: ~1,000 people and ~300 organisations over every province and territory.
    let (people, organisations, provinces): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM memberships WHERE organisation_id IS NULL),
                (SELECT COUNT(*) FROM organisations), (SELECT COUNT(DISTINCT province) FROM member_profiles)",
    )
    .fetch_one(&app.db().pool)
    .await
    .expect("members");
    assert_eq!((people, organisations, provinces), (1_000, 300, 13));
    // Discussions: four spaces (one for the hidden peer group) with threads, readable in public.
    let (spaces, threads): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM forum_spaces), (SELECT COUNT(*) FROM forum_threads WHERE post_count > 0)",
    )
    .fetch_one(&app.db().pool)
    .await
    .expect("forum");
    assert_eq!((spaces, threads), (4, 6));
    let welcome = app.get("/forum/welcome").await.text().await.expect("page");
    assert!(welcome.contains("Hello from Winnipeg"));
    assert_eq!(app.get("/forum/peer-support").await.status(), 404, "the peer space is not public");
    // The library's sections, in both languages.
    for (path, en, fr) in [
        ("/library", "Brief on the toxic drug crisis", "Mémoire sur la crise des drogues toxiques"),
        ("/news", "Our brief to the Standing Committee on Health", "Notre mémoire au Comité permanent de la santé"),
        ("/events", "Naloxone training", "Formation sur la naloxone"),
        ("/jobs", "Peer outreach worker", "Pair aidant·e de proximité"),
        ("/act", "Tell the Health Committee", "Dites au Comité de la santé"),
    ] {
        assert!(app.get(path).await.text().await.expect("page").contains(en), "{path} in English");
        let french = app.new_browser().get(app.url(path)).header("accept-language", "fr").send().await.expect("GET");
        assert!(french.text().await.expect("page").contains(fr), "{path} in French");
    }
    let again = rendezvous(&app, &["demo"], "");
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("only fills an empty one"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn bounce_classify_prints_one_json_line_per_file() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../newsletter/tests/bounce-corpus");
    let files = ["postfix-hard-5.1.1.eml", "arf-abuse-complaint.eml", "out-of-office-fr.eml"];
    let output = Command::new(env!("CARGO_BIN_EXE_rendezvous"))
        .args(["bounce", "classify", "--json"])
        .args(files.iter().map(|f| corpus.join(f)))
        .env("RENDEZVOUS_LOG", "warn")
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<serde_json::Value> =
        stdout(&output).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    let got: Vec<(&str, &str, Option<&str>)> = lines
        .iter()
        .map(|l| (l["kind"].as_str().unwrap_or(""), l["address"].as_str().unwrap_or(""), l["status"].as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("hard", "j.tremblay@example.net", Some("5.1.1")),
            ("complaint", "r.beaulieu@example.net", None),
            ("not_bounce", "", None),
        ]
    );
    assert!(lines.iter().all(|l| l["file"].as_str().is_some_and(|f| f.ends_with(".eml"))));
    let missing = Command::new(env!("CARGO_BIN_EXE_rendezvous"))
        .args(["bounce", "classify", "--json", "/nonexistent.eml"])
        .output()
        .expect("run");
    assert!(!missing.status.success());
}

#[tokio::test]
async fn campaign_create_send_and_status_from_the_command_line() {
    let app = TestApp::spawn().await;
    rendezvous_newsletter::create_list(
        app.db(),
        &app.clock,
        "news",
        "News",
        "Nouvelles",
        true,
        rendezvous_platform::i18n::Lang::En,
    )
    .await
    .expect("list");
    let list: rendezvous_newsletter::ListId = sqlx::query_scalar("SELECT id FROM lists WHERE slug = 'news'")
        .fetch_one(&app.db().pool)
        .await
        .expect("list id");
    let options = rendezvous_newsletter::import::ImportOptions {
        list_id: list,
        consent: rendezvous_newsletter::model::ConsentKind::ExpressImport,
        evidence: "test".into(),
        dry_run: false,
        actor_id: None,
        keep_places: false,
    };
    rendezvous_newsletter::import::run(
        app.db(),
        &app.clock,
        b"email,language\na@example.org,en\nb@example.org,fr\n",
        &options,
        |_, _| {},
    )
    .await
    .expect("import");
    let body_en = app.state.config.data_dir.join("en.md");
    let body_fr = app.state.config.data_dir.join("fr.md");
    std::fs::write(&body_en, "Hello {{name}}").expect("write");
    std::fs::write(&body_fr, "Bonjour {{name}}").expect("write");
    let (en, fr) = (body_en.display().to_string(), body_fr.display().to_string());
    let args = [
        "campaign",
        "create",
        "--list",
        "news",
        "--subject-en",
        "News",
        "--body-en",
        &en,
        "--subject-fr",
        "Nouvelles",
        "--body-fr",
        &fr,
        "--json",
    ];
    let created = rendezvous(&app, &args, "");
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let id = serde_json::from_slice::<serde_json::Value>(&created.stdout).expect("JSON")["id"].as_i64().expect("id");
    let sent = rendezvous(&app, &["campaign", "send", &id.to_string()], "");
    assert!(sent.status.success(), "{}", String::from_utf8_lossy(&sent.stderr));
    // The running server's workers deliver it.
    app.smtp.wait_for("b@example.org", 1).await;
    app.drain_jobs().await;
    let status = rendezvous(&app, &["campaign", "status", &id.to_string(), "--json"], "");
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).expect("JSON");
    assert_eq!(status["recipients"], 2);
    assert_eq!(status["remaining"], 0);
    assert_eq!(status["failed"], 0);
    assert_eq!(status["sent"], 2);
    assert_eq!(status["state"], "sent");
    assert_eq!(app.smtp.to("b@example.org")[0].subject, "Nouvelles");

    let no_body =
        rendezvous(&app, &["campaign", "create", "--list", "news", "--subject-fr", "X", "--body-fr", &fr], "");
    assert!(!no_body.status.success());
    assert!(String::from_utf8_lossy(&no_body.stderr).contains("default language"));
}

#[tokio::test]
async fn targets_import_reads_a_represent_file_and_prints_counts() {
    let app = TestApp::spawn().await;
    let file = app.state.config.data_dir.join("house.csv");
    std::fs::write(&file, crate::advocacy_fixtures::HOUSE).expect("write the file");
    let path = file.display().to_string();
    let args =
        ["targets", "import", path.as_str(), "--set", "house", "--name-en", "House", "--name-fr", "Chambre", "--json"];
    let output = rendezvous(&app, &args, "");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_str(stdout(&output).trim()).expect("one JSON object");
    assert_eq!((report["added"].as_u64(), report["updated"].as_u64()), (Some(4), Some(0)));
    assert_eq!(report["new_committees"], serde_json::json!(["HESA", "JUST"]));

    let again = rendezvous(&app, &args, "");
    let report: serde_json::Value = serde_json::from_str(stdout(&again).trim()).expect("JSON");
    assert_eq!((report["added"].as_u64(), report["updated"].as_u64()), (Some(0), Some(4)), "replaced, not doubled");

    let bad = rendezvous(&app, &["targets", "import", path.as_str(), "--set", "Bad Slug"], "");
    assert_eq!(bad.status.code(), Some(2));
}

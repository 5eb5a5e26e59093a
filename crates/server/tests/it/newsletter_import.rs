//! Imports of messy files: exact counts and the reject report, encodings, separators, French
//! headers, all-or-nothing (also when killed), suppression, the command line's JSON.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use rendezvous_newsletter::import::{self, ImportOptions, ImportReport};
use rendezvous_newsletter::model::ConsentKind;
use rendezvous_platform::i18n::Lang;
use rendezvous_testkit::TestApp;

pub async fn make_list(app: &TestApp, slug: &str, public: bool) -> rendezvous_newsletter::ListId {
    rendezvous_newsletter::create_list(
        app.db(),
        &app.clock,
        slug,
        "Network news",
        "Nouvelles du réseau",
        public,
        Lang::En,
    )
    .await
    .expect("create list")
}

pub async fn import_bytes(
    app: &TestApp,
    list_id: rendezvous_newsletter::ListId,
    bytes: &[u8],
    kind: ConsentKind,
) -> ImportReport {
    let options = ImportOptions {
        list_id,
        consent: kind,
        evidence: "sign-up sheet, forum 2026".into(),
        dry_run: false,
        actor_id: None,
        keep_places: false,
    };
    import::run(app.db(), &app.clock, bytes, &options, |_, _| {}).await.expect("import")
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(&app.db().pool).await.expect("count")
}

/// A semicolon file in Windows-1252 with a French header in another order, a quoted field holding
/// the separator and a line break, a blank line, invalid addresses and a repeat in another case.
fn messy_windows_1252() -> Vec<u8> {
    let mut file = Vec::new();
    file.extend_from_slice(b"Nom;Courriel;Langue;Province;Pays\r\n"); // line 1
    file.extend_from_slice(b"Ren\xe9e Tremblay;renee@example.org;fr;Qu\xe9bec;Canada\r\n"); // 2
    file.extend_from_slice(b"\"Smith; John\";john@example.org;en;ON;CA\r\n"); // 3
    file.extend_from_slice(b"\r\n"); // 4: blank
    file.extend_from_slice(b"\"Line\r\nBreak\";multi@example.org;en;BC;CA\r\n"); // 5-6
    file.extend_from_slice(b"Bad;not-an-address;fr;QC;CA\r\n"); // 7
    file.extend_from_slice(b"Again;RENEE@Example.org;fr;QC;CA\r\n"); // 8: repeat of line 2
    file.extend_from_slice(b"Nowhere;nowhere@example.org;fr;Atlantis;CA\r\n"); // 9: unknown province
    file.extend_from_slice(b"Montr\xe9al Org;info@montreal.example;fr;Montr\xe9al;FR\r\n"); // 10: region abroad
    file
}

#[tokio::test]
async fn a_messy_windows_1252_semicolon_file_imports_with_exact_counts() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", true).await;
    let report = import_bytes(&app, list, &messy_windows_1252(), ConsentKind::ExpressImport).await;
    assert_eq!(report.encoding, "windows-1252");
    assert_eq!(report.delimiter, ";");
    assert_eq!(
        (report.rows, report.valid, report.imported, report.duplicates, report.invalid, report.suppressed),
        (7, 5, 4, 1, 2, 0)
    );
    let rejected: Vec<(u64, &str)> = report.rejects.iter().map(|r| (r.line, r.reason_id.as_str())).collect();
    assert_eq!(rejected, vec![(7, "import-reject-invalid-email"), (9, "import-reject-unknown-province")]);
    let renee: (String, String, String) =
        sqlx::query_as("SELECT name, province, lang FROM subscribers WHERE email_norm = 'renee@example.org'")
            .fetch_one(&app.db().pool)
            .await
            .expect("renee");
    assert_eq!(renee, ("Renée Tremblay".into(), "QC".into(), "fr".into()));
    let john: String = sqlx::query_scalar("SELECT name FROM subscribers WHERE email_norm = 'john@example.org'")
        .fetch_one(&app.db().pool)
        .await
        .expect("john");
    assert_eq!(john, "Smith; John");
    let region: (String, String) =
        sqlx::query_as("SELECT country, region FROM subscribers WHERE email_norm = 'info@montreal.example'")
            .fetch_one(&app.db().pool)
            .await
            .expect("region");
    assert_eq!(region, ("FR".into(), "Montréal".into()));
    // Each imported person has a ledger entry naming the import and its evidence.
    let events = count(&app, "SELECT COUNT(*) FROM consent_events WHERE source = 'import' AND evidence = 'sign-up sheet, forum 2026' AND action = 'subscribed' AND kind = 'express_import'").await;
    assert_eq!(events, 4);

    // The same file again: everyone is already subscribed, their consent renewed.
    let again = import_bytes(&app, list, &messy_windows_1252(), ConsentKind::ExpressImport).await;
    assert_eq!((again.imported, again.already_subscribed), (0, 4));
}

#[tokio::test]
async fn utf8_with_bom_tsv_and_commas_in_quotes() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", false).await;
    let mut file = b"\xef\xbb\xbfemail\tname\ttags\n".to_vec();
    file.extend_from_slice("a@example.org\tÉlise, \"Lili\"\toutreach;naloxone\n".as_bytes());
    file.extend_from_slice(b"b@example.org\t\t\n\n\n");
    let report = import_bytes(&app, list, &file, ConsentKind::ImpliedRelationship).await;
    assert_eq!((report.encoding.as_str(), report.delimiter.as_str()), ("UTF-8", "\t"));
    assert_eq!((report.rows, report.imported, report.invalid), (2, 2, 0));
    let tags: String = sqlx::query_scalar("SELECT tags FROM subscribers WHERE email_norm = 'a@example.org'")
        .fetch_one(&app.db().pool)
        .await
        .expect("tags");
    assert_eq!(tags, ",outreach,naloxone,");
    // Implied consent expires two years on.
    let expires: Option<i64> = sqlx::query_scalar(
        "SELECT consent_expires_at FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id WHERE s.email_norm = 'a@example.org'",
    )
    .fetch_one(&app.db().pool)
    .await
    .expect("expiry");
    assert!(expires.is_some_and(|e| e > app.clock.now_ms() + 700 * 86_400_000));
}

#[tokio::test]
async fn bad_files_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", false).await;
    let options = |evidence: &str| ImportOptions {
        list_id: list,
        consent: ConsentKind::ExpressImport,
        evidence: evidence.into(),
        dry_run: false,
        actor_id: None,
        keep_places: false,
    };
    let run = |bytes: &'static [u8], evidence: &'static str| {
        let (db, clock, options) = (app.db().clone(), app.clock.clone(), options(evidence));
        async move { import::run(&db, &clock, bytes, &options, |_, _| {}).await }
    };
    let no_email = run(b"name,country\nAna,CA\n", "evidence").await.expect_err("no email column");
    assert_eq!(no_email.message_id(), "import-file-no-email-column");
    let empty = run(b"", "evidence").await.expect_err("empty");
    assert_eq!(empty.message_id(), "import-file-empty");
    let no_evidence = run(b"email\na@example.org\n", "  ").await.expect_err("evidence");
    assert_eq!(no_evidence.message_id(), "import-evidence-missing");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM subscribers").await, 0);

    let dry = ImportOptions { dry_run: true, ..options("evidence") };
    let report = import::run(app.db(), &app.clock, b"email\na@example.org\n", &dry, |_, _| {}).await.expect("dry run");
    assert_eq!(report.imported, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM subscribers").await, 0, "a dry run changes nothing");
}

#[tokio::test]
async fn suppressed_addresses_are_skipped_and_counted() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", false).await;
    import_bytes(&app, list, b"email\nleft@example.org\nstays@example.org\n", ConsentKind::ExpressImport).await;
    let left: rendezvous_newsletter::SubscriberId =
        sqlx::query_scalar("SELECT id FROM subscribers WHERE email_norm = 'left@example.org'")
            .fetch_one(&app.db().pool)
            .await
            .expect("id");
    rendezvous_newsletter::subscriptions::unsubscribe(
        app.db(),
        &app.clock,
        list,
        left,
        rendezvous_newsletter::model::Source::OneClick,
        None,
    )
    .await
    .expect("unsubscribe");
    let report =
        import_bytes(&app, list, b"email\nLEFT@example.org\nstays@example.org\n", ConsentKind::ExpressImport).await;
    assert_eq!((report.suppressed, report.already_subscribed, report.imported), (1, 1, 0));
    let status: String = sqlx::query_scalar("SELECT status FROM subscriptions WHERE subscriber_id = $1")
        .bind(left)
        .fetch_one(&app.db().pool)
        .await
        .expect("status");
    assert_eq!(status, "unsubscribed", "the import did not bring them back");
}

fn rendezvous(app: &TestApp, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rendezvous"));
    command
        .args(args)
        .env("RENDEZVOUS_DATABASE_URL", app.state.config.database_url())
        .env("RENDEZVOUS_DATA_DIR", &app.state.config.data_dir)
        .env("RENDEZVOUS_LOG", "warn")
        .stdin(Stdio::null());
    command
}

#[tokio::test]
async fn the_command_line_creates_lists_and_imports_with_a_json_report() {
    let app = TestApp::spawn().await;
    let created =
        rendezvous(&app, &["list", "create", "--slug", "members", "--name-en", "Members", "--name-fr", "Membres"])
            .output()
            .expect("run");
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let taken = rendezvous(&app, &["list", "create", "--slug", "members", "--name-en", "M", "--name-fr", "M"])
        .output()
        .expect("run");
    assert!(!taken.status.success());
    assert!(String::from_utf8_lossy(&taken.stderr).contains("already exists"));

    let file = app.state.config.data_dir.join("members.csv");
    std::fs::write(&file, messy_windows_1252()).expect("write file");
    let path = file.display().to_string();
    let args = [
        "import",
        &path,
        "--list",
        "members",
        "--consent",
        "implied-membership",
        "--evidence",
        "2026 member roll",
        "--json",
    ];
    let output = rendezvous(&app, &args).output().expect("run");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    for (key, value) in
        [("rows", 7), ("valid", 5), ("imported", 4), ("duplicates", 1), ("invalid", 2), ("suppressed", 0)]
    {
        assert_eq!(report[key], value, "{key}");
    }
    assert_eq!(report["rejects"][0]["line"], 7);

    let bad = rendezvous(&app, &["import", &path, "--list", "members", "--consent", "whatever", "--evidence", "x"])
        .output()
        .expect("run");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--consent must be"));
}

#[tokio::test]
async fn a_kill_in_the_middle_of_an_import_leaves_nothing() {
    let app = TestApp::spawn().await;
    make_list(&app, "big", false).await;
    let file = app.state.config.data_dir.join("big.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("create"));
    writeln!(out, "email,name,province").expect("write");
    for i in 0..300_000 {
        writeln!(out, "person{i}@example.org,Person {i},ON").expect("write");
    }
    out.flush().expect("flush");
    drop(out);
    let path = file.display().to_string();
    let mut child = rendezvous(&app, &["import", &path, "--list", "big", "--consent", "express", "--evidence", "test"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Wait until it has started importing, then kill it without warning.
    let mut stderr = child.stderr.take().expect("stderr");
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !String::from_utf8_lossy(&seen).contains("Importing") {
        let n = std::io::Read::read(&mut stderr, &mut buf).expect("read stderr");
        assert!(n > 0, "the import ended before it could be killed");
        seen.extend_from_slice(&buf[..n]);
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    child.kill().expect("kill");
    let status = child.wait().expect("wait");
    assert!(!status.success(), "killed before it finished");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM subscribers").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM subscriptions").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM consent_events").await, 0);
}

#[tokio::test]
async fn restating_consent_never_downgrades_express_consent_nor_accepts_future_dates() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", false).await;
    import_bytes(&app, list, b"email\nexpress@example.org\n", ConsentKind::ExpressImport).await;
    // A membership import, with an old relationship date, for the same person.
    let report = import_bytes(
        &app,
        list,
        b"email,consent date\nexpress@example.org,2023-01-01\n",
        ConsentKind::ImpliedMembership,
    )
    .await;
    assert_eq!(report.already_subscribed, 1);
    let (kind, expires): (String, Option<i64>) =
        sqlx::query_as("SELECT consent_kind, consent_expires_at FROM subscriptions WHERE list_id = $1")
            .bind(list)
            .fetch_one(&app.db().pool)
            .await
            .expect("subscription");
    assert_eq!((kind.as_str(), expires), ("express_import", None), "express consent stays");

    let report =
        import_bytes(&app, list, b"email,consent date\nlater@example.org,2999-01-01\n", ConsentKind::ImpliedMembership)
            .await;
    assert_eq!((report.invalid, report.imported), (1, 0));
    assert_eq!(report.rejects[0].reason_id, "import-reject-invalid-date");
}

#[tokio::test]
async fn stated_consent_never_revives_a_subscription_that_ended() {
    // What an import or an admin racing an unsubscribe comes down to: the upsert leaves it alone.
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", false).await;
    import_bytes(&app, list, b"email\nracer@example.org\n", ConsentKind::ExpressImport).await;
    let id: rendezvous_newsletter::SubscriberId =
        sqlx::query_scalar("SELECT id FROM subscribers").fetch_one(&app.db().pool).await.expect("id");
    rendezvous_newsletter::subscriptions::unsubscribe(
        app.db(),
        &app.clock,
        list,
        id,
        rendezvous_newsletter::model::Source::OneClick,
        None,
    )
    .await
    .expect("unsubscribe");
    let mut conn = app.db().pool.acquire().await.expect("connection");
    let consent =
        rendezvous_newsletter::store::Consent { kind: "express_import", at: app.clock.now_ms(), expires_at: None };
    let wrote = rendezvous_newsletter::store::state_consent(&mut conn, list, id, &consent, app.clock.now_ms())
        .await
        .expect("upsert");
    assert!(!wrote);
    let status: String =
        sqlx::query_scalar("SELECT status FROM subscriptions").fetch_one(&app.db().pool).await.expect("status");
    assert_eq!(status, "unsubscribed");
}

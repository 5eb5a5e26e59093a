//! Imports of what other tools export (Google Contacts, Outlook, Apple Contacts, Mailchimp,
//! Constant Contact, Excel for Mac), with their statuses respected, and the command line's plain
//! answer to a mistake in the command or the file.

use std::process::{Command, Stdio};

use rendezvous_newsletter::model::ConsentKind;
use rendezvous_testkit::TestApp;

use crate::newsletter_import::{import_bytes, make_list};

fn fixture_path(name: &str) -> String {
    format!("{}/../newsletter/tests/import-fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).expect("fixture")
}

async fn subscribed(app: &TestApp, email: &str) -> bool {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM subscriptions s JOIN subscribers p ON p.id = s.subscriber_id
         WHERE p.email_norm = $1 AND s.status = 'subscribed'",
    )
    .bind(email)
    .fetch_one(&app.db().pool)
    .await
    .expect("count");
    n > 0
}

#[tokio::test]
async fn each_tools_export_imports_its_subscribed_rows_only() {
    let app = TestApp::spawn().await;
    let cases: [(&str, u64, u64, &[&str]); 8] = [
        ("google-contacts.csv", 3, 0, &["renee.tremblay@example.org", "sam@pairs.example.org", "jo@example.net"]),
        ("outlook.csv", 2, 0, &["marc.gagnon@example.ca", "aisha@example.com"]),
        ("apple-contacts.csv", 2, 0, &["lou.martin@example.org", "dee.roy@cactus.example.org"]),
        ("mailchimp-subscribed.csv", 2, 0, &["ana.silva@example.org", "kim.lee@example.com"]),
        ("mailchimp-unsubscribed.csv", 0, 1, &[]),
        ("mailchimp-cleaned.csv", 0, 1, &[]),
        ("constant-contact.csv", 1, 2, &["active@example.org"]),
        ("excel-mac.csv", 2, 0, &["helene@example.org", "francois@example.org"]),
    ];
    for (i, (file, imported, left_out, emails)) in cases.into_iter().enumerate() {
        let list = make_list(&app, &format!("list-{i}"), false).await;
        let report = import_bytes(&app, list, &fixture(file), ConsentKind::ExpressImport).await;
        assert_eq!((report.invalid, report.imported, report.left_out), (0, imported, left_out), "{file}: {report:?}");
        for email in emails {
            assert!(subscribed(&app, email).await, "{file}: {email}");
        }
    }
    for email in ["left.us@example.org", "gone@example.org", "optedout@example.org", "bounced@example.org"] {
        assert!(!subscribed(&app, email).await, "{email} is not subscribed by an import");
    }
    let name: String = sqlx::query_scalar("SELECT name FROM subscribers WHERE email_norm = 'helene@example.org'")
        .fetch_one(&app.db().pool)
        .await
        .expect("name");
    assert_eq!(name, "Hélène Bérubé", "Mac Roman is decoded");
}

#[tokio::test]
async fn the_report_says_what_happened_to_each_row_left_out() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "cc", false).await;
    let report = import_bytes(&app, list, &fixture("constant-contact.csv"), ConsentKind::ExpressImport).await;
    let rows: Vec<(u64, &str)> = report.left_out_rows.iter().map(|r| (r.line, r.reason_id.as_str())).collect();
    assert_eq!(rows, [(3, "import-left-out-unsubscribed"), (4, "import-left-out-bounced")]);
    assert!(report.left_out_rows[0].reason.contains("optedout@example.org"));
    assert!(report.left_out_rows[0].reason.contains("unsubscribed in the file"));
}

#[tokio::test]
async fn an_unsubscribed_row_leaves_a_current_subscription_as_it_is() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "keep", false).await;
    import_bytes(&app, list, b"email\nleft.us@example.org\n", ConsentKind::ExpressImport).await;
    let report = import_bytes(&app, list, &fixture("mailchimp-unsubscribed.csv"), ConsentKind::ExpressImport).await;
    assert_eq!((report.left_out, report.already_subscribed, report.imported), (1, 0, 0));
    assert!(subscribed(&app, "left.us@example.org").await);
}

fn rendezvous(app: &TestApp, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rendezvous"))
        .args(args)
        .env("RENDEZVOUS_DATABASE_URL", app.state.config.database_url())
        .env("RENDEZVOUS_DATA_DIR", &app.state.config.data_dir)
        .env("RENDEZVOUS_LOG", "warn")
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run rendezvous")
}

/// One plain line on standard error, exit status 2, no backtrace.
fn assert_usage_error(output: &std::process::Output, says: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(says), "{stderr}");
    assert!(!stderr.contains("backtrace") && !stderr.contains("panicked"), "{stderr}");
}

#[tokio::test]
async fn command_line_mistakes_are_one_line_and_exit_status_2() {
    let app = TestApp::spawn().await;
    make_list(&app, "members", false).await;
    let good = fixture_path("outlook.csv");
    let base = ["--consent", "express", "--evidence", "2026 roll"];

    let unknown_list = rendezvous(&app, &[&["import", &good, "--list", "nope"][..], &base].concat());
    assert_usage_error(&unknown_list, "no list has the slug \"nope\"");

    let no_email = app.state.config.data_dir.join("phones.csv");
    std::fs::write(&no_email, "name,phone\nAna,555\n").expect("write");
    let no_email = no_email.display().to_string();
    let output = rendezvous(&app, &[&["import", &no_email, "--list", "members"][..], &base].concat());
    assert_usage_error(&output, "no column holds email addresses");

    let missing = rendezvous(&app, &[&["import", "/nonexistent.csv", "--list", "members"][..], &base].concat());
    assert_usage_error(&missing, "cannot read /nonexistent.csv");

    let consent = rendezvous(&app, &["import", &good, "--list", "members", "--consent", "maybe", "--evidence", "x"]);
    assert_usage_error(&consent, "--consent must be");

    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subscribers").fetch_one(&app.db().pool).await.expect("n");
    assert_eq!(n, 0, "nothing was imported");

    let ok = rendezvous(&app, &[&["import", &good, "--list", "members"][..], &base].concat());
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("0 not imported"));
}

#[tokio::test]
async fn the_command_line_lists_rows_left_out_by_their_status() {
    let app = TestApp::spawn().await;
    make_list(&app, "members", false).await;
    let path = fixture_path("constant-contact.csv");
    let output = rendezvous(&app, &["import", &path, "--list", "members", "--consent", "express", "--evidence", "x"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("2 not imported"), "{stdout}");
    assert!(stdout.contains("line 3: optedout@example.org: unsubscribed in the file"), "{stdout}");
    assert!(stdout.contains("line 4: bounced@example.org: bounced"), "{stdout}");
}

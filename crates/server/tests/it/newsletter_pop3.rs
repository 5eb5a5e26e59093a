//! The bounce mailbox polled over POP3 (against the in-process server): every message acted on as
//! POST /inbound would, then deleted; a wrong password changes nothing; a poll cut before QUIT
//! leaves its messages, which the next poll deletes without counting them twice; and the server
//! polls on its own on the clock.

use std::time::Duration;

use rendezvous_newsletter::bounces::mailbox::{self, PollReport};
use rendezvous_newsletter::model::ConsentKind;
use rendezvous_platform::jobs::error_chain;
use rendezvous_testkit::{Pop3Server, TestApp, TestOptions};

use crate::newsletter_bounces::corpus;
use crate::newsletter_bounces::mailed;
use crate::newsletter_campaigns::{audience, draft, queue, run_jobs};
use crate::newsletter_import::{import_bytes, make_list};

async fn app_polling(server: &Pop3Server) -> TestApp {
    TestApp::spawn_with(TestOptions { no_workers: true, bounce_mailbox: Some(server.url()), ..Default::default() })
        .await
}

async fn status_of(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar(
        "SELECT sub.status FROM subscriptions sub JOIN subscribers s ON s.id = sub.subscriber_id
         WHERE s.email_norm = $1",
    )
    .bind(email)
    .fetch_one(&app.db().pool)
    .await
    .expect("status")
}

async fn token_of(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar(
        "SELECT d.verp_token FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE s.email_norm = $1",
    )
    .bind(email)
    .fetch_one(&app.db().pool)
    .await
    .expect("delivery token")
}

fn with_token(file: &str, placeholder: &str, token: &str) -> Vec<u8> {
    String::from_utf8(corpus(file)).expect("utf-8").replace(placeholder, token).into_bytes()
}

async fn bounce_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM bounce_events").fetch_one(&app.db().pool).await.expect("count")
}

#[tokio::test]
async fn a_poll_acts_on_every_message_in_the_mailbox_and_deletes_it() {
    let server = Pop3Server::start();
    let app = app_polling(&server).await;
    audience(&app, 6).await;
    let id = draft(&app).await;
    queue(&app, id).await;
    run_jobs(&app).await;
    // A DSN back to p2's delivery (its report names another address), a complaint about p3's,
    // p4's mail to the List-Unsubscribe mailto address, an out-of-office, and junk.
    server.add(with_token("verp-dsn-hard-5.1.1-abc123.eml", "abc123", &token_of(&app, "p2@example.org").await));
    server.add(with_token("arf-abuse-complaint.eml", "c0mpl41n", &token_of(&app, "p3@example.org").await));
    let unsubscribe = format!(
        "From: Person 4 <p4@example.org>\r\nTo: bounces+unsub.{}@rendezvous.example\r\n\
         Subject: unsubscribe\r\n\r\n.\r\n..and a line that starts with dots\r\n",
        token_of(&app, "p4@example.org").await
    );
    server.add(unsubscribe);
    server.add(corpus("out-of-office-en.eml"));
    server.add(b"\x00\xff not a message at all\r\n".to_vec());

    // On the clock only one poll is ever queued.
    assert!(mailbox::queue_poll(&app.state).await.expect("queue"));
    assert!(!mailbox::queue_poll(&app.state).await.expect("queue"), "a second poll waits for the first");
    run_jobs(&app).await;

    assert_eq!(status_of(&app, "p2@example.org").await, "bounced");
    assert_eq!(status_of(&app, "p3@example.org").await, "complained");
    assert_eq!(status_of(&app, "p4@example.org").await, "unsubscribed");
    for untouched in ["p0@example.org", "p1@example.org", "p5@example.org"] {
        assert_eq!(status_of(&app, untouched).await, "subscribed", "{untouched}");
    }
    assert_eq!((server.len(), server.deleted()), (0, 5), "every message deleted once acted on");
    let jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs").fetch_one(&app.db().pool).await.expect("jobs");
    assert_eq!(jobs, 0, "the poll finished");
    assert!(mailbox::queue_poll(&app.state).await.expect("queue"), "the next poll can be queued");

    // The campaign's report counts them as if they had come through /inbound.
    let log = rendezvous_newsletter::store::bounces_of_campaign(app.db(), id, 50).await.expect("bounce log");
    assert_eq!(log.len(), 2);
}

#[tokio::test]
async fn a_wrong_password_fails_the_poll_with_a_clear_error_and_changes_nothing() {
    let server = Pop3Server::start();
    let app = TestApp::spawn_with(TestOptions {
        no_workers: true,
        bounce_mailbox: Some(server.url_with_password("not the password")),
        ..Default::default()
    })
    .await;
    app.expect_failed_jobs(); // the refused poll is given up with its error, as the test checks
    let list = make_list(&app, "news", false).await;
    import_bytes(&app, list, b"email\nj.tremblay@example.net\n", ConsentKind::ExpressImport).await;
    mailed(&app, "j.tremblay@example.net", "a-mailing").await;
    server.add(corpus("postfix-hard-5.1.1.eml"));

    let error = mailbox::poll(&app.state).await.expect_err("the login is refused");
    let message = error_chain(&error);
    assert!(message.contains("refused the user name or password"), "{message}");
    assert!(message.contains(&format!("127.0.0.1:{}", server.port)), "names the mailbox: {message}");
    assert!(!message.contains("not the password"), "never the password: {message}");
    assert_eq!((server.len(), server.deleted()), (1, 0));
    assert_eq!(status_of(&app, "j.tremblay@example.net").await, "subscribed");
    assert_eq!(bounce_count(&app).await, 0);

    // As a job it fails with the same words, kept for the jobs page.
    mailbox::queue_poll(&app.state).await.expect("queue");
    run_jobs(&app).await;
    let kept: String = sqlx::query_scalar("SELECT last_error FROM jobs WHERE kind = $1")
        .bind(mailbox::KIND)
        .fetch_one(&app.db().pool)
        .await
        .expect("the failed poll's error");
    assert!(kept.contains("refused the user name or password"), "{kept}");

    // Given up, it no longer holds the place: the next poll is queued, and retrying the old one
    // while that one waits does nothing (one poll at a time).
    sqlx::query("UPDATE jobs SET state = 'failed' WHERE kind = $1")
        .bind(mailbox::KIND)
        .execute(&app.db().pool)
        .await
        .expect("give up");
    let failed: rendezvous_platform::jobs::JobId = sqlx::query_scalar("SELECT id FROM jobs WHERE kind = $1")
        .bind(mailbox::KIND)
        .fetch_one(&app.db().pool)
        .await
        .expect("failed poll");
    assert!(mailbox::queue_poll(&app.state).await.expect("queue"));
    assert!(!app.state.jobs.retry(failed).await.expect("retry"));
}

#[tokio::test]
async fn a_poll_cut_before_quit_leaves_its_messages_and_the_next_does_not_count_them_twice() {
    let server = Pop3Server::start();
    let app = app_polling(&server).await;
    let list = make_list(&app, "news", false).await;
    import_bytes(&app, list, b"email\nm.gagnon@example.ca\n", ConsentKind::ExpressImport).await;
    mailed(&app, "m.gagnon@example.ca", "a-mailing").await;
    server.add(corpus("postfix-mailbox-full-5.2.2.eml"));
    server.add(corpus("out-of-office-fr.eml"));

    server.cut_at_quit(true);
    assert!(mailbox::poll(&app.state).await.is_err(), "the connection closed at QUIT");
    assert_eq!((server.len(), server.deleted()), (2, 0), "nothing deleted without QUIT");
    assert_eq!(bounce_count(&app).await, 1, "the soft bounce was logged");

    server.cut_at_quit(false);
    let report = mailbox::poll(&app.state).await.expect("poll");
    assert_eq!(report, PollReport { processed: 0, already_seen: 2, too_large: 0, left: 0 });
    assert_eq!((server.len(), server.deleted()), (0, 2));
    assert_eq!(bounce_count(&app).await, 1, "the same message is not a second soft bounce");
    assert_eq!(status_of(&app, "m.gagnon@example.ca").await, "subscribed");

    // A new soft bounce (other bytes) still counts.
    let again = String::from_utf8(corpus("postfix-mailbox-full-5.2.2.eml"))
        .expect("utf-8")
        .replace("Date:", "X-Again: 1\nDate:");
    server.add(again);
    let report = mailbox::poll(&app.state).await.expect("poll");
    assert_eq!(report.processed, 1);
    assert_eq!(bounce_count(&app).await, 2);
}

#[tokio::test]
async fn the_server_polls_the_mailbox_on_its_own() {
    let server = Pop3Server::start();
    let app = TestApp::spawn_with(TestOptions {
        bounce_mailbox: Some(server.url()),
        bounce_poll_seconds: Some(1),
        ..Default::default()
    })
    .await;
    let list = make_list(&app, "news", false).await;
    import_bytes(&app, list, b"email\nj.tremblay@example.net\n", ConsentKind::ExpressImport).await;
    mailed(&app, "j.tremblay@example.net", "a-mailing").await;
    server.add(corpus("postfix-hard-5.1.1.eml"));
    for _ in 0..100 {
        if server.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(server.is_empty(), "polled within 10 s");
    assert_eq!(status_of(&app, "j.tremblay@example.net").await, "bounced");
}

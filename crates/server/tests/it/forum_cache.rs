//! An anonymous reader's thread page is made once per change and served from memory
//! (`platform::changes`): every write — a reply, an edit of a name, a moderator's hide, a space
//! closed to the public, a post arriving by mail through a job — shows on the very next read.

use rendezvous_platform::jobs::{JobRegistry, run_one};
use rendezvous_testkit::{TestApp, TestOptions, post_form};

use crate::forum::{page, person, space, thread};

#[tokio::test]
async fn an_anonymous_readers_kept_page_never_outlives_a_write() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    space(&app, "open", "public", "members", |_| {}).await;
    let alice = person(&app, "alice@example.org", "Alice", &[rendezvous_members::MEMBER]).await;
    let moderator = person(&app, "mod@example.org", "Mo", &[rendezvous_forum::MODERATOR]).await;
    let (thread_id, _) = thread(&app, &alice, "open", "Test strips", "Where are the strips?").await;
    let address = format!("/forum/t/{thread_id}");
    let reader = app.new_browser();

    let (status, first) = page(&reader, &app, &address).await;
    assert_eq!(status, 200);
    assert!(first.contains("Where are the strips?") && first.contains("Alice"), "{first}");
    let (_, again) = page(&reader, &app, &address).await;
    assert_eq!(again, first, "nothing changed: the same page");

    // A reply shows at once.
    let response =
        post_form(&alice.browser, &app.url(&format!("{address}/posts")), &[("body", "At the drop-in, ask Kim.")]).await;
    assert_eq!(response.status(), 303);
    let (_, replied) = page(&reader, &app, &address).await;
    assert!(replied.contains("At the drop-in, ask Kim."), "{replied}");

    // A new name shows at once.
    let response =
        post_form(&alice.browser, &app.url("/account/profile"), &[("display_name", "Alicia"), ("lang", "en")]).await;
    assert_eq!(response.status(), 303);
    let (_, renamed) = page(&reader, &app, &address).await;
    assert!(renamed.contains("Alicia"), "{renamed}");

    // A hidden post is gone at once.
    let reply_id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM forum_posts WHERE thread_id = $1")
        .bind(thread_id)
        .fetch_one(&app.db().pool)
        .await
        .expect("reply id");
    let response = post_form(
        &moderator.browser,
        &app.url(&format!("/forum/p/{reply_id}/moderate")),
        &[("action", "hide"), ("reason", "names a person")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let (_, hidden) = page(&reader, &app, &address).await;
    assert!(!hidden.contains("ask Kim"), "{hidden}");

    // The French page is kept apart from the English one.
    let french = reqwest::Client::new().get(app.url(&address)).header("accept-language", "fr").send().await;
    let french = french.expect("GET").text().await.expect("body");
    assert!(french.contains("lang=\"fr\""), "{french}");
    let (_, english) = page(&reader, &app, &address).await;
    assert!(english.contains("lang=\"en\""), "{english}");

    // Closing the space to the public takes its threads from anonymous readers at once.
    let response = app
        .post_form(
            "/admin/forum/open",
            &[("name_en", "Open"), ("name_fr", "Ouvert"), ("read", "members"), ("post", "members")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (status, closed) = page(&reader, &app, &address).await;
    assert_ne!(status, 200, "{closed}");
    assert!(!closed.contains("Where are the strips?"), "{closed}");
}

#[tokio::test]
async fn a_write_by_a_job_or_another_process_shows_on_the_next_read() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    space(&app, "open", "public", "members", |_| {}).await;
    let alice = person(&app, "alice@example.org", "Alice", &[rendezvous_members::MEMBER]).await;
    let (thread_id, _) = thread(&app, &alice, "open", "Fentanyl in blue pills", "Seen downtown.").await;
    let address = format!("/forum/t/{thread_id}");
    let reader = app.new_browser();
    let (_, before) = page(&reader, &app, &address).await;
    assert!(before.contains("Seen downtown."));

    // Another process (a command, another server) changes the post: it tells this one, which
    // on PostgreSQL is a NOTIFY and on SQLite the write-ahead log moving; here, the signal itself.
    sqlx::query("UPDATE forum_posts SET body_html = '<p>Seen near the shelter.</p>' WHERE thread_id = $1")
        .bind(thread_id)
        .execute(&app.db().pool)
        .await
        .expect("update");
    app.state.changes.seen();
    let (_, after) = page(&reader, &app, &address).await;
    assert!(after.contains("Seen near the shelter."), "{after}");

    // A job that writes (a reply by mail, an erasure) is seen on the next read too.
    let mut registry = JobRegistry::default();
    registry.register("test.quiet", move |state, _| async move {
        sqlx::query("UPDATE forum_posts SET body_html = '<p>Gone quiet.</p>' WHERE thread_id = $1")
            .bind(thread_id)
            .execute(&state.db.pool)
            .await?;
        Ok(())
    });
    app.state.jobs.enqueue("test.quiet", &()).await.expect("enqueue");
    assert!(run_one(&app.state, &registry).await.expect("run"));
    let (_, later) = page(&reader, &app, &address).await;
    assert!(later.contains("Gone quiet."), "{later}");
}

/// A signed-in reader's page shares the thread's kept posts, but what is theirs is read on every
/// request: a role taken away or a ban written straight into the database (no write of this
/// process to tell of it) shows on the very next page, as do their own support and held posts.
#[tokio::test]
async fn a_members_page_keeps_the_thread_but_never_their_standing_or_marks() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    space(&app, "open", "public", "members", |_| {}).await;
    let alice = person(&app, "alice@example.org", "Alice", &[rendezvous_members::MEMBER]).await;
    let bob = person(&app, "bob@example.org", "Bob", &[rendezvous_members::MEMBER]).await;
    let moderator = person(&app, "mod@example.org", "Mo", &[rendezvous_forum::MODERATOR]).await;
    let (thread_id, post_id) = thread(&app, &alice, "open", "Test strips", "Where are the strips?").await;
    let address = format!("/forum/t/{thread_id}");
    let moderation_form = format!("action=\"/forum/t/{thread_id}/moderate\"");

    // Both read the same kept posts; only the moderator sees the moderation form.
    let (_, for_bob) = page(&bob.browser, &app, &address).await;
    let (_, for_mo) = page(&moderator.browser, &app, &address).await;
    assert!(for_bob.contains("Where are the strips?") && for_mo.contains("Where are the strips?"));
    assert!(!for_bob.contains(&moderation_form) && for_mo.contains(&moderation_form), "{for_mo}");
    assert!(for_bob.contains("id=\"reply\""), "a member may reply: {for_bob}");
    assert!(for_bob.contains("post-unread"), "new to Bob on his first visit: {for_bob}");

    // How far Bob read and how he watches are his, read with his standing on each visit.
    let response = post_form(&bob.browser, &app.url(&format!("{address}/watch")), &[("level", "watch")]).await;
    assert_eq!(response.status(), 303);
    let (_, for_bob) = page(&bob.browser, &app, &address).await;
    assert!(!for_bob.contains("post-unread") && for_bob.contains("Stop watching"), "{for_bob}");
    let (_, for_alice) = page(&alice.browser, &app, &address).await;
    assert!(!for_alice.contains("Stop watching"), "{for_alice}");

    // The role goes, written by another hand and told to nobody: the next page has no powers.
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(moderator.id.0)
        .execute(&app.db().pool)
        .await
        .expect("revoke");
    let (_, demoted) = page(&moderator.browser, &app, &address).await;
    assert!(!demoted.contains(&moderation_form), "{demoted}");

    // A ban written the same way takes the reply form away at once.
    let ends = app.clock.now_ms() + 86_400_000;
    sqlx::query(
        "INSERT INTO forum_sanctions (user_id, kind, reason, starts_at, ends_at, created_by, created_at)
         VALUES ($1, 'ban', 'test', $2, $3, $1, $2)",
    )
    .bind(bob.id.0)
    .bind(app.clock.now_ms())
    .bind(ends)
    .execute(&app.db().pool)
    .await
    .expect("ban");
    let (_, banned) = page(&bob.browser, &app, &address).await;
    assert!(!banned.contains("id=\"reply\""), "{banned}");
    sqlx::query("DELETE FROM forum_sanctions").execute(&app.db().pool).await.expect("lift");

    // Alice's support is hers: she sees it pressed, Bob sees the count only.
    let response = post_form(&alice.browser, &app.url(&format!("/forum/p/{post_id}/support")), &[]).await;
    assert_eq!(response.status(), 303);
    let (_, for_alice) = page(&alice.browser, &app, &address).await;
    let (_, for_bob) = page(&bob.browser, &app, &address).await;
    assert!(for_alice.contains("aria-pressed=\"true\""), "{for_alice}");
    assert!(!for_bob.contains("aria-pressed=\"true\"") && for_bob.contains("aria-pressed=\"false\""), "{for_bob}");

    // Bob's reply held for review shows to him alone, and not to Alice from a kept page.
    let response =
        post_form(&bob.browser, &app.url(&format!("{address}/posts")), &[("body", "Ask at the drop-in.")]).await;
    assert_eq!(response.status(), 303);
    sqlx::query("UPDATE forum_posts SET state = 'held' WHERE thread_id = $1 AND author_id = $2")
        .bind(thread_id)
        .bind(bob.id.0)
        .execute(&app.db().pool)
        .await
        .expect("hold");
    app.state.changes.seen();
    let (_, for_bob) = page(&bob.browser, &app, &address).await;
    let (_, for_alice) = page(&alice.browser, &app, &address).await;
    assert!(for_bob.contains("Ask at the drop-in."), "{for_bob}");
    assert!(!for_alice.contains("Ask at the drop-in."), "{for_alice}");
}

/// A member by membership (no member role) reads the members' space: the standing the forum
/// reads on every request finds the membership (the soak's demo people are such members).
#[tokio::test]
async fn a_member_by_membership_reads_the_members_space() {
    use rendezvous_members::model::ForKind;
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    space(&app, "inner", "members", "members", |_| {}).await;
    let person_type = crate::members::make_type(&app, "person", ForKind::Person, true, false).await;
    let sam = person(&app, "sam@example.org", "Sam", &[]).await;
    let (status, _) = page(&sam.browser, &app, "/forum/inner").await;
    assert_eq!(status, 404, "not a member yet");
    rendezvous_members::memberships::add_by_admin(&app.state, admin, sam.id, person_type, None, None)
        .await
        .expect("membership");
    let (status, body) = page(&sam.browser, &app, "/forum/inner").await;
    assert_eq!(status, 200, "{body}");
}

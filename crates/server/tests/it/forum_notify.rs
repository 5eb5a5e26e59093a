//! Forum notifications: who is told of what (replies, @mentions, watched; mute wins), nothing by
//! mail before the person chooses, each-event mail in their language with a working one-click
//! unsubscribe, digests that only carry what the recipient may read when they are built, and
//! anonymous authors named nowhere.

use rendezvous_forum::access::{ForumViewer, viewer_for_user};
use rendezvous_forum::model::{EmailMode, PostRule, ReadRule};
use rendezvous_forum::moderation::{self, Decision};
use rendezvous_forum::notify::digest;
use rendezvous_forum::posting::{self, Draft, Posted};
use rendezvous_forum::store::notifications as notes;
use rendezvous_forum::store::spaces::{self, NewSpace, SpaceRow};
use rendezvous_forum::store::threads::{self, ThreadRow};
use rendezvous_platform::auth::{Role, UserId};
use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::i18n::Lang;
use rendezvous_testkit::{TestApp, TestOptions};

pub(crate) const SECRET: &str = "inbound-secret-for-forum-tests";

pub(crate) async fn app() -> TestApp {
    TestApp::spawn_with(TestOptions { inbound_token: Some(SECRET.into()), ..Default::default() }).await
}

pub(crate) async fn member(app: &TestApp, email: &str, name: &str) -> UserId {
    app.create_user(email, name, &[rendezvous_members::MEMBER]).await
}

pub(crate) async fn viewer(app: &TestApp, id: UserId) -> ForumViewer {
    let user = app.state.users.user_by_id(id).await.expect("lookup").expect("user");
    viewer_for_user(&app.state, &user).await.expect("viewer")
}

pub(crate) fn admin_viewer(id: UserId) -> ForumViewer {
    ForumViewer { user_id: Some(id), is_admin: true, ..ForumViewer::ANONYMOUS }
}

pub(crate) async fn space(app: &TestApp, slug: &str, read: ReadRule, anonymous: bool) -> SpaceRow {
    let admin = app.create_user(&format!("admin-{slug}@example.org"), &format!("Admin {slug}"), &[Role::ADMIN]).await;
    let new = NewSpace {
        slug: slug.into(),
        name_en: format!("{slug} space"),
        name_fr: format!("espace {slug}"),
        description_en: String::new(),
        description_fr: String::new(),
        read,
        post: PostRule::Members,
        allow_anonymous: anonymous,
        content_warnings: false,
        allow_images: false,
        hold_first_posts: 0,
    };
    let id = posting::create_space(&app.state, admin, &new).await.expect("space");
    spaces::by_id(app.db(), id).await.expect("read").expect("space row")
}

pub(crate) async fn start(
    app: &TestApp,
    author: UserId,
    space: &SpaceRow,
    title: &str,
    body: &str,
) -> (ThreadRow, Posted) {
    let draft = Draft { title: Some(title.into()), body: body.into(), ..Draft::default() };
    let posted = posting::start_thread(&app.state, &viewer(app, author).await, space, &draft).await.expect("thread");
    (threads::by_id(app.db(), posted.thread_id).await.expect("read").expect("thread"), posted)
}

pub(crate) async fn reply(
    app: &TestApp,
    author: UserId,
    space: &SpaceRow,
    thread: &ThreadRow,
    body: &str,
    anonymous: bool,
) -> Posted {
    let draft = Draft { body: body.into(), anonymous, ..Draft::default() };
    posting::reply(&app.state, &viewer(app, author).await, space, thread, &draft).await.expect("reply")
}

pub(crate) async fn choose(app: &TestApp, user: UserId, mode: EmailMode) {
    notes::choose_email_mode(app.db(), user, mode, "test", app.clock.now_ms()).await.expect("choose");
}

async fn kinds(app: &TestApp, user: UserId) -> Vec<String> {
    notes::of_user(app.db(), user, 50).await.expect("notifications").into_iter().map(|n| n.kind).collect()
}

#[tokio::test]
async fn replies_mentions_and_watches_notify_and_mute_wins() {
    let app = app().await;
    let public = space(&app, "general", ReadRule::Public, false).await;
    let ana = member(&app, "ana@example.org", "Ana Opener").await;
    let ben = member(&app, "ben@example.org", "Ben Replier").await;
    let cy = member(&app, "cy@example.org", "Cy Watcher").await;
    let dee = member(&app, "dee@example.org", "Dee Muted").await;
    let eve = member(&app, "eve@example.org", "Eve Mentioned").await;
    let (thread, _) = start(&app, ana, &public, "Naloxone kits", "Who has kits left?").await;
    let now = app.clock.now_ms();
    threads::set_watch(app.db(), cy, thread.id, Some("watch"), now).await.expect("watch");
    threads::set_space_watch(app.db(), dee, public.id, Some("watch"), now).await.expect("watch space");
    threads::set_watch(app.db(), dee, thread.id, Some("mute"), now).await.expect("mute");
    reply(&app, ben, &public, &thread, "We do. @EveMentioned and @deemuted, can you pick them up?", false).await;

    assert_eq!(kinds(&app, ana).await, vec!["reply"]);
    assert_eq!(kinds(&app, cy).await, vec!["watched"]);
    assert_eq!(kinds(&app, eve).await, vec!["mention"]);
    assert!(kinds(&app, dee).await.is_empty(), "muting the thread wins over the space watch and the mention");
    assert!(kinds(&app, ben).await.is_empty(), "nobody is told of their own post");

    // Nobody chose email: nothing is sent.
    app.drain_jobs().await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(app.smtp.all().is_empty(), "no mail before the person chooses: {:?}", app.smtp.all());

    // The page shows it with the unread count; marking read empties the count.
    app.log_in(&app.client, "ana@example.org", None).await;
    let page = app.get("/notifications").await.text().await.expect("page");
    assert!(
        page.contains("One unread notification") && page.contains("Ben Replier replied in “Naloxone kits”"),
        "{page}"
    );
    // Every page's navigation carries the count.
    let home = app.get("/").await.text().await.expect("home");
    assert!(home.contains(r#"<span class="badge">1 unread</span>"#), "{home}");
    let response = app.post_form("/notifications/read", &[]).await;
    assert_eq!(response.status(), 303);
    let page = app.get("/notifications").await.text().await.expect("page");
    assert!(page.contains("No unread notifications"), "{page}");
    assert!(!app.get("/").await.text().await.expect("home").contains("class=\"badge\""));
}

#[tokio::test]
async fn each_event_mail_is_in_the_recipients_language_with_a_working_one_click() {
    let app = app().await;
    let public = space(&app, "general", ReadRule::Public, false).await;
    let ana = member(&app, "ana@example.org", "Ana Opener").await;
    let ben = member(&app, "ben@example.org", "Ben Replier").await;
    app.state.users.set_lang(ana, Lang::Fr).await.expect("lang");
    let (thread, _) = start(&app, ana, &public, "Trousses de naloxone", "Qui en a encore?").await;

    // The person chooses on the settings page (which refuses a choice that is not one).
    app.log_in(&app.client, "ana@example.org", None).await;
    let page = app.get("/notifications/settings").await.text().await.expect("page");
    assert!(page.contains("name=\"email_mode\""), "{page}");
    assert_eq!(app.post_form("/notifications/settings", &[("email_mode", "often")]).await.status(), 422);
    let saved = app.post_form("/notifications/settings", &[("email_mode", "each"), ("replies", "1")]).await;
    assert_eq!(saved.status(), 303);
    let prefs = notes::prefs(app.db(), ana).await.expect("prefs").expect("chosen");
    assert_eq!((prefs.email_mode(), prefs.notify_mentions), (EmailMode::Each, 0));
    assert!(prefs.chosen_at.is_some());

    reply(&app, ben, &public, &thread, "Oui, passe au local.", false).await;
    let mails = app.smtp.wait_for("ana@example.org", 1).await;
    let mail = &mails[0];
    assert_eq!(mail.subject, "Nouvelle réponse dans «\u{a0}Trousses de naloxone\u{a0}»");
    assert!(mail.text.contains("Ben Replier a répondu") && mail.text.contains("Oui, passe au local."), "{}", mail.text);
    assert_eq!(mail.header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    let unsubscribe = mail.header("List-Unsubscribe").expect("List-Unsubscribe");
    let url = unsubscribe.trim_start_matches('<').trim_end_matches('>').to_owned();
    assert!(url.starts_with(&app.url("/notifications/unsubscribe/")), "{url}");
    assert!(mail.header("Reply-To").is_some_and(|r| r.contains("reply+")), "a reply address");

    // A GET (a link scanner) changes nothing; the one-click POST, as a mail client sends it, does.
    assert_eq!(reqwest::get(&url).await.expect("GET").status(), 200);
    assert_eq!(notes::prefs(app.db(), ana).await.expect("prefs").expect("row").email_mode(), EmailMode::Each);
    let one_click = reqwest::Client::new()
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("POST");
    assert_eq!(one_click.status(), 200);
    assert_eq!(notes::prefs(app.db(), ana).await.expect("prefs").expect("row").email_mode(), EmailMode::None);
    let forged = reqwest::Client::new().post(format!("{url}x")).send().await.expect("POST");
    assert!(forged.text().await.expect("body").contains("This link is not valid"));

    reply(&app, ben, &public, &thread, "Encore une chose.", false).await;
    app.drain_jobs().await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(app.smtp.to("ana@example.org").len(), 1, "no more mail once unsubscribed");
    assert_eq!(kinds(&app, ana).await.len(), 2, "notifications on the site go on");
}

async fn no_digest_job(app: &TestApp) {
    // The housekeeping queues the digest job for 06:00; the test runs the digest itself.
    sqlx::query("DELETE FROM jobs WHERE kind = $1").bind(digest::JOB).execute(&app.db().pool).await.expect("delete");
}

#[tokio::test]
async fn a_digest_carries_only_what_its_recipient_may_read_when_it_is_built() {
    let app = app().await;
    let members = space(&app, "members-only", ReadRule::Members, false).await;
    let open = space(&app, "open", ReadRule::Public, true).await;
    let moderator = app.create_user("mod@example.org", "Mo Derator", &[Role::ADMIN]).await;
    let rita = member(&app, "rita@example.org", "Rita Reader").await;
    let lapsed = member(&app, "lapsed@example.org", "Lee Lapsed").await;
    let writer = member(&app, "writer@example.org", "Wendy Writer").await;
    let secret_author = member(&app, "secret@example.org", "Sandra Secret").await;
    let now = app.clock.now_ms();
    for (who, space) in [(rita, &members), (rita, &open), (lapsed, &members)] {
        threads::set_space_watch(app.db(), who, space.id, Some("watch"), now).await.expect("watch");
    }
    choose(&app, rita, EmailMode::Daily).await;
    choose(&app, lapsed, EmailMode::Daily).await;
    no_digest_job(&app).await;

    let (kept, _) = start(&app, writer, &members, "Outreach schedule", "Kept-post-text about outreach.").await;
    let (_, hidden) = start(&app, writer, &members, "Bad advice", "Hidden-post-text never to be mailed.").await;
    let (anon_thread, _) = start(&app, writer, &open, "Open questions", "Opening-text.").await;
    reply(&app, secret_author, &open, &anon_thread, "Anonymous-post-text from someone.", true).await;
    let _ = kept;
    assert_eq!(kinds(&app, rita).await.len(), 4);
    assert_eq!(kinds(&app, lapsed).await.len(), 2);

    // Between the events and the digest: a post is hidden, and Lee's membership ends.
    let hidden_row =
        rendezvous_forum::store::posts::by_id(app.db(), hidden.post_id).await.expect("read").expect("post");
    moderation::decide(&app.state, &admin_viewer(moderator), &members, &hidden_row, Decision::Hide, "misinformation")
        .await
        .expect("hide");
    rendezvous_accounts::revoke_role(app.db(), lapsed, rendezvous_members::MEMBER).await.expect("revoke");

    let report = digest::run(&app.state).await.expect("digest");
    assert_eq!((report.sent, report.empty), (1, 1), "{report:?}");
    let mails = app.smtp.wait_for("rita@example.org", 1).await;
    let text = &mails[0].text;
    assert!(text.contains("Kept-post-text") && text.contains("Anonymous-post-text"), "{text}");
    assert!(!text.contains("Hidden-post-text"), "a post hidden since the event is not in the digest");
    assert!(!text.contains("Sandra") && text.contains("anonymous member"), "the anonymous author is not named: {text}");
    assert!(mails[0].header("List-Unsubscribe").is_some());
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(app.smtp.to("lapsed@example.org").is_empty(), "nothing readable, no mail");

    // Same period again (a retried run): nothing more; a new event waits for tomorrow's digest.
    reply(&app, writer, &members, &kept, "Second-day-text.", false).await;
    let again = digest::run(&app.state).await.expect("digest");
    assert_eq!((again.sent, again.already_sent), (0, 1), "{again:?}");
    app.clock.advance_ms(DAY_MS);
    no_digest_job(&app).await;
    let next = digest::run(&app.state).await.expect("digest");
    assert_eq!(next.sent, 1, "{next:?}");
    let mails = app.smtp.wait_for("rita@example.org", 2).await;
    assert!(mails[1].text.contains("Second-day-text") && !mails[1].text.contains("Kept-post-text"));
}

#[tokio::test]
async fn anonymous_authors_are_named_in_no_notification() {
    let app = app().await;
    let open = space(&app, "open", ReadRule::Public, true).await;
    let ana = member(&app, "ana@example.org", "Ana Opener").await;
    let hidden = member(&app, "hidden@example.org", "Harriet Hidden").await;
    choose(&app, ana, EmailMode::Each).await;
    let (thread, _) = start(&app, ana, &open, "Safer use", "Tips?").await;
    reply(&app, hidden, &open, &thread, "Anonymous tip: test your supply, @AnaOpener.", true).await;

    let rows = notes::of_user(app.db(), ana, 10).await.expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].kind.as_str(), rows[0].actor_id), ("mention", None), "no actor for an anonymous post");
    let mail = &app.smtp.wait_for("ana@example.org", 1).await[0];
    assert!(!mail.raw.contains("Harriet") && !mail.raw.contains("hidden@example.org"), "{}", mail.raw);
    assert!(mail.text.contains("anonymous member"), "{}", mail.text);
    app.log_in(&app.client, "ana@example.org", None).await;
    let page = app.get("/notifications").await.text().await.expect("page");
    assert!(!page.contains("Harriet") && page.contains("anonymous member"), "{page}");
}

/// Not a pass/fail test: the time to build the daily digest for 1,000 members with three
/// notifications each (two readable, one hidden since), printed for BENCHMARKS.md. Run with
/// `cargo test -p rendezvous-server --test it digest_benchmark -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "benchmark: prints a figure, asserts nothing about time"]
async fn digest_benchmark_for_a_thousand_members() {
    const PEOPLE: i64 = 1_000;
    let app = TestApp::spawn_with(TestOptions { outbox: true, no_workers: true, ..Default::default() }).await;
    let members = space(&app, "members-only", ReadRule::Members, false).await;
    let writer = member(&app, "writer@example.org", "Wendy Writer").await;
    let (thread, first) = start(&app, writer, &members, "Outreach", "First post.").await;
    let second = reply(&app, writer, &members, &thread, "Second post with some more words in it.", false).await;
    let third = reply(&app, writer, &members, &thread, "Third post, to be hidden.", false).await;
    let third_row = rendezvous_forum::store::posts::by_id(app.db(), third.post_id).await.expect("read").expect("post");
    moderation::decide(&app.state, &admin_viewer(writer), &members, &third_row, Decision::Hide, "x")
        .await
        .expect("hide");
    let now = app.clock.now_ms();
    let mut tx = app.db().pool.begin().await.expect("tx");
    for i in 0..PEOPLE {
        let email = format!("person{i}@example.org");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, email_norm, display_name, password_hash, lang, email_verified_at, created_at)
             VALUES ($1, $1, $2, 'x', $3, $4, $4) RETURNING id",
        )
        .bind(&email)
        .bind(format!("Person {i}"))
        .bind(if i % 2 == 0 { "en" } else { "fr" })
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .expect("user");
        sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, 'member', $2)")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .expect("role");
        sqlx::query(
            "INSERT INTO forum_notification_prefs (user_id, email_mode, chosen_at, updated_at) VALUES ($1, 'daily', $2, $2)",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .expect("prefs");
        for post in [first.post_id, second.post_id, third.post_id] {
            sqlx::query(
                "INSERT INTO forum_notifications (user_id, kind, space_id, thread_id, post_id, created_at)
                 VALUES ($1, 'watched', $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(members.id)
            .bind(thread.id)
            .bind(post)
            .bind(now)
            .execute(&mut *tx)
            .await
            .expect("notification");
        }
    }
    tx.commit().await.expect("commit");
    app.clock.advance_ms(1);
    let started = std::time::Instant::now();
    let report = digest::run(&app.state).await.expect("digest");
    let elapsed = started.elapsed();
    assert_eq!(report.sent, usize::try_from(PEOPLE).unwrap_or_default());
    println!(
        "forum daily digest: {PEOPLE} members x 3 notifications (1 hidden) built and queued in {:.2} s ({:.2} ms each) on {:?}",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / PEOPLE as f64,
        app.db().dialect,
    );
}

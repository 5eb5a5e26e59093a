//! The forum: spaces, threads and replies through pages and the API; anonymous posts that name
//! their author nowhere but in the administrator's audited reveal; moderation (held first posts,
//! flags, hide, suspend); rate limits; edit history; support; unread markers.

use rendezvous_forum::model::{PostRule, ReadRule};
use rendezvous_forum::store::spaces::{NewSpace, add_moderator, insert};
use rendezvous_platform::auth::Role;
use rendezvous_testkit::{TestApp, post_form};
use serde_json::{Value, json};

pub const DAY: i64 = 86_400_000;

/// A space straight into the store (the admin page and the API have their own tests).
pub async fn space(
    app: &TestApp,
    slug: &str,
    read: &str,
    post: &str,
    configure: impl FnOnce(&mut NewSpace),
) -> rendezvous_forum::SpaceId {
    let mut new = NewSpace {
        slug: slug.into(),
        name_en: format!("Space {slug}"),
        name_fr: format!("Espace {slug}"),
        description_en: String::new(),
        description_fr: String::new(),
        read: ReadRule::parse(read).expect("read rule"),
        post: PostRule::parse(post).expect("post rule"),
        allow_anonymous: false,
        content_warnings: false,
        allow_images: false,
        hold_first_posts: 0,
    };
    configure(&mut new);
    insert(app.db(), &new, app.clock.now_ms()).await.expect("insert space")
}

/// Someone with a browser logged in and an API token.
pub struct Person {
    pub id: rendezvous_platform::auth::UserId,
    pub browser: reqwest::Client,
    pub token: String,
    pub email: String,
    pub secret: Option<String>,
}

impl Person {
    /// Logs in again (sessions end after days of idleness, and tests move the clock).
    pub async fn log_in_again(&self, app: &TestApp) {
        assert_eq!(app.log_in(&self.browser, &self.email, self.secret.as_deref()).await.status(), 303);
    }
}

pub async fn person(app: &TestApp, email: &str, name: &str, roles: &[Role]) -> Person {
    let id = app.create_user(email, name, roles).await;
    let browser = app.new_browser();
    let secret = if roles.iter().any(|r| r.needs_two_factor()) { Some(app.enable_two_factor(id).await) } else { None };
    let response = app.log_in(&browser, email, secret.as_deref()).await;
    assert_eq!(response.status(), 303, "log-in of {email}");
    let token = rendezvous_accounts::create_api_token(app.db(), &app.clock, email, "forum").await.expect("token");
    Person { id, browser, token, email: email.into(), secret }
}

pub async fn api_post(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new().post(app.url(path)).bearer_auth(token).json(&body).send().await.expect("API POST")
}

pub async fn api_get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new().get(app.url(path)).bearer_auth(token).send().await.expect("API GET")
}

pub async fn page(browser: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = browser.get(app.url(path)).send().await.expect("GET");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// Starts a thread through the API and returns (thread id, post id).
pub async fn thread(app: &TestApp, who: &Person, slug: &str, title: &str, body: &str) -> (i64, i64) {
    let response =
        api_post(app, &who.token, &format!("/api/v1/spaces/{slug}/threads"), json!({"title": title, "body": body}))
            .await;
    assert_eq!(response.status(), 201, "start a thread in {slug}");
    let v: Value = response.json().await.expect("json");
    (v["id"].as_i64().expect("id"), v["post_id"].as_i64().expect("post id"))
}

#[tokio::test]
async fn a_member_starts_a_thread_and_others_reply_quote_support_and_read() {
    let app = TestApp::spawn().await;
    space(&app, "general", "public", "members", |_| {}).await;
    let alice = person(&app, "alice@example.org", "Alice", &[rendezvous_members::MEMBER]).await;
    let bob = person(&app, "bob@example.org", "Bob", &[rendezvous_members::MEMBER]).await;

    // A thread from the page's form.
    let response = post_form(
        &alice.browser,
        &app.url("/forum/general/threads"),
        &[("title", "Naloxone kits"), ("body", "Where do you get **kits**?")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().expect("location").to_owned();
    let thread_id: i64 = location.rsplit('/').next().and_then(|s| s.parse().ok()).expect("thread id");

    // Bob sees it as new, opens it, and it is no longer new.
    let (_, space_page) = page(&bob.browser, &app, "/forum/general").await;
    assert!(space_page.contains("Naloxone kits") && space_page.contains("New"), "{space_page}");
    let (status, thread_page) = page(&bob.browser, &app, &location).await;
    assert_eq!(status, 200);
    assert!(thread_page.contains("<strong>kits</strong>"));
    assert!(thread_page.contains("Alice"));
    let (_, space_page) = page(&bob.browser, &app, "/forum/general").await;
    assert!(!space_page.contains(">New<"), "read marker kept: {space_page}");

    // Quote-reply: the form comes prefilled with the quoted post.
    let first_post: i64 = sqlx::query_scalar("SELECT MIN(id) FROM forum_posts WHERE thread_id = $1")
        .bind(thread_id)
        .fetch_one(&app.db().pool)
        .await
        .expect("first post");
    let (_, quoting) = page(&bob.browser, &app, &format!("/forum/t/{thread_id}?quote={first_post}")).await;
    assert!(quoting.contains("&#62; **Alice**\n&#62;\n&#62; Where do you get **kits**?"), "{quoting}");
    let response = post_form(
        &bob.browser,
        &app.url(&format!("/forum/t/{thread_id}/posts")),
        &[("body", "> **Alice**\n> Where?\n\nThe pharmacy."), ("quote_of", &first_post.to_string())],
    )
    .await;
    assert_eq!(response.status(), 303);

    // Support: a POST form, one per person, counted.
    for _ in 0..2 {
        assert_eq!(
            post_form(&bob.browser, &app.url(&format!("/forum/p/{first_post}/support")), &[]).await.status(),
            303
        );
    }
    assert_eq!(post_form(&bob.browser, &app.url(&format!("/forum/p/{first_post}/support")), &[]).await.status(), 303);
    let (_, thread_page) = page(&alice.browser, &app, &location).await;
    assert!(thread_page.contains("Support (1)"), "{thread_page}");

    // The API shows the same thread.
    let v: Value = api_get(&app, &bob.token, &format!("/api/v1/threads/{thread_id}")).await.json().await.expect("json");
    assert_eq!(v["posts"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["posts"][0]["author"]["name"], "Alice");
    assert_eq!(v["posts"][0]["support"], 1);
    assert_eq!(v["url"], app.url(&format!("/forum/t/{thread_id}")));

    // The author edits; a moderator sees the history, the author's readers see "edited".
    let response = post_form(
        &alice.browser,
        &app.url(&format!("/forum/p/{first_post}/edit")),
        &[("body", "Where do you get naloxone?")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let moderator = person(&app, "mod@example.org", "Mo", &[rendezvous_forum::MODERATOR]).await;
    let (status, history) = page(&moderator.browser, &app, &format!("/forum/p/{first_post}/history")).await;
    assert_eq!(status, 200);
    assert!(history.contains("Where do you get **kits**?") && history.contains("Where do you get naloxone?"));
    let (status, _) = page(&bob.browser, &app, &format!("/forum/p/{first_post}/history")).await;
    assert_eq!(status, 403, "only moderators see the history");

    // The author deletes their post: its words leave the page and the search.
    assert_eq!(
        post_form(&alice.browser, &app.url(&format!("/forum/p/{first_post}/delete")), &[("confirm", "1")])
            .await
            .status(),
        303
    );
    let (_, thread_page) = page(&bob.browser, &app, &location).await;
    assert!(!thread_page.contains("Where do you get naloxone?") && thread_page.contains("This post was deleted."));
    let (_, found) = page(&bob.browser, &app, "/forum/search?q=naloxone").await;
    assert!(!found.contains("/forum/p/"), "{found}");
}

#[tokio::test]
async fn anonymous_posts_name_their_author_nowhere_but_in_the_admins_audited_reveal() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    space(&app, "peer", "public", "members", |s| {
        s.allow_anonymous = true;
        s.content_warnings = true;
    })
    .await;
    let secret = person(&app, "secret@example.org", "Secretive Sam", &[rendezvous_members::MEMBER]).await;
    let reader = person(&app, "reader@example.org", "Reader", &[rendezvous_members::MEMBER]).await;
    let moderator = person(&app, "mod@example.org", "Mo", &[rendezvous_forum::MODERATOR]).await;

    let response = api_post(
        &app,
        &secret.token,
        "/api/v1/spaces/peer/threads",
        json!({
            "title": "Wombatting through withdrawal", "body": "Hard week of wombatting.", "anonymous": true,
            "content_warning": "withdrawal"
        }),
    )
    .await;
    assert_eq!(response.status(), 201);
    let v: Value = response.json().await.expect("json");
    let thread_id = v["id"].as_i64().expect("id");
    let post_id = v["post_id"].as_i64().expect("post id");
    let response = api_post(
        &app,
        &secret.token,
        &format!("/api/v1/threads/{thread_id}/posts"),
        json!({"body": "Still wombatting.", "anonymous": true}),
    )
    .await;
    assert_eq!(response.status(), 201);

    let leaks = |text: &str| text.contains("Secretive Sam") || text.contains("secret@example.org");
    let sam_id = format!("\"user_id\":{}", secret.id);
    for path in [
        format!("/forum/t/{thread_id}"),
        "/forum/peer".into(),
        "/forum/search?q=wombatting".into(),
        "/forum/peer/feed.atom".into(),
    ] {
        for browser in [&reader.browser, &app.new_browser()] {
            let (status, text) = page(browser, &app, &path).await;
            assert_eq!(status, 200, "{path}");
            assert!(!leaks(&text), "{path} names the author: {text}");
            assert!(text.contains("anonymous member"), "{path}: {text}");
        }
    }
    // The content warning folds the body under a native <details>.
    let (_, thread_page) = page(&reader.browser, &app, &format!("/forum/t/{thread_id}")).await;
    assert!(thread_page.contains("<details><summary>Content warning: withdrawal</summary>"), "{thread_page}");
    for path in [format!("/api/v1/threads/{thread_id}"), "/api/v1/forum/search?q=wombatting".into()] {
        let text = api_get(&app, &reader.token, &path).await.text().await.expect("body");
        assert!(!leaks(&text) && !text.contains(&sam_id), "{path}: {text}");
        assert!(text.contains("anonymous member"), "{path}: {text}");
    }
    // Searching by the author never finds their anonymous posts.
    let (_, by_author) = page(&reader.browser, &app, &format!("/forum/search?q=wombatting&author={}", secret.id)).await;
    assert!(!by_author.contains("/forum/p/"), "{by_author}");

    // A moderator hides the post: the log says so without naming the author; moderators' pages
    // do not name them either.
    let response = post_form(
        &moderator.browser,
        &app.url(&format!("/forum/p/{post_id}/moderate")),
        &[("action", "hide"), ("reason", "off topic")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let (_, log) = page(&reader.browser, &app, "/forum/peer/log").await;
    assert!(log.contains("hid a post") && log.contains("off topic"), "{log}");
    assert!(!leaks(&log), "{log}");
    let (_, moderated) = page(&moderator.browser, &app, &format!("/forum/t/{thread_id}")).await;
    assert!(!leaks(&moderated), "{moderated}");
    // A warning reaches the author without the audit log naming them.
    let response = post_form(
        &moderator.browser,
        &app.url(&format!("/forum/p/{post_id}/moderate")),
        &[("action", "warn"), ("reason", "be kind")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let named: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'forum.%' AND (actor_id = $1 OR subject_id = $1)",
    )
    .bind(secret.id)
    .fetch_one(&app.db().pool)
    .await
    .expect("audit");
    assert_eq!(named, 0, "nothing in the audit log links the anonymous author before the reveal");
    let told = app.smtp.wait_for("secret@example.org", 1).await.remove(0);
    assert!(told.text.contains("warned you") && told.text.contains("be kind"), "{}", told.text);
    assert!(!told.raw.contains("mod@example.org"), "the moderator is not named");
    let (status, _) = page(&moderator.browser, &app, "/forum/p/1/reveal").await;
    assert_eq!(status, 405, "reveal is a POST");
    assert_eq!(post_form(&moderator.browser, &app.url(&format!("/forum/p/{post_id}/reveal")), &[]).await.status(), 403);

    // Only an administrator's reveal names the author, and it is audited first.
    let response = app.post_form(&format!("/forum/p/{post_id}/reveal"), &[]).await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.expect("body").contains("Secretive Sam"));
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'forum.reveal-author' AND subject_id = $1")
            .bind(secret.id)
            .fetch_one(&app.db().pool)
            .await
            .expect("audit");
    assert_eq!(audited, 1);
    let logged: Option<i64> = sqlx::query_scalar("SELECT target_user_id FROM forum_moderation_log WHERE post_id = $1")
        .bind(post_id)
        .fetch_one(&app.db().pool)
        .await
        .expect("log row");
    assert_eq!(logged, None, "the moderation log keeps no author for anonymous posts");
}

#[tokio::test]
async fn first_posts_are_held_flags_reach_the_queue_and_sanctions_stop_posting() {
    let app = TestApp::spawn().await;
    space(&app, "careful", "members", "members", |s| s.hold_first_posts = 1).await;
    let newcomer = person(&app, "new@example.org", "Newcomer", &[rendezvous_members::MEMBER]).await;
    let reader = person(&app, "reader@example.org", "Reader", &[rendezvous_members::MEMBER]).await;
    let moderator = person(&app, "mod@example.org", "Mo", &[rendezvous_forum::MODERATOR]).await;

    // The first post waits for a moderator: others do not see it, its author does.
    let response = api_post(
        &app,
        &newcomer.token,
        "/api/v1/spaces/careful/threads",
        json!({"title": "Hello all", "body": "First time here."}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let v: Value = response.json().await.expect("json");
    assert_eq!(v["state"], "held");
    let thread_id = v["id"].as_i64().expect("id");
    let post_id = v["post_id"].as_i64().expect("post id");
    assert_eq!(page(&reader.browser, &app, &format!("/forum/t/{thread_id}")).await.0, 404);
    let (status, own) = page(&newcomer.browser, &app, &format!("/forum/t/{thread_id}")).await;
    assert_eq!(status, 200);
    assert!(own.contains("Waiting for a moderator"));
    let (status, queue) = page(&moderator.browser, &app, "/forum/moderation").await;
    assert_eq!(status, 200);
    assert!(queue.contains("First time here."), "{queue}");
    assert_eq!(page(&reader.browser, &app, "/forum/moderation").await.0, 403);

    // Approved: everyone sees it; the next post is not held.
    let response =
        post_form(&moderator.browser, &app.url(&format!("/forum/p/{post_id}/moderate")), &[("action", "approve")])
            .await;
    assert_eq!(response.status(), 303);
    let (status, shown) = page(&reader.browser, &app, &format!("/forum/t/{thread_id}")).await;
    assert_eq!(status, 200);
    assert!(shown.contains("First time here."));
    let response = api_post(
        &app,
        &newcomer.token,
        &format!("/api/v1/threads/{thread_id}/posts"),
        json!({"body": "Thanks, buy cheap pills!"}),
    )
    .await;
    let v: Value = response.json().await.expect("json");
    assert_eq!(v["state"], "visible");
    let reply_id = v["id"].as_i64().expect("reply id");

    // A flag reaches the queue with its reason; hiding resolves it.
    let (status, flag_page) = page(&reader.browser, &app, &format!("/forum/p/{reply_id}/flag")).await;
    assert_eq!(status, 200);
    assert!(flag_page.contains("What is wrong with this post?") && flag_page.contains("cheap pills"));
    let response = post_form(&reader.browser, &app.url(&format!("/forum/p/{reply_id}/flag")), &[("reason", "")]).await;
    assert_eq!(response.status(), 422, "a flag needs a reason, asked again on its form");
    let response =
        post_form(&reader.browser, &app.url(&format!("/forum/p/{reply_id}/flag")), &[("reason", "spam link")]).await;
    assert_eq!(response.status(), 303);
    let (_, queue) = page(&moderator.browser, &app, "/forum/moderation").await;
    assert!(queue.contains("Reported: spam link"), "{queue}");
    let response = post_form(
        &moderator.browser,
        &app.url(&format!("/forum/p/{reply_id}/moderate")),
        &[("action", "hide"), ("reason", "spam")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let (_, queue) = page(&moderator.browser, &app, "/forum/moderation").await;
    assert!(!queue.contains("Reported: spam link"));
    let (_, hidden) = page(&reader.browser, &app, &format!("/forum/t/{thread_id}")).await;
    assert!(!hidden.contains("cheap pills") && hidden.contains("First time here."), "hidden for readers");

    // Suspended for 3 days: reads, cannot post; after 3 days, posts again.
    let response = post_form(
        &moderator.browser,
        &app.url(&format!("/forum/p/{reply_id}/moderate")),
        &[("action", "suspend"), ("days", "3"), ("reason", "cool off"), ("confirm", "1")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let told = app.smtp.wait_for("new@example.org", 1).await.remove(0);
    assert!(told.text.contains("suspended your posting for 3 days") && told.text.contains("cool off"), "{}", told.text);
    let response =
        api_post(&app, &newcomer.token, &format!("/api/v1/threads/{thread_id}/posts"), json!({"body": "Am I back?"}))
            .await;
    assert_eq!(response.status(), 403);
    let (status, log) = page(&reader.browser, &app, "/forum/careful/log").await;
    assert_eq!(status, 200);
    assert!(log.contains("suspended the author") && log.contains("Newcomer"), "non-anonymous authors are named: {log}");
    app.clock.advance_ms(3 * DAY + 1);
    let response =
        api_post(&app, &newcomer.token, &format!("/api/v1/threads/{thread_id}/posts"), json!({"body": "I am back."}))
            .await;
    assert_eq!(response.status(), 201);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'forum.moderate.%'")
        .fetch_one(&app.db().pool)
        .await
        .expect("audit");
    assert_eq!(audited, 3);

    // Lock: no more replies (moderators still may).
    moderator.log_in_again(&app).await;
    let response =
        post_form(&moderator.browser, &app.url(&format!("/forum/t/{thread_id}/moderate")), &[("action", "lock")]).await;
    assert_eq!(response.status(), 303);
    let response =
        api_post(&app, &reader.token, &format!("/api/v1/threads/{thread_id}/posts"), json!({"body": "Late reply"}))
            .await;
    assert_eq!(response.status(), 400);
    let response = api_post(
        &app,
        &moderator.token,
        &format!("/api/v1/threads/{thread_id}/posts"),
        json!({"body": "Locking this."}),
    )
    .await;
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn new_accounts_are_rate_limited_harder_and_per_account() {
    let app = TestApp::spawn().await;
    space(&app, "busy", "public", "members", |_| {}).await;
    let newcomer = person(&app, "new@example.org", "Newcomer", &[rendezvous_members::MEMBER]).await;
    let other = person(&app, "other@example.org", "Other", &[rendezvous_members::MEMBER]).await;
    let (thread_id, _) = thread(&app, &newcomer, "busy", "Many replies", "one").await;
    for i in 2..=rendezvous_forum::posting::NEW_POSTS_PER_HOUR {
        let response = api_post(
            &app,
            &newcomer.token,
            &format!("/api/v1/threads/{thread_id}/posts"),
            json!({"body": format!("reply {i}")}),
        )
        .await;
        assert_eq!(response.status(), 201, "post {i}");
    }
    let response =
        api_post(&app, &newcomer.token, &format!("/api/v1/threads/{thread_id}/posts"), json!({"body": "one too many"}))
            .await;
    assert_eq!(response.status(), 429);
    let response =
        post_form(&newcomer.browser, &app.url(&format!("/forum/t/{thread_id}/posts")), &[("body", "from the page")])
            .await;
    assert_eq!(response.status(), 429);
    let response =
        api_post(&app, &other.token, &format!("/api/v1/threads/{thread_id}/posts"), json!({"body": "someone else"}))
            .await;
    assert_eq!(response.status(), 201, "the limit is per account");
    app.clock.advance_ms(3_600_001);
    let response = api_post(
        &app,
        &newcomer.token,
        &format!("/api/v1/threads/{thread_id}/posts"),
        json!({"body": "an hour later"}),
    )
    .await;
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn spaces_are_created_by_admins_through_the_page_and_the_api() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let token = rendezvous_accounts::create_api_token(app.db(), &app.clock, "root-admin@example.org", "t")
        .await
        .expect("token");
    let _ = admin;
    let response = api_post(&app, &token, "/api/v1/spaces", json!({"slug": "workers", "name_en": "Workers", "name_fr": "Intervenants", "read": "members", "post": "members"})).await;
    assert_eq!(response.status(), 201);
    let v: Value = response.json().await.expect("json");
    assert_eq!(v["url"], app.url("/forum/workers"));
    let response = api_post(
        &app,
        &token,
        "/api/v1/spaces",
        json!({"slug": "workers", "name_en": "Again", "name_fr": "Encore", "read": "members", "post": "members"}),
    )
    .await;
    assert_eq!(response.status(), 422);
    let response = api_post(
        &app,
        &token,
        "/api/v1/spaces",
        json!({"slug": "Bad Slug", "name_en": "", "name_fr": "x", "read": "everyone", "post": "public"}),
    )
    .await;
    assert_eq!(response.status(), 422);
    let v: Value = response.json().await.expect("json");
    let fields: Vec<&str> =
        v["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, ["name_en", "slug", "read", "post"]);

    let member = person(&app, "m@example.org", "M", &[rendezvous_members::MEMBER]).await;
    let response = api_post(
        &app,
        &member.token,
        "/api/v1/spaces",
        json!({"slug": "mine", "name_en": "Mine", "name_fr": "À moi", "read": "public", "post": "members"}),
    )
    .await;
    assert_eq!(response.status(), 403);

    let response = app
        .post_form(
            "/admin/forum",
            &[
                ("slug", "peers"),
                ("name_en", "Peers"),
                ("name_fr", "Pairs"),
                ("read", "group:peer-group"),
                ("post", "group:peer-group"),
                ("allow_anonymous", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = app
        .post_form(
            "/admin/forum",
            &[("slug", "search"), ("name_en", "S"), ("name_fr", "S"), ("read", "public"), ("post", "members")],
        )
        .await;
    assert_eq!(response.status(), 422, "reserved slug");
    assert_eq!(post_form(&member.browser, &app.url("/admin/forum"), &[("slug", "x1")]).await.status(), 403);

    // Changing who reads takes effect at once; the address stays; moderators are replaced.
    let (status, form) = page(&app.client, &app, "/admin/forum/workers").await;
    assert_eq!(status, 200);
    assert!(form.contains("value=\"Workers\""));
    let response = app
        .post_form(
            "/admin/forum/workers",
            &[
                ("name_en", "Workers"),
                ("name_fr", "Intervenants"),
                ("read", "group:peer-group"),
                ("post", "group:peer-group"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let response = app.post_form("/admin/forum/workers/moderators", &[("user", &member.id.to_string())]).await;
    assert_eq!(response.status(), 303);
    let (_, index) = page(&app.new_browser(), &app, "/forum").await;
    assert!(!index.contains("Workers"));
    let response = api_post(
        &app,
        &member.token,
        "/api/v1/spaces/workers/threads",
        json!({"title": "Mine now", "body": "I moderate here."}),
    )
    .await;
    assert_eq!(response.status(), 201, "its new moderator may post");
    let response = app
        .post_form(
            "/admin/forum/workers",
            &[("name_en", ""), ("name_fr", "x"), ("read", "nobody"), ("post", "members")],
        )
        .await;
    assert_eq!(response.status(), 422);

    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json")).await.expect("GET").json().await.expect("json");
    for path in
        ["/api/v1/spaces", "/api/v1/spaces/{slug}/threads", "/api/v1/threads/{id}/posts", "/api/v1/threads/{id}"]
    {
        assert!(doc["paths"][path].is_object(), "{path} in the OpenAPI document");
    }
}

#[tokio::test]
async fn moderators_of_a_space_pin_and_move_threads_and_space_moderation_stays_in_its_space() {
    let app = TestApp::spawn().await;
    let a = space(&app, "alpha", "public", "members", |_| {}).await;
    let b = space(&app, "beta", "public", "members", |_| {}).await;
    space(&app, "gamma", "public", "members", |_| {}).await;
    let keeper = person(&app, "keeper@example.org", "Keeper", &[rendezvous_members::MEMBER]).await;
    // Moderating needs the second factor (see forum_safety).
    app.enable_two_factor(keeper.id).await;
    add_moderator(app.db(), a, keeper.id, 0).await.expect("moderator");
    add_moderator(app.db(), b, keeper.id, 0).await.expect("moderator");
    let writer = person(&app, "w@example.org", "Writer", &[rendezvous_members::MEMBER]).await;
    let (in_alpha, _) = thread(&app, &writer, "alpha", "Misplaced", "belongs in beta").await;
    let (in_gamma, _) = thread(&app, &writer, "gamma", "Elsewhere", "not theirs").await;
    let response =
        post_form(&keeper.browser, &app.url(&format!("/forum/t/{in_alpha}/moderate")), &[("action", "pin")]).await;
    assert_eq!(response.status(), 303);
    let response = post_form(
        &keeper.browser,
        &app.url(&format!("/forum/t/{in_alpha}/moderate")),
        &[("action", "move"), ("space", "beta")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let (_, beta) = page(&writer.browser, &app, "/forum/beta").await;
    assert!(beta.contains("Misplaced") && beta.contains("Pinned"), "{beta}");
    let response =
        post_form(&keeper.browser, &app.url(&format!("/forum/t/{in_gamma}/moderate")), &[("action", "lock")]).await;
    assert_eq!(response.status(), 403);
    let response =
        post_form(&writer.browser, &app.url(&format!("/forum/t/{in_gamma}/moderate")), &[("action", "lock")]).await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn a_person_exports_their_posts_and_erasing_keeps_them_as_a_former_member_or_deletes_them() {
    let app = TestApp::spawn().await;
    space(&app, "open", "public", "members", |_| {}).await;
    let keeper = person(&app, "keeper@example.org", "Keeper Kay", &[rendezvous_members::MEMBER]).await;
    let leaver = person(&app, "leaver@example.org", "Leaver Lou", &[rendezvous_members::MEMBER]).await;
    let (thread_id, _) = thread(&app, &keeper, "open", "Kept words", "quokka words stay").await;
    api_post(&app, &leaver.token, &format!("/api/v1/threads/{thread_id}/posts"), json!({"body": "platypus words go"}))
        .await;
    let export =
        leaver.browser.get(app.url("/account/export")).send().await.expect("export").text().await.expect("body");
    assert!(export.contains("platypus words go"), "{export}");

    for (who, content) in [(&keeper, "keep"), (&leaver, "delete")] {
        let response = post_form(
            &who.browser,
            &app.url("/account/erase"),
            &[("password", rendezvous_testkit::PASSWORD), ("content", content)],
        )
        .await;
        assert_eq!(response.status(), 303);
    }
    let (_, html) = page(&app.new_browser(), &app, &format!("/forum/t/{thread_id}")).await;
    assert!(
        html.contains("quokka words stay") && html.contains("former member") && !html.contains("Keeper Kay"),
        "{html}"
    );
    assert!(!html.contains("platypus") && !html.contains("Leaver Lou"), "{html}");
    let (_, found) = page(&app.new_browser(), &app, "/forum/search?q=platypus").await;
    assert!(!found.contains("/forum/p/"));
}

//! The forum's access matrix: anonymous, registered, member, group member, moderator and admin
//! against a public, a members-only and a group space, on every channel — the space and thread
//! pages, the JSON API (read and post), search (page and API) and the Atom feeds. A restricted
//! space is "not found" to those outside it, and its words are never found by their searches.

use rendezvous_members::model::{GroupVisibility, Joining};
use rendezvous_members::store::groups;
use rendezvous_platform::auth::Role;
use rendezvous_testkit::TestApp;
use serde_json::{Value, json};

use crate::forum::{Person, api_get, api_post, page, person, space, thread};

const SPACES: [(&str, &str, &str, &str); 3] = [
    ("open", "public", "members", "aardvark"),
    ("inner", "members", "members", "buffalo"),
    ("peers", "group:peer-group", "group:peer-group", "chinchilla"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Registered,
    Member,
    GroupMember,
    Moderator,
    Admin,
}

impl Who {
    fn reads(self, space: &str) -> bool {
        matches!(
            (self, space),
            (_, "open") | (Who::Moderator | Who::Admin, _) | (Who::Member, "inner") | (Who::GroupMember, "peers")
        )
    }

    fn posts(self, space: &str) -> bool {
        match (self, space) {
            (Who::Anonymous | Who::Registered, _) => false,
            (Who::Moderator | Who::Admin, _) => true,
            (Who::Member, "open" | "inner") => true,
            (Who::GroupMember, "peers") => true,
            _ => false,
        }
    }
}

#[tokio::test]
async fn every_viewer_reads_and_posts_exactly_where_the_rule_says_on_every_channel() {
    let app = TestApp::spawn().await;
    let group = groups::insert(
        app.db(),
        "peer-group",
        "Peers",
        "Pairs",
        GroupVisibility::Hidden,
        Joining::Invitation,
        app.clock.now_ms(),
    )
    .await
    .expect("group");
    let author = person(&app, "author@example.org", "Author", &[Role::ADMIN]).await;
    let mut threads = Vec::new();
    for (slug, read, post, word) in SPACES {
        space(&app, slug, read, post, |_| {}).await;
        let (id, _) =
            thread(&app, &author, slug, &format!("Thread about {word}"), &format!("All about the {word}.")).await;
        threads.push((slug, id, word));
    }
    let group_member = person(&app, "peer@example.org", "Peer", &[]).await;
    groups::set_membership(
        app.db(),
        group,
        group_member.id,
        rendezvous_members::model::GroupRole::Member,
        rendezvous_members::model::GroupMemberState::Active,
        app.clock.now_ms(),
    )
    .await
    .expect("join");
    let viewers: Vec<(Who, Option<Person>)> = vec![
        (Who::Anonymous, None),
        (Who::Registered, Some(person(&app, "reg@example.org", "Registered", &[]).await)),
        (Who::Member, Some(person(&app, "member@example.org", "Member", &[rendezvous_members::MEMBER]).await)),
        (Who::GroupMember, Some(group_member)),
        (Who::Moderator, Some(person(&app, "mod@example.org", "Moderator", &[rendezvous_forum::MODERATOR]).await)),
        (Who::Admin, Some(person(&app, "admin2@example.org", "Admin Two", &[Role::ADMIN]).await)),
    ];

    for (who, viewer) in &viewers {
        let anonymous_browser = app.new_browser();
        let browser = viewer.as_ref().map(|p| &p.browser).unwrap_or(&anonymous_browser);
        for (slug, thread_id, word) in &threads {
            let reads = who.reads(slug);
            let expect = if reads { 200 } else { 404 };
            assert_eq!(page(browser, &app, &format!("/forum/{slug}")).await.0, expect, "{who:?} space page {slug}");
            let (status, text) = page(browser, &app, &format!("/forum/t/{thread_id}")).await;
            assert_eq!(status, expect, "{who:?} thread page {slug}");
            assert_eq!(text.contains(&format!("All about the {word}")), reads);
            let (_, index) = page(browser, &app, "/forum").await;
            assert_eq!(index.contains(&format!("Space {slug}")), reads, "{who:?} forum index {slug}");
            let (_, found) = page(browser, &app, &format!("/forum/search?q={word}")).await;
            assert_eq!(found.contains(&format!("Thread about {word}")), reads, "{who:?} search {slug}");
            // Feeds: public spaces only, for everyone.
            let feed = page(browser, &app, &format!("/forum/{slug}/feed.atom")).await;
            assert_eq!(feed.0, if *slug == "open" { 200 } else { 404 }, "{who:?} feed {slug}");
            assert_eq!(feed.1.contains(word), *slug == "open");

            let Some(person) = viewer else {
                let response = reqwest::get(app.url(&format!("/api/v1/threads/{thread_id}"))).await.expect("GET");
                assert_eq!(response.status(), 401);
                continue;
            };
            let response = api_get(&app, &person.token, &format!("/api/v1/threads/{thread_id}")).await;
            assert_eq!(response.status().as_u16(), expect, "{who:?} API thread {slug}");
            let found = api_get(&app, &person.token, &format!("/api/v1/forum/search?q={word}"))
                .await
                .text()
                .await
                .expect("body");
            assert_eq!(found.contains(&format!("All about the {word}")), reads, "{who:?} API search {slug}: {found}");
            let response = api_post(
                &app,
                &person.token,
                &format!("/api/v1/threads/{thread_id}/posts"),
                json!({"body": "Me too."}),
            )
            .await;
            let status = response.status().as_u16();
            if who.posts(slug) {
                assert_eq!(status, 201, "{who:?} replies in {slug}");
                let v: Value = response.json().await.expect("json");
                assert!(v["url"].as_str().is_some_and(|u| u.contains(&format!("/forum/t/{thread_id}#p"))));
            } else {
                assert_eq!(status, if reads { 403 } else { 404 }, "{who:?} replies in {slug}");
            }
            let response = api_post(
                &app,
                &person.token,
                &format!("/api/v1/spaces/{slug}/threads"),
                json!({"title": "New", "body": "New thread"}),
            )
            .await;
            let expect_new = if who.posts(slug) {
                201
            } else if reads {
                403
            } else {
                404
            };
            assert_eq!(response.status().as_u16(), expect_new, "{who:?} starts a thread in {slug}");
        }
    }
    // Search filtered to a space the viewer cannot read finds nothing, even with its words.
    let member = viewers.iter().find(|(w, _)| *w == Who::Member).and_then(|(_, p)| p.as_ref()).expect("member");
    let (_, found) = page(&member.browser, &app, "/forum/search?q=chinchilla&space=peers").await;
    assert!(!found.contains("chinchilla."), "{found}");
}

//! People's safety first, in the forum: every moderation power needs the second factor (and says
//! how to turn it on), a thread never moves into a space more people read without an
//! administrator who was shown how many more, and an administrator is warned when a moderator they
//! name cannot act yet.

use rendezvous_forum::store::spaces::add_moderator;
use rendezvous_members::model::{GroupVisibility, Joining};
use rendezvous_members::store::groups;
use rendezvous_testkit::{TestApp, post_form};

use crate::forum::{Person, page, person, space, thread};

/// The space of a peer group, and a member of it.
async fn peer_space(app: &TestApp) -> (rendezvous_forum::SpaceId, Person) {
    let now = app.clock.now_ms();
    let group =
        groups::insert(app.db(), "peer-group", "Peers", "Pairs", GroupVisibility::Hidden, Joining::Invitation, now)
            .await
            .expect("group");
    let peers = space(app, "peers", "group:peer-group", "group:peer-group", |_| {}).await;
    let peer = person(app, "peer@example.org", "Peer", &[]).await;
    groups::set_membership(
        app.db(),
        group,
        peer.id,
        rendezvous_members::model::GroupRole::Member,
        rendezvous_members::model::GroupMemberState::Active,
        now,
    )
    .await
    .expect("join");
    (peers, peer)
}

async fn space_of_thread(app: &TestApp, thread_id: i64) -> rendezvous_forum::SpaceId {
    sqlx::query_scalar("SELECT space_id FROM forum_threads WHERE id = $1")
        .bind(thread_id)
        .fetch_one(&app.db().pool)
        .await
        .expect("thread")
}

async fn locked(app: &TestApp, thread_id: i64) -> bool {
    let locked: i32 = sqlx::query_scalar("SELECT locked FROM forum_threads WHERE id = $1")
        .bind(thread_id)
        .fetch_one(&app.db().pool)
        .await
        .expect("thread");
    locked != 0
}

async fn post_state(app: &TestApp, post_id: i64) -> String {
    sqlx::query_scalar("SELECT state FROM forum_posts WHERE id = $1")
        .bind(post_id)
        .fetch_one(&app.db().pool)
        .await
        .expect("post")
}

fn asks_for_two_factor(body: &str) -> bool {
    body.contains("href=\"/account/two-factor\"")
}

#[tokio::test]
async fn a_space_moderator_without_two_factor_is_sent_to_turn_it_on_and_with_it_can_act() {
    let app = TestApp::spawn().await;
    let (peers, peer) = peer_space(&app).await;
    let keeper = person(&app, "keeper@example.org", "Keeper", &[rendezvous_members::MEMBER]).await;
    add_moderator(app.db(), peers, keeper.id, 0).await.expect("moderator");
    let (thread_id, post_id) = thread(&app, &peer, "peers", "Bad batch", "Blue pills, careful.").await;
    let (_, reply_id) = thread(&app, &peer, "peers", "Second", "Another one.").await;

    // The named moderator still reads the space, but every power answers "turn on two-factor".
    let (status, thread_page) = page(&keeper.browser, &app, &format!("/forum/t/{thread_id}")).await;
    assert_eq!(status, 200);
    assert!(thread_page.contains("turn on two-factor authentication to use moderation tools"), "{thread_page}");
    assert!(!thread_page.contains("value=\"lock\""), "no moderation buttons: {thread_page}");
    let tries: [(String, Vec<(&str, &str)>); 4] = [
        (format!("/forum/t/{thread_id}/moderate"), vec![("action", "lock")]),
        (format!("/forum/p/{post_id}/moderate"), vec![("action", "hide")]),
        (format!("/forum/p/{reply_id}/moderate"), vec![("action", "suspend"), ("days", "3")]),
        (format!("/forum/p/{post_id}/edit"), vec![("body", "Edited by a moderator")]),
    ];
    for (path, form) in &tries {
        let response = post_form(&keeper.browser, &app.url(path), form).await;
        assert_eq!(response.status(), 403, "{path}");
        let body = response.text().await.expect("body");
        assert!(asks_for_two_factor(&body), "{path}: {body}");
    }
    for path in ["/forum/moderation".to_owned(), format!("/forum/p/{post_id}/history")] {
        let (status, body) = page(&keeper.browser, &app, &path).await;
        assert_eq!(status, 403, "{path}");
        assert!(asks_for_two_factor(&body), "{path}: {body}");
    }
    assert!(!locked(&app, thread_id).await);
    assert_eq!(post_state(&app, post_id).await, "visible");
    let sanctions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM forum_sanctions").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(sanctions, 0);

    // A member who moderates nothing is simply refused (nothing to turn on).
    let (status, body) = page(&peer.browser, &app, "/forum/moderation").await;
    assert_eq!(status, 403);
    assert!(!asks_for_two_factor(&body));

    // With two-factor on, the same moderator acts.
    app.enable_two_factor(keeper.id).await;
    let response =
        post_form(&keeper.browser, &app.url(&format!("/forum/t/{thread_id}/moderate")), &[("action", "lock")]).await;
    assert_eq!(response.status(), 303);
    assert!(locked(&app, thread_id).await);
    let response =
        post_form(&keeper.browser, &app.url(&format!("/forum/p/{post_id}/moderate")), &[("action", "hide")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(post_state(&app, post_id).await, "hidden");
    assert_eq!(page(&keeper.browser, &app, "/forum/moderation").await.0, 200);
}

#[tokio::test]
async fn a_forum_moderator_without_two_factor_is_sent_to_turn_it_on() {
    let app = TestApp::spawn().await;
    space(&app, "open", "public", "members", |_| {}).await;
    let writer = person(&app, "w@example.org", "Writer", &[rendezvous_members::MEMBER]).await;
    let (thread_id, _) = thread(&app, &writer, "open", "Hello", "Hi all").await;
    app.create_user("mod@example.org", "Mo", &[rendezvous_forum::MODERATOR]).await;
    let browser = app.new_browser();
    assert_eq!(app.log_in(&browser, "mod@example.org", None).await.status(), 303);
    let response =
        post_form(&browser, &app.url(&format!("/forum/t/{thread_id}/moderate")), &[("action", "lock")]).await;
    assert_eq!(response.status(), 403);
    assert!(asks_for_two_factor(&response.text().await.expect("body")));
    assert!(!locked(&app, thread_id).await);
}

#[tokio::test]
async fn a_moderator_cannot_move_a_thread_into_a_space_more_people_read() {
    let app = TestApp::spawn().await;
    let (peers, peer) = peer_space(&app).await;
    let open = space(&app, "open", "public", "members", |_| {}).await;
    let keeper = person(&app, "keeper@example.org", "Keeper", &[rendezvous_members::MEMBER]).await;
    app.enable_two_factor(keeper.id).await;
    add_moderator(app.db(), peers, keeper.id, 0).await.expect("moderator");
    add_moderator(app.db(), open, keeper.id, 0).await.expect("moderator");
    let forum_moderator = person(&app, "mod@example.org", "Mo", &[rendezvous_forum::MODERATOR]).await;
    let (thread_id, _) = thread(&app, &peer, "peers", "What I use", "Only for the group.").await;

    for who in [&keeper, &forum_moderator] {
        let response = post_form(
            &who.browser,
            &app.url(&format!("/forum/t/{thread_id}/moderate")),
            &[("action", "move"), ("space", "open")],
        )
        .await;
        assert_eq!(response.status(), 403);
        let body = response.text().await.expect("body");
        assert!(body.contains("Only an administrator can move a thread"), "{body}");
        assert!(!body.contains("name=\"confirm\""), "no button to confirm: {body}");
        // Not even by posting the confirmation's fields by hand.
        let response = post_form(
            &who.browser,
            &app.url(&format!("/forum/t/{thread_id}/moderate")),
            &[("action", "move"), ("space", "open"), ("confirm", "1")],
        )
        .await;
        assert_eq!(response.status(), 403);
        assert_eq!(space_of_thread(&app, thread_id).await, peers, "the thread stays with the peer group");
    }

    // The other way round widens nothing: a moderator moves a public thread into the group's space.
    let writer = person(&app, "w@example.org", "Writer", &[rendezvous_members::MEMBER]).await;
    let (public_thread, _) = thread(&app, &writer, "open", "Misplaced", "Belongs to the group.").await;
    let response = post_form(
        &keeper.browser,
        &app.url(&format!("/forum/t/{public_thread}/moderate")),
        &[("action", "move"), ("space", "peers")],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(space_of_thread(&app, public_thread).await, peers);
}

#[tokio::test]
async fn an_admin_sees_how_many_more_will_read_before_a_move_and_confirms_with_a_button() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let (peers, peer) = peer_space(&app).await;
    let inner = space(&app, "inner", "members", "members", |_| {}).await;
    space(&app, "open", "public", "members", |_| {}).await;
    for i in 0..3 {
        person(&app, &format!("member{i}@example.org"), &format!("Member {i}"), &[rendezvous_members::MEMBER]).await;
    }
    let (thread_id, _) = thread(&app, &peer, "peers", "What I use", "Only for the group.").await;
    let path = format!("/forum/t/{thread_id}/moderate");

    // Members-only: the three members read it who could not before (the peer is no member).
    let response = app.post_form(&path, &[("action", "move"), ("space", "inner")]).await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.expect("body");
    assert!(body.contains("3 more accounts will be able to read this thread"), "{body}");
    assert!(body.contains("name=\"confirm\" value=\"1\""), "a POST button confirms: {body}");
    assert!(!body.contains("anyone, signed in or not"));
    assert_eq!(space_of_thread(&app, thread_id).await, peers, "nothing moves before the confirmation");

    // Public: everyone who has an account but the peer, and anyone without one.
    let response = app.post_form(&path, &[("action", "move"), ("space", "open")]).await;
    let body = response.text().await.expect("body");
    assert!(body.contains("3 more accounts will be able to read this thread"), "{body}");
    assert!(body.contains("anyone, signed in or not, will be able to read it"), "{body}");

    let response = app.post_form(&path, &[("action", "move"), ("space", "inner"), ("confirm", "1")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(space_of_thread(&app, thread_id).await, inner);
}

#[tokio::test]
async fn an_admin_finds_moderators_by_name_and_is_warned_by_name_about_one_without_two_factor() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    space(&app, "open", "public", "members", |_| {}).await;
    let keeper = person(&app, "keeper@example.org", "Kim Keeper", &[rendezvous_members::MEMBER]).await;
    let guarded = person(&app, "guard@example.org", "Gale Guard", &[rendezvous_members::MEMBER]).await;
    app.enable_two_factor(guarded.id).await;

    // Found by part of a name or of an address; nobody types an account number.
    let (status, found) = page(&app.client, &app, "/admin/forum/open?find=keep").await;
    assert_eq!(status, 200);
    assert!(found.contains("Make Kim Keeper a moderator") && !found.contains("Gale Guard"), "{found}");
    let (_, found) = page(&app.client, &app, "/admin/forum/open?find=guard%40example").await;
    assert!(found.contains("Make Gale Guard a moderator"), "{found}");
    assert!(!found.contains("name=\"moderators\""), "no field of account numbers: {found}");

    for who in [&keeper, &guarded] {
        let response = app.post_form("/admin/forum/open/moderators", &[("user", &who.id.to_string())]).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/admin/forum/open#moderators");
    }
    let (_, settings) = page(&app.client, &app, "/admin/forum/open").await;
    assert!(
        settings.contains("Kim Keeper has not turned on two-factor authentication: they cannot moderate this space"),
        "{settings}"
    );
    assert!(!settings.contains("Gale Guard has not"), "{settings}");
    assert!(settings.contains("Remove Gale Guard"), "{settings}");
    let response =
        app.post_form("/admin/forum/open/moderators", &[("user", &guarded.id.to_string()), ("remove", "1")]).await;
    assert_eq!(response.status(), 303);
    let (_, settings) = page(&app.client, &app, "/admin/forum/open").await;
    assert!(!settings.contains("Remove Gale Guard"), "{settings}");
}

/// The error summary's links, in order: one per field with a problem.
fn summary_fields(body: &str) -> Vec<String> {
    let Some(start) = body.find("error-summary") else { return Vec::new() };
    let end = body[start..].find("</div>").map_or(body.len(), |e| start + e);
    body[start..end].split("href=\"#").skip(1).filter_map(|s| s.split('"').next()).map(str::to_owned).collect()
}

#[tokio::test]
async fn a_blank_flag_reason_comes_back_on_its_form() {
    let app = TestApp::spawn().await;
    space(&app, "open", "public", "members", |_| {}).await;
    let writer = person(&app, "w@example.org", "Writer", &[rendezvous_members::MEMBER]).await;
    let reader = person(&app, "r@example.org", "Reader", &[rendezvous_members::MEMBER]).await;
    let (_, post_id) = thread(&app, &writer, "open", "Hello", "A post to flag.").await;
    let path = app.url(&format!("/forum/p/{post_id}/flag"));
    let response = post_form(&reader.browser, &path, &[("reason", "   ")]).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.expect("body");
    assert_eq!(summary_fields(&body), ["reason"], "{body}");
    assert!(body.contains("Give a reason.") && body.contains("A post to flag."), "{body}");
    assert!(body.contains("action=\"/forum/p/") && body.contains("name=\"reason\""), "the form again: {body}");
    let long = "x".repeat(1001);
    let response = post_form(&reader.browser, &path, &[("reason", &long)]).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.expect("body");
    assert!(body.contains(&format!("value=\"{long}\"")), "what was typed comes back");
    assert!(body.contains("This is too long."));
    let flags: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM forum_flags").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(flags, 0);
}

#[tokio::test]
async fn a_bad_suspension_comes_back_on_its_form_with_every_problem() {
    let app = TestApp::spawn().await;
    space(&app, "open", "public", "members", |_| {}).await;
    let writer = person(&app, "w@example.org", "Writer", &[rendezvous_members::MEMBER]).await;
    let moderator = person(&app, "mod@example.org", "Mo", &[rendezvous_forum::MODERATOR]).await;
    let (_, post_id) = thread(&app, &writer, "open", "Hello", "A post to judge.").await;
    let path = app.url(&format!("/forum/p/{post_id}/moderate"));
    let long = "y".repeat(1001);
    let response =
        post_form(&moderator.browser, &path, &[("action", "suspend"), ("days", "a week"), ("reason", &long)]).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.expect("body");
    assert_eq!(summary_fields(&body), ["days", "reason"], "{body}");
    assert!(body.contains("value=\"a week\"") && body.contains(&format!("value=\"{long}\"")), "{body}");
    assert!(body.contains("value=\"suspend\" checked"), "the chosen action stays chosen: {body}");
    assert!(body.contains("Give the suspension a length"), "{body}");
    for days in ["", "0", "9999"] {
        let response = post_form(&moderator.browser, &path, &[("action", "suspend"), ("days", days)]).await;
        assert_eq!(response.status(), 422, "{days:?}");
        assert_eq!(summary_fields(&response.text().await.expect("body")), ["days"]);
    }
    let response = post_form(&moderator.browser, &path, &[("days", "3")]).await;
    assert_eq!(response.status(), 422);
    assert_eq!(summary_fields(&response.text().await.expect("body")), ["action"]);
    let sanctions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM forum_sanctions").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(sanctions, 0);
    // A good suspension is asked once more, on a page whose POST button carries the same fields.
    let response = post_form(&moderator.browser, &path, &[("action", "suspend"), ("days", "3")]).await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.expect("body");
    assert!(body.contains("Suspend this person from posting?") && body.contains("name=\"confirm\" value=\"1\""));
    assert!(body.contains("name=\"days\" value=\"3\""), "{body}");
    let none: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM forum_sanctions").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(none, 0, "nothing before the confirmation");
    let response =
        post_form(&moderator.browser, &path, &[("action", "suspend"), ("days", "3"), ("confirm", "1")]).await;
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn space_settings_with_errors_come_back_whole_with_their_checkboxes() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let response = app
        .post_form(
            "/admin/forum",
            &[
                ("slug", "Bad Slug"),
                ("name_en", ""),
                ("name_fr", "Pairs"),
                ("read", "everyone-ish"),
                ("post", "members"),
                ("allow_anonymous", "1"),
                ("allow_images", "1"),
                ("hold_first_posts", "lots"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.expect("body");
    assert_eq!(summary_fields(&body), ["name_en", "slug", "read", "hold_first_posts"], "{body}");
    assert!(body.contains("value=\"Bad Slug\"") && body.contains("value=\"Pairs\"") && body.contains("value=\"lots\""));
    assert!(body.contains("name=\"allow_anonymous\" value=\"1\" checked"), "{body}");
    assert!(body.contains("name=\"allow_images\" value=\"1\" checked"), "{body}");
    assert!(!body.contains("name=\"content_warnings\" value=\"1\" checked"), "{body}");

    // Rules are picked from menus, groups by their names: nobody types group:SLUG.
    peer_space(&app).await;
    let (_, admin_page) = page(&app.client, &app, "/admin/forum").await;
    assert!(admin_page.contains("<select id=\"read\" name=\"read\">"), "{admin_page}");
    assert!(
        admin_page.contains("<option value=\"group:peer-group\">Members of the group Peers</option>"),
        "{admin_page}"
    );
    let (_, edit_page) = page(&app.client, &app, "/admin/forum/peers").await;
    assert!(edit_page.contains("<option value=\"group:peer-group\" selected>"), "{edit_page}");
}

#[tokio::test]
async fn those_who_cannot_post_are_told_their_next_step_and_a_deleted_opening_post_lands_on_its_space() {
    let app = TestApp::spawn().await;
    space(&app, "inner", "public", "members", |_| {}).await;
    let (_, peer) = peer_space(&app).await;
    let writer = person(&app, "w@example.org", "Writer", &[rendezvous_members::MEMBER]).await;
    let registered = person(&app, "r@example.org", "Reg", &[]).await;
    let (thread_id, post_id) = thread(&app, &writer, "inner", "Hello", "Hi").await;
    let (_, anonymous_view) = page(&app.new_browser(), &app, "/forum/inner").await;
    assert!(anonymous_view.contains("Only people with an account may post here."), "{anonymous_view}");
    let (_, registered_view) = page(&registered.browser, &app, &format!("/forum/t/{thread_id}")).await;
    assert!(registered_view.contains("Only members of the network may post here."), "{registered_view}");
    assert!(registered_view.contains("href=\"/members/apply\""), "{registered_view}");
    let _ = peer;

    let delete = app.url(&format!("/forum/p/{post_id}/delete"));
    let response = post_form(&writer.browser, &delete, &[]).await;
    assert_eq!(response.status(), 200, "asked first");
    assert!(response.text().await.expect("body").contains("Delete your post?"));
    assert_eq!(post_state(&app, post_id).await, "visible");
    let response = post_form(&writer.browser, &delete, &[("confirm", "1")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/forum/inner");
    let (status, landed) = page(&writer.browser, &app, "/forum/inner").await;
    assert_eq!(status, 200);
    assert!(landed.contains("The thread was deleted."), "{landed}");
}

#[tokio::test]
async fn forum_tables_stack_and_buttons_keep_apart_on_a_small_phone() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    space(&app, "open", "public", "members", |_| {}).await;
    let (_, admin_page) = page(&app.client, &app, "/admin/forum").await;
    assert!(admin_page.contains("<table class=\"stack\">"), "{admin_page}");
    assert!(admin_page.contains("class=\"stack-label\""), "each cell says what it is once stacked");
    let css = reqwest::get(app.url("/static/site.css")).await.expect("GET").text().await.expect("css");
    assert!(css.contains("table.stack tr") && css.contains("@media (max-width: 30rem)"));
    assert!(css.contains(".moderate button, form.inline button { margin: 0 0.5rem 0.5rem 0; }"));
}

/// Someone who reads a space that only a group posts in is told which group by its name when the
/// group is public; a hidden group is never named (that would tell it exists), nor its address.
#[tokio::test]
async fn the_next_step_names_a_public_group_and_never_a_hidden_one() {
    let app = TestApp::spawn().await;
    let now = app.clock.now_ms();
    groups::insert(
        app.db(),
        "secret-circle",
        "Secret circle",
        "Cercle secret",
        GroupVisibility::Hidden,
        Joining::Invitation,
        now,
    )
    .await
    .expect("hidden group");
    groups::insert(
        app.db(),
        "open-kitchen",
        "Open kitchen",
        "Cuisine ouverte",
        GroupVisibility::Public,
        Joining::Request,
        now,
    )
    .await
    .expect("public group");
    space(&app, "quiet", "public", "group:secret-circle", |_| {}).await;
    space(&app, "kitchen", "public", "group:open-kitchen", |_| {}).await;
    let reader = person(&app, "reader@example.org", "Reader", &[rendezvous_members::MEMBER]).await;
    let (_, quiet) = page(&reader.browser, &app, "/forum/quiet").await;
    assert!(quiet.contains("Only members of certain groups may post here."), "{quiet}");
    assert!(!quiet.contains("secret-circle") && !quiet.contains("Secret circle"), "{quiet}");
    let (_, kitchen) = page(&reader.browser, &app, "/forum/kitchen").await;
    assert!(kitchen.contains("Only members of the group Open kitchen may post here."), "{kitchen}");
}

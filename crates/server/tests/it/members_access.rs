//! The access matrix: for every profile field at every visibility level, and every viewer
//! (anonymous, registered, member, group member, delegate, admin), what appears on the person's
//! page, in the JSON API, in search results (HTML and JSON) and in the CSV export. The sensitive
//! category and hidden groups never leak.

use rendezvous_members::memberships::add_by_admin;
use rendezvous_members::model::{ForKind, GroupVisibility, Joining};
use rendezvous_members::store::organisations::{OrganisationFields, add_delegate, insert};
use rendezvous_members::store::profiles::{ProfileRow, save};
use rendezvous_members::store::{catalogue, groups};
use rendezvous_testkit::{TestApp, post_form};
use serde_json::Value;

use crate::members::make_type;

const LEVELS: [&str; 4] = ["public", "members", "admins", "hidden"];

/// Each level's subject lives in a province of its own, so the province shows which level leaked.
fn province_of(level: &str) -> (&'static str, &'static str) {
    match level {
        "public" => ("NU", "Nunavut"),
        "members" => ("YT", "Yukon"),
        "admins" => ("NT", "Northwest Territories"),
        _ => ("PE", "Prince Edward Island"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Who {
    Anonymous,
    Registered,
    Member,
    GroupMember,
    Delegate,
    Admin,
}

impl Who {
    /// What this viewer may see of a field kept at `level`.
    fn sees(self, level: &str) -> bool {
        match level {
            "public" => true,
            "members" => matches!(self, Who::Member | Who::Delegate | Who::Admin),
            "admins" => self == Who::Admin,
            _ => false,
        }
    }
}

struct Viewer {
    who: Who,
    browser: reqwest::Client,
    token: Option<String>,
}

struct World {
    app: TestApp,
    viewers: Vec<Viewer>,
    /// Subject user id per level.
    subjects: Vec<(&'static str, rendezvous_platform::auth::UserId)>,
    /// The person with the sensitive category and a hidden group, every field public.
    sensitive: rendezvous_platform::auth::UserId,
}

async fn account(app: &TestApp, email: &str) -> (rendezvous_platform::auth::UserId, reqwest::Client, String) {
    let id = app.create_user(email, email, &[]).await;
    let browser = app.new_browser();
    assert_eq!(app.log_in(&browser, email, None).await.status(), 303);
    let token = rendezvous_accounts::create_api_token(app.db(), &app.clock, email, "matrix").await.expect("token");
    (id, browser, token)
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let person_type = make_type(&app, "person", ForKind::Person, true, false).await;
    let org_type = make_type(&app, "organisation", ForKind::Organisation, true, false).await;
    let categories = catalogue::categories(app.db()).await.expect("categories");
    let category = |slug: &str| categories.iter().find(|c| c.slug == slug).map(|c| c.id);
    let now = app.clock.now_ms();
    let caucus = groups::insert(
        app.db(),
        "caucus",
        "Open Caucus",
        "Caucus ouvert",
        GroupVisibility::Public,
        Joining::Request,
        now,
    )
    .await
    .expect("group");
    let secret = groups::insert(
        app.db(),
        "peer-space",
        "Secret Peer Space",
        "Espace secret",
        GroupVisibility::Hidden,
        Joining::Invitation,
        now,
    )
    .await
    .expect("group");

    let mut subjects = Vec::new();
    for level in LEVELS {
        let id = app.create_user(&format!("subject-{level}@example.org"), "Subject", &[]).await;
        add_by_admin(&app.state, admin, id, person_type, None, category("researcher")).await.expect("membership");
        groups::set_membership(
            app.db(),
            caucus,
            id,
            rendezvous_members::model::GroupRole::Member,
            rendezvous_members::model::GroupMemberState::Active,
            now,
        )
        .await
        .expect("join");
        let profile = ProfileRow {
            listed: 1,
            display_name: format!("Name-{level}"),
            display_name_vis: level.into(),
            city: format!("City-{level}"),
            city_vis: level.into(),
            province: Some(province_of(level).0.into()),
            province_vis: level.into(),
            category_id: category("researcher"),
            category_vis: level.into(),
            languages: ",other,".into(),
            languages_vis: level.into(),
            bio: format!("Bio-{level}"),
            bio_vis: level.into(),
            contact_email: format!("contact-{level}@example.org"),
            contact_email_vis: level.into(),
            groups_vis: level.into(),
            ..ProfileRow::default_for(id)
        };
        save(app.db(), &profile, now).await.expect("profile");
        subjects.push((level, id));
    }
    // Every field public, but the category is the sensitive one and the group hidden.
    let sensitive = app.create_user("sensitive@example.org", "Sensitive", &[]).await;
    add_by_admin(&app.state, admin, sensitive, person_type, None, category("lived-experience"))
        .await
        .expect("membership");
    groups::set_membership(
        app.db(),
        secret,
        sensitive,
        rendezvous_members::model::GroupRole::Member,
        rendezvous_members::model::GroupMemberState::Active,
        now,
    )
    .await
    .expect("join");
    let profile = ProfileRow {
        listed: 1,
        display_name: "Name-sensitive".into(),
        display_name_vis: "public".into(),
        city: "City-sensitive".into(),
        city_vis: "public".into(),
        category_id: category("lived-experience"),
        category_vis: "public".into(),
        groups_vis: "public".into(),
        ..ProfileRow::default_for(sensitive)
    };
    save(app.db(), &profile, now).await.expect("profile");

    let mut viewers = vec![Viewer { who: Who::Anonymous, browser: app.new_browser(), token: None }];
    let (_, browser, token) = account(&app, "registered@example.org").await;
    viewers.push(Viewer { who: Who::Registered, browser, token: Some(token) });
    let (member, browser, token) = account(&app, "member@example.org").await;
    add_by_admin(&app.state, admin, member, person_type, None, None).await.expect("membership");
    viewers.push(Viewer { who: Who::Member, browser, token: Some(token) });
    // In the hidden group with the sensitive person, but not a member of the network.
    let (peer, browser, token) = account(&app, "peer@example.org").await;
    groups::set_membership(
        app.db(),
        secret,
        peer,
        rendezvous_members::model::GroupRole::Member,
        rendezvous_members::model::GroupMemberState::Active,
        now,
    )
    .await
    .expect("join");
    viewers.push(Viewer { who: Who::GroupMember, browser, token: Some(token) });
    // Acts for an organisation whose membership covers them.
    let (delegate, browser, token) = account(&app, "delegate@example.org").await;
    let fields = OrganisationFields {
        name_en: "Harm Reduction Hub".into(),
        name_fr: "Carrefour".into(),
        kind: "agency".into(),
        country: "CA".into(),
        visibility: "public".into(),
        ..OrganisationFields::default()
    };
    let org = insert(app.db(), &fields, now).await.expect("org");
    add_delegate(app.db(), org, delegate, rendezvous_members::model::DelegateRole::Primary, now)
        .await
        .expect("delegate");
    add_by_admin(&app.state, admin, delegate, org_type, Some(org), None).await.expect("org membership");
    viewers.push(Viewer { who: Who::Delegate, browser, token: Some(token) });
    let admin_token = rendezvous_accounts::create_api_token(app.db(), &app.clock, "root-admin@example.org", "matrix")
        .await
        .expect("token");
    viewers.push(Viewer { who: Who::Admin, browser: app.client.clone(), token: Some(admin_token) });
    World { app, viewers, subjects, sensitive }
}

async fn html(app: &TestApp, browser: &reqwest::Client, path: &str) -> (u16, String) {
    let response = browser.get(app.url(path)).send().await.expect("GET");
    (response.status().as_u16(), response.text().await.expect("body"))
}

async fn api(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    let response = reqwest::Client::new().get(app.url(path)).bearer_auth(token).send().await.expect("GET");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Each field's marker as it shows on the page, and its key in the JSON.
fn markers(level: &str) -> Vec<(&'static str, String)> {
    vec![
        ("display_name", format!("Name-{level}")),
        ("city", format!("City-{level}")),
        ("province", province_of(level).1.to_owned()),
        ("category", "Researcher".to_owned()),
        ("languages", "Other languages".to_owned()),
        ("bio", format!("Bio-{level}")),
        ("contact_email", format!("contact-{level}@example.org")),
        ("groups", "Open Caucus".to_owned()),
    ]
}

#[tokio::test]
async fn every_field_at_every_level_for_every_viewer_on_every_channel() {
    let w = world().await;
    let app = &w.app;
    for viewer in &w.viewers {
        for (level, subject) in &w.subjects {
            let expected = viewer.who.sees(level);
            let context = format!("{:?} viewing a {level} profile", viewer.who);
            // The person's page.
            let (status, page) = html(app, &viewer.browser, &format!("/directory/people/{subject}")).await;
            assert_eq!(status, if expected { 200 } else { 404 }, "{context}: page status");
            for (field, marker) in markers(level) {
                assert_eq!(page.contains(&marker), expected, "{context}: {field} on the page");
            }
            // HTML search by name and by city: found only through what the viewer sees.
            for q in [format!("Name-{level}"), format!("City-{level}")] {
                let (_, results) = html(app, &viewer.browser, &format!("/directory?q={q}")).await;
                assert_eq!(
                    results.contains(&format!("/directory/people/{subject}")),
                    expected,
                    "{context}: search {q}"
                );
            }
            let Some(token) = &viewer.token else { continue };
            // The JSON API: one person, and search results.
            let (status, json) = api(app, token, &format!("/api/v1/directory/people/{subject}")).await;
            assert_eq!(status, if expected { 200 } else { 404 }, "{context}: API status");
            for (field, _) in markers(level) {
                let present = json.get(field).is_some_and(|v| !v.is_null());
                assert_eq!(present, expected, "{context}: {field} in the API");
            }
            let (_, found) = api(app, token, &format!("/api/v1/directory/people?q=City-{level}")).await;
            let ids: Vec<rendezvous_platform::auth::UserId> = found["people"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["user_id"].as_i64().map(rendezvous_platform::auth::UserId))
                .collect();
            assert_eq!(ids.contains(subject), expected, "{context}: API search");
            let (_, by_province) =
                api(app, token, &format!("/api/v1/directory/people?province={}", province_of(level).0)).await;
            let ids: Vec<rendezvous_platform::auth::UserId> = by_province["people"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["user_id"].as_i64().map(rendezvous_platform::auth::UserId))
                .collect();
            assert_eq!(ids.contains(subject), expected, "{context}: API search by province");
        }
    }
}

#[tokio::test]
async fn the_sensitive_category_and_hidden_groups_never_leak() {
    let w = world().await;
    let app = &w.app;
    let subject = w.sensitive;
    for viewer in &w.viewers {
        let context = format!("{:?}", viewer.who);
        let admin = viewer.who == Who::Admin;
        let (status, page) = html(app, &viewer.browser, &format!("/directory/people/{subject}")).await;
        assert_eq!(status, 200, "{context}: the public fields show");
        assert!(page.contains("City-sensitive"));
        assert_eq!(page.contains("Person with lived or living experience"), admin, "{context}: category on the page");
        assert_eq!(page.contains("Secret Peer Space"), admin, "{context}: hidden group on the page");
        // Searching by the sensitive category finds no one, except for administrators.
        let (_, results) = html(app, &viewer.browser, "/directory?category=lived-experience").await;
        assert_eq!(results.contains(&format!("/directory/people/{subject}")), admin, "{context}: category search");
        let Some(token) = &viewer.token else { continue };
        let (_, json) = api(app, token, &format!("/api/v1/directory/people/{subject}")).await;
        assert_eq!(json["category"].is_null(), !admin, "{context}: category in the API");
        assert_eq!(json["groups"].is_null(), !admin, "{context}: groups in the API");
        let (_, found) = api(app, token, "/api/v1/directory/people?category=lived-experience").await;
        assert_eq!(found["total"].as_i64() == Some(1), admin, "{context}: API category search");
    }
    // The public summary counts no sensitive category.
    let (_, summary) = html(app, &w.viewers[0].browser, "/directory/summary").await;
    assert!(!summary.contains("lived or living"));
    assert!(summary.contains("<svg"));
}

async fn export(app: &TestApp, browser: &reqwest::Client, form: &[(&str, &str)]) -> (u16, String) {
    let response = post_form(browser, &app.url("/admin/members/export.csv"), form).await;
    (response.status().as_u16(), response.text().await.expect("body"))
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&app.db().pool)
        .await
        .expect("audit")
}

#[tokio::test]
async fn the_csv_export_holds_what_admins_see_minus_the_sensitive_unless_included_and_audited() {
    let w = world().await;
    let app = &w.app;
    for viewer in w.viewers.iter().filter(|v| v.who != Who::Admin) {
        let (status, _) = export(app, &viewer.browser, &[]).await;
        assert!(status == 401 || status == 403 || status == 303, "{:?} may not export: {status}", viewer.who);
    }
    let (status, csv) = export(app, &app.client, &[]).await;
    assert_eq!(status, 200);
    for level in LEVELS {
        let expected = Who::Admin.sees(level);
        for marker in
            [format!("Name-{level}"), format!("City-{level}"), format!("Bio-{level}"), format!("contact-{level}@")]
        {
            assert_eq!(csv.contains(&marker), expected, "{marker} in the export");
        }
    }
    assert!(csv.contains("City-sensitive"));
    assert!(!csv.contains("lived-experience"), "the sensitive category stays out");
    assert!(!csv.contains("peer-space"), "hidden groups stay out");
    assert!(csv.contains("caucus"));
    assert_eq!(audited(app, "members.export_sensitive").await, 0);
    let (_, full) = export(app, &app.client, &[("include_sensitive", "1")]).await;
    assert!(full.contains("lived-experience") && full.contains("peer-space"));
    assert_eq!(audited(app, "members.export_sensitive").await, 1);
}

#[tokio::test]
async fn an_export_is_a_post_a_link_or_another_site_cannot_make_one() {
    let w = world().await;
    let app = &w.app;
    let before = (audited(app, "members.export").await, audited(app, "members.export_sensitive").await);
    // A link (a GET, as an <img> or a link on another site would make) exports nothing, writes nothing.
    for path in ["/admin/members/export.csv", "/admin/members/export.csv?include_sensitive=1"] {
        let response = app.client.get(app.url(path)).send().await.expect("GET");
        assert_eq!(response.status(), 405, "{path}");
        assert!(!response.text().await.expect("body").contains("membership_id"));
    }
    // A form posted from another site is refused by the origin check.
    let cross = app
        .client
        .post(app.url("/admin/members/export.csv"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://elsewhere.example")
        .header("sec-fetch-site", "cross-site")
        .body("include_sensitive=1")
        .send()
        .await
        .expect("POST");
    assert_eq!(cross.status(), 403);
    assert_eq!((audited(app, "members.export").await, audited(app, "members.export_sensitive").await), before);
    // The admin page offers the export as a form whose button posts.
    let (_, page) = html(app, &app.client, "/admin/members").await;
    assert!(page.contains(r#"<form method="post" action="/admin/members/export.csv">"#), "{page}");
    assert!(!page.contains(r#"href="/admin/members/export.csv"#));
}

#[tokio::test]
async fn people_are_not_in_the_directory_until_they_choose() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let kind = make_type(&app, "person", ForKind::Person, true, false).await;
    let (id, browser) = crate::members::person(&app, "new@example.org", "Quiet Person").await;
    add_by_admin(&app.state, admin, id, kind, None, None).await.expect("membership");
    // A member with no profile yet, and one who saved without opting in: nobody finds them.
    assert_eq!(app.get(&format!("/directory/people/{id}")).await.status(), 404);
    let saved = rendezvous_testkit::post_form(
        &browser,
        &app.url("/members/profile"),
        &[
            ("display_name", "Quiet Person"),
            ("display_name_vis", "public"),
            ("city", "Iqaluit"),
            ("city_vis", "public"),
        ],
    )
    .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(app.get(&format!("/directory/people/{id}")).await.status(), 404);
    assert!(!app.get("/directory?q=Quiet").await.text().await.expect("body").contains("Quiet Person"));
    // Once listed, the name (public here) and city show; bad input changes nothing.
    let listed = rendezvous_testkit::post_form(
        &browser,
        &app.url("/members/profile"),
        &[
            ("listed", "1"),
            ("display_name", "Quiet Person"),
            ("display_name_vis", "public"),
            ("city", "Iqaluit"),
            ("city_vis", "public"),
        ],
    )
    .await;
    assert_eq!(listed.status(), 303);
    assert!(app.get(&format!("/directory/people/{id}")).await.text().await.expect("body").contains("Iqaluit"));
    let bad = rendezvous_testkit::post_form(
        &browser,
        &app.url("/members/profile"),
        &[("listed", "1"), ("display_name", "Quiet Person"), ("province", "Atlantis"), ("city", "Elsewhere")],
    )
    .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.expect("body").contains("Choose a province or territory"));
    assert!(app.get(&format!("/directory/people/{id}")).await.text().await.expect("body").contains("Iqaluit"));
    // An unknown province in a search is named, in the reader's language.
    let search = app.get("/directory?province=ZZ").await;
    assert_eq!(search.status(), 422);
}

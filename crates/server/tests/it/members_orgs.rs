//! Organisations and their delegates, groups, the API's own profile, and erasure.

use rendezvous_members::model::{ForKind, GroupVisibility, Joining};
use rendezvous_members::store::groups;
use rendezvous_testkit::{TestApp, post_form};

use crate::members::{make_type, membership_id, person};

fn org_form<'a>(name: &'a str, website: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("answer-0", "We distribute naloxone"),
        ("mode", "new"),
        ("name_en", name),
        ("kind", "agency"),
        ("city", "Halifax"),
        ("province", "NS"),
        ("website", website),
        ("service-naloxone", "1"),
        ("language-en", "1"),
        ("visibility", "public"),
    ]
}

async fn org_name(app: &TestApp, id: rendezvous_members::OrganisationId) -> String {
    sqlx::query_scalar("SELECT name_en FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db().pool)
        .await
        .expect("org")
}

#[tokio::test]
async fn delegates_edit_their_organisation_and_no_other() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let kind = make_type(&app, "agency", ForKind::Organisation, true, true).await;
    let (_, alice) = person(&app, "alice@example.org", "Alice").await;
    let (_, bob) = person(&app, "bob@example.org", "Bob").await;
    let form = app.url(&format!("/members/apply/{kind}"));
    let applied = post_form(&alice, &form, &org_form("Harbour Outreach", "https://harbour.example.org")).await;
    assert_eq!(applied.status(), 303);
    let alice_application = membership_id(&applied);
    // The same name in another letter case creates nothing: it is a claim for an administrator.
    let duplicate = post_form(&bob, &form, &org_form("HARBOUR  outreach", "https://other.example.org")).await;
    assert_eq!(duplicate.status(), 303);
    let applied = post_form(&bob, &form, &org_form("Prairie Peers", "http://prairie.example.org")).await;
    assert_eq!(applied.status(), 303);
    let (alice_org, bob_org): (rendezvous_members::OrganisationId, rendezvous_members::OrganisationId) = sqlx::query_as(
        "SELECT (SELECT id FROM organisations WHERE name_en = 'Harbour Outreach'), (SELECT id FROM organisations WHERE name_en = 'Prairie Peers')",
    )
    .fetch_one(&app.db().pool)
    .await
    .expect("orgs");
    // Delegates only once approved.
    assert_eq!(
        alice.get(app.url(&format!("/organisations/{alice_org}/edit"))).send().await.expect("GET").status(),
        404
    );
    let now = app.clock.now_ms();
    assert!(
        !rendezvous_members::memberships::is_active_member(app.db(), rendezvous_platform::auth::UserId(2), now)
            .await
            .expect("q")
    );
    let approve =
        app.post_form(&format!("/admin/members/{alice_application}/decide"), &[("decision", "approve")]).await;
    assert_eq!(approve.status(), 303);
    let bob_application: i64 = sqlx::query_scalar("SELECT id FROM memberships WHERE organisation_id = $1")
        .bind(bob_org)
        .fetch_one(&app.db().pool)
        .await
        .expect("bob's");
    let approve = app.post_form(&format!("/admin/members/{bob_application}/decide"), &[("decision", "approve")]).await;
    assert_eq!(approve.status(), 303);

    // Alice edits hers.
    let mut edit = org_form("Harbour Outreach Society", "https://harbour-outreach.example.org");
    edit.retain(|(k, _)| *k != "answer-0" && *k != "mode");
    let saved = post_form(&alice, &app.url(&format!("/organisations/{alice_org}/edit")), &edit).await;
    assert_eq!(saved.status(), 303);
    // The profile saves; the name stays (only an administrator renames: members_safety).
    assert_eq!(org_name(&app, alice_org).await, "Harbour Outreach");
    let website: String = sqlx::query_scalar("SELECT website FROM organisations WHERE id = $1")
        .bind(alice_org)
        .fetch_one(&app.db().pool)
        .await
        .expect("website");
    assert_eq!(website, "https://harbour-outreach.example.org/");
    // She cannot edit Bob's: refused (as if missing), unchanged.
    assert_eq!(alice.get(app.url(&format!("/organisations/{bob_org}/edit"))).send().await.expect("GET").status(), 404);
    let refused = post_form(&alice, &app.url(&format!("/organisations/{bob_org}/edit")), &edit).await;
    assert_eq!(refused.status(), 404);
    assert_eq!(org_name(&app, bob_org).await, "Prairie Peers");
    // Bad input on her own: a website that is not http(s), an unknown province, a city too long.
    let mut bad = edit.clone();
    bad.retain(|(k, _)| *k != "website" && *k != "province" && *k != "city");
    let long = "x".repeat(300);
    bad.extend([("website", "ftp://harbour.example.org"), ("province", "Atlantis"), ("city", long.as_str())]);
    let refused = post_form(&alice, &app.url(&format!("/organisations/{alice_org}/edit")), &bad).await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.expect("body");
    assert!(
        body.contains("starting with http:// or https://")
            && body.contains("Choose a province")
            && body.contains("too long")
    );
    assert_eq!(org_name(&app, alice_org).await, "Harbour Outreach");
    // A delegate's name posted by hand, even another's, changes no name.
    let mut clash = edit.clone();
    clash.retain(|(k, _)| *k != "name_en");
    clash.push(("name_en", "prairie PEERS"));
    assert_eq!(post_form(&alice, &app.url(&format!("/organisations/{alice_org}/edit")), &clash).await.status(), 303);
    assert_eq!(org_name(&app, alice_org).await, "Harbour Outreach");

    // Alice, the primary contact, adds Carol as a delegate; Carol may edit but not add others.
    let (carol_id, carol) = person(&app, "carol@example.org", "Carol").await;
    let added = post_form(
        &alice,
        &app.url(&format!("/organisations/{alice_org}/delegates")),
        &[("action", "add"), ("email", "carol@example.org")],
    )
    .await;
    assert_eq!(added.status(), 303);
    let mail = app.smtp.wait_for("carol@example.org", 1).await.remove(0);
    let link = mail.link(&app.url("/members/invitations?token=")).expect("invitation link");
    let token = link.split("token=").nth(1).expect("token");
    assert_eq!(post_form(&carol, &app.url("/members/invitations"), &[("token", token)]).await.status(), 303);
    assert_eq!(
        carol.get(app.url(&format!("/organisations/{alice_org}/edit"))).send().await.expect("GET").status(),
        200
    );
    // A delegate learns nothing about an address, known or not.
    for email in ["bob@example.org", "nobody@example.org"] {
        let refused = post_form(
            &carol,
            &app.url(&format!("/organisations/{alice_org}/delegates")),
            &[("action", "add"), ("email", email)],
        )
        .await;
        assert_eq!(refused.status(), 403, "{email}");
    }
    // The primary contact gets the same answer for an address without an account.
    let unknown = post_form(
        &alice,
        &app.url(&format!("/organisations/{alice_org}/delegates")),
        &[("action", "add"), ("email", "nobody@example.org")],
    )
    .await;
    assert_eq!((unknown.status().as_u16(), unknown.headers().get("location")), (303, added.headers().get("location")));
    let refused = post_form(
        &bob,
        &app.url(&format!("/organisations/{alice_org}/delegates")),
        &[("action", "remove"), ("user_id", &carol_id.to_string())],
    )
    .await;
    assert_eq!(refused.status(), 404);
    assert!(rendezvous_members::store::organisations::is_delegate(app.db(), alice_org, carol_id).await.expect("q"));
    // The organisation's membership covers its delegates once approved.
    let alice_id: rendezvous_platform::auth::UserId =
        sqlx::query_scalar("SELECT id FROM users WHERE email_norm = 'alice@example.org'")
            .fetch_one(&app.db().pool)
            .await
            .expect("alice");
    assert!(rendezvous_members::memberships::is_active_member(app.db(), alice_id, now).await.expect("q"));
    // A public organisation is in the directory for everyone, with its services.
    let page =
        app.new_browser().get(app.url(&format!("/directory/organisations/{alice_org}"))).send().await.expect("GET");
    assert!(page.text().await.expect("body").contains("Naloxone"));
    let found = app.new_browser().get(app.url("/directory?service=naloxone&province=NS")).send().await.expect("GET");
    assert!(found.text().await.expect("body").contains("Harbour Outreach"));
}

#[tokio::test]
async fn claiming_an_existing_organisation_needs_approval_and_then_makes_a_delegate() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let kind = make_type(&app, "agency-open", ForKind::Organisation, false, false).await;
    let (_, alice) = person(&app, "alice@example.org", "Alice").await;
    let (bob_id, bob) = person(&app, "bob@example.org", "Bob").await;
    let form = app.url(&format!("/members/apply/{kind}"));
    assert_eq!(post_form(&alice, &form, &org_form("Harbour Outreach", "")).await.status(), 303);
    let org: rendezvous_members::OrganisationId =
        sqlx::query_scalar("SELECT id FROM organisations").fetch_one(&app.db().pool).await.expect("org");
    // A claim of an unknown name is a request for a new organisation, reviewed like a claim.
    let unknown =
        post_form(&bob, &form, &[("answer-0", "x"), ("mode", "claim"), ("claim_name", "Nowhere Society")]).await;
    assert_eq!(unknown.status(), 303);
    let claim =
        post_form(&bob, &form, &[("answer-0", "I work there"), ("mode", "claim"), ("claim_name", "harbour OUTREACH")])
            .await;
    assert_eq!(claim.status(), 303);
    let claim_id = membership_id(&claim);
    assert!(!rendezvous_members::store::organisations::is_delegate(app.db(), org, bob_id).await.expect("q"));
    assert_eq!(bob.get(app.url(&format!("/organisations/{org}/edit"))).send().await.expect("GET").status(), 404);
    let approved = app.post_form(&format!("/admin/members/{claim_id}/decide"), &[("decision", "approve")]).await;
    assert_eq!(approved.status(), 303);
    assert!(rendezvous_members::store::organisations::is_delegate(app.db(), org, bob_id).await.expect("q"));
    assert_eq!(bob.get(app.url(&format!("/organisations/{org}/edit"))).send().await.expect("GET").status(), 200);
}

#[tokio::test]
async fn groups_hidden_from_outsiders_joined_by_request_or_invitation() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let created = app
        .post_form(
            "/admin/groups",
            &[
                ("slug", "peer-space"),
                ("name_en", "Peer space"),
                ("name_fr", "Espace pairs"),
                ("visibility", "hidden"),
                ("joining", "invitation"),
                ("admin_email", "root-admin@example.org"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let created = app
        .post_form(
            "/admin/groups",
            &[
                ("slug", "west"),
                ("name_en", "Western caucus"),
                ("name_fr", "Caucus de l’Ouest"),
                ("visibility", "public"),
                ("joining", "request"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let bad = app.post_form("/admin/groups", &[("slug", "Bad Slug"), ("name_en", ""), ("visibility", "secret")]).await;
    assert_eq!(bad.status(), 422);
    let (pat_id, pat) = person(&app, "pat@example.org", "Pat").await;
    // Outsiders do not learn the hidden group exists.
    let listed = pat.get(app.url("/groups")).send().await.expect("GET").text().await.expect("body");
    assert!(listed.contains("Western caucus") && !listed.contains("Peer space"));
    assert_eq!(pat.get(app.url("/groups/peer-space")).send().await.expect("GET").status(), 404);
    assert_eq!(post_form(&pat, &app.url("/groups/peer-space/join"), &[]).await.status(), 404);
    // Request to join the public one; the group is managed by its admins.
    assert_eq!(post_form(&pat, &app.url("/groups/west/join"), &[]).await.status(), 303);
    assert!(!rendezvous_members::groups::is_member(app.db(), "west", pat_id).await.expect("q"));
    let group = groups::by_slug(app.db(), "west").await.expect("q").expect("group");
    assert_eq!(group.visibility(), GroupVisibility::Public);
    assert_eq!(group.joining(), Joining::Request);
    let pat_text = pat_id.to_string();
    let admitted = app.post_form("/groups/west/members", &[("action", "admit"), ("user_id", &pat_text)]).await;
    assert_eq!(admitted.status(), 303);
    assert!(rendezvous_members::groups::is_member(app.db(), "west", pat_id).await.expect("q"));
    // Invitation to the hidden one, accepted by the person.
    let invited =
        app.post_form("/groups/peer-space/members", &[("action", "invite"), ("email", "pat@example.org")]).await;
    assert_eq!(invited.status(), 303);
    assert_eq!(pat.get(app.url("/groups/peer-space")).send().await.expect("GET").status(), 404, "not before accepting");
    let mail = app.smtp.wait_for("pat@example.org", 1).await.remove(0);
    let link = mail.link(&app.url("/members/invitations?token=")).expect("invitation link");
    let token = link.split("token=").nth(1).expect("token");
    assert_eq!(post_form(&pat, &app.url("/members/invitations"), &[("token", token)]).await.status(), 303);
    assert_eq!(pat.get(app.url("/groups/peer-space")).send().await.expect("GET").status(), 200);
    assert!(rendezvous_members::groups::is_member(app.db(), "peer-space", pat_id).await.expect("q"));
    let mine: Vec<String> =
        rendezvous_members::groups::of_user(app.db(), pat_id).await.expect("q").into_iter().map(|g| g.slug).collect();
    assert_eq!(mine, vec!["peer-space", "west"]);
    // A plain member cannot manage.
    assert_eq!(
        post_form(&pat, &app.url("/groups/west/members"), &[("action", "remove"), ("user_id", "1")]).await.status(),
        403
    );
    // Nobody is put into a group unasked, and invitations do not tell who has an account.
    let (sam_id, _) = person(&app, "sam@example.org", "Sam").await;
    let sam_text = sam_id.to_string();
    for action in ["admit", "make_admin"] {
        let forced = app.post_form("/groups/peer-space/members", &[("action", action), ("user_id", &sam_text)]).await;
        assert_eq!(forced.status(), 400, "{action} someone who never asked");
    }
    assert!(!rendezvous_members::groups::is_member(app.db(), "peer-space", sam_id).await.expect("q"));
    let known = app.post_form("/groups/west/members", &[("action", "invite"), ("email", "sam@example.org")]).await;
    let unknown = app.post_form("/groups/west/members", &[("action", "invite"), ("email", "nobody@example.org")]).await;
    assert_eq!((known.status().as_u16(), unknown.status().as_u16()), (303, 303));
    assert_eq!(known.headers().get("location"), unknown.headers().get("location"));
    let cookies = |r: &reqwest::Response| r.headers().get_all("set-cookie").iter().count();
    assert_eq!(cookies(&known), cookies(&unknown), "the same answer for a known and an unknown address");
}

#[tokio::test]
async fn the_api_reads_and_updates_ones_own_profile_and_bad_input_changes_nothing() {
    let app = TestApp::spawn().await;
    let (_, _) = person(&app, "api@example.org", "Api Person").await;
    let token =
        rendezvous_accounts::create_api_token(app.db(), &app.clock, "api@example.org", "t").await.expect("token");
    let client = reqwest::Client::new();
    let url = app.url("/api/v1/members/me/profile");
    let mine: serde_json::Value =
        client.get(&url).bearer_auth(&token).send().await.expect("GET").json().await.expect("json");
    assert_eq!(mine["listed"], false);
    assert_eq!(mine["display_name_vis"], "members");
    assert_eq!(mine["bio_vis"], "hidden");
    let updated = client
        .put(&url)
        .bearer_auth(&token)
        .json(
            &serde_json::json!({"listed": true, "city": "Whitehorse", "city_vis": "public", "languages": ["en", "fr"]}),
        )
        .send()
        .await
        .expect("PUT");
    assert_eq!(updated.status(), 200);
    let bad = client
        .put(&url)
        .bearer_auth(&token)
        .json(&serde_json::json!({"city": "Elsewhere", "province": "XX", "bio_vis": "everyone"}))
        .send()
        .await
        .expect("PUT");
    assert_eq!(bad.status(), 422);
    let errors: serde_json::Value = bad.json().await.expect("json");
    let fields: Vec<&str> =
        errors["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, vec!["province", "bio_vis"]);
    let mine: serde_json::Value =
        client.get(&url).bearer_auth(&token).send().await.expect("GET").json().await.expect("json");
    assert_eq!(mine["city"], "Whitehorse");
    assert_eq!(mine["languages"], serde_json::json!(["en", "fr"]));
    assert_eq!(client.get(&url).send().await.expect("GET").status(), 401);
    let doc: serde_json::Value =
        client.get(app.url("/api/v1/openapi.json")).send().await.expect("GET").json().await.expect("json");
    assert!(doc["paths"]["/api/v1/directory/people"].is_object());
}

#[tokio::test]
async fn erasing_an_account_removes_the_profile_applications_and_delegations() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let kind = make_type(&app, "agency", ForKind::Organisation, true, false).await;
    let solo = make_type(&app, "solo", ForKind::Person, true, false).await;
    let (id, browser) = person(&app, "leaving@example.org", "Leaving").await;
    assert_eq!(
        post_form(&browser, &app.url(&format!("/members/apply/{kind}")), &org_form("Harbour Outreach", ""))
            .await
            .status(),
        303
    );
    assert_eq!(
        post_form(&browser, &app.url(&format!("/members/apply/{solo}")), &[("answer-0", "Me")]).await.status(),
        303
    );
    let saved = post_form(
        &browser,
        &app.url("/members/profile"),
        &[("listed", "1"), ("display_name", "Leaving"), ("bio", "About me")],
    )
    .await;
    assert_eq!(saved.status(), 303);
    let export = browser.get(app.url("/account/export")).send().await.expect("GET");
    assert_eq!(export.status(), 200);
    let export = export.text().await.expect("body");
    assert!(export.contains("About me") && export.contains("Harbour Outreach"));
    for section in app.state.personal_data.iter() {
        let who = rendezvous_platform::personal_data::Person { id, email: "leaving@example.org".into() };
        let exported = section.export(&who).await.expect("export");
        if section.name() == "members" {
            assert_eq!(exported["profile"]["bio"], "About me");
        }
        section.erase(&who, rendezvous_platform::personal_data::ContentChoice::Delete).await.expect("erase");
    }
    let left: (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM member_profiles WHERE user_id = $1), (SELECT COUNT(*) FROM memberships WHERE user_id = $1),
                (SELECT COUNT(*) FROM organisation_delegates WHERE user_id = $1)",
    )
    .bind(id)
    .fetch_one(&app.db().pool)
    .await
    .expect("counts");
    assert_eq!(left, (0, 0, 0));
}

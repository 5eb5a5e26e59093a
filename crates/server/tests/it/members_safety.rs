//! People's safety in the members' space: an address reveals nobody (invitations the person
//! accepts), and a hidden organisation or group answers exactly like a missing one.

use rendezvous_members::model::{ForKind, MAX_TEXT};
use rendezvous_members::store::organisations::{self, OrganisationFields};
use rendezvous_testkit::{TestApp, post_form};

use crate::members::{make_type, membership_id, person};

fn new_org(name: &str) -> Vec<(&str, &str)> {
    vec![("answer-0", "We distribute naloxone"), ("mode", "new"), ("name_en", name), ("kind", "agency")]
}

/// The invitation link mailed to `email` (the `nth` one).
async fn invitation_token(app: &TestApp, email: &str, nth: usize) -> String {
    let mail = app.smtp.wait_for(email, nth + 1).await.remove(nth);
    let link = mail.link(&app.url("/members/invitations?token=")).expect("invitation link");
    link.split("token=").nth(1).expect("token").to_owned()
}

/// Status and body, with what the request named taken out.
async fn answer(response: reqwest::Response, named: &str) -> (u16, Option<String>, String) {
    let status = response.status().as_u16();
    let location = response.headers().get("location").map(|l| l.to_str().expect("ascii").to_owned());
    (status, location, response.text().await.expect("body").replace(named, "NAMED"))
}

async fn hidden_org(app: &TestApp, name: &str) -> rendezvous_members::OrganisationId {
    let fields = OrganisationFields {
        name_en: name.into(),
        name_fr: name.into(),
        kind: "agency".into(),
        country: "CA".into(),
        visibility: "hidden".into(),
        ..OrganisationFields::default()
    };
    organisations::insert(app.db(), &fields, app.clock.now_ms()).await.expect("org")
}

#[tokio::test]
async fn delegates_are_invited_by_address_and_act_only_once_they_accept() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let kind = make_type(&app, "agency", ForKind::Organisation, false, false).await;
    let (_, alice) = person(&app, "alice@example.org", "Alice").await;
    let (carol_id, carol) = person(&app, "carol@example.org", "Carol Pseudonym").await;
    let applied = post_form(&alice, &app.url(&format!("/members/apply/{kind}")), &new_org("Harbour Outreach")).await;
    assert_eq!(applied.status(), 303);
    let application = membership_id(&applied);
    let org: rendezvous_members::OrganisationId =
        sqlx::query_scalar("SELECT id FROM organisations").fetch_one(&app.db().pool).await.expect("org");
    // No delegate power before the membership is approved, even for a type without approval.
    let edit = app.url(&format!("/organisations/{org}/edit"));
    let delegates = app.url(&format!("/organisations/{org}/delegates"));
    assert_eq!(alice.get(&edit).send().await.expect("GET").status(), 404);
    let early = post_form(&alice, &delegates, &[("action", "add"), ("email", "carol@example.org")]).await;
    assert_eq!(early.status(), 404);
    assert!(app.smtp.to("carol@example.org").is_empty(), "no invitation before approval");
    let approved = app.post_form(&format!("/admin/members/{application}/decide"), &[("decision", "approve")]).await;
    assert_eq!(approved.status(), 303);
    assert_eq!(alice.get(&edit).send().await.expect("GET").status(), 200);

    // An address with an account and one without get the same answer; the page lists the
    // addresses typed and never the pseudonym behind one.
    let known = post_form(&alice, &delegates, &[("action", "add"), ("email", "carol@example.org")]).await;
    let unknown = post_form(&alice, &delegates, &[("action", "add"), ("email", "nobody@example.org")]).await;
    let (known, unknown) = (answer(known, "carol@example.org").await, answer(unknown, "nobody@example.org").await);
    assert_eq!(known, unknown);
    assert_eq!(known.0, 303);
    let page = alice.get(&edit).send().await.expect("GET").text().await.expect("body");
    assert!(page.contains("carol@example.org") && page.contains("nobody@example.org"));
    assert!(!page.contains("Carol Pseudonym"), "an invitee's pseudonym before they accept");
    assert!(!organisations::is_delegate(app.db(), org, carol_id).await.expect("q"));
    assert_eq!(carol.get(&edit).send().await.expect("GET").status(), 404);
    // A bad address: the form again, with what was typed and the reason.
    let bad = post_form(&alice, &delegates, &[("action", "add"), ("email", "carol@")]).await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.expect("body");
    assert!(body.contains("value=\"carol@\"") && body.contains("error-summary"));

    // Carol accepts by the link, signed in with the invited address; then she acts.
    let token = invitation_token(&app, "carol@example.org", 0).await;
    let shown = carol.get(app.url(&format!("/members/invitations?token={token}"))).send().await.expect("GET");
    assert!(shown.text().await.expect("body").contains("Harbour Outreach"));
    // Someone else signed in with another address cannot use it.
    let other = post_form(&alice, &app.url("/members/invitations"), &[("token", &token)]).await;
    assert_eq!(other.status(), 403);
    let accepted = post_form(&carol, &app.url("/members/invitations"), &[("token", &token)]).await;
    assert_eq!(accepted.status(), 303);
    assert!(organisations::is_delegate(app.db(), org, carol_id).await.expect("q"));
    let saved = post_form(&carol, &edit, &[("name_en", "Harbour Outreach Society"), ("kind", "agency")]).await;
    assert_eq!(saved.status(), 303);
    let again = post_form(&carol, &app.url("/members/invitations"), &[("token", &token)]).await;
    assert_eq!(again.status(), 410, "a link works once");

    // Someone without an account signs up first; the link still works after.
    let token = invitation_token(&app, "nobody@example.org", 0).await;
    let stranger = app.new_browser();
    let shown = stranger.get(app.url(&format!("/members/invitations?token={token}"))).send().await.expect("GET");
    let body = shown.text().await.expect("body");
    assert!(body.contains("Create an account") && !body.contains("Harbour"));
    let (nobody_id, nobody) = person(&app, "nobody@example.org", "Nobody").await;
    let accepted = post_form(&nobody, &app.url("/members/invitations"), &[("token", &token)]).await;
    assert_eq!(accepted.status(), 303);
    assert!(organisations::is_delegate(app.db(), org, nobody_id).await.expect("q"));
}

#[tokio::test]
async fn group_invitations_show_the_address_typed_until_accepted() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let created = app
        .post_form(
            "/admin/groups",
            &[
                ("slug", "west"),
                ("name_en", "West"),
                ("name_fr", "Ouest"),
                ("visibility", "public"),
                ("joining", "invitation"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let (pat_id, pat) = person(&app, "pat@example.org", "Pat Pseudonym").await;
    let known = app.post_form("/groups/west/members", &[("action", "invite"), ("email", "pat@example.org")]).await;
    let unknown = app.post_form("/groups/west/members", &[("action", "invite"), ("email", "nobody@example.org")]).await;
    let (known, unknown) = (answer(known, "pat@example.org").await, answer(unknown, "nobody@example.org").await);
    assert_eq!(known, unknown);
    let page = app.get("/groups/west").await.text().await.expect("body");
    assert!(page.contains("pat@example.org") && !page.contains("Pat Pseudonym"));
    assert!(!rendezvous_members::groups::is_member(app.db(), "west", pat_id).await.expect("q"));
    let token = invitation_token(&app, "pat@example.org", 0).await;
    let accepted = post_form(&pat, &app.url("/members/invitations"), &[("token", &token)]).await;
    assert_eq!(accepted.status(), 303);
    assert!(rendezvous_members::groups::is_member(app.db(), "west", pat_id).await.expect("q"));
}

#[tokio::test]
async fn a_hidden_group_or_organisation_answers_like_a_missing_one() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let created = app
        .post_form(
            "/admin/groups",
            &[
                ("slug", "peer-space"),
                ("name_en", "Peer"),
                ("name_fr", "Pairs"),
                ("visibility", "hidden"),
                ("joining", "request"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let org = hidden_org(&app, "Quiet Collective").await;
    let missing = rendezvous_members::OrganisationId(org.0 + 1000);
    let (_, pat) = person(&app, "pat@example.org", "Pat").await;
    for (hidden, absent) in [("peer-space", "no-such-group")] {
        let get = |slug: &str| pat.get(app.url(&format!("/groups/{slug}"))).send();
        assert_eq!(
            answer(get(hidden).await.expect("GET"), hidden).await,
            answer(get(absent).await.expect("GET"), absent).await
        );
        for (path, form) in [
            ("join", vec![]),
            ("members", vec![("action", "invite"), ("email", "x@example.org")]),
            ("members", vec![("action", "remove"), ("user_id", "1")]),
        ] {
            let h = post_form(&pat, &app.url(&format!("/groups/{hidden}/{path}")), &form).await;
            let a = post_form(&pat, &app.url(&format!("/groups/{absent}/{path}")), &form).await;
            let (h, a) = (answer(h, hidden).await, answer(a, absent).await);
            assert_eq!(h, a, "{path}");
            assert_eq!(h.0, 404);
        }
    }
    let (hidden, absent) = (org.to_string(), missing.to_string());
    for path in ["/organisations/ID/edit", "/directory/organisations/ID"] {
        let (hidden_path, absent_path) = (path.replace("ID", &hidden), path.replace("ID", &absent));
        let h = pat.get(app.url(&hidden_path)).send().await.expect("GET");
        let a = pat.get(app.url(&absent_path)).send().await.expect("GET");
        let (h, a) = (answer(h, &hidden_path).await, answer(a, &absent_path).await);
        assert_eq!(h, a, "{path}");
    }
    for (path, form) in [
        ("/organisations/ID/edit", vec![("name_en", "Mine now"), ("kind", "agency")]),
        ("/organisations/ID/delegates", vec![("action", "add"), ("email", "x@example.org")]),
        ("/organisations/ID/delegates", vec![("action", "remove"), ("user_id", "1")]),
    ] {
        let (hidden_path, absent_path) = (path.replace("ID", &hidden), path.replace("ID", &absent));
        let h = post_form(&pat, &app.url(&hidden_path), &form).await;
        let a = post_form(&pat, &app.url(&absent_path), &form).await;
        let (h, a) = (answer(h, &hidden_path).await, answer(a, &absent_path).await);
        assert_eq!(h, a, "{path}");
        assert_eq!(h.0, 404);
    }
}

#[tokio::test]
async fn a_name_that_matches_a_hidden_organisation_is_answered_like_a_fresh_name() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let kind = make_type(&app, "agency", ForKind::Organisation, false, false).await;
    let org = hidden_org(&app, "Quiet Collective").await;
    let form = app.url(&format!("/members/apply/{kind}"));
    // A new organisation, and a claim, each with a name taken by a hidden one and a fresh name.
    for (mode, field) in [("new", "name_en"), ("claim", "claim_name")] {
        let (_, taken_by) = person(&app, &format!("taken-{mode}@example.org"), "Someone").await;
        let (_, fresh_by) = person(&app, &format!("fresh-{mode}@example.org"), "Someone").await;
        let fields = |name| vec![("answer-0", "We work there"), ("mode", mode), (field, name), ("kind", "agency")];
        let taken = post_form(&taken_by, &form, &fields("quiet collective")).await;
        let fresh_name = format!("Fresh Collective {mode}");
        let fresh = post_form(&fresh_by, &form, &fields(&fresh_name)).await;
        assert_eq!((taken.status().as_u16(), fresh.status().as_u16()), (303, 303), "{mode}");
        let (taken_id, fresh_id) = (membership_id(&taken), membership_id(&fresh));
        let page = |browser: &reqwest::Client, id: rendezvous_members::MembershipId| {
            browser.get(app.url(&format!("/members/applications/{id}"))).send()
        };
        let taken_page = page(&taken_by, taken_id).await.expect("GET").text().await.expect("body");
        let fresh_page = page(&fresh_by, fresh_id).await.expect("GET").text().await.expect("body");
        let clean = |body: String, id: rendezvous_members::MembershipId, name: &str| {
            body.replace(&format!("/{id}"), "/ID").replace(name, "NAME")
        };
        assert_eq!(clean(taken_page, taken_id, "quiet collective"), clean(fresh_page, fresh_id, &fresh_name), "{mode}");
        // The one for the taken name claims the hidden organisation, for an administrator to review.
        let claimed: Option<rendezvous_members::OrganisationId> =
            sqlx::query_scalar("SELECT organisation_id FROM memberships WHERE id = $1")
                .bind(taken_id)
                .fetch_one(&app.db().pool)
                .await
                .expect("q");
        assert_eq!(claimed, Some(org));
        let status: String = sqlx::query_scalar("SELECT status FROM memberships WHERE id = $1")
            .bind(taken_id)
            .fetch_one(&app.db().pool)
            .await
            .expect("q");
        assert_eq!(status, "applied");
    }
}

#[tokio::test]
async fn the_profile_form_keeps_what_was_typed_and_lists_every_problem() {
    let app = TestApp::spawn().await;
    let (_, pat) = person(&app, "pat@example.org", "Pat").await;
    let form = [
        ("listed", "1"),
        ("display_name", ""),
        ("city", "Trois-Rivières"),
        ("province", "Atlantis"),
        ("bio", "I run a drop-in"),
        ("contact_email", "pat@"),
        ("city_vis", "members"),
    ];
    let refused = post_form(&pat, &app.url("/members/profile"), &form).await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.expect("body");
    assert!(body.contains("Trois-Rivières") && body.contains("I run a drop-in") && body.contains("pat@"), "{body}");
    let start = body.find("class=\"error-summary\"").expect("an error summary");
    let summary = &body[start..start + body[start..].find("</ul>").expect("its list")];
    for field in ["#display_name", "#province", "#contact_email"] {
        assert!(summary.contains(field), "{field} in the summary");
    }
    let saved: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM member_profiles").fetch_one(&app.db().pool).await.expect("q");
    assert_eq!(saved, 0, "nothing saved");
}

#[tokio::test]
async fn a_refused_review_decision_keeps_the_note_typed() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let kind = make_type(&app, "person", ForKind::Person, true, false).await;
    let (_, pat) = person(&app, "pat@example.org", "Pat").await;
    let applied = post_form(&pat, &app.url(&format!("/members/apply/{kind}")), &[("answer-0", "Peer worker")]).await;
    assert_eq!(applied.status(), 303);
    let id = membership_id(&applied);
    let decide = format!("/admin/members/{id}/decide");
    // A note too long: refused with the reason, and the note comes back as typed.
    let long = format!("Outside our mandate {}", "x".repeat(MAX_TEXT));
    let refused = app.post_form(&decide, &[("decision", "reject"), ("note", &long)]).await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.expect("body");
    assert!(body.contains(&format!(">{long}</textarea>")) && body.contains("class=\"error-summary\""));
    let status: String = sqlx::query_scalar("SELECT status FROM memberships WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db().pool)
        .await
        .expect("q");
    assert_eq!(status, "applied", "nothing changed");
}

#[tokio::test]
async fn apply_tells_a_signed_out_visitor_why_an_account_comes_first() {
    let app = TestApp::spawn().await;
    let page = app.new_browser().get(app.url("/members/apply")).send().await.expect("GET");
    assert_eq!(page.status(), 200, "a page that explains, not a bare redirect");
    let body = page.text().await.expect("body");
    assert!(body.contains("First, an account") && body.contains("/login?next=%2Fmembers%2Fapply"));
}

#[tokio::test]
async fn the_directory_of_a_thousand_members_has_small_pages_with_previous_and_next() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    rendezvous_members::demo::fill(app.db(), &app.clock, "not-a-hash", 1_000, 300).await.expect("demo");
    let first = app.get("/directory").await;
    assert_eq!(first.status(), 200);
    let body = first.text().await.expect("body");
    assert!(body.len() < 50_000, "{} bytes", body.len());
    assert!(body.contains("rel=\"next\"") && !body.contains("rel=\"prev\""));
    let second = app.get("/directory?page=2").await.text().await.expect("body");
    assert!(second.len() < 50_000 && second.contains("rel=\"prev\"") && second.contains("rel=\"next\""));
}

#[tokio::test]
async fn a_nameless_directory_entry_reads_by_the_place_shown() {
    let app = TestApp::spawn().await;
    let admin = app.admin_session().await;
    let kind = make_type(&app, "person", ForKind::Person, true, false).await;
    let (id, browser) = person(&app, "quiet@example.org", "Quiet Person").await;
    rendezvous_members::memberships::add_by_admin(&app.state, admin, id, kind, None, None).await.expect("membership");
    let form = [
        ("listed", "1"),
        ("display_name", "Quiet Person"),
        ("display_name_vis", "hidden"),
        ("city", "Trois-Rivières"),
        ("city_vis", "public"),
    ];
    assert_eq!(post_form(&browser, &app.url("/members/profile"), &form).await.status(), 303);
    let body = app.new_browser().get(app.url("/directory")).send().await.expect("GET").text().await.expect("body");
    assert!(body.contains("Member in Trois-Rivières") && !body.contains("Quiet Person"), "{body}");
}

#[tokio::test]
async fn the_directory_names_the_readers_next_step() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let kind = make_type(&app, "person", ForKind::Person, true, false).await;
    let anonymous = app.new_browser().get(app.url("/directory")).send().await.expect("GET").text().await.expect("body");
    assert!(anonymous.contains("Find out how to become a member"));
    let (_, pat) = person(&app, "pat@example.org", "Pat").await;
    let directory = || async { pat.get(app.url("/directory")).send().await.expect("GET").text().await.expect("body") };
    assert!(directory().await.contains("apply for a membership"));
    let applied = post_form(&pat, &app.url(&format!("/members/apply/{kind}")), &[("answer-0", "Peer worker")]).await;
    assert_eq!(applied.status(), 303);
    assert!(directory().await.contains("waiting for review"));
    let id = membership_id(&applied);
    assert_eq!(app.post_form(&format!("/admin/members/{id}/decide"), &[("decision", "approve")]).await.status(), 303);
    let member = directory().await;
    assert!(!member.contains("waiting for review") && !member.contains("apply for a membership"));
}

#[tokio::test]
async fn the_category_form_keeps_what_was_typed_and_lists_every_problem() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let refused = app
        .post_form(
            "/admin/members/categories",
            &[
                ("category_slug", "Not A Slug"),
                ("category_en", "Peer workers"),
                ("category_fr", ""),
                ("sensitive", "1"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.expect("body");
    assert!(body.contains("value=\"Not A Slug\"") && body.contains("value=\"Peer workers\""));
    let start = body.find("class=\"error-summary\"").expect("an error summary");
    let summary = &body[start..start + body[start..].find("</ul>").expect("its list")];
    assert!(summary.contains("#category_slug") && summary.contains("#category_fr"));
}

/// Names are unique, so a delegate who could rename their organisation could try a hidden one's
/// name and read "taken": only an administrator renames. The delegate sees the names as text, a
/// name posted by hand changes nothing, and the rest of the profile saves as before.
#[tokio::test]
async fn a_delegate_cannot_probe_names_by_renaming_their_organisation() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let kind = make_type(&app, "agency", ForKind::Organisation, false, false).await;
    hidden_org(&app, "Quiet Collective").await;
    let (_, alice) = person(&app, "alice@example.org", "Alice").await;
    let applied = post_form(&alice, &app.url(&format!("/members/apply/{kind}")), &new_org("Harbour Outreach")).await;
    let application = membership_id(&applied);
    app.post_form(&format!("/admin/members/{application}/decide"), &[("decision", "approve")]).await;
    let org: rendezvous_members::OrganisationId =
        sqlx::query_scalar("SELECT id FROM organisations WHERE name_en = 'Harbour Outreach'")
            .fetch_one(&app.db().pool)
            .await
            .expect("org");
    let edit = app.url(&format!("/organisations/{org}/edit"));
    let page = alice.get(&edit).send().await.expect("GET").text().await.expect("body");
    assert!(!page.contains("name=\"name_en\""), "a delegate gets no name field");
    let fields = |name| vec![("name_en", name), ("kind", "agency"), ("city", "Halifax")];
    let (taken, fresh) = (
        post_form(&alice, &edit, &fields("Quiet Collective")).await,
        post_form(&alice, &edit, &fields("Brand New Name")).await,
    );
    assert_eq!((taken.status().as_u16(), fresh.status().as_u16()), (303, 303), "the same answer either way");
    let (name, city): (String, Option<String>) =
        sqlx::query_as("SELECT name_en, city FROM organisations WHERE id = $1")
            .bind(org)
            .fetch_one(&app.db().pool)
            .await
            .expect("row");
    assert_eq!((name.as_str(), city.as_deref()), ("Harbour Outreach", Some("Halifax")));
    // An administrator, who sees every organisation, renames it.
    let renamed = app.post_form(&format!("/organisations/{org}/edit"), &fields("Harbour Outreach Society")).await;
    assert_eq!(renamed.status(), 303);
    let name: String = sqlx::query_scalar("SELECT name_en FROM organisations WHERE id = $1")
        .bind(org)
        .fetch_one(&app.db().pool)
        .await
        .expect("name");
    assert_eq!(name, "Harbour Outreach Society");
}

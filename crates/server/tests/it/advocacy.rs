//! Letters to representatives: the import of a Represent-style file, confirmation before
//! anything leaves, delivery From the network with Reply-To the writer, collective letters,
//! the writer's own mail client, counts, bad input, and the API's permissions.

use rendezvous_platform::auth::Role;
use rendezvous_testkit::{TestApp, TestOptions};
use serde_json::json;

use crate::advocacy_fixtures::*;
use crate::alerts_fixtures::{post, token_for};

fn app_options() -> TestOptions {
    TestOptions { no_workers: true, ..Default::default() }
}

#[tokio::test]
async fn a_represent_file_is_imported_and_matched_again_on_the_next_import() {
    let app = TestApp::spawn_with(app_options()).await;
    let report = import_house(&app).await;
    assert_eq!((report.added, report.updated, report.retired), (4, 0, 0));
    assert_eq!(report.new_committees, vec!["HESA".to_owned(), "JUST".to_owned()]);
    let hesa =
        rendezvous_advocacy::store::targets::committee_by_code(app.db(), "hesa").await.expect("read").expect("HESA");
    assert_eq!(hesa.members, 3, "codes are matched without regard to case");

    // Next import: Sudbury's MP keeps their address (same target), Halifax's is matched by name
    // and district though the address changed, Papineau left the file, Calgary leaves HESA.
    let next = "name,district name,email,committees\n\
                Viviane Lapierre,Sudbury,mp.sudbury@parl.example,HESA\n\
                Lena Diab-Roy,Halifax,new.halifax@parl.example,HESA\n\
                Greg McLean-Fox,Calgary Centre,mp.calgary@parl.example,\n";
    let again = rendezvous_advocacy::targets::import(app.db(), &app.clock, "house", None, None, next.as_bytes())
        .await
        .expect("import");
    assert_eq!((again.added, again.updated, again.retired), (0, 3, 1));
    let hesa =
        rendezvous_advocacy::store::targets::committee_by_code(app.db(), "HESA").await.expect("read").expect("HESA");
    assert_eq!(hesa.members, 2);
    let set = rendezvous_advocacy::store::targets::set_by_slug(app.db(), "house").await.expect("read").expect("set");
    let targets = rendezvous_advocacy::store::targets::targets_of_set(app.db(), set.id).await.expect("targets");
    assert_eq!(targets.len(), 4, "the retired target is kept for past counts");
    let halifax = targets.iter().find(|t| t.district == "Halifax").expect("Halifax");
    assert_eq!(halifax.email.as_deref(), Some("new.halifax@parl.example"));

    // A file without names changes nothing.
    let refused =
        rendezvous_advocacy::targets::import(app.db(), &app.clock, "house", None, None, b"email\nx@example.org\n")
            .await;
    assert!(refused.is_err());
    let after = rendezvous_advocacy::store::targets::set_by_slug(app.db(), "house").await.expect("read").expect("set");
    assert_eq!(after.active, 3);
}

#[tokio::test]
async fn a_letter_reaches_each_committee_member_once_and_only_after_confirmation() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    let id = start(&app, &token, &letter("hesa", json!({"set": "house", "committee": "hesa"}))).await;

    let mut fields = form("Jo Tremblay", "jo@example.net", "named");
    fields.push(("subject", "Keep safer supply programmes"));
    fields.push((
        "body",
        "Dear committee member,\n\nI run a drop-in in Sudbury. Safer supply keeps my friends alive.\n\nJo",
    ));
    fields.push(("copy", "on"));
    let written = write(&app, "hesa", &fields).await;
    assert_eq!(written.status(), 200);
    let mail = confirmation(&app, "jo@example.net").await;
    for member in MEMBERS {
        assert!(letters_to(&app, member).is_empty(), "nothing leaves before confirmation");
    }

    assert_eq!(confirm(&app, &mail).await.status(), 200);
    app.run_jobs().await;
    let domain = app.state.config.org_contact_email.rsplit('@').next().expect("domain").to_owned();
    for member in MEMBERS {
        let got = letters_to(&app, member);
        assert_eq!(got.len(), 1, "{member} gets the letter once");
        let from = got[0].header("From").expect("From");
        assert!(from.contains("Jo Tremblay via"), "{from}");
        assert!(from.contains(&format!("@{domain}")), "From the network's own domain: {from}");
        assert_eq!(got[0].header("Reply-To").as_deref(), Some("jo@example.net"));
        assert!(got[0].envelope_from.starts_with("bounces+letter-"), "{}", got[0].envelope_from);
        assert!(got[0].text.contains("I run a drop-in in Sudbury"));
    }
    assert!(letters_to(&app, "mp.papineau@parl.example").is_empty(), "not on the committee");
    let copies = app.smtp.to("jo@example.net").len();
    assert_eq!(copies, 1 + 3, "the confirmation and one copy per letter");

    // The link again: nothing is sent again.
    let link = mail.link(&app.url("/act/")).expect("link");
    assert_eq!(reqwest::get(&link).await.expect("GET").status(), 409);
    assert_eq!(confirm(&app, &mail).await.status(), 409);
    // The same writer again: refused, nothing kept.
    let again = write(&app, "hesa", &fields).await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.expect("page").contains("You have already written to this representative"));
    app.run_jobs().await;
    for member in MEMBERS {
        assert_eq!(letters_to(&app, member).len(), 1);
    }

    let counts = counts(&app, &token, id).await;
    assert_eq!(counts["totals"]["letters"], 3);
    assert_eq!(counts["totals"]["personalised"], 3);
    assert_eq!(counts["per_target"].as_array().expect("targets").len(), 3);

    // The public page shows numbers, never names.
    let page = app.get("/act/hesa").await.text().await.expect("page");
    assert!(page.contains("3 letters sent"), "{page}");
    assert!(!page.contains("Jo Tremblay") && !page.contains("jo@example.net"));
}

#[tokio::test]
async fn a_template_letter_counts_as_such_and_a_member_skips_confirmation() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    let id = start(&app, &token, &letter("by-district", json!({"set": "house", "by": "district"}))).await;
    app.create_user("member@example.org", "Member", &[]).await;
    app.log_in(&app.client, "member@example.org", None).await;
    let mut fields = form("Sam", "member@example.org", "named");
    fields.push(("district", "sudbury"));
    fields.push(("subject", "Keep safer supply programmes"));
    fields.push((
        "body",
        "Dear committee member,  Safer supply keeps people alive.\nPlease recommend that it be funded. Thank you.",
    ));
    let page = write(&app, "by-district", &fields).await;
    assert_eq!(page.status(), 200);
    app.run_jobs().await;
    assert_eq!(letters_to(&app, "mp.sudbury@parl.example").len(), 1, "sent without a link to the member's own address");
    assert!(app.smtp.to("member@example.org").is_empty(), "no confirmation mail");
    let counts = counts(&app, &token, id).await;
    assert_eq!((counts["totals"]["letters"].as_i64(), counts["totals"]["template"].as_i64()), (Some(1), Some(1)));
}

#[tokio::test]
async fn collective_letters_go_once_a_day_listing_only_chosen_names_and_towns() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    let id = start(&app, &token, &letter("together", json!({"set": "house", "committee": "HESA"}))).await;
    for (name, email, shown, town) in
        [("Jo Tremblay", "jo@example.net", "Jo", "Sudbury"), ("Samuel Okafor", "sam@example.net", "", "Halifax")]
    {
        let mut fields = form(name, email, "collective");
        fields.push(("shown_as", shown));
        fields.push(("town", town));
        assert_eq!(write(&app, "together", &fields).await.status(), 200);
        let mail = confirmation(&app, email).await;
        assert_eq!(confirm(&app, &mail).await.status(), 200);
    }
    app.run_jobs().await;
    assert!(letters_to(&app, MEMBERS[0]).is_empty(), "the day's letter waits for the day to end");

    app.clock.advance_ms(rendezvous_platform::clock::DAY_MS);
    rendezvous_advocacy::deliver_due(&app.state).await.expect("deliver");
    for member in MEMBERS {
        let got = letters_to(&app, member);
        assert_eq!(got.len(), 1, "one letter per target per day");
        let text = &got[0].text;
        assert!(text.contains("Jo, Sudbury"), "{text}");
        assert!(text.contains("a resident of Halifax"), "{text}");
        for hidden in ["Tremblay", "Okafor", "Samuel", "example.net"] {
            assert!(!got[0].raw.contains(hidden), "{hidden} must not be in a collective letter");
        }
    }
    let counts = counts(&app, &token, id).await;
    assert_eq!(counts["totals"]["letters"], 6, "each writer counts once per target");
}

#[tokio::test]
async fn the_writers_own_mail_client_keeps_nothing_about_them() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    start(&app, &token, &letter("mailto", json!({"set": "house", "by": "district"}))).await;
    let fields = [
        ("name", "Quillon Marchetti"),
        ("email", "quillon.private@example.net"),
        ("district", "Halifax"),
        ("body", "Dear MP, a letter with a marker: zebra-quartz-7."),
        ("mode", "mailto"),
        ("lang", "en"),
    ];
    let page = write(&app, "mailto", &fields).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.expect("page");
    assert!(page.contains("mailto:mp.halifax@parl.example?subject="), "{page}");
    for (table, column, value) in app.all_text().await {
        for secret in ["Quillon", "quillon.private", "zebra-quartz"] {
            assert!(!value.contains(secret), "{secret} was stored in {table}.{column}");
        }
    }
    app.run_jobs().await;
    assert!(app.smtp.all().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn letters_to_one_target_are_paced() {
    let app = TestApp::spawn_with(TestOptions { letters_per_target_hour: Some(2), ..app_options() }).await;
    let token = editor(&app).await;
    start(&app, &token, &letter("paced", json!({"emails": ["office@parl.example"]}))).await;
    for i in 0..3 {
        let email = format!("writer{i}@example.net");
        let mut fields = form("Writer", &email, "named");
        let body = format!("Dear office,\n\nLetter number {i} about safer supply, in my own words.");
        fields.push(("subject", "Safer supply"));
        fields.push(("body", &body));
        assert_eq!(write(&app, "paced", &fields).await.status(), 200);
        let mail = confirmation(&app, &email).await;
        assert_eq!(confirm(&app, &mail).await.status(), 200);
    }
    app.run_jobs().await;
    assert_eq!(letters_to(&app, "office@parl.example").len(), 2, "two an hour");
    app.clock.advance_ms(rendezvous_platform::clock::HOUR_MS + 1000);
    rendezvous_advocacy::deliver_due(&app.state).await.expect("deliver");
    assert_eq!(letters_to(&app, "office@parl.example").len(), 3);
}

#[tokio::test]
async fn writers_are_asked_once_whether_they_got_a_reply_and_forgotten_after_retention() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    let id = start(&app, &token, &letter("asked", json!({"set": "house", "by": "district"}))).await;
    let mut fields = form("Jo Tremblay", "jo@example.net", "named");
    fields.push(("district", "Papineau"));
    fields.push(("subject", "Keep safer supply programmes"));
    fields.push(("body", "Dear MP,\n\nMy own words about zebra-quartz safer supply."));
    let written = write(&app, "asked", &fields).await;
    assert_eq!(written.status(), 200, "{}", written.text().await.unwrap_or_default());
    let mail = confirmation(&app, "jo@example.net").await;
    confirm(&app, &mail).await;
    app.run_jobs().await;
    assert_eq!(letters_to(&app, "mp.papineau@parl.example").len(), 1);

    assert_eq!(rendezvous_advocacy::ask_about_replies(&app.state).await.expect("ask"), 0, "not before two weeks");
    app.clock.advance_ms(14 * rendezvous_platform::clock::DAY_MS + 1000);
    assert_eq!(rendezvous_advocacy::ask_about_replies(&app.state).await.expect("ask"), 1);
    assert_eq!(rendezvous_advocacy::ask_about_replies(&app.state).await.expect("ask"), 0, "asked once");
    app.run_jobs().await;
    let question = app.smtp.to("jo@example.net").into_iter().last().expect("question");
    let link = question.link(&app.url("/act/reply")).expect("reply link");
    let page = reqwest::get(&link).await.expect("GET").text().await.expect("page");
    assert!(page.contains("Justin Tremblay"), "{page}");
    let message = page.split("name=\"message\" value=\"").nth(1).and_then(|r| r.split('"').next()).expect("message id");
    let token_value = link.split("token=").nth(1).expect("token");
    let answered =
        app.post_form("/act/reply", &[("token", token_value), ("message", message), ("answer", "yes")]).await;
    assert_eq!(answered.status(), 200);
    app.post_form("/act/reply", &[("token", token_value), ("message", message), ("answer", "no")]).await;
    let counts_now = counts(&app, &token, id).await;
    assert_eq!(
        (counts_now["totals"]["replied_yes"].as_i64(), counts_now["totals"]["replied_no"].as_i64()),
        (Some(1), Some(0))
    );

    // After the retention period only the counts remain.
    rendezvous_advocacy::forget_old_letters(&app.state).await.expect("forget");
    assert!(app.all_text().await.iter().any(|(_, _, v)| v.contains("zebra-quartz")), "kept for 30 days");
    app.clock.advance_ms(17 * rendezvous_platform::clock::DAY_MS);
    assert_eq!(rendezvous_advocacy::forget_old_letters(&app.state).await.expect("forget"), 1);
    // Every table, as the mailto test scans them: no copy of the letter or the address anywhere.
    for (table, column, value) in app.all_text().await {
        assert!(
            !value.contains("zebra-quartz") && !value.contains("jo@example.net"),
            "{table}.{column} still holds it"
        );
    }
    let counts_after = counts(&app, &token, id).await;
    assert_eq!(counts_after["totals"]["letters"], 1);
    assert_eq!(counts_after["totals"]["replied_yes"], 1);
}

#[tokio::test]
async fn bad_letters_get_clear_messages_and_nothing_is_sent() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    start(&app, &token, &letter("open", json!({"set": "house", "by": "district"}))).await;
    let mut fixed = letter("fixed", json!({"set": "house", "by": "district"}));
    fixed["editable"] = json!(false);
    start(&app, &token, &fixed).await;
    let long = "word ".repeat(11_000);
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        ("open", vec![("district", "Atlantis"), ("subject", "x"), ("body", "y")], "Choose a district from the list"),
        ("open", vec![("district", "Halifax"), ("subject", "x"), ("body", "  ")], "Write your letter"),
        ("open", vec![("district", "Halifax"), ("subject", "x"), ("body", &long)], "The letter is too long"),
        (
            "fixed",
            vec![
                ("district", "Halifax"),
                ("subject", "Keep safer supply programmes"),
                ("body", "My own text entirely."),
            ],
            "cannot be changed",
        ),
    ];
    for (slug, extra, expected) in cases {
        let mut fields = form("Jo", "jo@example.net", "named");
        fields.extend(extra);
        let response = write(&app, slug, &fields).await;
        assert_eq!(response.status(), 422, "{expected}");
        let page = response.text().await.expect("page");
        assert!(page.contains(expected), "{expected}: {page}");
    }
    let french = {
        let mut fields = form("Jo", "jo@example.net", "named");
        fields.extend([("district", "Atlantis"), ("subject", "x"), ("body", "y")]);
        app.client
            .post(app.url("/act/open"))
            .header("accept-language", "fr")
            .header("cookie", "lang=fr")
            .form(&fields)
            .send()
            .await
            .expect("POST")
    };
    assert_eq!(french.status(), 422);
    assert!(french.text().await.expect("page").contains("Choisissez une circonscription dans la liste"));
    let unknown = app.post_form("/act/open/confirm", &[("token", "not-a-token")]).await;
    assert_eq!(unknown.status(), 400);
    app.run_jobs().await;
    assert!(app.smtp.all().is_empty(), "nothing was sent");
    let kept: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM advocacy_writings").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(kept, 0);
}

#[tokio::test]
async fn campaigns_are_started_by_campaigners_with_two_factor_only() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let body = letter("api", json!({"set": "house", "committee": "HESA"}));
    let member = token_for(&app, "member@example.org", &[], false).await;
    assert_eq!(post(&app, &member, "/api/v1/letters", &body).await.status(), 403);
    let comms = token_for(&app, "comms@example.org", &[rendezvous_newsletter::COMMUNICATIONS], false).await;
    assert_eq!(post(&app, &comms, "/api/v1/letters", &body).await.status(), 403, "without two-factor");
    let admin = token_for(&app, "boss@example.org", &[Role::ADMIN], true).await;
    let created = post(&app, &admin, "/api/v1/letters", &body).await;
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.expect("JSON");
    assert_eq!(created["url"].as_str().map(|u| u.ends_with("/act/api")), Some(true));
    assert_eq!(post(&app, &admin, "/api/v1/letters", &body).await.status(), 409, "slug taken");

    let reserved = json!({"slug": "reply", "title_en": "t", "title_fr": "t", "subject_en": "s", "subject_fr": "s",
        "body_en": "b", "body_fr": "b", "targets": {"set": "house", "committee": "HESA"}});
    assert_eq!(post(&app, &admin, "/api/v1/letters", &reserved).await.status(), 422, "/act/reply is a page of its own");
    let bad = json!({"slug": "Bad Slug", "title_en": "", "title_fr": "x", "subject_en": "s", "subject_fr": "s",
        "body_en": "", "body_fr": "b", "targets": {"set": "house", "committee": "NOPE"}});
    let refused = post(&app, &admin, "/api/v1/letters", &bad).await;
    assert_eq!(refused.status(), 422);
    let problems: serde_json::Value = refused.json().await.expect("JSON");
    let fields: Vec<&str> =
        problems["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    for field in ["slug", "title_en", "body_en", "targets"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    let letters: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM advocacy_letters").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(letters, 1);
}

#[tokio::test]
async fn a_bounce_is_recorded_against_its_representative() {
    let secret = "inbound-secret-for-letters";
    let app = TestApp::spawn_with(TestOptions { inbound_token: Some(secret.into()), ..app_options() }).await;
    import_house(&app).await;
    let token = editor(&app).await;
    let id = start(&app, &token, &letter("bounce", json!({"set": "house", "by": "district"}))).await;
    let mut fields = form("Jo", "jo@example.net", "named");
    fields.push(("district", "Sudbury"));
    fields.push(("subject", "Safer supply"));
    fields.push(("body", "Dear MP, my words."));
    write(&app, "bounce", &fields).await;
    let mail = confirmation(&app, "jo@example.net").await;
    confirm(&app, &mail).await;
    app.run_jobs().await;
    let sent = letters_to(&app, "mp.sudbury@parl.example").pop().expect("the letter");
    let dsn = format!(
        "From: MAILER-DAEMON@parl.example\r\nTo: {to}\r\nSubject: Undelivered Mail Returned to Sender\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\n<mp.sudbury@parl.example>: user unknown\r\n\
         --b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.parl.example\r\n\r\n\
         Final-Recipient: rfc822; mp.sudbury@parl.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\
         Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n--b--\r\n",
        to = sent.envelope_from
    );
    let response = reqwest::Client::new()
        .post(app.url("/inbound"))
        .bearer_auth(secret)
        .header("content-type", "message/rfc822")
        .body(dsn)
        .send()
        .await
        .expect("POST /inbound");
    assert_eq!(response.status(), 200);
    let counts = counts(&app, &token, id).await;
    assert_eq!(counts["totals"]["bounced"], 1);
    assert_eq!(counts["per_target"][0]["name"], "Viviane Lapierre");
}

#[tokio::test]
async fn a_members_letters_are_in_their_export_and_go_with_their_account() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    start(&app, &token, &letter("export", json!({"set": "house", "committee": "HESA"}))).await;
    let browser = app.new_browser();
    app.create_user("writer@example.org", "Writer", &[]).await;
    app.log_in(&browser, "writer@example.org", None).await;
    let mut fields = form("Wren Writer", "writer@example.org", "named");
    fields.push(("subject", "Safer supply"));
    fields.push(("body", "Dear member, my heron-violet words."));
    let sent = rendezvous_testkit::post_form(&browser, &app.url("/act/export"), &fields).await;
    assert_eq!(sent.status(), 200);
    let export = browser.get(app.url("/account/export")).send().await.expect("export").text().await.expect("body");
    assert!(export.contains("heron-violet"), "{export}");
    let erased = rendezvous_testkit::post_form(
        &browser,
        &app.url("/account/erase"),
        &[("password", rendezvous_testkit::PASSWORD), ("content", "delete")],
    )
    .await;
    assert_eq!(erased.status(), 303);
    for (table, column, value) in app.all_text().await {
        assert!(!value.contains("heron-violet"), "{table}.{column} kept the letter");
    }
    app.run_jobs().await;
    for member in MEMBERS {
        assert!(letters_to(&app, member).is_empty(), "an erased writer's letter does not leave");
    }
}

#[tokio::test]
async fn a_postal_code_spanning_two_districts_lets_the_writer_choose() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let set = rendezvous_advocacy::store::targets::set_by_slug(app.db(), "house").await.expect("read").expect("set");
    let table =
        "postal code,district\nP3A 1A1,Sudbury\nB3H1A1,Halifax\nX0X 0X0,Sudbury\nX0X 0X0,Halifax\nnot a code,Halifax\n";
    let (kept, rejected) =
        rendezvous_advocacy::targets::import_postcodes(app.db(), set.id, table.as_bytes()).await.expect("postcodes");
    assert_eq!((kept, rejected.len()), (4, 1));
    let token = editor(&app).await;
    start(&app, &token, &letter("postal", json!({"set": "house", "by": "district"}))).await;

    let mut fields = form("Jo", "jo@example.net", "named");
    fields.extend([("postal_code", "x0x 0x0"), ("subject", "Safer supply"), ("body", "Dear MP, my words.")]);
    let choose = write(&app, "postal", &fields).await;
    assert_eq!(choose.status(), 200);
    let page = choose.text().await.expect("page");
    assert!(page.contains("value=\"Sudbury\"") && page.contains("value=\"Halifax\""), "{page}");
    app.run_jobs().await;
    assert!(app.smtp.all().is_empty(), "nothing until the writer chooses");

    fields.push(("district", "Halifax"));
    assert_eq!(write(&app, "postal", &fields).await.status(), 200);
    let mail = confirmation(&app, "jo@example.net").await;
    confirm(&app, &mail).await;
    app.run_jobs().await;
    assert_eq!(letters_to(&app, "mp.halifax@parl.example").len(), 1);
    assert!(letters_to(&app, "mp.sudbury@parl.example").is_empty());

    let mut unknown = form("Al", "al@example.net", "named");
    unknown.extend([("postal_code", "A1A 1A1"), ("subject", "s"), ("body", "b")]);
    let refused = write(&app, "postal", &unknown).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.expect("page").contains("We do not know this postal code"));
}

#[tokio::test]
async fn nearly_the_same_letter_to_the_same_representative_is_refused_in_another_campaign() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    start(&app, &token, &letter("first", json!({"set": "house", "committee": "HESA"}))).await;
    start(&app, &token, &letter("second", json!({"set": "house", "committee": "HESA"}))).await;
    let body = "Dear committee member,\n\nI have worked at the overdose prevention site on Elm Street for six years \
                and I have seen safer supply keep my neighbours alive. Please recommend that it continue.";
    let mut fields = form("Jo", "jo@example.net", "named");
    fields.extend([("subject", "Safer supply"), ("body", body)]);
    write(&app, "first", &fields).await;
    let mail = confirmation(&app, "jo@example.net").await;
    confirm(&app, &mail).await;

    let touched = format!("{body} Thank you.");
    let mut again = form("Jo", "jo@example.net", "named");
    again.extend([("subject", "Safer supply"), ("body", touched.as_str())]);
    let refused = write(&app, "second", &again).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.expect("page").contains("nearly the same letter"));

    let mut other = form("Jo", "jo@example.net", "named");
    other.extend([("subject", "Housing"), ("body", "Dear member, housing first works: fund it, with peer workers.")]);
    assert_eq!(write(&app, "second", &other).await.status(), 200, "a different letter is welcome");
}

#[tokio::test]
async fn two_pending_letters_from_one_address_are_confirmed_once() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    start(&app, &token, &letter("twice", json!({"set": "house", "committee": "HESA"}))).await;
    let mut links = Vec::new();
    for body in ["Dear member, first words of mine.", "Dear member, other words entirely, later."] {
        let mut fields = form("Jo", "jo@example.net", "named");
        fields.extend([("subject", "Safer supply"), ("body", body)]);
        assert_eq!(write(&app, "twice", &fields).await.status(), 200);
        links.push(confirmation(&app, "jo@example.net").await);
    }
    assert_eq!(confirm(&app, &links[0]).await.status(), 200);
    let second = confirm(&app, &links[1]).await;
    assert_eq!(second.status(), 409);
    assert!(second.text().await.expect("page").contains("already written"));
    app.run_jobs().await;
    for member in MEMBERS {
        assert_eq!(letters_to(&app, member).len(), 1);
    }
}

/// OpenNorth Represent's own layout: no province column, the Hill's office first and the riding's
/// second, addresses on several lines.
const REPRESENT_NO_PROVINCE: &str = "District name,Primary role,Name,First name,Last name,Party name,Email,Photo URL,Source URL,Office type,Address,Phone,Office type,Address,Phone
Sudbury,MP,Viviane Lapierre,Viviane,Lapierre,Liberal,mp.sudbury@parl.example,,,legislature,\"House of Commons\nOttawa ON  K1A 0A6\",613-555-0100,constituency,\"10 Elm St\nSudbury ON  P3E 5N1\",705-555-0100
Trois-Rivières,MP,Caroline Desrosiers,Caroline,Desrosiers,Bloc,mp.trois@parl.example,,,legislature,\"House of Commons\nOttawa ON  K1A 0A6\",,constituency,\"1350 rue Royale\nTrois-Rivières QC  G9A 4J4\",
Papineau,MP,Justin Tremblay,Justin,Tremblay,Liberal,mp.papineau@parl.example,,,legislature,\"House of Commons\nOttawa ON  K1A 0A6\",,constituency,\"529 rue Jarry Est\nMontréal QC  H2P 1V4\",
Halifax,MP,Lena Diab-Roy,Lena,Diab-Roy,Liberal,mp.halifax@parl.example,,,constituency,\"1888 Brunswick St\nHalifax NS  B3J 3J8\",,,,
";

#[tokio::test]
async fn districts_of_a_represent_file_are_grouped_by_province_and_searchable_without_javascript() {
    let app = TestApp::spawn_with(app_options()).await;
    rendezvous_advocacy::targets::import(
        app.db(),
        &app.clock,
        "house",
        Some("House"),
        None,
        REPRESENT_NO_PROVINCE.as_bytes(),
    )
    .await
    .expect("import");
    let token = editor(&app).await;
    start(&app, &token, &letter("ridings", json!({"set": "house", "by": "district"}))).await;

    let page = app.get("/act/ridings").await.text().await.expect("page");
    for group in ["<optgroup label=\"Ontario\">", "<optgroup label=\"Quebec\">", "<optgroup label=\"Nova Scotia\">"] {
        assert!(page.contains(group), "{group}: {page}");
    }
    assert!(!page.contains("<optgroup label=\"Other\">"), "every district has its province");
    let quebec = page.split("<optgroup label=\"Quebec\">").nth(1).and_then(|r| r.split("</optgroup>").next());
    let quebec = quebec.expect("the Quebec group");
    assert!(
        quebec.contains("Trois-Rivières") && quebec.contains("Papineau") && !quebec.contains("Sudbury"),
        "{quebec}"
    );
    let french = app
        .client
        .get(app.url("/act/ridings"))
        .header("cookie", "lang=fr")
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("page");
    assert!(french.contains("<optgroup label=\"Nouvelle-Écosse\">"), "{french}");

    // The page's own search: accents, case and hyphens do not matter; one match is chosen.
    let found = app.get("/act/ridings?find=TROIS%20RIVIERES").await;
    assert_eq!(found.status(), 200);
    let found = found.text().await.expect("page");
    assert!(found.contains("<option value=\"Trois-Rivières\" selected>"), "{found}");
    for gone in ["value=\"Sudbury\"", "value=\"Papineau\"", "value=\"Halifax\""] {
        assert!(!found.contains(gone), "{gone} is left out");
    }
    let by_province = app.get("/act/ridings?find=qu%C3%A9bec").await.text().await.expect("page");
    assert!(by_province.contains("value=\"Papineau\"") && by_province.contains("value=\"Trois-Rivières\""));
    assert!(!by_province.contains("value=\"Sudbury\""));
    let none = app.get("/act/ridings?find=atlantis").await.text().await.expect("page");
    assert!(none.contains("No district matches"), "{none}");
    assert!(!none.contains("<optgroup"));
}

#[tokio::test]
async fn a_committee_campaign_writes_only_to_the_committee_members_of_its_own_set() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    // A senator on the same committee code, in another set.
    let senate = "name,district,email,committees\nAnn Senator,Ontario,senator@sen.example,HESA;SOCI\n";
    rendezvous_advocacy::targets::import(
        app.db(),
        &app.clock,
        "senate",
        Some("Senate"),
        Some("Sénat"),
        senate.as_bytes(),
    )
    .await
    .expect("import");
    let token = editor(&app).await;
    start(&app, &token, &letter("house-hesa", json!({"set": "house", "committee": "HESA"}))).await;
    let page = app.get("/act/house-hesa").await.text().await.expect("page");
    assert!(page.contains("Viviane Lapierre") && !page.contains("Ann Senator"), "{page}");

    let mut fields = form("Jo", "jo@example.net", "named");
    fields.extend([("subject", "Safer supply"), ("body", "Dear member, my own words on safer supply.")]);
    assert_eq!(write(&app, "house-hesa", &fields).await.status(), 200);
    let mail = confirmation(&app, "jo@example.net").await;
    assert_eq!(confirm(&app, &mail).await.status(), 200);
    app.run_jobs().await;
    for member in MEMBERS {
        assert_eq!(letters_to(&app, member).len(), 1, "{member}");
    }
    assert!(letters_to(&app, "senator@sen.example").is_empty(), "the Senate is another set");

    // The Senate's campaign on the same committee goes to the senator only; a committee with no
    // member in the set is refused.
    start(&app, &token, &letter("senate-hesa", json!({"set": "senate", "committee": "hesa"}))).await;
    let mut fields = form("Sam", "sam@example.net", "named");
    fields.extend([("subject", "Safer supply"), ("body", "Dear senator, words of my own on safer supply.")]);
    assert_eq!(write(&app, "senate-hesa", &fields).await.status(), 200);
    let mail = confirmation(&app, "sam@example.net").await;
    assert_eq!(confirm(&app, &mail).await.status(), 200);
    app.run_jobs().await;
    assert_eq!(letters_to(&app, "senator@sen.example").len(), 1);
    for member in MEMBERS {
        assert_eq!(letters_to(&app, member).len(), 1, "{member} got nothing more");
    }
    let refused =
        post(&app, &token, "/api/v1/letters", &letter("senate-just", json!({"set": "senate", "committee": "JUST"})))
            .await;
    assert_eq!(refused.status(), 422);
}

#[tokio::test]
async fn public_counts_are_grouped_by_thousands_in_each_language() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    start(&app, &token, &letter("many", json!({"set": "house", "by": "district"}))).await;
    let mut fields = form("Jo", "jo@example.net", "named");
    fields.extend([("district", "Sudbury"), ("subject", "Safer supply"), ("body", "Dear MP, my words.")]);
    write(&app, "many", &fields).await;
    let mail = confirmation(&app, "jo@example.net").await;
    confirm(&app, &mail).await;
    app.run_jobs().await;
    // A busy campaign's kept counts, without writing 1,204 letters.
    sqlx::query("UPDATE advocacy_counts SET letters = 1204, personalised = 380")
        .execute(&app.db().pool)
        .await
        .expect("counts");
    let english = app.get("/act/many").await.text().await.expect("page");
    assert!(english.contains("1,204 letters sent · 380 personalised"), "{english}");
    assert!(english.contains("<td>1,204</td>"), "the table too: {english}");
    let french = app
        .client
        .get(app.url("/act/many"))
        .header("cookie", "lang=fr")
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("page");
    assert!(french.contains("1\u{202f}204 lettres envoyées · 380 personnalisées"), "{french}");
    assert!(french.contains("<td>1\u{202f}204</td>"), "{french}");
    let index = app.get("/act").await.text().await.expect("page");
    assert!(index.contains("1,204 letters sent"), "{index}");
}

#[tokio::test]
async fn campaigners_keep_a_set_of_their_own_by_hand() {
    let app = TestApp::spawn_with(app_options()).await;
    // A campaigner without two-factor is refused; an administrator with it goes on.
    let comms = app.new_browser();
    app.create_user("comms@example.org", "Comms", &[rendezvous_newsletter::COMMUNICATIONS]).await;
    app.log_in(&comms, "comms@example.org", None).await;
    let fields = [("slug", "city-council"), ("name_en", "City council"), ("name_fr", "Conseil municipal")];
    let refused = rendezvous_testkit::post_form(&comms, &app.url("/admin/letters/sets/new"), &fields).await;
    assert_eq!(refused.status(), 403);
    app.admin_session().await;
    assert_eq!(app.get("/admin/letters/sets/new").await.status(), 200);
    assert_eq!(app.post_form("/admin/letters/sets/new", &fields).await.status(), 303);
    let taken = app.post_form("/admin/letters/sets/new", &fields).await;
    assert_eq!(taken.status(), 422);
    assert!(taken.text().await.expect("page").contains("A set already has this short name"));
    let bad = app.post_form("/admin/letters/sets/new", &[("slug", "new"), ("name_en", ""), ("name_fr", "x")]).await;
    assert_eq!(bad.status(), 422, "the page's own address is not a set's");
    let set = rendezvous_advocacy::store::targets::set_by_slug(app.db(), "city-council").await.expect("read");
    let set = set.expect("the set");
    assert_eq!((set.name_fr.as_str(), set.active), ("Conseil municipal", 0));
    let empty = app.get("/admin/letters/sets/city-council").await.text().await.expect("page");
    assert!(empty.contains("This set has no representatives yet"), "{empty}");

    let renamed = app
        .post_form(
            "/admin/letters/sets/city-council/names",
            &[("name_en", "Toronto City Council"), ("name_fr", "Conseil municipal de Toronto")],
        )
        .await;
    assert_eq!(renamed.status(), 303);
    let empty = app.post_form("/admin/letters/sets/city-council/names", &[("name_en", " "), ("name_fr", "x")]).await;
    assert_eq!(empty.status(), 422);
    let set = rendezvous_advocacy::store::targets::set_by_slug(app.db(), "city-council").await.expect("read");
    assert_eq!(set.expect("set").name_en, "Toronto City Council", "a refused rename changes nothing");

    let added = app
        .post_form(
            "/admin/letters/sets/city-council/targets",
            &[
                ("name", "Ana Bailão"),
                ("district", "Davenport"),
                ("province", "Ontario"),
                ("email", "Councillor.Davenport@toronto.example"),
                ("office", "Councillor"),
                ("party", ""),
            ],
        )
        .await;
    assert_eq!(added.status(), 303);
    let kept = app.get("/admin/letters/sets/city-council").await.text().await.expect("page");
    assert!(!kept.contains("This set has no representatives yet"), "a set kept by hand is not out of date");
    let wrong = app
        .post_form(
            "/admin/letters/sets/city-council/targets",
            &[("name", ""), ("district", "York"), ("province", "Atlantis"), ("email", "nope")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let wrong = wrong.text().await.expect("page");
    for message in ["Enter a name.", "Enter a Canadian province or territory"] {
        assert!(wrong.contains(message), "{message}");
    }
    assert!(wrong.contains("value=\"York\""), "what was typed is kept");
    let set = rendezvous_advocacy::store::targets::set_by_slug(app.db(), "city-council").await.expect("read");
    let set = set.expect("set");
    let targets = rendezvous_advocacy::store::targets::targets_of_set(app.db(), set.id).await.expect("targets");
    assert_eq!(targets.len(), 1, "the refused one was not added");
    let ana = &targets[0];
    assert_eq!(
        (ana.province.as_deref(), ana.email.as_deref()),
        (Some("ON"), Some("councillor.davenport@toronto.example"))
    );

    // The set takes letters by district, grouped by the province given.
    let token = editor(&app).await;
    start(&app, &token, &letter("council", json!({"set": "city-council", "by": "district"}))).await;
    let page = app.get("/act/council").await.text().await.expect("page");
    assert!(page.contains("<optgroup label=\"Ontario\">") && page.contains("value=\"Davenport\""), "{page}");

    // Retired: no longer written to, kept for past counts.
    let retired = app.post_form(&format!("/admin/letters/targets/{}/retire", ana.id), &[]).await;
    assert_eq!(retired.status(), 303);
    let targets = rendezvous_advocacy::store::targets::targets_of_set(app.db(), set.id).await.expect("targets");
    assert_eq!((targets.len(), targets[0].active), (1, 0));
    let mut fields = form("Jo", "jo@example.net", "named");
    fields.extend([("district", "Davenport"), ("subject", "Safer supply"), ("body", "Dear councillor, my words.")]);
    let refused = write(&app, "council", &fields).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(app.post_form("/admin/letters/targets/999999/retire", &[]).await.status(), 404);
}

/// A writer's named letter to a campaign by district, confirmed by the mailed link.
async fn named_letter(app: &TestApp, slug: &str, email: &str, district: &str, body: &str) {
    let mut fields = form("Writer", email, "named");
    fields.extend([("district", district), ("subject", "Safer supply"), ("body", body)]);
    let written = write(app, slug, &fields).await;
    assert_eq!(written.status(), 200, "{}", written.text().await.unwrap_or_default());
    let mail = confirmation(app, email).await;
    assert_eq!(confirm(app, &mail).await.status(), 200);
}

#[tokio::test]
async fn portraits_are_fetched_once_at_import_and_served_from_here() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let mut png = Vec::new();
    image::RgbImage::from_pixel(8, 8, image::Rgb([200, 40, 40]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("PNG");
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = asked.clone();
    let photos = axum::Router::new().route(
        "/portraits/mp.png",
        axum::routing::get(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            let png = png.clone();
            async move { ([(axum::http::header::CONTENT_TYPE, "image/png")], png) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let photo_host = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, photos).await });

    let app = TestApp::spawn_with(app_options()).await;
    let file = format!(
        "name,district,email,photo url,committees\nViviane Lapierre,Sudbury,mp.sudbury@parl.example,{photo_host}/portraits/mp.png,HESA\n"
    );
    let import = || rendezvous_advocacy::targets::import(app.db(), &app.clock, "house", None, None, file.as_bytes());
    import().await.expect("import");
    let set = rendezvous_advocacy::store::targets::set_by_slug(app.db(), "house").await.expect("read").expect("set");
    // What the import command does after the file is in.
    assert_eq!(rendezvous_advocacy::targets::fetch_photos(app.db(), set.id).await.expect("fetch"), (1, 0));
    import().await.expect("the same file again");
    assert_eq!(rendezvous_advocacy::targets::fetch_photos(app.db(), set.id).await.expect("fetch"), (0, 0));
    assert_eq!(asked.load(Ordering::SeqCst), 1, "fetched once");

    let target = rendezvous_advocacy::store::targets::targets_of_set(app.db(), set.id).await.expect("targets");
    let photo = app.get(&format!("/act/targets/{}/photo", target[0].id)).await;
    assert_eq!(photo.status(), 200);
    let kind = photo.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(kind.starts_with("image/"), "{kind}");
    let bytes = photo.bytes().await.expect("bytes");
    assert!(image::load_from_memory(&bytes).is_ok(), "an image");

    let token = editor(&app).await;
    start(&app, &token, &letter("portraits", json!({"set": "house", "committee": "HESA"}))).await;
    let page = app.get("/act/portraits").await.text().await.expect("page");
    assert!(page.contains(&format!("/act/targets/{}/photo", target[0].id)), "{page}");
    assert!(!page.contains(&photo_host) && !page.contains("portraits/mp.png"), "never hot-linked");
    assert_eq!(asked.load(Ordering::SeqCst), 1, "the page did not fetch it either");
}

#[tokio::test]
async fn opening_the_confirmation_link_sends_nothing_only_its_button_does() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    start(&app, &token, &letter("scanned", json!({"set": "house", "committee": "HESA"}))).await;
    let mut fields = form("Jo", "jo@example.net", "named");
    fields.extend([("subject", "Safer supply"), ("body", "Dear member, my own words.")]);
    assert_eq!(write(&app, "scanned", &fields).await.status(), 200);
    let mail = confirmation(&app, "jo@example.net").await;
    let link = mail.link(&app.url("/act/")).expect("link");
    for _ in 0..3 {
        // A mail scanner (or the writer) opening the link.
        let opened = reqwest::get(&link).await.expect("GET");
        assert_eq!(opened.status(), 200);
        assert!(opened.text().await.expect("page").contains("<form method=\"post\""));
    }
    app.run_jobs().await;
    for member in MEMBERS {
        assert!(letters_to(&app, member).is_empty(), "a GET sends nothing");
    }
    let token_value = link.split("token=").nth(1).expect("token").to_owned();
    assert_eq!(app.post_form("/act/scanned/confirm", &[("token", &token_value)]).await.status(), 200);
    app.run_jobs().await;
    for member in MEMBERS {
        assert_eq!(letters_to(&app, member).len(), 1);
    }
}

#[tokio::test]
async fn one_targets_pacing_leaves_another_target_unpaced() {
    let app = TestApp::spawn_with(TestOptions { letters_per_target_hour: Some(2), ..app_options() }).await;
    import_house(&app).await;
    let token = editor(&app).await;
    start(&app, &token, &letter("two", json!({"set": "house", "by": "district"}))).await;
    for i in 0..3 {
        let body = format!("Dear MP,\n\nLetter {i} from Sudbury, in my own words.");
        named_letter(&app, "two", &format!("sudbury{i}@example.net"), "Sudbury", &body).await;
    }
    app.run_jobs().await;
    assert_eq!(letters_to(&app, "mp.sudbury@parl.example").len(), 2, "Sudbury's MP is at the limit");
    for i in 0..2 {
        let body = format!("Dear MP,\n\nLetter {i} from Halifax, in other words.");
        named_letter(&app, "two", &format!("halifax{i}@example.net"), "Halifax", &body).await;
    }
    app.run_jobs().await;
    assert_eq!(letters_to(&app, "mp.halifax@parl.example").len(), 2, "Halifax's MP is not held back");
    assert_eq!(letters_to(&app, "mp.sudbury@parl.example").len(), 2);
    app.clock.advance_ms(rendezvous_platform::clock::HOUR_MS + 1000);
    rendezvous_advocacy::deliver_due(&app.state).await.expect("deliver");
    assert_eq!(letters_to(&app, "mp.sudbury@parl.example").len(), 3);
    assert_eq!(letters_to(&app, "mp.halifax@parl.example").len(), 2);
}

#[tokio::test]
async fn a_collective_letter_on_a_second_day_is_a_second_letter() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    start(&app, &token, &letter("daily", json!({"set": "house", "committee": "HESA"}))).await;
    for (email, shown, town) in [("jo@example.net", "Jo", "Sudbury"), ("mo@example.net", "Mo", "Halifax")] {
        let mut fields = form("Writer", email, "collective");
        fields.extend([("shown_as", shown), ("town", town)]);
        assert_eq!(write(&app, "daily", &fields).await.status(), 200);
        let mail = confirmation(&app, email).await;
        assert_eq!(confirm(&app, &mail).await.status(), 200);
        app.clock.advance_ms(rendezvous_platform::clock::DAY_MS);
        rendezvous_advocacy::deliver_due(&app.state).await.expect("deliver");
    }
    for member in MEMBERS {
        let got = letters_to(&app, member);
        assert_eq!(got.len(), 2, "one letter each day");
        assert!(got[0].text.contains("Jo, Sudbury") && !got[0].text.contains("Mo, Halifax"), "{}", got[0].text);
        assert!(got[1].text.contains("Mo, Halifax") && !got[1].text.contains("Jo, Sudbury"), "{}", got[1].text);
    }
}

#[tokio::test]
async fn a_campaign_that_asks_for_the_address_requires_it() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    let mut body = letter("address", json!({"set": "house", "by": "district"}));
    body["ask_address"] = json!(true);
    start(&app, &token, &body).await;
    let page = app.get("/act/address").await.text().await.expect("page");
    assert!(page.contains("name=\"address\""), "the field is shown");
    let mut fields = form("Jo", "jo@example.net", "named");
    fields.extend([("district", "Sudbury"), ("subject", "Safer supply"), ("body", "Dear MP, my words.")]);
    let refused = write(&app, "address", &fields).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.expect("page").contains("Enter your street address"));
    app.run_jobs().await;
    assert!(app.smtp.all().is_empty(), "nothing sent");
    fields.push(("address", "10 Elm St"));
    assert_eq!(write(&app, "address", &fields).await.status(), 200);
    let mail = confirmation(&app, "jo@example.net").await;
    confirm(&app, &mail).await;
    app.run_jobs().await;
    let got = letters_to(&app, "mp.sudbury@parl.example");
    assert_eq!(got.len(), 1);
    assert!(got[0].text.contains("10 Elm St"), "{}", got[0].text);
}

#[tokio::test]
async fn a_campaign_past_its_end_answers_gone_and_sends_nothing() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let token = editor(&app).await;
    let tomorrow = rendezvous_platform::clock::date_in(
        &app.state.config.timezone,
        app.clock.now_ms() + rendezvous_platform::clock::DAY_MS,
    );
    let mut body = letter("ending", json!({"set": "house", "by": "district"}));
    body["ends_on"] = json!(tomorrow);
    start(&app, &token, &body).await;
    app.clock.advance_ms(3 * rendezvous_platform::clock::DAY_MS);
    let mut fields = form("Jo", "jo@example.net", "named");
    fields.extend([("district", "Sudbury"), ("subject", "Safer supply"), ("body", "Dear MP, my words.")]);
    let late = write(&app, "ending", &fields).await;
    assert_eq!(late.status(), 410);
    assert!(late.text().await.expect("page").contains("This campaign has ended"));
    app.run_jobs().await;
    assert!(app.smtp.all().is_empty(), "nothing sent, not even a confirmation");
    let kept: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM advocacy_writings").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(kept, 0);
}

#[tokio::test]
async fn the_set_page_warns_when_its_data_is_old_or_an_election_passed() {
    let app = TestApp::spawn_with(app_options()).await;
    import_house(&app).await;
    let admin = app.create_user("boss@example.org", "Boss", &[Role::ADMIN]).await;
    let secret = app.enable_two_factor(admin).await;
    // Signed in again after each move of the clock (a session does not outlive months; a code
    // is taken once, so not twice at the same instant).
    let sign_in = async || assert_eq!(app.log_in(&app.client, "boss@example.org", Some(&secret)).await.status(), 303);
    let page = async || app.get("/admin/letters/sets/house").await.text().await.expect("page");
    sign_in().await;
    let fresh = page().await;
    assert!(!fresh.contains("more than 90 days old") && !fresh.contains("An election has passed"), "{fresh}");
    app.clock.advance_ms(91 * rendezvous_platform::clock::DAY_MS);
    sign_in().await;
    let old = page().await;
    assert!(old.contains("The data is more than 90 days old"), "{old}");

    import_house(&app).await;
    let tomorrow = rendezvous_platform::clock::date_in(
        &app.state.config.timezone,
        app.clock.now_ms() + rendezvous_platform::clock::DAY_MS,
    );
    assert!(!page().await.contains("more than 90 days old"), "imported again");
    let saved = app.post_form("/admin/letters/sets/house/election", &[("election_on", &tomorrow)]).await;
    assert_eq!(saved.status(), 303);
    assert!(!page().await.contains("An election has passed"), "not before the day");
    app.clock.advance_ms(2 * rendezvous_platform::clock::DAY_MS);
    sign_in().await;
    let after = page().await;
    assert!(after.contains("An election has passed since this data was imported"), "{after}");
}

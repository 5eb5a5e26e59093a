//! The public's submissions through one moderation queue: the policy and a confirmed address
//! before anything is queued, the warning when a person may be named, approval that publishes
//! (with the moderator's edits) and rejection mailed in the submitter's language; comments; and
//! consultation requests with their answers and counts.

use rendezvous_members::MEMBER;
use rendezvous_testkit::{TestApp, TestOptions};

fn options() -> TestOptions {
    TestOptions { no_workers: true, ..Default::default() }
}

fn french_browser() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("accept-language", reqwest::header::HeaderValue::from_static("fr-CA,fr;q=0.9"));
    reqwest::Client::builder().cookie_store(true).default_headers(headers).build().expect("client")
}

/// Approves a queued submission with the fields its moderation page shows, unchanged.
pub(crate) async fn approve_as_shown(app: &TestApp, id: &str) {
    let page = app.get(&format!("/admin/submissions/{id}")).await.text().await.expect("item");
    let html = scraper::Html::parse_document(&page);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");
    let form_css = format!("form[action=\"/admin/submissions/{id}\"]");
    let form_el = html.select(&select(&form_css)).next().expect("the decision form");
    let attr = |e: &scraper::ElementRef<'_>, name: &str| e.value().attr(name).unwrap_or_default().to_owned();
    let mut fields: Vec<(String, String)> =
        form_el.select(&select("input[name]")).map(|e| (attr(&e, "name"), attr(&e, "value"))).collect();
    fields.extend(form_el.select(&select("textarea[name]")).map(|e| (attr(&e, "name"), e.text().collect())));
    fields.extend(form_el.select(&select("select[name]")).map(|e| {
        let chosen = e.select(&select("option[selected]")).next().or_else(|| e.select(&select("option")).next());
        (attr(&e, "name"), chosen.map(|o| attr(&o, "value")).unwrap_or_default())
    }));
    fields.retain(|(name, _)| !matches!(name.as_str(), "decision" | "reason"));
    let mut form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    form.push(("decision", "approve"));
    let answer = app.post_form(&format!("/admin/submissions/{id}"), &form).await;
    let status = answer.status();
    assert_eq!(status, 303, "{}", answer.text().await.unwrap_or_default());
}

pub(crate) async fn queue_ids(app: &TestApp) -> Vec<String> {
    let page = app.get("/admin/submissions").await.text().await.expect("queue");
    page.split("href=\"/admin/submissions/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|s| *s != "options")
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn an_event_from_the_public_is_confirmed_moderated_and_published() {
    let app = TestApp::spawn_with(options()).await;
    let visitor = app.new_browser();
    let mut fields = vec![
        ("title", "Harm reduction picnic"),
        ("description", "Bring a friend. Thanks to Marie Tremblay for the food."),
        ("starts_at", "2030-07-01T12:00"),
        ("ends_at", "2030-07-01T15:00"),
        ("timezone", "America/Toronto"),
        ("location", "Memorial Park"),
        ("email", "visitor@example.net"),
        ("shown_name", "Sudbury peers"),
    ];
    let refused = rendezvous_testkit::post_form(&visitor, &app.url("/submit/event"), &fields).await;
    assert_eq!(refused.status(), 422, "the policy is not accepted");
    assert!(refused.text().await.expect("page").contains("Accept the site policy"));
    fields.push(("policy", "accepted"));
    let sent = rendezvous_testkit::post_form(&visitor, &app.url("/submit/event"), &fields).await;
    assert_eq!(sent.status(), 200);
    app.run_jobs().await;
    let mail = app.smtp.to("visitor@example.net").pop().expect("confirmation mail");

    app.admin_session().await;
    assert!(queue_ids(&app).await.is_empty(), "nothing is queued before the address is confirmed");
    let link = mail.link(&app.url("/submit/confirm")).expect("link");
    let token = link.split("token=").nth(1).expect("token");
    assert_eq!(app.new_browser().get(&link).send().await.expect("GET").status(), 200);
    assert_eq!(app.post_form("/submit/confirm", &[("token", token)]).await.status(), 200);
    assert_eq!(app.post_form("/submit/confirm", &[("token", token)]).await.status(), 400, "a link works once");

    let ids = queue_ids(&app).await;
    assert_eq!(ids.len(), 1);
    let item = app.get(&format!("/admin/submissions/{}", ids[0])).await.text().await.expect("item");
    assert!(item.contains("May name a person: Marie Tremblay"), "{item}");
    let approve = [
        ("title_en", "Harm reduction picnic"),
        ("title_fr", "Pique-nique de réduction des méfaits"),
        ("description_en", "Bring a friend."),
        ("description_fr", "Amenez quelqu’un."),
        ("starts_at", "2030-07-01T12:00"),
        ("ends_at", "2030-07-01T15:00"),
        ("timezone", "America/Toronto"),
        ("location", "Memorial Park"),
        ("address", ""),
        ("online_url", ""),
        ("decision", "approve"),
    ];
    let approved = app.post_form(&format!("/admin/submissions/{}", ids[0]), &approve).await;
    assert_eq!(approved.status(), 303);
    assert!(queue_ids(&app).await.is_empty());
    let calendar = app.get("/events.ics?lang=fr").await.text().await.expect("ics");
    assert!(calendar.contains("Pique-nique de réduction des méfaits"), "{calendar}");
    assert!(!app.get("/events").await.text().await.expect("page").contains("Marie Tremblay"));
}

#[tokio::test]
async fn a_rejection_is_mailed_in_the_submitters_language() {
    let app = TestApp::spawn_with(options()).await;
    let visitor = french_browser();
    let fields = [
        ("title", "Intervenant·e de proximité"),
        ("organisation", "Organisme démo"),
        ("description", "Travail de rue."),
        ("pay", "25 $/h"),
        ("closes_on", "2000-01-01"),
        ("email", "pair@example.net"),
        ("policy", "accepted"),
    ];
    let refused = rendezvous_testkit::post_form(&visitor, &app.url("/submit/job"), &fields).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.expect("page").contains("La date limite est passée"));
    let mut fields = fields.to_vec();
    fields.retain(|(k, _)| *k != "closes_on");
    let closes = rendezvous_platform::clock::date_in(
        &app.state.config.timezone,
        app.clock.now_ms() + 10 * rendezvous_platform::clock::DAY_MS,
    );
    fields.push(("closes_on", &closes));
    assert_eq!(rendezvous_testkit::post_form(&visitor, &app.url("/submit/job"), &fields).await.status(), 200);
    app.run_jobs().await;
    let mail = app.smtp.to("pair@example.net").pop().expect("confirmation");
    assert!(mail.subject.contains("Confirmez"), "{}", mail.subject);
    let token = mail
        .link(&app.url("/submit/confirm"))
        .and_then(|l| l.split("token=").nth(1).map(str::to_owned))
        .expect("token");
    app.post_form("/submit/confirm", &[("token", &token)]).await;

    app.admin_session().await;
    let id = queue_ids(&app).await.pop().expect("queued");
    let none = app.post_form(&format!("/admin/submissions/{id}"), &[("decision", "reject"), ("reason", "")]).await;
    assert_eq!(none.status(), 422, "a rejection needs its reason");
    let rejected = app
        .post_form(
            &format!("/admin/submissions/{id}"),
            &[("decision", "reject"), ("reason", "Le salaire manque de précision.")],
        )
        .await;
    assert_eq!(rejected.status(), 303);
    app.run_jobs().await;
    let told = app.smtp.to("pair@example.net").pop().expect("rejection mail");
    assert!(told.subject.contains("n’a pas été publiée"), "{}", told.subject);
    assert!(told.text.contains("Le salaire manque de précision."));
    assert!(!app.get("/jobs").await.text().await.expect("board").contains("Intervenant"));
}

#[tokio::test]
async fn comments_are_moderated_unless_members_may_skip_the_queue() {
    let app = TestApp::spawn_with(options()).await;
    let token =
        crate::alerts_fixtures::token_for(&app, "editor@example.org", &[rendezvous_platform::auth::Role::EDITOR], true)
            .await;
    let post = crate::alerts_fixtures::post(
        &app,
        &token,
        "/api/v1/news",
        &serde_json::json!({
            "title_en": "Forum report", "title_fr": "Rapport du forum", "body_en": "x", "body_fr": "x"
        }),
    )
    .await;
    assert_eq!(post.status(), 201);
    let member = app.new_browser();
    app.create_user("member@example.org", "Kit", &[MEMBER]).await;
    app.log_in(&member, "member@example.org", None).await;
    let comment = [("body", "Thank you for this report."), ("policy", "accepted")];
    let sent = rendezvous_testkit::post_form(&member, &app.url("/news/forum-report/comments"), &comment).await;
    assert_eq!(sent.status(), 200);
    assert!(!app.get("/news/forum-report").await.text().await.expect("page").contains("Thank you for this report"));

    app.admin_session().await;
    let id = queue_ids(&app).await.pop().expect("queued comment");
    let approved = app
        .post_form(
            &format!("/admin/submissions/{id}"),
            &[("body", "Thank you for this report."), ("decision", "approve")],
        )
        .await;
    assert_eq!(approved.status(), 303);
    let page = app.get("/news/forum-report").await.text().await.expect("page");
    assert!(page.contains("Thank you for this report") && page.contains("Kit"));

    assert_eq!(app.post_form("/admin/submissions/options", &[("members_skip", "on")]).await.status(), 303);
    let again = [("body", "A second thought, at once."), ("policy", "accepted")];
    rendezvous_testkit::post_form(&member, &app.url("/news/forum-report/comments"), &again).await;
    assert!(app.get("/news/forum-report").await.text().await.expect("page").contains("A second thought, at once."));
    let visitor = [("body", "From a visitor."), ("policy", "accepted"), ("email", "v@example.net")];
    rendezvous_testkit::post_form(&app.new_browser(), &app.url("/news/forum-report/comments"), &visitor).await;
    assert!(
        !app.get("/news/forum-report").await.text().await.expect("page").contains("From a visitor."),
        "only members skip"
    );
}

#[tokio::test]
async fn consultation_requests_are_followed_answered_and_counted() {
    let app = TestApp::spawn_with(options()).await;
    let agency = french_browser();
    let bad = rendezvous_testkit::post_form(
        &agency,
        &app.url("/consultations/request"),
        &[("organisation", ""), ("email", "x")],
    )
    .await;
    assert_eq!(bad.status(), 422);
    let request = [
        ("organisation", "Centre de santé communautaire"),
        ("region", "QC"),
        ("topic", "hcv"),
        ("need", "Nous ouvrons un programme de dépistage du VHC."),
        ("contact_name", "Coordination"),
        ("email", "coordination@example.net"),
    ];
    assert_eq!(
        rendezvous_testkit::post_form(&agency, &app.url("/consultations/request"), &request).await.status(),
        200
    );
    app.admin_session().await;
    let queue = app.get("/admin/consultations").await.text().await.expect("queue");
    assert!(
        queue.contains("Centre de santé communautaire") && queue.contains("Hepatitis C") && queue.contains("Quebec")
    );
    let id =
        queue.split("href=\"/admin/consultations/").nth(1).and_then(|s| s.split('"').next()).expect("id").to_owned();
    let saved = app
        .post_form(
            &format!("/admin/consultations/{id}"),
            &[
                ("state", "in-discussion"),
                ("assignee", "me"),
                ("notes", "Call next week."),
                ("answer", "Bonjour, nous vous appelons mardi."),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    app.run_jobs().await;
    let answer = app.smtp.to("coordination@example.net").pop().expect("answer");
    assert!(answer.subject.contains("Votre demande de consultation"), "{}", answer.subject);
    assert!(answer.text.contains("nous vous appelons mardi") && !answer.text.contains("Call next week"));
    let item = app.get(&format!("/admin/consultations/{id}")).await.text().await.expect("item");
    assert!(item.contains("Call next week.") && item.contains("selected>In discussion"));
}

#[tokio::test]
async fn a_news_tip_and_a_resource_from_members_become_a_post_and_a_resource() {
    let app = TestApp::spawn_with(options()).await;
    let member = app.new_browser();
    app.create_user("member@example.org", "Kit", &[MEMBER]).await;
    app.log_in(&member, "member@example.org", None).await;
    let tip = [("title", "A new drop-in opens in Gatineau"), ("body", "It opens on Monday."), ("policy", "accepted")];
    assert_eq!(rendezvous_testkit::post_form(&member, &app.url("/submit/news-tip"), &tip).await.status(), 200);
    let resource = [
        ("title", "Peer-led naloxone guide"),
        ("summary", "A short guide."),
        ("link", "https://example.org/guide.pdf"),
        ("policy", "accepted"),
    ];
    assert_eq!(rendezvous_testkit::post_form(&member, &app.url("/submit/resource"), &resource).await.status(), 200);
    assert!(app.get("/sitemap.xml").await.text().await.expect("xml").matches("Gatineau").count() == 0);

    app.admin_session().await;
    for id in queue_ids(&app).await {
        approve_as_shown(&app, &id).await;
    }
    let news = app.get("/news").await.text().await.expect("news");
    assert!(news.contains("A new drop-in opens in Gatineau") && news.contains("Kit"), "{news}");
    let found = crate::alerts_fixtures::get_json(&app, "", "/api/v1/resources?q=naloxone+guide").await;
    assert_eq!(found["results"].as_array().map(Vec::len), Some(1), "{found}");
}

#[tokio::test]
async fn the_submitter_of_a_job_posting_is_reminded_before_it_closes_not_the_moderator() {
    let app = TestApp::spawn_with(options()).await;
    let visitor = french_browser();
    let day = rendezvous_platform::clock::DAY_MS;
    let closes = rendezvous_platform::clock::date_in(&app.state.config.timezone, app.clock.now_ms() + 10 * day);
    let fields = [
        ("title", "Intervenant·e de proximité"),
        ("organisation", "Organisme démo"),
        ("description", "Travail de rue."),
        ("pay", "25 $/h"),
        ("closes_on", closes.as_str()),
        ("email", "pair@example.net"),
        ("policy", "accepted"),
    ];
    assert_eq!(rendezvous_testkit::post_form(&visitor, &app.url("/submit/job"), &fields).await.status(), 200);
    app.run_jobs().await;
    let token = app
        .smtp
        .to("pair@example.net")
        .pop()
        .and_then(|m| m.link(&app.url("/submit/confirm")))
        .and_then(|l| l.split("token=").nth(1).map(str::to_owned))
        .expect("token");
    rendezvous_testkit::post_form(&visitor, &app.url("/submit/confirm"), &[("token", &token)]).await;
    app.admin_session().await;
    let id = queue_ids(&app).await.pop().expect("queued");
    approve_as_shown(&app, &id).await;
    app.run_jobs().await;
    let mailed_before = app.smtp.to("pair@example.net").len();

    let features = rendezvous_server::features();
    let remind = features
        .iter()
        .flat_map(|f| f.chores.iter())
        .find(|c| c.name.contains("job postings about to close"))
        .expect("the reminder chore");
    (remind.run)(&app.state).await.expect("remind");
    app.run_jobs().await;
    assert_eq!(app.smtp.to("pair@example.net").len(), mailed_before, "ten days left: nothing yet");
    app.clock.advance_ms(8 * day);
    (remind.run)(&app.state).await.expect("remind");
    (remind.run)(&app.state).await.expect("remind again");
    app.run_jobs().await;
    let told = app.smtp.to("pair@example.net");
    assert_eq!(told.len(), mailed_before + 1, "reminded once");
    let reminder = told.last().expect("reminder");
    assert!(reminder.subject.contains("Votre offre se termine bientôt"), "in French: {}", reminder.subject);
    assert!(reminder.text.contains("Intervenant·e de proximité"));
    assert!(app.smtp.to("root-admin@example.org").is_empty(), "not the moderator");
}

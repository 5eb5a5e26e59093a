//! The library: events and their calendar feeds (read back by a parser) across a daylight-saving
//! change and a cancellation, news and its feed, job postings closing and gone, resources with
//! files whose text is searchable in both languages, and drafts invisible to the public.

use icalendar::{Calendar, Component};
use rendezvous_platform::auth::Role;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_testkit::{TestApp, TestOptions};
use serde_json::{Value, json};

use crate::alerts_fixtures::{get_json, post, token_for};

fn options() -> TestOptions {
    TestOptions { no_workers: true, ..Default::default() }
}

async fn editor(app: &TestApp) -> String {
    token_for(app, "editor@example.org", &[Role::EDITOR], true).await
}

async fn created(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    response.json().await.expect("JSON")
}

fn event(starts_at: &str, ends_at: &str) -> Value {
    json!({
        "title_en": "Naloxone training",
        "title_fr": "Formation sur la naloxone",
        "description_en": "Learn to respond to an overdose.",
        "description_fr": "Apprenez à répondre à une surdose.",
        "starts_at": starts_at,
        "ends_at": ends_at,
        "timezone": "America/Toronto",
        "location": "Drop-in centre",
        "address": "10 Elm St, Sudbury ON",
        "category": "training",
    })
}

fn parse(text: &str) -> Calendar {
    text.parse().expect("a calendar the parser reads")
}

#[tokio::test]
async fn calendar_feeds_carry_the_right_instants_across_a_clock_change_and_show_cancellations() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    // 01:30 EST to 03:30 EDT on the night clocks go forward: one hour, not two.
    let made =
        created(post(&app, &token, "/api/v1/events", &event("2027-03-14T01:30", "2027-03-14T03:30")).await).await;
    let id = made["id"].as_i64().expect("id");
    assert!(made["url"].as_str().expect("url").ends_with(&format!("/events/{id}")));

    let ics = app.get(&format!("/events/{id}/calendar.ics")).await;
    assert_eq!(ics.headers()["content-type"], "text/calendar; charset=utf-8");
    let calendar = parse(&ics.text().await.expect("ics"));
    let events = calendar.events().collect::<Vec<_>>();
    assert_eq!(events.len(), 1);
    let first = events[0];
    assert_eq!(first.property_value("DTSTART"), Some("20270314T063000Z"));
    assert_eq!(first.property_value("DTEND"), Some("20270314T073000Z"));
    assert_eq!(first.get_summary(), Some("Naloxone training"));
    let uid = first.get_uid().expect("uid").to_owned();
    assert!(first.property_value("DTSTAMP").is_some());
    assert_eq!(first.get_sequence(), Some(0));

    let french = parse(&app.get(&format!("/events/{id}/calendar.ics?lang=fr")).await.text().await.expect("ics"));
    assert_eq!(french.events().next().and_then(|e| e.get_summary()), Some("Formation sur la naloxone"));

    let cancelled = post(&app, &token, &format!("/api/v1/events/{id}/cancel"), &json!({})).await;
    assert_eq!(cancelled.status(), 200);
    assert_eq!(post(&app, &token, &format!("/api/v1/events/{id}/cancel"), &json!({})).await.status(), 409);
    let all = parse(&app.get("/events.ics").await.text().await.expect("ics"));
    let again = all.events().find(|e| e.get_uid() == Some(uid.as_str())).expect("still in the feed");
    assert_eq!(again.get_status(), Some(icalendar::EventStatus::Cancelled));
    assert_eq!(again.get_sequence(), Some(1), "a changed SEQUENCE");

    let page = app.get(&format!("/events/{id}")).await.text().await.expect("page");
    assert!(page.contains("This event is cancelled."), "{page}");
    assert!(page.contains("https://schema.org/EventCancelled") && page.contains("OfflineEventAttendanceMode"));
}

#[tokio::test]
async fn a_moved_event_says_so_and_calendars_see_a_new_sequence() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    let made =
        created(post(&app, &token, "/api/v1/events", &event("2027-06-01T10:00", "2027-06-01T12:00")).await).await;
    let id = made["id"].as_i64().expect("id");
    let moved = reqwest::Client::new()
        .put(app.url(&format!("/api/v1/events/{id}")))
        .bearer_auth(&token)
        .json(&event("2027-06-08T10:00", "2027-06-08T12:00"))
        .send()
        .await
        .expect("PUT");
    assert_eq!(moved.status(), 200);
    let calendar = parse(&app.get(&format!("/events/{id}/calendar.ics")).await.text().await.expect("ics"));
    let e = calendar.events().next().expect("event");
    assert_eq!(e.get_sequence(), Some(1));
    assert_eq!(e.property_value("DTSTART"), Some("20270608T140000Z"));
    let page = app.get(&format!("/events/{id}")).await.text().await.expect("page");
    assert!(page.contains("This event was moved") && page.contains("EventRescheduled"), "{page}");
}

#[tokio::test]
async fn bad_events_are_refused_with_the_field_at_fault() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    let cases = [
        (event("2027-03-14T02:30", "2027-03-14T04:00"), "starts_at", "events-error-time-skipped"),
        (event("2027-11-07T01:30", "2027-11-07T04:00"), "starts_at", "events-error-time-repeated"),
        (event("2027-05-01T10:00", "2027-05-01T09:00"), "ends_at", "events-error-ends-before"),
        (
            json!({"title_en": "x", "title_fr": "x", "starts_at": "2027-05-01T10:00", "ends_at": "2027-05-01T11:00",
                "timezone": "Mars/Olympus"}),
            "timezone",
            "events-error-timezone",
        ),
        (
            json!({"title_en": "x", "title_fr": "x", "starts_at": "2027-05-01T10:00", "ends_at": "2027-05-01T11:00",
                "timezone": "UTC"}),
            "location",
            "events-error-where",
        ),
    ];
    for (body, field, error) in cases {
        let response = post(&app, &token, "/api/v1/events", &body).await;
        assert_eq!(response.status(), 422, "{field}");
        let problems: Value = response.json().await.expect("JSON");
        assert!(
            problems["errors"].as_array().expect("errors").iter().any(|e| e["field"] == field && e["error"] == error),
            "{field} {error}: {problems}"
        );
    }
    let member = token_for(&app, "member@example.org", &[], false).await;
    assert_eq!(
        post(&app, &member, "/api/v1/events", &event("2027-05-01T10:00", "2027-05-01T11:00")).await.status(),
        403
    );
    let unsecured = token_for(&app, "editor2@example.org", &[Role::EDITOR], false).await;
    assert_eq!(
        post(&app, &unsecured, "/api/v1/events", &event("2027-05-01T10:00", "2027-05-01T11:00")).await.status(),
        403
    );
    assert!(app.get("/events.ics").await.text().await.expect("ics").matches("BEGIN:VEVENT").count() == 0);
}

#[tokio::test]
async fn news_is_rendered_safely_fed_and_drafts_stay_hidden() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    let made = created(
        post(
            &app,
            &token,
            "/api/v1/news",
            &json!({
                "title_en": "Our brief to the health committee",
                "title_fr": "Notre mémoire au comité de la santé",
                "body_en": "We presented **today**.\n\n<script>alert(1)</script>",
                "body_fr": "Nous avons présenté **aujourd’hui**.",
            }),
        )
        .await,
    )
    .await;
    let url = made["url"].as_str().expect("url").to_owned();
    assert!(url.ends_with("/news/our-brief-to-the-health-committee"));
    let page = reqwest::get(&url).await.expect("GET").text().await.expect("page");
    assert!(page.contains("<strong>today</strong>") && !page.contains("<script>alert"), "{page}");
    let feed = app.get("/news/feed.atom").await;
    assert_eq!(feed.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let feed = feed.text().await.expect("feed");
    assert!(feed.contains("<title>Our brief to the health committee</title>"));
    let french = app.get("/news/feed.atom?lang=fr").await.text().await.expect("feed");
    assert!(french.contains("xml:lang=\"fr\"") && french.contains("Notre mémoire"));

    created(
        post(
            &app,
            &token,
            "/api/v1/news",
            &json!({
                "title_en": "Embargoed", "title_fr": "Sous embargo", "body_en": "x", "body_fr": "x", "draft": true,
            }),
        )
        .await,
    )
    .await;
    assert_eq!(app.get("/news/embargoed").await.status(), 404);
    assert!(!app.get("/news").await.text().await.expect("page").contains("Embargoed"));
    assert!(!app.get("/news/feed.atom").await.text().await.expect("feed").contains("Embargoed"));
    let empty =
        post(&app, &token, "/api/v1/news", &json!({"title_en": "", "title_fr": "x", "body_en": "", "body_fr": "x"}))
            .await;
    assert_eq!(empty.status(), 422);
}

#[tokio::test]
async fn a_job_posting_closes_leaves_the_board_and_is_gone_30_days_later() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    let now = app.clock.now_ms();
    let date = |days: i64| rendezvous_platform::clock::date_in(&app.state.config.timezone, now + days * DAY_MS);
    let posting = |closes_on: String| {
        json!({
            "title_en": "Peer outreach worker", "title_fr": "Pair aidant·e de proximité",
            "description_en": "Street outreach with our team.", "description_fr": "Travail de rue avec notre équipe.",
            "organisation": "Sudbury Harm Reduction", "closes_on": closes_on, "pay": "$24/hour", "kind": "peer",
        })
    };
    for (closes_on, error) in [(date(-1), "postings-error-past"), (date(91), "postings-error-too-far")] {
        let refused = post(&app, &token, "/api/v1/job-postings", &posting(closes_on)).await;
        assert_eq!(refused.status(), 422);
        assert!(refused.text().await.expect("body").contains(error));
    }
    let made = created(post(&app, &token, "/api/v1/job-postings", &posting(date(10))).await).await;
    let path = format!("/jobs/{}", made["id"]);
    let open = app.get(&path).await.text().await.expect("page");
    assert!(open.contains("$24/hour") && open.contains("\"@type\":\"JobPosting\"") && !open.contains("noindex"));
    assert!(app.get("/jobs").await.text().await.expect("board").contains("Peer outreach worker"));
    assert!(app.get("/jobs/feed.atom").await.text().await.expect("feed").contains("Peer outreach worker"));

    app.clock.advance_ms(11 * DAY_MS);
    let closed = app.get(&path).await;
    assert_eq!(closed.status(), 200);
    let closed = closed.text().await.expect("page");
    assert!(closed.contains("This posting is closed") && closed.contains("noindex") && !closed.contains("JobPosting"));
    assert!(!app.get("/jobs").await.text().await.expect("board").contains("Peer outreach worker"));
    assert!(!app.get("/jobs/feed.atom").await.text().await.expect("feed").contains("Peer outreach worker"));

    app.clock.advance_ms(30 * DAY_MS);
    assert_eq!(app.get(&path).await.status(), 410);
}

fn pdf(text: &str) -> Vec<u8> {
    rendezvous_library::demo::sample_pdf(text)
}

async fn put_file(
    app: &TestApp,
    token: &str,
    id: i64,
    lang: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    reqwest::Client::new()
        .put(app.url(&format!("/api/v1/resources/{id}/files/{lang}")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("PUT")
}

async fn search(app: &TestApp, q: &str) -> Vec<Value> {
    let results = get_json(app, "", &format!("/api/v1/resources?q={q}")).await;
    results["results"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_pdfs_text_is_found_in_both_languages_without_accents() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    let made = created(
        post(
            &app,
            &token,
            "/api/v1/resources",
            &json!({
                "kind": "brief",
                "title_en": "Harm reduction in small cities",
                "summary_en": "What agencies told us.",
                "title_fr": "La réduction des méfaits dans les petites villes",
                "summary_fr": "Ce que les organismes nous ont dit.",
                "topics": ["Housing", "HIV"],
                "bill": "C-5",
            }),
        )
        .await,
    )
    .await;
    let id = made["id"].as_i64().expect("id");
    let stored = put_file(
        &app,
        &token,
        id,
        "fr",
        "application/pdf",
        pdf("Les sites de consommation supervis\\351e r\\351duisent les surdoses"),
    )
    .await;
    assert_eq!(stored.status(), 200, "{:?}", stored.text().await);
    let english = put_file(
        &app,
        &token,
        id,
        "en",
        "application/pdf",
        pdf("Supervised consumption sites prevent overdose deaths"),
    )
    .await;
    assert_eq!(english.status(), 200);
    app.run_jobs().await;

    for q in ["reduisent", "supervisee surdose", "consumption+deaths", "CONSOMMATION", "housing"] {
        let found = search(&app, q).await;
        assert_eq!(found.len(), 1, "{q}");
        assert_eq!(found[0]["title_fr"], "La réduction des méfaits dans les petites villes");
    }
    assert!(search(&app, "naloxone").await.is_empty());

    let file = app.get("/library/harm-reduction-in-small-cities/files/fr").await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert!(file.headers()["content-disposition"].to_str().expect("header").starts_with("attachment;"));
    assert!(file.bytes().await.expect("bytes").starts_with(b"%PDF-"));
    let page = app.get("/library/harm-reduction-in-small-cities").await.text().await.expect("page");
    assert!(page.contains("og:locale\" content=\"en_CA\"") && page.contains("og:locale:alternate\" content=\"fr_CA\""));
    let html = app.get("/library?q=reduction&kind=brief").await.text().await.expect("page");
    assert!(html.contains("Harm reduction in small cities"), "{html}");
}

#[tokio::test]
async fn files_not_what_they_say_and_drafts_are_kept_from_the_public() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    let made = created(
        post(
            &app,
            &token,
            "/api/v1/resources",
            &json!({"kind": "toolkit", "title_en": "Secret toolkit", "draft": true}),
        )
        .await,
    )
    .await;
    let id = made["id"].as_i64().expect("id");
    let html = put_file(&app, &token, id, "en", "application/pdf", b"<html><script>x</script></html>".to_vec()).await;
    assert_eq!(html.status(), 415);
    let page = put_file(&app, &token, id, "en", "text/html", b"<html></html>".to_vec()).await;
    assert_eq!(page.status(), 415);
    let french = put_file(&app, &token, id, "fr", "application/pdf", pdf("x")).await;
    assert_eq!(french.status(), 409, "no French version");
    assert_eq!(put_file(&app, &token, id, "en", "application/pdf", pdf("secret words")).await.status(), 200);
    app.run_jobs().await;

    assert_eq!(app.get("/library/secret-toolkit").await.status(), 404);
    assert_eq!(app.get("/library/secret-toolkit/files/en").await.status(), 404);
    assert!(search(&app, "secret").await.is_empty());
    assert!(!app.get("/library").await.text().await.expect("page").contains("Secret toolkit"));
    assert!(!app.get("/library/feed.atom").await.text().await.expect("feed").contains("Secret toolkit"));
    let refused = post(&app, &token, "/api/v1/resources", &json!({"kind": "brief", "summary_en": "no title"})).await;
    assert_eq!(refused.status(), 422);

    // A file over the limit (50 MB by default) is refused while it streams; nothing is kept.
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(50 * 1024 * 1024 + 1, b' ');
    let too_big = put_file(&app, &token, id, "en", "application/pdf", big).await;
    assert_eq!(too_big.status(), 413);
    let kept =
        std::fs::read_dir(app.state.config.data_dir.join("files/resources")).map(|d| d.flatten().count()).unwrap_or(0);
    assert_eq!(kept, 1, "only the earlier file's folder");
}

#[tokio::test]
async fn markdown_bombs_and_markup_in_news_stay_harmless() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    let bomb = format!("{}deep{}", "> ".repeat(5000), "*".repeat(10000));
    let links = "[x](javascript:alert(1)) ".repeat(500);
    let made = created(
        post(
            &app,
            &token,
            "/api/v1/news",
            &json!({
                "title_en": "<img src=x onerror=alert(1)>", "title_fr": "Titre",
                "body_en": format!("{bomb}\n\n{links}"), "body_fr": "x",
            }),
        )
        .await,
    )
    .await;
    let page = reqwest::get(made["url"].as_str().expect("url")).await.expect("GET").text().await.expect("page");
    assert!(!page.contains("<img src=x") && !page.contains("javascript:alert"), "markup escaped, scripts dropped");
    let huge = post(
        &app,
        &token,
        "/api/v1/news",
        &json!({"title_en": "x", "title_fr": "x", "body_en": "a".repeat(100_001), "body_fr": "x"}),
    )
    .await;
    assert_eq!(huge.status(), 422);
}

#[tokio::test]
async fn pages_keep_their_versions_and_the_home_page_is_the_front_door() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    app.admin_session().await;
    for about in ["We are a network of harm-reduction workers.", "We are a national network, since 1999."] {
        let saved = app
            .post_form(
                "/admin/pages/about",
                &[
                    ("title_en", "About us"),
                    ("title_fr", "À propos"),
                    ("body_en", about),
                    ("body_fr", "Nous sommes un réseau."),
                ],
            )
            .await;
        assert_eq!(saved.status(), 303);
    }
    let page = app.get("/pages/about").await.text().await.expect("page");
    assert!(page.contains("since 1999") && !page.contains("harm-reduction workers."));
    let history = app.get("/admin/pages/about").await.text().await.expect("page");
    assert_eq!(history.matches("/admin/pages/about/versions/").count(), 2, "both versions kept");
    let refused = app
        .post_form("/admin/pages/about", &[("title_en", ""), ("title_fr", "x"), ("body_en", "x"), ("body_fr", "")])
        .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        app.new_browser().get(app.url("/admin/pages")).send().await.expect("GET").status(),
        303,
        "signed-out people are sent to log in"
    );

    created(
        post(
            &app,
            &token,
            "/api/v1/news",
            &json!({"title_en": "Spring forum", "title_fr": "Forum du printemps", "body_en": "x", "body_fr": "x"}),
        )
        .await,
    )
    .await;
    created(post(&app, &token, "/api/v1/events", &event("2030-05-01T10:00", "2030-05-01T12:00")).await).await;
    created(
        post(&app, &token, "/api/v1/resources", &json!({"kind": "fact-sheet", "title_en": "Naloxone facts"})).await,
    )
    .await;
    let home = app.new_browser().get(app.url("/")).send().await.expect("GET").text().await.expect("home");
    for shown in ["since 1999", "Spring forum", "Naloxone training", "Naloxone facts"] {
        assert!(home.contains(shown), "{shown} on the home page");
    }
}

#[tokio::test]
async fn the_sitemap_lists_public_pages_only() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    created(post(&app, &token, "/api/v1/resources", &json!({"kind": "brief", "title_en": "Public brief"})).await).await;
    created(
        post(&app, &token, "/api/v1/resources", &json!({"kind": "brief", "title_en": "Draft brief", "draft": true}))
            .await,
    )
    .await;
    created(
        post(
            &app,
            &token,
            "/api/v1/news",
            &json!({"title_en": "Hidden", "title_fr": "Caché", "body_en": "x", "body_fr": "x", "draft": true}),
        )
        .await,
    )
    .await;
    let sitemap = app.get("/sitemap.xml").await;
    assert_eq!(sitemap.headers()["content-type"], "application/xml; charset=utf-8");
    let sitemap = sitemap.text().await.expect("xml");
    assert!(sitemap.contains("/library/public-brief</loc>"));
    for hidden in ["draft-brief", "/news/hidden", "/admin", "/account", "/members", "/directory"] {
        assert!(!sitemap.contains(hidden), "{hidden} in the sitemap");
    }
    let robots = app.get("/robots.txt").await.text().await.expect("robots");
    assert!(robots.contains("Disallow: /admin") && robots.contains("/sitemap.xml"));
}

#[tokio::test]
async fn a_category_feed_carries_only_that_categorys_events() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    created(post(&app, &token, "/api/v1/events", &event("2030-05-01T10:00", "2030-05-01T12:00")).await).await;
    let mut vigil = event("2030-05-02T19:00", "2030-05-02T20:00");
    vigil["title_en"] = json!("Candlelight vigil");
    vigil["category"] = json!("vigil");
    created(post(&app, &token, "/api/v1/events", &vigil).await).await;

    let summaries =
        |text: String| parse(&text).events().filter_map(|e| e.get_summary().map(str::to_owned)).collect::<Vec<_>>();
    let all = summaries(app.get("/events.ics").await.text().await.expect("ics"));
    assert_eq!(all.len(), 2);
    let vigils = summaries(app.get("/events.ics?category=vigil").await.text().await.expect("ics"));
    assert_eq!(vigils, ["Candlelight vigil"]);
    let training = summaries(app.get("/events.ics?category=training&lang=fr").await.text().await.expect("ics"));
    assert_eq!(training, ["Formation sur la naloxone"]);
    let none = summaries(app.get("/events.ics?category=%25").await.text().await.expect("ics"));
    assert!(none.is_empty(), "a category is compared whole, not as a pattern");
}

async fn resource(app: &TestApp, token: &str, body: Value) -> String {
    created(post(app, token, "/api/v1/resources", &body).await).await["url"].as_str().expect("url").to_owned()
}

async fn titles(app: &TestApp, query: &str) -> Vec<String> {
    let found = get_json(app, "", &format!("/api/v1/resources?{query}")).await;
    let mut titles: Vec<String> = found["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["title_en"].as_str().or(r["title_fr"].as_str()).unwrap_or_default().to_owned())
        .collect();
    titles.sort();
    titles
}

#[tokio::test]
async fn library_search_filters_by_topic_year_and_language() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    resource(
        &app,
        &token,
        json!({"kind": "brief", "title_en": "Housing first brief", "topics": ["Housing"], "date": "2024-05-01"}),
    )
    .await;
    resource(
        &app,
        &token,
        json!({"kind": "brief", "title_en": "HIV testing brief", "topics": ["HIV", "50%_off"], "date": "2025-02-01"}),
    )
    .await;
    resource(
        &app,
        &token,
        json!({"kind": "fact-sheet", "title_fr": "Fiche sur le logement", "topics": ["Housing"], "date": "2025-03-01"}),
    )
    .await;

    assert_eq!(titles(&app, "q=brief&topic=housing").await, ["Housing first brief"]);
    assert_eq!(titles(&app, "q=brief&topic=HIV").await, ["HIV testing brief"]);
    assert_eq!(titles(&app, "q=brief&topic=50%25_off").await, ["HIV testing brief"], "a topic with % and _");
    for pattern in ["%25", "_", "hiv%25", "h_v", "%25housing%25"] {
        assert!(titles(&app, &format!("q=brief&topic={pattern}")).await.is_empty(), "{pattern} is no wildcard");
    }
    assert_eq!(titles(&app, "q=brief&year=2024").await, ["Housing first brief"]);
    assert_eq!(titles(&app, "q=logement&year=2025").await, ["Fiche sur le logement"]);
    assert!(titles(&app, "q=logement&year=2024").await.is_empty());
    assert_eq!(titles(&app, "q=housing&lang=fr").await, ["Fiche sur le logement"]);
    assert_eq!(titles(&app, "q=housing&lang=en").await, ["Housing first brief"]);
    let page = app.get("/library?topic=housing&year=2025&language=fr").await.text().await.expect("page");
    assert!(page.contains("Fiche sur le logement") && !page.contains("Housing first brief"), "{page}");
}

#[tokio::test]
async fn a_shared_link_shows_its_language_with_the_other_as_alternate() {
    let app = TestApp::spawn_with(options()).await;
    let token = editor(&app).await;
    let news = created(
        post(
            &app,
            &token,
            "/api/v1/news",
            &json!({"title_en": "Spring forum", "title_fr": "Forum du printemps", "body_en": "x", "body_fr": "x"}),
        )
        .await,
    )
    .await;
    let news_url = news["url"].as_str().expect("url").to_owned();
    let resource_url = resource(
        &app,
        &token,
        json!({"kind": "brief", "title_en": "Drug policy brief", "title_fr": "Mémoire sur les politiques des drogues"}),
    )
    .await;
    // An English-speaking reader (no cookie, English browser) follows links shared in French.
    for (url, english, french) in [
        (&news_url, "Spring forum", "Forum du printemps"),
        (&resource_url, "Drug policy brief", "Mémoire sur les politiques des drogues"),
    ] {
        let page = reqwest::get(format!("{url}?lang=fr")).await.expect("GET").text().await.expect("page");
        let html = scraper::Html::parse_document(&page);
        let meta = |property: &str| {
            let selector = scraper::Selector::parse(&format!("meta[property=\"{property}\"]")).expect("selector");
            html.select(&selector).next().and_then(|m| m.value().attr("content")).map(str::to_owned)
        };
        assert_eq!(meta("og:title").as_deref(), Some(french), "{page}");
        assert_eq!(meta("og:locale").as_deref(), Some("fr_CA"));
        assert_eq!(meta("og:locale:alternate").as_deref(), Some("en_CA"));
        assert!(page.contains("<html lang=\"fr\""));
        let links = scraper::Selector::parse("link[rel=alternate][hreflang]").expect("selector");
        let mut alternates: Vec<(String, String)> = html
            .select(&links)
            .map(|l| {
                let attr = |name| l.value().attr(name).unwrap_or_default().to_owned();
                (attr("hreflang"), attr("href"))
            })
            .collect();
        alternates.sort();
        assert_eq!(
            alternates,
            [("en".to_owned(), format!("{url}?lang=en")), ("fr".to_owned(), format!("{url}?lang=fr"))]
        );
        let back = reqwest::get(format!("{url}?lang=en")).await.expect("GET").text().await.expect("page");
        assert!(back.contains(&format!("<meta property=\"og:title\" content=\"{english}\"")), "{back}");
        assert!(back.contains("og:locale\" content=\"en_CA\""));
        // Without the query the reader's own language holds.
        let own = reqwest::get(url.as_str()).await.expect("GET").text().await.expect("page");
        assert!(own.contains(&format!("content=\"{english}\"")));
    }
}

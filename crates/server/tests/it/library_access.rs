//! What the public sees of submissions not yet approved: nothing, on any channel (pages, calendar
//! and Atom feeds, the job board, the resource API, library search, the sitemap, the home page);
//! and a closed job posting leaves the sitemap.

use rendezvous_members::MEMBER;
use rendezvous_platform::auth::Role;
use rendezvous_platform::clock::DAY_MS;
use rendezvous_testkit::{TestApp, TestOptions, post_form};
use serde_json::json;

use crate::alerts_fixtures::{get_json, post, token_for};
use crate::library_submissions::{approve_as_shown, queue_ids};

/// What the submissions are known by: their titles and the slugs they get (never the search
/// words themselves, which a search page shows back).
const MARKS: [&str; 6] = [
    "quillwork evening",
    "quillwork programme",
    "quillwork circle",
    "quillwork and harm",
    "quillwork-circle-opens",
    "quillwork-and-harm-reduction",
];

/// The public channels that show any of the submissions.
async fn channels_showing(app: &TestApp) -> Vec<String> {
    let anonymous = app.new_browser();
    let mut showing = Vec::new();
    for path in [
        "/",
        "/events",
        "/events.ics",
        "/events.ics?lang=fr",
        "/news",
        "/news/feed.atom",
        "/news/feed.atom?lang=fr",
        "/library",
        "/library?q=quillwork",
        "/library/feed.atom",
        "/jobs",
        "/jobs/feed.atom",
        "/sitemap.xml",
        "/api/v1/resources?q=quillwork",
    ] {
        let text = anonymous.get(app.url(path)).send().await.expect("GET").text().await.expect("text");
        let text = text.to_lowercase();
        if MARKS.iter().any(|mark| text.contains(mark)) {
            showing.push(path.to_owned());
        }
    }
    showing
}

#[tokio::test]
async fn queued_submissions_show_nowhere_until_approved() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    // An event from a visitor whose address is confirmed, so it waits in the queue.
    let visitor = app.new_browser();
    let event = [
        ("title", "Quillwork evening"),
        ("description", "Beadwork and quillwork with peers."),
        ("starts_at", "2030-07-01T18:00"),
        ("ends_at", "2030-07-01T20:00"),
        ("timezone", "America/Toronto"),
        ("location", "Friendship Centre"),
        ("email", "visitor@example.net"),
        ("policy", "accepted"),
    ];
    assert_eq!(post_form(&visitor, &app.url("/submit/event"), &event).await.status(), 200);
    app.run_jobs().await;
    let mail = app.smtp.to("visitor@example.net").pop().expect("confirmation mail");
    let token = mail.link(&app.url("/submit/confirm")).and_then(|l| l.split("token=").nth(1).map(str::to_owned));
    let confirmed = post_form(&visitor, &app.url("/submit/confirm"), &[("token", &token.expect("token"))]).await;
    assert_eq!(confirmed.status(), 200);
    // A job posting, a news tip and a resource from a member.
    let member = app.new_browser();
    app.create_user("member@example.org", "Kit", &[MEMBER]).await;
    app.log_in(&member, "member@example.org", None).await;
    let closes = rendezvous_platform::clock::date_in(&app.state.config.timezone, app.clock.now_ms() + 20 * DAY_MS);
    let submissions: [(&str, Vec<(&str, &str)>); 3] = [
        (
            "job",
            vec![
                ("title", "Quillwork programme coordinator"),
                ("organisation", "Friendship Centre"),
                ("description", "Run the peer craft programme."),
                ("pay", "$22/hour"),
                ("closes_on", &closes),
            ],
        ),
        ("news-tip", vec![("title", "Quillwork circle opens"), ("body", "Every Thursday.")]),
        ("resource", vec![("title", "Quillwork and harm reduction"), ("summary", "A peer guide.")]),
    ];
    for (kind, mut fields) in submissions {
        fields.push(("policy", "accepted"));
        let sent = post_form(&member, &app.url(&format!("/submit/{kind}")), &fields).await;
        assert_eq!(sent.status(), 200, "{kind}");
    }
    app.admin_session().await;
    let queued = queue_ids(&app).await;
    assert_eq!(queued.len(), 4, "all four wait in the queue");

    assert_eq!(channels_showing(&app).await, Vec::<String>::new(), "nothing shows before approval");
    let anonymous = app.new_browser();
    for path in ["/events/1", "/jobs/1", "/news/quillwork-circle-opens", "/library/quillwork-and-harm-reduction"] {
        let status = anonymous.get(app.url(path)).send().await.expect("GET").status();
        assert_eq!(status, 404, "{path}");
    }

    for id in &queued {
        approve_as_shown(&app, id).await;
    }
    app.run_jobs().await;
    let showing = channels_showing(&app).await;
    for path in ["/events", "/events.ics", "/news", "/news/feed.atom", "/library?q=quillwork", "/jobs", "/sitemap.xml"]
    {
        assert!(showing.iter().any(|p| p == path), "{path} shows it once approved: {showing:?}");
    }
    let found = get_json(&app, "", "/api/v1/resources?q=quillwork").await;
    assert_eq!(found["results"].as_array().map(Vec::len), Some(1), "{found}");
}

#[tokio::test]
async fn a_closed_job_posting_leaves_the_sitemap() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    let token = token_for(&app, "editor@example.org", &[Role::EDITOR], true).await;
    let closes = rendezvous_platform::clock::date_in(&app.state.config.timezone, app.clock.now_ms() + 5 * DAY_MS);
    let made = post(
        &app,
        &token,
        "/api/v1/job-postings",
        &json!({
            "title_en": "Harm reduction worker", "title_fr": "Intervenant·e en réduction des méfaits",
            "description_en": "Evenings.", "description_fr": "Le soir.",
            "organisation": "Drop-in", "closes_on": closes, "pay": "$25/hour",
        }),
    )
    .await;
    assert_eq!(made.status(), 201);
    let id = made.json::<serde_json::Value>().await.expect("JSON")["id"].as_i64().expect("id");
    let listed = format!("/jobs/{id}</loc>");
    assert!(app.get("/sitemap.xml").await.text().await.expect("xml").contains(&listed));
    app.clock.advance_ms(6 * DAY_MS);
    assert!(!app.get("/sitemap.xml").await.text().await.expect("xml").contains(&listed), "closed: not listed");
}

//! Campaigns on the web: compose, preview both languages, test send through the real mailer; send
//! after seeing the count; schedule in the site's time zone (America/Toronto) started by the job
//! queue at that instant and not before; bad schedules refused with nothing changed; pause, resume,
//! cancel; the progress JSON and page; the public archive and its feed, which never show a private
//! list's campaign nor anyone's name or links.

use rendezvous_newsletter::campaigns::{self, NewCampaign};
use rendezvous_newsletter::model::ConsentKind;
use rendezvous_testkit::{TestApp, TestOptions};

use crate::newsletter_import::{import_bytes, make_list};

/// 2027-01-10T12:00:00Z: a winter day (Toronto is UTC-5).
const JAN_10_NOON_UTC: i64 = 1_799_582_400_000;
/// 2027-01-11 09:30 in Toronto = 2027-01-11T14:30:00Z.
const JAN_11_0930_TORONTO: i64 = 1_799_677_800_000;
/// 2027-03-13T12:00:00Z, the day before clocks spring forward in Toronto.
const MAR_13_NOON_UTC: i64 = 1_804_939_200_000;

fn app_options() -> TestOptions {
    TestOptions { no_workers: true, ..Default::default() }
}

/// Moves the test clock to (about) an instant.
fn set_clock(app: &TestApp, at: i64) {
    app.clock.advance_ms(at - app.clock.now_ms());
}

/// A communications officer with two-factor on, logged in on `app.client`.
async fn comms_session(app: &TestApp) {
    let id = app.create_user("comms@example.org", "Casey Comms", &[rendezvous_newsletter::COMMUNICATIONS]).await;
    let secret = app.enable_two_factor(id).await;
    let response = app.log_in(&app.client, "comms@example.org", Some(&secret)).await;
    assert_eq!(response.status(), 303, "log-in");
}

/// A list of `count` subscribers, every third one French, named "Person i".
pub(crate) async fn audience(app: &TestApp, slug: &str, public: bool, count: usize) -> rendezvous_newsletter::ListId {
    let list = make_list(app, slug, public).await;
    let mut file = String::from("email,name,language\n");
    for i in 0..count {
        let lang = if i % 3 == 0 { "fr" } else { "en" };
        file.push_str(&format!("{slug}{i}@example.org,Person {i},{lang}\n"));
    }
    import_bytes(app, list, file.as_bytes(), ConsentKind::ExpressImport).await;
    list
}

const COMPOSE: [(&str, &str); 8] = [
    ("list", "news"),
    ("segment", ""),
    ("subject_en", "Spring update"),
    ("preheader_en", "Forum dates and the new guide"),
    ("body_en", "Hello {{name}},\n\nThe **forum** is on May 14."),
    ("subject_fr", "Nouvelles du printemps"),
    ("preheader_fr", "Les dates du forum et le nouveau guide"),
    ("body_fr", "Bonjour {{name}},\n\nLe **forum** a lieu le 14 mai."),
];

fn location_id(response: &reqwest::Response) -> rendezvous_newsletter::CampaignId {
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).expect("redirect");
    location.trim_start_matches("/admin/campaigns/").parse().expect("campaign id in the location")
}

/// Composes the draft above on the web; returns its id.
async fn compose(app: &TestApp) -> rendezvous_newsletter::CampaignId {
    let response = app.post_form("/admin/campaigns", &COMPOSE).await;
    assert_eq!(response.status(), 303, "draft saved");
    location_id(&response)
}

async fn text(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    (response.status().as_u16(), response.text().await.expect("body"))
}

pub(crate) async fn run_jobs(app: &TestApp) {
    app.run_jobs().await;
}

async fn scalar(app: &TestApp, sql: &str, id: rendezvous_newsletter::CampaignId) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).bind(id).fetch_one(&app.db().pool).await.expect("query")
}

async fn state_of(app: &TestApp, id: rendezvous_newsletter::CampaignId) -> String {
    campaigns::by_id(app.db(), id).await.expect("read").expect("campaign").state.as_str().to_owned()
}

async fn audited(app: &TestApp, action: &str) -> bool {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&app.db().pool)
        .await
        .expect("audit");
    n > 0
}

#[tokio::test]
async fn compose_preview_both_languages_and_a_test_send_through_the_mailer() {
    let app = TestApp::spawn_with(app_options()).await;
    audience(&app, "news", true, 6).await;
    comms_session(&app).await;

    let (status, form) = text(&app, "/admin/campaigns/new").await;
    assert_eq!(status, 200);
    assert!(form.contains("{{name}}") && form.contains("<textarea id=\"body_fr\" name=\"body_fr\""));
    assert!(form.contains("<label for=\"preheader_en\">Preheader</label>"));

    // The list is English: an English body is required; nothing is saved without it.
    let mut missing = COMPOSE;
    missing[4] = ("body_en", "  ");
    let refused = app.post_form("/admin/campaigns", &missing).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.expect("body");
    assert!(page.contains("error-summary") && page.contains("Enter a message in the list&#39;s main language"));
    assert!(page.contains("Nouvelles du printemps"), "what was typed is kept");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM campaigns WHERE $1 = $1", rendezvous_newsletter::CampaignId(0)).await,
        0
    );

    let id = compose(&app).await;
    assert!(audited(&app, "campaign.create").await);
    let (_, list) = text(&app, "/admin/campaigns").await;
    assert!(list.contains(&format!("href=\"/admin/campaigns/{id}\">Spring update</a>")) && list.contains("Draft"));
    let (status, preview) = text(&app, &format!("/admin/campaigns/{id}/preview")).await;
    assert_eq!(status, 200);
    assert!(preview.contains("Spring update") && preview.contains("Nouvelles du printemps"));
    assert!(preview.contains("Hello Alex") && preview.contains("Bonjour Alex"), "the sample name");
    assert!(preview.contains("<strong>forum</strong>"), "rendered Markdown");
    assert!(preview.contains("Forum dates and the new guide") && preview.contains("Les dates du forum"));
    assert!(!preview.contains("/unsubscribe/"), "no one's unsubscribe link in a preview");

    // Edit the draft: the change shows in the preview.
    let mut edited = COMPOSE;
    edited[2] = ("subject_en", "Spring update (corrected)");
    let saved = app.post_form(&format!("/admin/campaigns/{id}/edit"), &edited).await;
    assert_eq!(saved.status(), 303);
    assert!(text(&app, &format!("/admin/campaigns/{id}/preview")).await.1.contains("Spring update (corrected)"));

    // The test form offers the signed-in person's address; the test goes through real SMTP.
    let (_, page) = text(&app, &format!("/admin/campaigns/{id}")).await;
    assert!(page.contains("value=\"comms@example.org\""));
    let sent =
        app.post_form(&format!("/admin/campaigns/{id}/test"), &[("to", "tester@example.org"), ("lang", "fr")]).await;
    assert_eq!(sent.status(), 303);
    let mail = app.smtp.wait_for("tester@example.org", 1).await.remove(0);
    assert_eq!(mail.subject, "[ESSAI] Nouvelles du printemps", "marked as a test in its language");
    assert!(mail.text.contains("Bonjour Casey Comms"), "{}", mail.text);
    assert!(mail.html.contains("Les dates du forum et le nouveau guide"), "the preheader is in the HTML");
    assert!(audited(&app, "campaign.test").await);
    let bad = app.post_form(&format!("/admin/campaigns/{id}/test"), &[("to", "not an address"), ("lang", "en")]).await;
    assert_eq!(bad.status(), 422);
    assert_eq!(state_of(&app, id).await, "draft", "a test changes nothing");
}

#[tokio::test]
async fn send_now_warns_when_the_campaign_has_no_french_version() {
    let app = TestApp::spawn_with(app_options()).await;
    audience(&app, "news", true, 3).await;
    comms_session(&app).await;
    let mut english_only = COMPOSE;
    english_only[5] = ("subject_fr", "");
    english_only[7] = ("body_fr", "");
    let response = app.post_form("/admin/campaigns", &english_only).await;
    assert_eq!(response.status(), 303);
    let id = location_id(&response);
    let (_, confirm) = text(&app, &format!("/admin/campaigns/{id}/send")).await;
    assert!(confirm.contains("id=\"no-french\""), "{confirm}");
    assert!(confirm.contains("French-speaking subscribers will receive the English version"), "{confirm}");
    let test = app.post_form(&format!("/admin/campaigns/{id}/test"), &[("to", "t@example.org"), ("lang", "en")]).await;
    assert_eq!(test.status(), 303);
    assert_eq!(app.smtp.wait_for("t@example.org", 1).await.remove(0).subject, "[TEST] Spring update");
}

#[tokio::test]
async fn send_now_shows_the_count_and_the_preheader_reaches_subscribers() {
    let app = TestApp::spawn_with(app_options()).await;
    audience(&app, "news", true, 5).await;
    comms_session(&app).await;
    let id = compose(&app).await;
    let (_, confirm) = text(&app, &format!("/admin/campaigns/{id}/send")).await;
    assert!(confirm.contains("5 people"), "the count before sending");
    assert!(!confirm.contains("id=\"no-french\""), "this campaign has its French version");
    assert_eq!(app.post_form(&format!("/admin/campaigns/{id}/send"), &[]).await.status(), 303);
    let again = app.post_form(&format!("/admin/campaigns/{id}/send"), &[]).await;
    assert_eq!(again.status(), 303, "a second click is refused with a message");
    run_jobs(&app).await;
    assert_eq!(app.smtp.all().len(), 5, "sent once");
    let mail = app.smtp.to("news1@example.org").remove(0);
    assert!(mail.html.contains("Forum dates and the new guide") && mail.html.contains("display:none"));
    assert_eq!(state_of(&app, id).await, "sent");
    assert!(audited(&app, "campaign.send").await);
}

#[tokio::test]
async fn a_schedule_in_toronto_starts_at_that_instant_and_not_before() {
    let app = TestApp::spawn_with(app_options()).await;
    set_clock(&app, JAN_10_NOON_UTC);
    audience(&app, "news", true, 4).await;
    comms_session(&app).await;
    let id = compose(&app).await;

    let scheduled =
        app.post_form(&format!("/admin/campaigns/{id}/schedule"), &[("date", "2027-01-11"), ("time", "09:30")]).await;
    assert_eq!(scheduled.status(), 303);
    let at = campaigns::by_id(app.db(), id).await.expect("read").expect("campaign").scheduled_at;
    assert_eq!(at, Some(JAN_11_0930_TORONTO), "09:30 in Toronto in January is 14:30 UTC");
    assert_eq!(state_of(&app, id).await, "scheduled");
    let (_, page) = text(&app, &format!("/admin/campaigns/{id}")).await;
    assert!(page.contains("2027-01-11 09:30 (America/Toronto)"), "shown in local time");
    assert!(audited(&app, "campaign.schedule").await);

    run_jobs(&app).await;
    set_clock(&app, JAN_11_0930_TORONTO - 60_000);
    run_jobs(&app).await;
    assert_eq!(state_of(&app, id).await, "scheduled", "not before its time");
    assert!(app.smtp.all().is_empty());

    set_clock(&app, JAN_11_0930_TORONTO + 1_000);
    run_jobs(&app).await;
    assert_eq!(state_of(&app, id).await, "sent");
    assert_eq!(app.smtp.all().len(), 4);
    let started = campaigns::by_id(app.db(), id).await.expect("read").expect("campaign").started_at.expect("started");
    assert!(started >= JAN_11_0930_TORONTO);
}

#[tokio::test]
async fn unscheduling_stops_the_start_and_a_new_time_replaces_the_old() {
    let app = TestApp::spawn_with(app_options()).await;
    set_clock(&app, JAN_10_NOON_UTC);
    audience(&app, "news", true, 2).await;
    comms_session(&app).await;
    let id = compose(&app).await;
    let path = format!("/admin/campaigns/{id}/schedule");
    app.post_form(&path, &[("date", "2027-01-11"), ("time", "09:30")]).await;
    assert_eq!(app.post_form(&format!("/admin/campaigns/{id}/unschedule"), &[]).await.status(), 303);
    assert_eq!(state_of(&app, id).await, "draft");
    app.post_form(&path, &[("date", "2027-01-12"), ("time", "09:30")]).await;
    set_clock(&app, JAN_11_0930_TORONTO + 1_000);
    run_jobs(&app).await;
    assert_eq!(state_of(&app, id).await, "scheduled", "the old time's job does nothing");
    assert!(app.smtp.all().is_empty());
    set_clock(&app, JAN_11_0930_TORONTO + 24 * 3_600_000 + 1_000);
    run_jobs(&app).await;
    assert_eq!(state_of(&app, id).await, "sent");
    assert_eq!(app.smtp.all().len(), 2);
}

#[tokio::test]
async fn invalid_or_past_schedules_are_refused_in_the_persons_language_and_change_nothing() {
    let app = TestApp::spawn_with(app_options()).await;
    set_clock(&app, MAR_13_NOON_UTC);
    audience(&app, "news", true, 2).await;
    comms_session(&app).await;
    let id = compose(&app).await;
    let path = format!("/admin/campaigns/{id}/schedule");
    let cases = [
        (("2027-03-12", "09:30"), "This time has passed"),
        (("2027-02-30", "09:30"), "Enter a date like 2026-12-01"),
        (("next week", "09:30"), "Enter a date like 2026-12-01"),
        (("2027-03-15", "9h30"), "Enter a time like 09:30"),
        // Clocks go from 02:00 to 03:00 on 2027-03-14 in Toronto.
        (("2027-03-14", "02:30"), "This time does not exist that day"),
        (("2029-03-14", "09:30"), "Choose a time within a year"),
    ];
    for ((date, time), message) in cases {
        let response = app.post_form(&path, &[("date", date), ("time", time)]).await;
        assert_eq!(response.status(), 422, "{date} {time}");
        let page = response.text().await.expect("body");
        assert!(page.contains(message), "{date} {time}: {message}");
        assert!(page.contains("error-summary"));
        assert!(page.contains(&format!("value=\"{date}\"")), "what was typed is kept");
    }
    let campaign = campaigns::by_id(app.db(), id).await.expect("read").expect("campaign");
    assert_eq!((campaign.state.as_str(), campaign.scheduled_at), ("draft", None));
    let jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs").fetch_one(&app.db().pool).await.expect("jobs");
    assert_eq!(jobs, 0);

    // In French, in French.
    app.post_form("/lang", &[("lang", "fr"), ("next", "/")]).await;
    let response = app.post_form(&path, &[("date", "2027-03-12"), ("time", "09:30")]).await;
    assert!(response.text().await.expect("body").contains("Ce moment est passé"));
}

#[tokio::test]
async fn pause_stops_sending_resume_finishes_and_cancel_leaves_the_rest_unsent() {
    let app = TestApp::spawn_with(app_options()).await;
    audience(&app, "news", true, 10).await;
    comms_session(&app).await;

    // Two busy mailboxes keep two deliveries waiting for a retry.
    app.smtp.refuse("news1@example.org", 450);
    app.smtp.refuse("news2@example.org", 450);
    let id = compose(&app).await;
    app.post_form(&format!("/admin/campaigns/{id}/send"), &[]).await;
    run_jobs(&app).await;
    assert_eq!(app.smtp.all().len(), 8);

    assert_eq!(app.post_form(&format!("/admin/campaigns/{id}/pause"), &[]).await.status(), 303);
    assert_eq!(state_of(&app, id).await, "paused");
    app.smtp.accept("news1@example.org");
    app.smtp.accept("news2@example.org");
    app.clock.advance_ms(10 * 60_000);
    run_jobs(&app).await;
    assert_eq!(app.smtp.all().len(), 8, "nothing goes out while paused");
    let progress: serde_json::Value =
        app.get(&format!("/admin/campaigns/{id}/progress.json")).await.json().await.expect("JSON");
    assert_eq!((progress["state"].as_str(), progress["remaining"].as_i64()), (Some("paused"), Some(2)));

    assert_eq!(app.post_form(&format!("/admin/campaigns/{id}/resume"), &[]).await.status(), 303);
    run_jobs(&app).await;
    assert_eq!(app.smtp.all().len(), 10, "resume finishes");
    assert_eq!(state_of(&app, id).await, "sent");
    assert!(audited(&app, "campaign.pause").await && audited(&app, "campaign.resume").await);

    // A second campaign, cancelled while two wait for their retry: they are never sent.
    app.smtp.refuse("news3@example.org", 450);
    app.smtp.refuse("news4@example.org", 450);
    let second = compose(&app).await;
    app.post_form(&format!("/admin/campaigns/{second}/send"), &[]).await;
    run_jobs(&app).await;
    assert_eq!(app.smtp.all().len(), 18);
    assert_eq!(app.post_form(&format!("/admin/campaigns/{second}/cancel"), &[]).await.status(), 303);
    app.smtp.accept("news3@example.org");
    app.smtp.accept("news4@example.org");
    app.clock.advance_ms(60 * 60_000);
    run_jobs(&app).await;
    assert_eq!(app.smtp.all().len(), 18, "the cancelled ones are never sent");
    assert_eq!(state_of(&app, second).await, "cancelled");
    let cancelled =
        scalar(&app, "SELECT COUNT(*) FROM deliveries WHERE campaign_id = $1 AND state = 'cancelled'", second).await;
    assert_eq!(cancelled, 2);
    // Nothing more can be done to it.
    app.post_form(&format!("/admin/campaigns/{second}/resume"), &[]).await;
    assert_eq!(state_of(&app, second).await, "cancelled");
    assert!(audited(&app, "campaign.cancel").await);
}

#[tokio::test]
async fn the_progress_json_and_page_show_the_same_numbers_and_need_the_role() {
    let app = TestApp::spawn_with(app_options()).await;
    audience(&app, "news", true, 6).await;
    comms_session(&app).await;
    app.smtp.refuse("news1@example.org", 450);
    app.smtp.refuse("news2@example.org", 550);
    let id = compose(&app).await;
    app.post_form(&format!("/admin/campaigns/{id}/send"), &[]).await;
    run_jobs(&app).await;

    let response = app.get(&format!("/admin/campaigns/{id}/progress.json")).await;
    assert_eq!(response.status(), 200);
    let json: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(json["state"], "sending");
    assert_eq!(
        (json["sent"].as_i64(), json["failed"].as_i64(), json["remaining"].as_i64()),
        (Some(4), Some(1), Some(1))
    );
    assert_eq!(json["recipients"], 6);
    assert!(json["per_minute"].as_i64().is_some_and(|r| r >= 4), "{json}");
    assert!(json["seconds_left"].as_i64().is_some_and(|s| s > 0), "{json}");
    assert_eq!(json["finished"], false);
    assert!(json["time_left"].as_str().is_some_and(|t| !t.is_empty()));

    let (_, page) = text(&app, &format!("/admin/campaigns/{id}")).await;
    assert!(page.contains("id=\"n-sent\">4<") && page.contains("id=\"n-failed\">1<"));
    assert!(page.contains("id=\"n-remaining\">1<"));
    assert!(page.contains("data-progress-url=\"/admin/campaigns/"));
    assert!(page.contains("<script src=\"/static/live-progress.js\" defer></script>"));
    let script = app.get("/static/live-progress.js").await;
    assert!(script.headers()["content-type"].to_str().expect("type").starts_with("text/javascript"));

    // Someone without the role gets nothing.
    let stranger = app.new_browser();
    let anonymous = stranger.get(app.url(&format!("/admin/campaigns/{id}/progress.json"))).send().await.expect("GET");
    assert_ne!(anonymous.status(), 200);
    app.create_user("member@example.org", "Member", &[rendezvous_members::MEMBER]).await;
    app.log_in(&stranger, "member@example.org", None).await;
    let member = stranger.get(app.url(&format!("/admin/campaigns/{id}/progress.json"))).send().await.expect("GET");
    assert_eq!(member.status(), 403);
}

fn french_browser() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::ACCEPT_LANGUAGE, reqwest::header::HeaderValue::from_static("fr-CA,fr;q=0.9"));
    reqwest::Client::builder().default_headers(headers).build().expect("client")
}

async fn sent_campaign(
    app: &TestApp,
    slug: &str,
    subject_en: &str,
    subject_fr: &str,
) -> rendezvous_newsletter::CampaignId {
    let new = NewCampaign {
        list_slug: slug,
        subject_en,
        body_en: "Hello {{name}}, see you at the forum.",
        subject_fr,
        body_fr: "Bonjour {{name}}, à bientôt au forum.",
        segment_id: None,
        created_by: None,
    };
    let id = campaigns::create(app.db(), &app.clock, &new).await.expect("create");
    campaigns::lifecycle::send_now(&app.state, id).await.expect("send");
    run_jobs(app).await;
    id
}

#[tokio::test]
async fn the_archive_shows_public_lists_mailings_in_both_languages_and_never_private_ones() {
    let app = TestApp::spawn_with(app_options()).await;
    audience(&app, "news", true, 3).await;
    audience(&app, "staff", false, 3).await;
    let public = sent_campaign(&app, "news", "Public spring update", "Nouvelles publiques du printemps").await;
    let private = sent_campaign(&app, "staff", "Staff only: salaries", "Équipe seulement : salaires").await;
    let draft = NewCampaign {
        list_slug: "news",
        subject_en: "Unsent draft",
        body_en: "Not yet",
        subject_fr: "",
        body_fr: "",
        segment_id: None,
        created_by: None,
    };
    campaigns::create(app.db(), &app.clock, &draft).await.expect("draft");

    let (status, index) = text(&app, "/mailings").await;
    assert_eq!(status, 200);
    assert!(index.contains("Public spring update") && index.contains(&format!("href=\"/mailings/{public}\"")));
    assert!(!index.contains("Staff only") && !index.contains("Unsent draft"));
    assert!(index.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/mailings.atom?lang=en\""));

    let french = french_browser();
    let index_fr = french.get(app.url("/mailings")).send().await.expect("GET").text().await.expect("body");
    assert!(index_fr.contains("Nouvelles publiques du printemps") && !index_fr.contains("salaires"));

    let (status, page) = text(&app, &format!("/mailings/{public}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Hello friend, see you at the forum."), "no one's name");
    let page_fr =
        french.get(app.url(&format!("/mailings/{public}"))).send().await.expect("GET").text().await.expect("body");
    assert!(page_fr.contains("Bonjour ami·e, à bientôt au forum."));
    for body in [&page, &page_fr, &index] {
        assert!(!body.contains("Person "), "no subscriber's name");
        assert!(!body.contains("/unsubscribe/") && !body.contains("/preferences/"), "no personal link");
    }
    assert_eq!(text(&app, &format!("/mailings/{private}")).await.0, 404);
    assert_eq!(text(&app, "/mailings/999999").await.0, 404);

    for (lang, subject) in [("en", "Public spring update"), ("fr", "Nouvelles publiques du printemps")] {
        let response = app.get(&format!("/mailings.atom?lang={lang}")).await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().expect("type").starts_with("application/atom+xml"));
        let feed = response.text().await.expect("feed");
        assert!(feed.starts_with("<?xml") && feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
        assert!(feed.contains(&format!("<title>{subject}</title>")), "{feed}");
        assert!(feed.contains(&format!("{}/mailings/{public}</id>", app.base_url)));
        assert!(!feed.contains("Staff") && !feed.contains("salaires") && !feed.contains("Unsent"));
        assert!(!feed.contains("/unsubscribe/") && !feed.contains("Person "));
        assert!(feed.contains("<content type=\"html\">&#60;p&#62;"), "the HTML content is escaped: {feed}");
    }
    // Without ?lang, the page language.
    let feed_fr = french.get(app.url("/mailings.atom")).send().await.expect("GET").text().await.expect("feed");
    assert!(feed_fr.contains("xml:lang=\"fr\"") && feed_fr.contains("Nouvelles publiques du printemps"));
}

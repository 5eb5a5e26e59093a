//! Memberships: application → review → active → reminder → grace → lapsed on a moving clock,
//! implied consent for the members' list following the membership, renewal, bad input.

use rendezvous_members::lifecycle;
use rendezvous_members::model::{ForKind, Term};
use rendezvous_members::store::catalogue::{NewType, insert_type};
use rendezvous_testkit::{TestApp, post_form};

pub const DAY: i64 = 86_400_000;

/// A membership type straight into the store (the admin page has its own test).
pub async fn make_type(
    app: &TestApp,
    slug: &str,
    for_kind: ForKind,
    needs_approval: bool,
    implied: bool,
) -> rendezvous_members::MembershipTypeId {
    let new = NewType {
        slug,
        name_en: &format!("{slug} (en)"),
        name_fr: &format!("{slug} (fr)"),
        for_kind,
        term: Term::Annual,
        needs_approval,
        questions_en: "Why do you want to join?",
        questions_fr: "Pourquoi voulez-vous adhérer ?",
        implied_consent: implied,
        is_open: true,
        reminder_days: 30,
        grace_days: 30,
    };
    insert_type(app.db(), &new, app.clock.now_ms()).await.expect("insert type")
}

/// Runs the lifecycle job as housekeeping would, and waits for it and the mail it queues.
pub async fn run_lifecycle(app: &TestApp) {
    lifecycle::schedule(&app.state).await.expect("schedule");
    app.drain_jobs().await;
}

/// A signed-in person in a browser of their own.
pub async fn person(app: &TestApp, email: &str, name: &str) -> (rendezvous_platform::auth::UserId, reqwest::Client) {
    let id = app.create_user(email, name, &[]).await;
    let browser = app.new_browser();
    let response = app.log_in(&browser, email, None).await;
    assert_eq!(response.status(), 303);
    (id, browser)
}

pub fn membership_id(response: &reqwest::Response) -> rendezvous_members::MembershipId {
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default();
    location.rsplit('/').next().and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("no id in {location}"))
}

async fn consent_row(app: &TestApp, email: &str) -> (String, String, Option<i64>) {
    sqlx::query_as(
        "SELECT s.status, s.consent_kind, s.consent_expires_at FROM subscriptions s
         JOIN subscribers p ON p.id = s.subscriber_id JOIN lists l ON l.id = s.list_id
         WHERE l.slug = 'members' AND p.email_norm = $1",
    )
    .bind(email)
    .fetch_one(&app.db().pool)
    .await
    .expect("members list subscription")
}

#[tokio::test]
async fn application_review_active_reminder_grace_lapsed_on_the_clock() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let kind = make_type(&app, "individual", ForKind::Person, true, true).await;
    let (user, browser) = person(&app, "sam@example.org", "Sam").await;

    let form = app.url(&format!("/members/apply/{kind}"));
    let missing = post_form(&browser, &form, &[("category", "researcher")]).await;
    assert_eq!(missing.status(), 422);
    assert!(missing.text().await.expect("body").contains("Answer this question"));
    let applied = post_form(&browser, &form, &[("category", "researcher"), ("answer-0", "To learn")]).await;
    assert_eq!(applied.status(), 303);
    let id = membership_id(&applied);
    let received = app.smtp.wait_for("sam@example.org", 1).await;
    assert!(received[0].subject.contains("We received your application"));
    let again = post_form(&browser, &form, &[("answer-0", "Twice")]).await;
    assert!(again.text().await.expect("body").contains("already have an application"));

    // The admin asks for more; the applicant answers; the admin approves.
    let ask =
        app.post_form(&format!("/admin/members/{id}/decide"), &[("decision", "info"), ("note", "Which city?")]).await;
    assert_eq!(ask.status(), 303);
    let asked = app.smtp.wait_for("sam@example.org", 2).await;
    assert!(asked[1].text.contains("Which city?"));
    let answered = post_form(
        &browser,
        &app.url(&format!("/members/applications/{id}")),
        &[("answer-0", "To learn"), ("note", "Halifax")],
    )
    .await;
    assert_eq!(answered.status(), 303);
    let approve = app.post_form(&format!("/admin/members/{id}/decide"), &[("decision", "approve")]).await;
    assert_eq!(approve.status(), 303);
    let approved = app.smtp.wait_for("sam@example.org", 3).await;
    assert!(approved[2].subject.contains("Welcome"));
    let now = app.clock.now_ms();
    assert!(rendezvous_members::memberships::is_active_member(app.db(), user, now).await.expect("query"));

    // Implied consent for the members' list, running two years from the end of the term.
    let (status, kind_name, expires) = consent_row(&app, "sam@example.org").await;
    assert_eq!((status.as_str(), kind_name.as_str()), ("subscribed", "implied_membership"));
    let end: i64 = sqlx::query_scalar("SELECT expires_at FROM memberships WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db().pool)
        .await
        .expect("expiry");
    assert_eq!(expires, Some(end + 730 * DAY));

    // 340 days on: the reminder (30 days before the end), once.
    app.clock.advance_ms(340 * DAY);
    run_lifecycle(&app).await;
    run_lifecycle(&app).await;
    let reminded = app.smtp.wait_for("sam@example.org", 4).await;
    assert!(reminded[3].subject.contains("ends soon"));
    // 366 days: grace, still a member.
    app.clock.advance_ms(26 * DAY);
    run_lifecycle(&app).await;
    let grace = app.smtp.wait_for("sam@example.org", 5).await;
    assert!(grace[4].subject.contains("you can still renew"));
    assert!(rendezvous_members::memberships::is_active_member(app.db(), user, app.clock.now_ms()).await.expect("q"));
    // 31 days more: lapsed, and consent runs two years from the lapse.
    app.clock.advance_ms(31 * DAY);
    run_lifecycle(&app).await;
    let lapsed = app.smtp.wait_for("sam@example.org", 6).await;
    assert!(lapsed[5].subject.contains("lapsed"));
    assert_eq!(app.smtp.to("sam@example.org").len(), 6, "each step mails once");
    assert!(!rendezvous_members::memberships::is_active_member(app.db(), user, app.clock.now_ms()).await.expect("q"));
    let lapsed_at: i64 = sqlx::query_scalar("SELECT lapsed_at FROM memberships WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db().pool)
        .await
        .expect("lapse date");
    let (_, _, expires) = consent_row(&app, "sam@example.org").await;
    assert_eq!(expires, Some(lapsed_at + 730 * DAY));
    // The newsletter stops counting the address once that consent has run out.
    app.clock.advance_ms(731 * DAY);
    let counted: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM subscriptions WHERE status = 'subscribed' AND (consent_expires_at IS NULL OR consent_expires_at > $1)",
    )
    .bind(app.clock.now_ms())
    .fetch_one(&app.db().pool)
    .await
    .expect("count");
    assert_eq!(counted, 0);
}

#[tokio::test]
async fn a_member_renews_in_grace_without_a_gap_and_mail_is_in_their_language() {
    let app = TestApp::spawn().await;
    let kind = make_type(&app, "open", ForKind::Person, false, false).await;
    let id = app.create_user("lea@example.org", "Léa", &[]).await;
    rendezvous_accounts::set_lang(app.db(), id, rendezvous_platform::i18n::Lang::Fr).await.expect("lang");
    let browser = app.new_browser();
    app.log_in(&browser, "lea@example.org", None).await;
    let applied = post_form(&browser, &app.url(&format!("/members/apply/{kind}")), &[("answer-0", "Oui")]).await;
    assert_eq!(applied.status(), 303);
    let mid = membership_id(&applied);
    let welcome = app.smtp.wait_for("lea@example.org", 1).await;
    assert!(welcome[0].subject.contains("Bienvenue"), "no approval needed: active at once, in French");
    let end: i64 = sqlx::query_scalar("SELECT expires_at FROM memberships WHERE id = $1")
        .bind(mid)
        .fetch_one(&app.db().pool)
        .await
        .expect("end");
    app.clock.advance_ms(370 * DAY);
    run_lifecycle(&app).await;
    app.log_in(&browser, "lea@example.org", None).await;
    let renew = post_form(&browser, &app.url(&format!("/members/{mid}/renew")), &[]).await;
    assert_eq!(renew.status(), 303);
    let (status, new_end): (String, i64) = sqlx::query_as("SELECT status, expires_at FROM memberships WHERE id = $1")
        .bind(mid)
        .fetch_one(&app.db().pool)
        .await
        .expect("row");
    assert_eq!(status, "active");
    assert_eq!(new_end, end + 365 * DAY);
    // Someone else cannot renew it.
    let (_, other) = person(&app, "other@example.org", "Other").await;
    assert_eq!(post_form(&other, &app.url(&format!("/members/{mid}/renew")), &[]).await.status(), 404);
}

#[tokio::test]
async fn closed_types_and_the_wrong_kind_are_refused_with_nothing_changed() {
    let app = TestApp::spawn().await;
    let kind = make_type(&app, "closed", ForKind::Person, true, false).await;
    rendezvous_members::store::catalogue::set_type_open(app.db(), kind, false).await.expect("close");
    let org_kind = make_type(&app, "agencies", ForKind::Organisation, true, false).await;
    let (_, browser) = person(&app, "pat@example.org", "Pat").await;
    let closed = post_form(&browser, &app.url(&format!("/members/apply/{kind}")), &[("answer-0", "x")]).await;
    assert_eq!(closed.status(), 422);
    assert!(closed.text().await.expect("body").contains("closed to applications"));
    // An organisation application with bad fields: each named, nothing stored.
    let bad = post_form(
        &browser,
        &app.url(&format!("/members/apply/{org_kind}")),
        &[
            ("answer-0", "x"),
            ("mode", "new"),
            ("name_en", &"N".repeat(200)),
            ("kind", "agency"),
            ("province", "ZZ"),
            ("website", "javascript:alert(1)"),
        ],
    )
    .await;
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.expect("body");
    assert!(body.contains("This is too long"));
    assert!(body.contains("Choose a province or territory"));
    assert!(body.contains("starting with http:// or https://"));
    let counts: (i64, i64) =
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM memberships), (SELECT COUNT(*) FROM organisations)")
            .fetch_one(&app.db().pool)
            .await
            .expect("counts");
    assert_eq!(counts, (0, 0));
    // In French too.
    let fr = app.new_browser();
    app.log_in(&fr, "pat@example.org", None).await;
    post_form(&fr, &app.url("/lang"), &[("lang", "fr"), ("next", "/")]).await;
    let closed = post_form(&fr, &app.url(&format!("/members/apply/{kind}")), &[("answer-0", "x")]).await;
    assert!(closed.text().await.expect("body").contains("n’accepte pas de demandes"));
}

#[tokio::test]
async fn admin_creates_a_type_declines_with_a_reason_and_every_page_renders_in_both_languages() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let created = app
        .post_form(
            "/admin/members/types",
            &[
                ("slug", "supporter"),
                ("name_en", "Supporter"),
                ("name_fr", "Sympathisant"),
                ("for_kind", "person"),
                ("term", "rolling"),
                ("term_months", "6"),
                ("needs_approval", "1"),
                ("questions_en", "Who referred you?"),
                ("questions_fr", "Qui vous a recommandé ?"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let bad =
        app.post_form("/admin/members/types", &[("slug", "x y"), ("term", "rolling"), ("term_months", "0")]).await;
    assert_eq!(bad.status(), 422);
    let kind: i64 = sqlx::query_scalar("SELECT id FROM membership_types WHERE slug = 'supporter'")
        .fetch_one(&app.db().pool)
        .await
        .expect("type");
    let (_, browser) = person(&app, "rae@example.org", "Rae").await;
    let applied = post_form(&browser, &app.url(&format!("/members/apply/{kind}")), &[("answer-0", "A friend")]).await;
    let id = membership_id(&applied);
    let missing = app.post_form(&format!("/admin/members/{id}/decide"), &[("decision", "reject")]).await;
    assert_eq!(missing.status(), 422);
    let declined = app
        .post_form(&format!("/admin/members/{id}/decide"), &[("decision", "reject"), ("note", "Outside our mandate")])
        .await;
    assert_eq!(declined.status(), 303);
    let mails = app.smtp.wait_for("rae@example.org", 2).await;
    let declined = mails.iter().find(|m| m.subject.contains("Your membership application")).expect("decline mail");
    assert!(declined.text.contains("Outside our mandate"), "{}", declined.text);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'membership.reject'")
        .fetch_one(&app.db().pool)
        .await
        .expect("audit");
    assert_eq!(audited, 1);

    let admin_pages = ["/admin/members", "/admin/members?status=rejected", "/admin/members/types", "/admin/groups"];
    let member_pages = [
        "/members/me",
        "/members/apply",
        "/members/profile",
        "/groups",
        "/directory",
        "/directory/summary",
        "/partners",
    ];
    for lang in ["en", "fr"] {
        post_form(&app.client, &app.url("/lang"), &[("lang", lang), ("next", "/")]).await;
        post_form(&browser, &app.url("/lang"), &[("lang", lang), ("next", "/")]).await;
        for path in admin_pages.iter().chain([format!("/admin/members/{id}").as_str()].iter()) {
            assert_eq!(app.get(path).await.status(), 200, "{path} in {lang}");
        }
        for path in member_pages
            .iter()
            .chain([format!("/members/applications/{id}").as_str(), &format!("/members/apply/{kind}")].iter())
        {
            let response = browser.get(app.url(path)).send().await.expect("GET");
            assert_eq!(response.status(), 200, "{path} in {lang}");
        }
    }
}

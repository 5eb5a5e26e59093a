//! Drug-supply alerts through the API: who gets an alert (its regions, their provinces, nobody
//! else), the lifecycle (publish, update, cancel, expiry) with its 409s, updates and cancellations
//! reaching exactly those who got the alert, the CAP messages of each version, bad input that
//! changes nothing, and who may publish.

use rendezvous_platform::auth::Role;
use rendezvous_platform::clock::HOUR_MS;
use rendezvous_platform::i18n::Lang;
use rendezvous_testkit::{TestApp, TestOptions};
use serde_json::{Value, json};

use crate::alerts_fixtures::{alert_body, follower, mailed, post, publish, region, set, token_for};

async fn app() -> TestApp {
    TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(&app.db().pool).await.expect("count")
}

#[tokio::test]
async fn an_alert_reaches_those_who_chose_its_region_or_its_province_and_nobody_else() {
    let app = app().await;
    region(&app, "vancouver", "BC", "Vancouver", "5915").await;
    region(&app, "interior", "BC", "Interior", "5933 5935").await;
    region(&app, "toronto", "ON", "Toronto", "3520").await;
    let token = token_for(&app, "desk@example.org", &[rendezvous_alerts::ALERTS], true).await;
    follower(&app, "bc@example.org", Lang::En, &["BC"]).await;
    follower(&app, "van@example.org", Lang::En, &["vancouver"]).await;
    follower(&app, "fr@example.org", Lang::Fr, &["vancouver", "QC"]).await;
    follower(&app, "int@example.org", Lang::En, &["interior"]).await;
    follower(&app, "on@example.org", Lang::En, &["ON"]).await;
    follower(&app, "tor@example.org", Lang::En, &["toronto"]).await;
    let gone = follower(&app, "gone@example.org", Lang::En, &["BC"]).await;
    let list = rendezvous_newsletter::list_by_slug(app.db(), "alerts").await.expect("list").expect("alerts");
    rendezvous_newsletter::subscriptions::unsubscribe(
        app.db(),
        &app.clock,
        list.id,
        gone,
        rendezvous_newsletter::model::Source::OneClick,
        None,
    )
    .await
    .expect("unsubscribe");
    let mut seen = 0;

    publish(&app, &token, &alert_body(&["vancouver"])).await;
    assert_eq!(mailed(&app, &mut seen).await, set(&["bc@example.org", "van@example.org", "fr@example.org"]));
    let french = app.smtp.to("fr@example.org").remove(0);
    assert!(french.subject.starts_with("[Alerte] Vancouver"), "{}", french.subject);
    let summary = french.text.find("Du down violet").expect("the French summary");
    let link = french.text.find("/alerts/").expect("a link to the page");
    assert!(summary < link, "the summary comes first");
    assert!(french.text.contains("Nous ne partageons rien avec la police"));
    assert!(french.header("List-Unsubscribe").is_some(), "one-click unsubscribe as every mailing");

    publish(&app, &token, &alert_body(&["BC"])).await;
    let bc = set(&["bc@example.org", "van@example.org", "fr@example.org", "int@example.org"]);
    assert_eq!(mailed(&app, &mut seen).await, bc);

    publish(&app, &token, &alert_body(&["toronto", "QC"])).await;
    assert_eq!(mailed(&app, &mut seen).await, set(&["on@example.org", "tor@example.org", "fr@example.org"]));

    // The list filters as the mailing does: a region shows its own and its province's alerts.
    let listed: Value = app.get("/api/v1/alerts?region=interior").await.json().await.expect("JSON");
    let regions: Vec<&Value> = listed["alerts"].as_array().expect("alerts").iter().map(|a| &a["regions"]).collect();
    assert_eq!(regions, vec![&json!(["BC"])]);
    let unknown = app.get("/api/v1/alerts?region=atlantis").await;
    assert_eq!(unknown.status(), 422);
}

#[tokio::test]
async fn updates_and_cancellations_reach_exactly_those_who_got_the_alert_and_closed_alerts_answer_409() {
    let app = app().await;
    region(&app, "vancouver", "BC", "Vancouver", "5915").await;
    let token = token_for(&app, "mod@example.org", &[rendezvous_forum::MODERATOR], true).await;
    follower(&app, "a@example.org", Lang::En, &["vancouver"]).await;
    follower(&app, "b@example.org", Lang::Fr, &["BC"]).await;
    follower(&app, "c@example.org", Lang::En, &["ON"]).await;
    let mut seen = 0;
    let id = publish(&app, &token, &alert_body(&["vancouver"])).await;
    assert_eq!(mailed(&app, &mut seen).await, set(&["a@example.org", "b@example.org"]));

    let again = post(&app, &token, &format!("/api/v1/alerts/{id}/publish"), &json!({})).await;
    assert_eq!(again.status(), 409, "publishing twice");
    assert!(mailed(&app, &mut seen).await.is_empty(), "and nothing is sent");

    // Someone who chose the region after the alert went out gets no update of it.
    follower(&app, "late@example.org", Lang::En, &["vancouver"]).await;
    let update = json!({"summary_en": "Now also sold as heroin.", "note_en": "Also sold as heroin."});
    let updated = post(&app, &token, &format!("/api/v1/alerts/{id}/update"), &update).await;
    assert_eq!(updated.status(), 200);
    assert_eq!(updated.json::<Value>().await.expect("JSON")["version"], 2);
    assert_eq!(mailed(&app, &mut seen).await, set(&["a@example.org", "b@example.org"]));
    let a = app.smtp.to("a@example.org").pop().expect("the update");
    assert!(a.subject.starts_with("[Update]") && a.text.contains("Now also sold as heroin."), "{}", a.subject);

    // An update that adds an area also reaches that area's people.
    let wider =
        post(&app, &token, &format!("/api/v1/alerts/{id}/update"), &json!({"regions": ["vancouver", "ON"]})).await;
    assert_eq!(wider.status(), 200);
    assert_eq!(mailed(&app, &mut seen).await, set(&["a@example.org", "b@example.org", "c@example.org"]));

    let cancelled =
        post(&app, &token, &format!("/api/v1/alerts/{id}/cancel"), &json!({"note_en": "False alarm."})).await;
    assert_eq!(cancelled.status(), 200);
    assert_eq!(mailed(&app, &mut seen).await, set(&["a@example.org", "b@example.org", "c@example.org"]));
    let b = app.smtp.to("b@example.org").pop().expect("the cancellation");
    assert!(b.subject.starts_with("[Annulée]"), "{}", b.subject);

    for step in ["publish", "update", "cancel"] {
        let refused = post(&app, &token, &format!("/api/v1/alerts/{id}/{step}"), &json!({})).await;
        assert_eq!(refused.status(), 409, "{step} after a cancellation");
    }
    assert!(mailed(&app, &mut seen).await.is_empty());
    let listed: Value = app.get("/api/v1/alerts").await.json().await.expect("JSON");
    let alert = &listed["alerts"][0];
    assert_eq!((alert["state"].as_str(), alert["version"].as_i64()), (Some("cancelled"), Some(4)));

    // Each version is a CAP message; each after the first names all those before it.
    let cap = app.get(&format!("/alerts/{id}/cap.xml")).await;
    assert_eq!(cap.headers()["content-type"], "application/cap+xml");
    let cap = cap.text().await.expect("CAP");
    assert!(cap.contains("<msgType>Cancel</msgType>") && cap.contains("<responseType>AllClear</responseType>"));
    let references = cap.split("<references>").nth(1).and_then(|r| r.split("</references>").next()).expect("refs");
    assert_eq!(references.split(' ').count(), 3, "{references}");
    for version in 1..=3 {
        assert!(references.contains(&format!("-alert-{id}-v{version},")), "{references}");
    }
    let first = app.get(&format!("/alerts/{id}/cap.xml?version=1")).await.text().await.expect("CAP");
    assert!(first.contains("<msgType>Alert</msgType>") && !first.contains("<references>"));
    assert!(first.contains("<language>en-CA</language>") && first.contains("<language>fr-CA</language>"));
    assert!(first.contains("<category>Health</category>") && first.contains("<value>5915</value>"));
    assert!(first.contains("<senderName>") && first.contains("<expires>"));
    let second = app.get(&format!("/alerts/{id}/cap.xml?version=2")).await.text().await.expect("CAP");
    assert!(second.contains("<msgType>Update</msgType>") && second.contains(&format!("-alert-{id}-v1,")));
}

#[tokio::test]
async fn an_expired_alert_leaves_the_current_views_stays_in_the_archive_and_cannot_change() {
    let app = app().await;
    let token = token_for(&app, "admin@example.org", &[Role::ADMIN], true).await;
    let mut body = alert_body(&["NS"]);
    let soon = time::OffsetDateTime::from_unix_timestamp((app.clock.now_ms() + 2 * HOUR_MS) / 1000).expect("time");
    body["expires_at"] = json!(soon.format(&time::format_description::well_known::Rfc3339).expect("RFC 3339"));
    let id = publish(&app, &token, &body).await;
    assert!(app.get("/alerts").await.text().await.expect("page").contains("Carfentanil in down"));
    app.clock.advance_ms(3 * HOUR_MS);
    let refused = post(&app, &token, &format!("/api/v1/alerts/{id}/update"), &json!({"summary_en": "More."})).await;
    assert_eq!(refused.status(), 409);
    let listed: Value = app.get("/api/v1/alerts").await.json().await.expect("JSON");
    assert_eq!(listed["alerts"][0]["state"], "expired");
    let page = app.get("/alerts").await.text().await.expect("page");
    let archive = page.split("Archive").nth(1).expect("the archive");
    assert!(archive.contains("Carfentanil in down") && archive.contains("Expired"));
    let alert = app.get(&format!("/alerts/{id}")).await.text().await.expect("page");
    assert!(alert.contains("This alert is no longer current."));
}

#[tokio::test]
async fn bad_alerts_get_clear_errors_in_the_writers_language_and_nothing_is_kept_or_sent() {
    let app = app().await;
    let token = token_for(&app, "desk@example.org", &[rendezvous_alerts::ALERTS], true).await;
    follower(&app, "a@example.org", Lang::En, &["BC"]).await;
    let cases: [(&str, Value, &str); 5] = [
        ("regions", json!(["XX"]), "alerts-error-region"),
        ("regions", json!([]), "alerts-error-no-region"),
        ("summary_en", json!("x".repeat(281)), "alerts-error-summary-long"),
        ("expires_at", json!("2020-01-01T00:00:00Z"), "alerts-error-expiry-past"),
        ("expires_at", json!("next tuesday"), "alerts-error-time"),
    ];
    for (field, value, error) in cases {
        let mut body = alert_body(&["BC"]);
        body[field] = value;
        let refused = post(&app, &token, "/api/v1/alerts", &body).await;
        assert_eq!(refused.status(), 422, "{field}");
        let problems: Value = refused.json().await.expect("JSON");
        assert!(problems["errors"].as_array().expect("errors").iter().any(|e| e["error"] == error), "{problems}");
    }
    let unknown_field = post(&app, &token, "/api/v1/alerts", &json!({"regions": ["BC"], "colour": "red"})).await;
    assert!(unknown_field.status().is_client_error());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM alerts").await, 0);

    // A draft in one language is kept; publishing it is refused, in the writer's language.
    let english_only = json!({"regions": ["BC"], "headline_en": "Benzos in down", "summary_en": "Heavy sedation."});
    let created: Value = post(&app, &token, "/api/v1/alerts", &english_only).await.json().await.expect("JSON");
    let id = created["id"].as_i64().expect("id");
    let refused = post(&app, &token, &format!("/api/v1/alerts/{id}/publish"), &json!({})).await;
    assert_eq!(refused.status(), 422);
    let problems: Value = refused.json().await.expect("JSON");
    let errors: Vec<&str> =
        problems["errors"].as_array().expect("errors").iter().filter_map(|e| e["error"].as_str()).collect();
    assert!(errors.contains(&"alerts-error-language") && errors.contains(&"alerts-error-severity"), "{errors:?}");
    assert!(problems["errors"][0]["message"].as_str().is_some_and(|m| m.contains("both English and French")));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM alerts WHERE state = 'draft'").await, 1, "still a draft");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM campaigns").await, 0, "nothing sent");
    app.run_jobs().await;
    assert!(app.smtp.all().is_empty());

    let french = app.create_user("fr@example.org", "Fr", &[rendezvous_alerts::ALERTS]).await;
    app.enable_two_factor(french).await;
    sqlx::query("UPDATE users SET lang = 'fr' WHERE id = $1").bind(french).execute(&app.db().pool).await.expect("fr");
    let fr_token = rendezvous_accounts::create_api_token(app.db(), &app.clock, "fr@example.org", "t").await.expect("t");
    let mut body = alert_body(&["BC"]);
    body["summary_fr"] = json!("x".repeat(300));
    let problems: Value = post(&app, &fr_token, "/api/v1/alerts", &body).await.json().await.expect("JSON");
    assert!(
        problems["errors"][0]["message"].as_str().is_some_and(|m| m.contains("au plus 280 caractères")),
        "{problems}"
    );
}

#[tokio::test]
async fn only_the_alerts_role_moderators_and_admins_with_two_factor_publish() {
    let app = app().await;
    let cases = [
        ("member@example.org", vec![rendezvous_members::MEMBER], true, 403),
        ("comms@example.org", vec![rendezvous_newsletter::COMMUNICATIONS], true, 403),
        ("no2fa@example.org", vec![rendezvous_alerts::ALERTS], false, 403),
        ("mod-no2fa@example.org", vec![rendezvous_forum::MODERATOR], false, 403),
        ("desk@example.org", vec![rendezvous_alerts::ALERTS], true, 201),
        ("mod@example.org", vec![rendezvous_forum::MODERATOR], true, 201),
        ("admin@example.org", vec![Role::ADMIN], true, 201),
    ];
    for (email, roles, two_factor, status) in cases {
        let token = token_for(&app, email, &roles, two_factor).await;
        let answer = post(&app, &token, "/api/v1/alerts", &alert_body(&["BC"])).await;
        assert_eq!(answer.status(), status, "{email}");
    }
    let drafts = count(&app, "SELECT COUNT(*) FROM alerts").await;
    assert_eq!(drafts, 3);
    let anonymous = reqwest::Client::new().post(app.url("/api/v1/alerts")).json(&alert_body(&["BC"])).send().await;
    assert_eq!(anonymous.expect("POST").status(), 401);
    // The desk's pages: refused to a member, a draft hidden from the public.
    let member = app.new_browser();
    app.create_user("m2@example.org", "M", &[rendezvous_members::MEMBER]).await;
    app.log_in(&member, "m2@example.org", None).await;
    assert_eq!(member.get(app.url("/admin/alerts")).send().await.expect("GET").status(), 403);
    let draft: i64 = sqlx::query_scalar("SELECT MIN(id) FROM alerts").fetch_one(&app.db().pool).await.expect("id");
    assert_eq!(member.get(app.url(&format!("/alerts/{draft}"))).send().await.expect("GET").status(), 404);
}

#[tokio::test]
async fn an_import_into_the_alerts_list_sets_areas_from_its_province_column_and_refuses_implied_consent() {
    use rendezvous_newsletter::import::{self, ImportOptions};
    use rendezvous_newsletter::model::ConsentKind;
    let app = app().await;
    region(&app, "vancouver", "BC", "Vancouver", "5915").await;
    let list = rendezvous_newsletter::list_by_slug(app.db(), "alerts").await.expect("list").expect("alerts");
    let options = |consent| ImportOptions {
        list_id: list.id,
        consent,
        evidence: "sign-up sheets at the drop-in".into(),
        dry_run: false,
        actor_id: None,
        keep_places: import::wants_places(&app.state, "alerts"),
    };
    let run = |bytes: &'static [u8], consent| {
        let options = options(consent);
        let app = &app;
        async move {
            let report = import::run(app.db(), &app.clock, bytes, &options, |_, _| {}).await?;
            import::tell_features(&app.state, "alerts", &report).await.expect("tell the alerts feature");
            Ok::<_, import::ImportError>(report)
        }
    };
    let implied = run(b"email,province\nx@example.org,BC\n", ConsentKind::ImpliedMembership).await;
    assert!(matches!(implied, Err(import::ImportError::ExpressOnly)));
    let file = b"email,province,health region\nx@example.org,BC,\ny@example.org,Ontario,\nz@example.org,BC,vancouver\n";
    run(file, ConsentKind::ExpressImport).await.expect("import");
    let areas = |email: &'static str| {
        let app = &app;
        async move {
            let id =
                rendezvous_newsletter::store::subscriber_by_email(app.db(), email).await.expect("r").expect("s").id;
            rendezvous_alerts::store::subscriber_areas(app.db(), id).await.expect("areas")
        }
    };
    assert_eq!(areas("x@example.org").await, vec!["BC"]);
    assert_eq!(areas("y@example.org").await, vec!["ON"]);
    assert_eq!(areas("z@example.org").await, vec!["vancouver"]);
    // Someone already known is moved by a new import.
    run(b"email,province\nx@example.org,QC\n", ConsentKind::ExpressImport).await.expect("again");
    assert_eq!(areas("x@example.org").await, vec!["QC"]);
}

#[tokio::test]
async fn the_author_is_asked_the_day_before_expiry_whether_it_still_circulates_once() {
    let app = app().await;
    let token = token_for(&app, "writer@example.org", &[rendezvous_alerts::ALERTS], true).await;
    let mut body = alert_body(&["YT"]);
    let soon = time::OffsetDateTime::from_unix_timestamp((app.clock.now_ms() + 30 * HOUR_MS) / 1000).expect("time");
    body["expires_at"] = json!(soon.format(&time::format_description::well_known::Rfc3339).expect("RFC 3339"));
    publish(&app, &token, &body).await;
    let features = rendezvous_server::features();
    let remind = features
        .iter()
        .flat_map(|f| f.chores.iter())
        .find(|c| c.name.contains("alerts about to expire"))
        .expect("the reminder chore");
    (remind.run)(&app.state).await.expect("remind");
    app.run_jobs().await;
    assert!(app.smtp.to("writer@example.org").is_empty(), "more than a day left: nothing yet");
    app.clock.advance_ms(8 * HOUR_MS);
    (remind.run)(&app.state).await.expect("remind");
    (remind.run)(&app.state).await.expect("remind again");
    app.run_jobs().await;
    let told = app.smtp.to("writer@example.org");
    assert_eq!(told.len(), 1, "reminded once");
    assert!(told[0].subject.starts_with("Still circulating?") && told[0].text.contains("/admin/alerts/"));
}

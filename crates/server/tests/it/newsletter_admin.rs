//! Admin and API side of the lists: who may manage them, segments (and implied consent running
//! out), the audience report on a known data set, exports, the web import, and the API.

use rendezvous_newsletter::model::ConsentKind;
use rendezvous_newsletter::reports;
use rendezvous_newsletter::segment::SegmentFilter;
use rendezvous_testkit::{PASSWORD, TestApp, post_form};

use crate::newsletter_import::{import_bytes, make_list};

const DAY: i64 = 86_400_000;

#[tokio::test]
async fn the_communications_role_manages_lists_and_a_member_cannot() {
    let app = TestApp::spawn().await;
    let comms = app.create_user("comms@example.org", "Comms", &[rendezvous_newsletter::COMMUNICATIONS]).await;
    app.create_user("member@example.org", "Member", &[rendezvous_members::MEMBER]).await;
    let member = app.new_browser();
    app.log_in(&member, "member@example.org", None).await;
    assert_eq!(member.get(app.url("/admin/lists")).send().await.expect("GET").status(), 403);

    let secret = app.enable_two_factor(comms).await;
    app.log_in(&app.client, "comms@example.org", Some(&secret)).await;
    let form = [
        ("slug", "network-news"),
        ("name_en", "Network news"),
        ("name_fr", "Nouvelles"),
        ("public", "1"),
        ("default_lang", "fr"),
    ];
    let created = app.post_form("/admin/lists", &form).await;
    assert_eq!(created.status(), 303);
    let again = app.post_form("/admin/lists", &form).await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.expect("body").contains("A list already uses this short name"));
    let bad = app.post_form("/admin/lists", &[("slug", "Bad Slug"), ("name_en", ""), ("name_fr", "x")]).await;
    assert_eq!(bad.status(), 422);

    // Adding someone needs a consent kind and evidence; the ledger names who did it.
    let missing = app
        .post_form("/admin/lists/network-news/subscribers", &[("email", "a@example.org"), ("consent", "express")])
        .await;
    assert_eq!(missing.status(), 422);
    assert!(missing.text().await.expect("body").contains("State the evidence of consent"));
    let added = app
        .post_form(
            "/admin/lists/network-news/subscribers",
            &[
                ("email", "a@example.org"),
                ("consent", "published"),
                ("evidence", "agency website staff page"),
                ("province", "qc"),
            ],
        )
        .await;
    assert_eq!(added.status(), 303);
    let row: (String, Option<i64>, String) =
        sqlx::query_as("SELECT source, actor_id, evidence FROM consent_events WHERE action = 'subscribed'")
            .fetch_one(&app.db().pool)
            .await
            .expect("event");
    assert_eq!(row, ("admin".into(), Some(comms.0), "agency website staff page".into()));
    let page = app.get("/admin/lists/network-news").await.text().await.expect("body");
    assert!(page.contains("a@example.org") && page.contains("QC"));
}

#[tokio::test]
async fn segments_count_live_and_implied_consent_runs_out() {
    let app = TestApp::spawn().await;
    let news = make_list(&app, "news", false).await;
    let now = app.clock.now_ms();
    let date = |ms: i64| {
        let t = time::OffsetDateTime::from_unix_timestamp(ms / 1000).expect("time");
        format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
    };
    // Two members whose implied consent began 720 days ago (10 days left), one recent.
    let file = format!(
        "email,language,province,tags,consent date\nold1@example.org,fr,QC,board,{}\nold2@example.org,en,ON,,{}\nnew@example.org,fr,QC,board,{}\n",
        date(now - 720 * DAY),
        date(now - 720 * DAY),
        date(now - 5 * DAY)
    );
    import_bytes(&app, news, file.as_bytes(), ConsentKind::ImpliedMembership).await;
    import_bytes(&app, news, b"email,language\nexpress@example.org,fr\n", ConsentKind::ExpressImport).await;

    let everyone = SegmentFilter { lists: vec![news], ..Default::default() };
    assert_eq!(everyone.count(app.db(), app.clock.now_ms()).await.expect("count"), 4);
    let french = SegmentFilter { langs: vec!["fr".into()], ..everyone.clone() };
    assert_eq!(french.count(app.db(), app.clock.now_ms()).await.expect("count"), 3);
    let quebec_board = SegmentFilter { provinces: vec!["QC".into()], tags: vec!["board".into()], ..everyone.clone() };
    assert_eq!(quebec_board.count(app.db(), app.clock.now_ms()).await.expect("count"), 2);
    let expiring = SegmentFilter { expiring_within_days: Some(30), ..everyone.clone() };
    assert_eq!(expiring.count(app.db(), app.clock.now_ms()).await.expect("count"), 2);

    // Eleven days on, the two old consents have expired: never mailed, never counted.
    app.clock.advance_ms(11 * DAY);
    assert_eq!(everyone.count(app.db(), app.clock.now_ms()).await.expect("count"), 2);
    assert_eq!(expiring.count(app.db(), app.clock.now_ms()).await.expect("count"), 0);

    // The same filters through the admin page, saved and counted.
    app.admin_session().await;
    let list = news.to_string();
    let preview = app.post_form("/admin/segments", &[("list", &list), ("lang", "fr"), ("action", "count")]).await;
    assert!(preview.text().await.expect("body").contains("2 people can be mailed"));
    let saved = app
        .post_form("/admin/segments", &[("name", "French"), ("list", &list), ("lang", "fr"), ("action", "save")])
        .await;
    assert_eq!(saved.status(), 303);
    let location = saved.headers()["location"].to_str().expect("location").to_owned();
    assert!(app.get(&location).await.text().await.expect("body").contains("2 people can be mailed"));
    let bad = app.post_form("/admin/segments", &[("list", &list), ("countries", "Narnia"), ("action", "count")]).await;
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn the_audience_report_on_a_known_data_set() {
    let app = TestApp::spawn().await;
    let news = make_list(&app, "news", false).await;
    let partners = make_list(&app, "partners", false).await;
    let mut file = String::from("email,country,province,language\n");
    for i in 0..6 {
        file.push_str(&format!("on{i}@example.org,CA,ON,en\n"));
    }
    for i in 0..3 {
        file.push_str(&format!("qc{i}@example.org,CA,QC,fr\n"));
    }
    file.push_str("us@example.org,US,,en\n");
    import_bytes(&app, news, file.as_bytes(), ConsentKind::ExpressImport).await;
    // Someone on two lists counts once.
    import_bytes(&app, partners, b"email\non0@example.org\n", ConsentKind::ImpliedRelationship).await;
    let report = reports::audience(app.db(), app.clock.now_ms()).await.expect("report");
    assert_eq!(report.total, 10);
    assert_eq!(report.in_canada, 9);
    assert_eq!(report.canada_percent(), 90);
    assert_eq!(report.by_province, vec![("ON".into(), 6), ("QC".into(), 3)]);
    assert_eq!(report.by_language, vec![("en".into(), 7), ("fr".into(), 3)]);
    assert_eq!(report.by_consent, vec![("express_import".into(), 10), ("implied_relationship".into(), 1)]);
    assert_eq!(report.growth.iter().map(|(_, n)| n).sum::<i64>(), 11);

    app.admin_session().await;
    let page = app.get("/admin/reports/audience").await.text().await.expect("body");
    assert!(page.contains("10 people can be mailed") && page.contains("90 % of them are in Canada"));
    assert!(page.contains("<svg") && page.contains("Ontario"));
}

#[tokio::test]
async fn exports_and_the_web_import_with_its_report() {
    let app = TestApp::spawn().await;
    make_list(&app, "news", false).await;
    app.admin_session().await;
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(
                b"courriel;nom\nune@example.org;=SUM(A1)\nnope;X\n=cmd@example.org;@Ana\n+x@example.org;-Bo\n".to_vec(),
            )
            .file_name("list.csv"),
        )
        .text("consent", "express")
        .text("evidence", "forum sign-up sheet");
    let response = app
        .client
        .post(app.url("/admin/lists/news/import"))
        .header("origin", &app.base_url)
        .header("sec-fetch-site", "same-origin")
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status(), 303);
    let progress = response.headers()["location"].to_str().expect("location").to_owned();
    app.drain_jobs().await;
    let page = app.get(&progress).await.text().await.expect("body");
    assert!(page.contains("Import report") && page.contains("Invalid email address"), "{page}");
    let content: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT content FROM imports").fetch_one(&app.db().pool).await.expect("content");
    assert!(content.is_none(), "the uploaded file is dropped once imported");

    // The exports are forms whose buttons post; a link (GET) exports nothing.
    let page = app.get("/admin/lists/news").await.text().await.expect("page");
    assert!(page.contains(r#"<form method="post" action="/admin/lists/news/export.csv""#), "{page}");
    for path in ["/admin/lists/news/export.csv", "/admin/lists/news/consent.csv"] {
        assert_eq!(app.get(path).await.status(), 405, "{path}");
    }
    let exports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'list.%export'")
        .fetch_one(&app.db().pool)
        .await
        .expect("audit");
    assert_eq!(exports, 0, "a GET writes no audit row");
    let csv = app.post_form("/admin/lists/news/export.csv", &[]).await.text().await.expect("csv");
    assert!(csv.starts_with("email,name,language"));
    assert!(csv.contains("une@example.org,'=SUM(A1)"), "formulas are defused: {csv}");
    // Every column, the address included.
    assert!(csv.contains("'=cmd@example.org,'@Ana") && csv.contains("'+x@example.org,'-Bo"), "{csv}");
    let consent = app.post_form("/admin/lists/news/consent.csv", &[]).await.text().await.expect("csv");
    assert!(consent.contains("'=cmd@example.org"), "{consent}");
    assert!(
        consent.contains("une@example.org")
            && consent.contains("forum sign-up sheet")
            && consent.contains("express_import")
    );
}

#[tokio::test]
async fn the_api_adds_updates_and_unsubscribes_and_refuses_tombstoned_addresses() {
    let app = TestApp::spawn().await;
    make_list(&app, "news", false).await;
    let ops = app.create_user("ops@example.org", "Ops", &[rendezvous_newsletter::COMMUNICATIONS]).await;
    let token =
        rendezvous_accounts::create_api_token(app.db(), &app.clock, "ops@example.org", "crm").await.expect("token");
    let api = reqwest::Client::new();
    // Like the pages, the API needs the role's second factor.
    let early = api.get(app.url("/api/v1/lists/news")).bearer_auth(&token).send().await.expect("GET");
    assert_eq!(early.status(), 403);
    app.enable_two_factor(ops).await;
    let post = |path: &str, body: serde_json::Value| api.post(app.url(path)).bearer_auth(&token).json(&body).send();

    let added = post("/api/v1/lists/news/subscribers", serde_json::json!({"email": "api@example.org", "consent": "express", "evidence": "CRM record 42", "province": "NS"})).await.expect("POST");
    assert_eq!(added.status(), 201);
    let no_evidence =
        post("/api/v1/lists/news/subscribers", serde_json::json!({"email": "b@example.org", "consent": "express"}))
            .await
            .expect("POST");
    assert_eq!(no_evidence.status(), 422);
    let future = post(
        "/api/v1/lists/news/subscribers",
        serde_json::json!({"email": "f@example.org", "consent": "implied-membership", "evidence": "x", "consent_date": "2999-01-01"}),
    )
    .await
    .expect("POST");
    assert_eq!(future.status(), 422);
    let bad_province = post(
        "/api/v1/lists/news/subscribers",
        serde_json::json!({"email": "c@example.org", "consent": "express", "evidence": "x", "province": "ZZ"}),
    )
    .await
    .expect("POST");
    assert_eq!(bad_province.status(), 422);

    let updated = api
        .put(app.url("/api/v1/subscribers/API@example.org"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"email": "ignored", "name": "Api Person", "lang": "fr"}))
        .send()
        .await
        .expect("PUT");
    assert_eq!(updated.status(), 200);
    let row: (String, String) =
        sqlx::query_as("SELECT name, lang FROM subscribers WHERE email_norm = 'api@example.org'")
            .fetch_one(&app.db().pool)
            .await
            .expect("row");
    assert_eq!(row, ("Api Person".into(), "fr".into()));

    let counts: serde_json::Value = api
        .get(app.url("/api/v1/lists/news"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON");
    assert_eq!(counts["counts"]["subscribed"], 1);

    let gone =
        post("/api/v1/lists/news/unsubscribe", serde_json::json!({"email": "api@example.org"})).await.expect("POST");
    assert_eq!(gone.status(), 200);
    let back = post(
        "/api/v1/lists/news/subscribers",
        serde_json::json!({"email": "api@example.org", "consent": "express", "evidence": "again"}),
    )
    .await
    .expect("POST");
    assert_eq!(back.status(), 409, "an unsubscribed address cannot be re-added by the API");

    // An erased account's address is tombstoned: the API and imports refuse it.
    app.create_user("erased@example.org", "Erased", &[]).await;
    let person = app.new_browser();
    app.log_in(&person, "erased@example.org", None).await;
    post_form(&person, &app.url("/account/erase"), &[("password", PASSWORD), ("content", "delete")]).await;
    let refused = post(
        "/api/v1/lists/news/subscribers",
        serde_json::json!({"email": "Erased@example.org", "consent": "express", "evidence": "x"}),
    )
    .await
    .expect("POST");
    assert_eq!(refused.status(), 409);
    let list: rendezvous_newsletter::ListId =
        sqlx::query_scalar("SELECT id FROM lists WHERE slug = 'news'").fetch_one(&app.db().pool).await.expect("list");
    let report = import_bytes(&app, list, b"email\nerased@example.org\n", ConsentKind::ExpressImport).await;
    assert_eq!(report.suppressed, 1);

    // A member's token may not use the lists API.
    app.create_user("plain@example.org", "Plain", &[rendezvous_members::MEMBER]).await;
    let plain =
        rendezvous_accounts::create_api_token(app.db(), &app.clock, "plain@example.org", "x").await.expect("token");
    let forbidden = api.get(app.url("/api/v1/lists/news")).bearer_auth(&plain).send().await.expect("GET");
    assert_eq!(forbidden.status(), 403);
}

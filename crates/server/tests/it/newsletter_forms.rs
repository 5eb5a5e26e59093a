//! Newsletter forms that come back with errors keep what was typed, list every problem in one
//! summary, and put a message beside each field, in the person's language.

use rendezvous_testkit::TestApp;

use crate::newsletter_import::make_list;

async fn french(app: &TestApp) {
    let response = app.post_form("/lang", &[("lang", "fr"), ("next", "/admin/lists")]).await;
    assert!(response.status().is_redirection(), "{}", response.status());
}

/// How many times `needle` appears in `page`.
fn times(page: &str, needle: &str) -> usize {
    page.matches(needle).count()
}

#[tokio::test]
async fn a_list_with_empty_names_says_which_name_is_missing() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    let empty = app.post_form("/admin/lists", &[("slug", "news"), ("name_en", ""), ("name_fr", " ")]).await;
    assert_eq!(empty.status(), 422);
    let page = empty.text().await.expect("body");
    assert!(!page.contains("120 characters"), "an empty name is not a long one");
    // Once in the summary, once beside the field.
    assert_eq!(times(&page, "Enter the list’s name in English."), 2, "{page}");
    assert_eq!(times(&page, "Enter the list’s name in French."), 2, "{page}");
    assert!(page.contains("value=\"news\""), "the slug typed is kept");

    let long = "x".repeat(121);
    let bad =
        app.post_form("/admin/lists", &[("slug", "Bad Slug"), ("name_en", &long), ("name_fr", "Nouvelles")]).await;
    let page = bad.text().await.expect("body");
    assert!(page.contains("The English name must be 120 characters or fewer."), "{page}");
    assert!(!page.contains("The French name"), "{page}");
    assert!(page.contains("value=\"Nouvelles\"") && page.contains(&long), "what was typed is kept");

    french(&app).await;
    let page = app.post_form("/admin/lists", &[("slug", "news"), ("name_en", ""), ("name_fr", "")]).await;
    let page = page.text().await.expect("body");
    assert!(
        page.contains("Entrez le nom de la liste en anglais.")
            && page.contains("Entrez le nom de la liste en français.")
    );
    let lists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lists WHERE slug <> 'alerts'")
        .fetch_one(&app.db().pool)
        .await
        .expect("count");
    assert_eq!(lists, 0, "nothing was created");
}

#[tokio::test]
async fn a_segment_without_a_name_says_the_name_is_missing() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", false).await.to_string();
    app.admin_session().await;
    let response = app.post_form("/admin/segments", &[("name", " "), ("list", &list), ("action", "save")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(!page.contains("120 characters"), "{page}");
    assert!(page.contains("Enter a name for the segment."), "{page}");
    let long = "y".repeat(130);
    let page = app.post_form("/admin/segments", &[("name", &long), ("list", &list), ("action", "save")]).await;
    let page = page.text().await.expect("body");
    assert!(page.contains("The segment’s name must be 120 characters or fewer.") && page.contains(&long));
    french(&app).await;
    let page = app.post_form("/admin/segments", &[("name", ""), ("list", &list), ("action", "save")]).await;
    assert!(page.text().await.expect("body").contains("Entrez un nom pour le segment."));
    let segments: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM segments").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(segments, 0);
}

async fn upload(app: &TestApp, file: &[u8], consent: &str, evidence: &str) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(file.to_vec()).file_name("list.csv"))
        .text("consent", consent.to_owned())
        .text("evidence", evidence.to_owned());
    app.client
        .post(app.url("/admin/lists/news/import"))
        .header("origin", &app.base_url)
        .header("sec-fetch-site", "same-origin")
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

#[tokio::test]
async fn the_import_form_keeps_the_consent_choice_and_says_everything_at_once() {
    let app = TestApp::spawn().await;
    make_list(&app, "news", false).await;
    app.admin_session().await;
    let response = upload(&app, b"email\na@example.org\n", "published", "").await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert!(page.contains("value=\"published\" checked"), "the consent choice is kept: {page}");
    assert!(page.contains("State the evidence") || page.contains("evidence"), "{page}");
    assert!(page.contains("Choose the file again"), "{page}");

    // A file with no email column is refused on the form, with the evidence typed kept.
    let response = upload(&app, b"name,phone\nAna,555\n", "", "forum 2026 sheet").await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert_eq!(times(&page, "The file has no email column."), 2, "summary and field: {page}");
    assert!(page.contains("forum 2026 sheet"), "{page}");
    assert!(!page.contains(" checked"), "no choice was made");

    french(&app).await;
    let page = upload(&app, b"", "", "").await.text().await.expect("body");
    assert!(page.contains("Le fichier est vide."), "{page}");
    let imports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM imports").fetch_one(&app.db().pool).await.expect("n");
    assert_eq!(imports, 0, "nothing was queued");
}

#[tokio::test]
async fn the_campaign_editor_names_every_problem_at_once_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    make_list(&app, "news", false).await;
    app.admin_session().await;
    let long = "s".repeat(201);
    let form = [
        ("list", ""),
        ("segment", "not-a-segment"),
        ("subject_en", long.as_str()),
        ("preheader_en", ""),
        ("body_en", "Hello, typed body"),
        ("subject_fr", "Sujet tapé"),
        ("preheader_fr", ""),
        ("body_fr", "Bonjour, corps tapé"),
    ];
    let response = app.post_form("/admin/campaigns", &form).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    for message in
        ["Choose a segment that exists", "Choose the list to send to.", "A subject must be one line of 200 characters"]
    {
        assert!(page.contains(message), "{message}: {page}");
    }
    assert_eq!(times(&page, "Choose the list to send to."), 2, "summary and field");
    assert!(page.contains("Hello, typed body") && page.contains("Bonjour, corps tapé") && page.contains(&long));
    let campaigns: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM campaigns").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(campaigns, 0);
}

#[tokio::test]
async fn a_bad_schedule_names_both_fields_and_keeps_both_values() {
    let app = TestApp::spawn().await;
    make_list(&app, "news", false).await;
    app.admin_session().await;
    let form = [("list", "news"), ("segment", ""), ("subject_en", "Hi"), ("body_en", "Hello")];
    let created = app.post_form("/admin/campaigns", &form).await;
    assert_eq!(created.status(), 303);
    let location = created.headers()["location"].to_str().expect("location").to_owned();
    let path = format!("{location}/schedule");
    let response = app.post_form(&path, &[("date", "next tuesday"), ("time", "25:00")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.expect("body");
    assert_eq!(times(&page, "Enter a date like 2026-12-01."), 2, "{page}");
    assert_eq!(times(&page, "Enter a time like 09:30"), 2, "{page}");
    assert!(page.contains("value=\"next tuesday\"") && page.contains("value=\"25:00\""), "{page}");
    french(&app).await;
    let page = app.post_form(&path, &[("date", ""), ("time", "")]).await.text().await.expect("body");
    assert!(!page.contains("Enter a date like"), "{page}");
    let state: String =
        sqlx::query_scalar("SELECT state FROM campaigns").fetch_one(&app.db().pool).await.expect("state");
    assert_eq!(state, "draft", "nothing scheduled");
}

#[tokio::test]
async fn french_admin_pages_name_statuses_kinds_and_sources_in_french() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", false).await;
    crate::newsletter_import::import_bytes(
        &app,
        list,
        b"email,language\nana@example.org,fr\n",
        rendezvous_newsletter::model::ConsentKind::ExpressImport,
    )
    .await;
    app.admin_session().await;
    french(&app).await;
    let page = app.get("/admin/lists/news").await.text().await.expect("body");
    let subscriber = page.split("/admin/subscribers/").nth(1).and_then(|s| s.split('"').next()).expect("link");
    let detail = app.get(&format!("/admin/subscribers/{subscriber}")).await.text().await.expect("body");
    for page in [&page, &detail] {
        for raw in [">express_import<", ">subscribed<", ">fr<", ">import<", ">renewed<"] {
            assert!(!page.contains(raw), "{raw} shown raw: {page}");
        }
        assert!(page.contains("Express, obtenu ailleurs") || page.contains("obtenu"), "{page}");
    }
    assert!(page.contains("Français"), "{page}");
    assert!(detail.contains(">Importation<"), "{detail}");
    // The page's title is the address alone (a table once slipped into it).
    let title = detail.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).expect("title");
    assert!(title.starts_with("ana@example.org —") && !title.contains('<'), "{title}");
}

#[tokio::test]
async fn unsubscribing_someone_from_the_admin_is_a_confirmed_step_without_javascript() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", false).await;
    crate::newsletter_import::import_bytes(
        &app,
        list,
        b"email\nana@example.org\n",
        rendezvous_newsletter::model::ConsentKind::ExpressImport,
    )
    .await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM subscribers").fetch_one(&app.db().pool).await.expect("id");
    app.admin_session().await;
    let status = || async {
        let s: String =
            sqlx::query_scalar("SELECT status FROM subscriptions").fetch_one(&app.db().pool).await.expect("status");
        s
    };
    let page = app.get("/admin/lists/news").await.text().await.expect("body");
    let path = format!("/admin/lists/news/subscribers/{id}/unsubscribe");
    assert!(page.contains(&format!("<a href=\"{path}\">")), "a link to the confirmation step: {page}");

    let confirm = app.get(&path).await;
    assert_eq!(confirm.status(), 200);
    let confirm = confirm.text().await.expect("body");
    assert!(confirm.contains("ana@example.org") && confirm.contains("name=\"confirm\" value=\"yes\""), "{confirm}");
    assert!(!confirm.contains("<script"), "no JavaScript needed");

    // A post without the confirmation (an old page, a stray click) only leads to the question.
    let stray = app.post_form(&path, &[]).await;
    assert_eq!(stray.status(), 303);
    assert_eq!(stray.headers()["location"], path.as_str());
    assert_eq!(status().await, "subscribed");

    let done = app.post_form(&path, &[("confirm", "yes")]).await;
    assert_eq!(done.status(), 303);
    assert_eq!(status().await, "unsubscribed");
    assert_eq!(app.get(&path).await.status(), 404, "no longer subscribed: nothing to confirm");
    assert_eq!(app.get("/admin/lists/news/subscribers/9999/unsubscribe").await.status(), 404);

    french(&app).await;
    crate::newsletter_import::import_bytes(
        &app,
        list,
        b"email\nbob@example.org\n",
        rendezvous_newsletter::model::ConsentKind::ExpressImport,
    )
    .await;
    let bob: i64 = sqlx::query_scalar("SELECT id FROM subscribers WHERE email_norm = 'bob@example.org'")
        .fetch_one(&app.db().pool)
        .await
        .expect("id");
    let page = app.get(&format!("/admin/lists/news/subscribers/{bob}/unsubscribe")).await.text().await.expect("body");
    assert!(page.contains("Oui, désabonner") && page.contains("de cette liste?"), "{page}");
}

#[tokio::test]
async fn a_big_list_is_paged_and_each_page_stays_under_50_kb() {
    let app = TestApp::spawn().await;
    let list = make_list(&app, "news", false).await;
    let mut file = String::from("email,name,language,country,province\n");
    for i in 0..260 {
        file.push_str(&format!("a.rather.long.address.number.{i:05}@organisation-example.org,Firstname Lastname-Longer {i},fr,Canada,Québec\n"));
    }
    crate::newsletter_import::import_bytes(
        &app,
        list,
        file.as_bytes(),
        rendezvous_newsletter::model::ConsentKind::ExpressImport,
    )
    .await;
    app.admin_session().await;
    let first = app.get("/admin/lists/news").await.text().await.expect("body");
    assert!(first.len() < 50_000, "first page is {} bytes", first.len());
    // At 320 px each row becomes a block whose cells carry their column's name (site.css).
    assert!(first.contains("<table class=\"reflow\">") && first.contains("data-label=\"Email address\""));
    assert!(first.contains("?page=2") && !first.contains("?page=0"), "a next page and no previous one");
    let second = app.get("/admin/lists/news?page=2").await.text().await.expect("body");
    assert!(second.len() < 50_000, "second page is {} bytes", second.len());
    assert!(second.contains("?page=1") && second.contains("?page=3"), "previous and next");
    assert!(!first.contains("number.00100@") || !second.contains("number.00100@"), "no row on two pages");
}

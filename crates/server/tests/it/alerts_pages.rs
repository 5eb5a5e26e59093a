//! The alerts' pages: reports from anyone (no IP, user agent or EXIF kept; size, pixels and floods
//! refused; a receipt code that finds the report), the poster in both languages, the Atom feeds,
//! the subscribe form with several areas, and the desk's editor that publishes.

use rendezvous_platform::i18n::Lang;
use rendezvous_testkit::{TestApp, TestOptions};
use serde_json::Value;

use crate::alerts_fixtures::{alert_body, follower, publish, region, token_for};

const AGENT: &str = "ReportTestAgent/7.3 (secret-device)";
const GPS_MARKER: &[u8] = b"GPS-49.2827N-123.1207W-MARKER";

fn client() -> reqwest::Client {
    reqwest::Client::builder().user_agent(AGENT).cookie_store(true).build().expect("client")
}

/// A small JPEG carrying an EXIF segment with a GPS marker in it.
fn jpeg_with_exif() -> Vec<u8> {
    let image = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 128]));
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut std::io::Cursor::new(&mut plain), image::ImageFormat::Jpeg)
        .expect("encode");
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0".to_vec();
    exif.extend_from_slice(GPS_MARKER);
    let mut out = plain[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&plain[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A PNG whose header claims 8000 × 6000 pixels (48 megapixels), without its pixels.
fn huge_png_header() -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&8000u32.to_be_bytes());
    ihdr.extend_from_slice(&6000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // A decoder reads up to the first data chunk before it says how large the image is.
    for (kind, data) in [(&b"IDAT"[..], &b"\x78\x9c\x03\x00\x00\x00\x00\x01"[..]), (b"IEND", b"")] {
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    png
}

fn report_form(photo: Option<Vec<u8>>) -> reqwest::multipart::Form {
    let form = reqwest::multipart::Form::new()
        .text("province", "BC")
        .text("place", "Downtown Eastside")
        .text("sold_as", "fentanyl")
        .text("colour", "purple")
        .text("effects", "Out for an hour, needed three doses of naloxone.")
        .text("overdoses", "2");
    match photo {
        Some(bytes) => form.part("photo", reqwest::multipart::Part::bytes(bytes).file_name("IMG_0042.jpg")),
        None => form,
    }
}

async fn send_report(app: &TestApp, client: &reqwest::Client, photo: Option<Vec<u8>>) -> reqwest::Response {
    client.post(app.url("/alerts/report")).multipart(report_form(photo)).send().await.expect("POST report")
}

#[tokio::test]
async fn a_report_keeps_no_ip_user_agent_or_exif_and_its_receipt_finds_it() {
    let app = TestApp::spawn().await;
    let browser = client();
    let form = browser.get(app.url("/alerts/report")).send().await.expect("GET").text().await.expect("page");
    assert!(form.contains("enctype=\"multipart/form-data\"") && form.contains("name=\"photo\""));
    assert!(!form.contains("<script"), "works without JavaScript");

    let sent = send_report(&app, &browser, Some(jpeg_with_exif())).await;
    assert_eq!(sent.status(), 200);
    let page = sent.text().await.expect("page");
    let code = page.split("<strong>").nth(1).and_then(|s| s.split("</strong>").next()).expect("receipt code");
    assert_eq!(code.len(), 14, "{code}");

    let photo: Vec<u8> =
        sqlx::query_scalar("SELECT photo FROM alert_reports").fetch_one(&app.db().pool).await.expect("photo");
    let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    assert!(!contains(&photo, b"Exif") && !contains(&photo, GPS_MARKER), "EXIF and GPS are gone");
    assert!(image::load_from_memory(&photo).is_ok(), "what is kept is still a photo");
    for (table, column, value) in app.all_text().await {
        assert!(!value.contains("127.0.0.1") && !value.contains("ReportTestAgent"), "{table}.{column}: {value}");
        assert!(!value.contains(code), "the receipt code itself is never kept ({table}.{column})");
    }
    assert!(!contains(&photo, b"127.0.0.1") && !contains(&photo, AGENT.as_bytes()));
    let at: i64 =
        sqlx::query_scalar("SELECT created_at FROM alert_reports").fetch_one(&app.db().pool).await.expect("t");
    assert_eq!(at % 3_600_000, 0, "the time is kept to the hour");

    let status = browser.get(app.url(&format!("/alerts/report/status?code={}", code.to_lowercase()))).send().await;
    let status = status.expect("GET").text().await.expect("page");
    assert!(status.contains("Your report is waiting to be read."), "{status}");
    let unknown = browser.get(app.url("/alerts/report/status?code=AAAA-BBBB-CCCC")).send().await.expect("GET");
    assert!(unknown.text().await.expect("page").contains("No report has this code."));

    // A bot that fills the hidden field gets a receipt like anyone's; nothing is kept.
    let bot = client().post(app.url("/alerts/report")).multipart(report_form(None).text("website", "http://spam"));
    let page = bot.send().await.expect("POST").text().await.expect("page");
    let fake = page.split("<strong>").nth(1).and_then(|s| s.split("</strong>").next()).expect("a receipt");
    assert_eq!(fake.len(), 14);
    let kept: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM alert_reports").fetch_one(&app.db().pool).await.expect("n");
    assert_eq!(kept, 1, "only the person's report");
}

#[tokio::test]
async fn photos_that_are_not_images_too_big_or_too_many_pixels_and_floods_are_refused_and_nothing_is_kept() {
    let app = TestApp::spawn().await;
    let cases: [(Vec<u8>, &str); 3] = [
        (b"%PDF-1.4 not a photo".to_vec(), "The photo is not an image we can read"),
        (huge_png_header(), "The photo is larger than 40 megapixels."),
        (
            {
                let mut big = jpeg_with_exif();
                big.resize(8 * 1024 * 1024 + 10, 0);
                big
            },
            "The photo is larger than 8 MB.",
        ),
    ];
    for (photo, message) in cases {
        let refused = send_report(&app, &client(), Some(photo)).await;
        assert_eq!(refused.status(), 422, "{message}");
        let page = refused.text().await.expect("page");
        assert!(page.contains(message), "{message}");
        assert!(page.contains("value=\"Downtown Eastside\""), "what was typed is kept");
    }
    let nothing =
        client().post(app.url("/alerts/report")).multipart(reqwest::multipart::Form::new().text("province", "BC"));
    assert_eq!(nothing.send().await.expect("POST").status(), 422);
    let kept: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM alert_reports").fetch_one(&app.db().pool).await.expect("n");
    assert_eq!(kept, 0);

    // A flood from one client: a few go through, then it must wait.
    let flooder = client();
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(send_report(&app, &flooder, None).await.status().as_u16());
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    let kept: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM alert_reports").fetch_one(&app.db().pool).await.expect("n");
    assert_eq!(kept, statuses.iter().filter(|s| **s == 200).count() as i64);
    assert!(kept < 8);
}

#[tokio::test]
async fn the_poster_carries_both_languages_and_a_qr_code_and_the_feeds_follow_regions() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    region(&app, "toronto", "ON", "Toronto", "3520").await;
    let token = token_for(&app, "desk@example.org", &[rendezvous_alerts::ALERTS], true).await;
    let bc = publish(&app, &token, &alert_body(&["BC"])).await;
    let mut toronto = alert_body(&["toronto"]);
    toronto["headline_en"] = "Xylazine in Toronto".into();
    publish(&app, &token, &toronto).await;

    let poster = app.get(&format!("/alerts/{bc}/poster")).await.text().await.expect("poster");
    for text in [
        "Carfentanil in down",
        "Carfentanil dans le down",
        "Purple down sold as fentanyl contains carfentanil.",
        "Du down violet vendu comme fentanyl contient du carfentanil.",
        "We do not share anything with the police.",
        "Nous ne partageons rien avec la police.",
        "lang=\"fr\"",
        "<svg",
    ] {
        assert!(poster.contains(text), "the poster lacks {text}");
    }
    assert!(!poster.contains("<script"));

    let page = app.get(&format!("/alerts/{bc}")).await.text().await.expect("page");
    assert!(page.contains("carfentanil, fentanyl (12.5%)") && page.contains("<strong>FTIR</strong>"));
    assert!(page.contains("Spectrometry at a drug-checking service"), "the level's known limits");

    let feed = app.get("/alerts/feed.atom?region=BC").await;
    assert!(feed.headers()["content-type"].to_str().expect("type").starts_with("application/atom+xml"));
    let feed = feed.text().await.expect("feed");
    assert!(feed.starts_with("<?xml") && feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert_eq!(feed.matches("<entry>").count(), 1);
    assert!(feed.contains("Carfentanil in down") && !feed.contains("Xylazine"));
    let all = app.get("/alerts/feed.atom?lang=fr").await.text().await.expect("feed");
    assert_eq!(all.matches("<entry>").count(), 2);
    assert!(all.contains("Carfentanil dans le down") && all.contains("xml:lang=\"fr\""));
    let index = app.get("/alerts/cap.atom").await.text().await.expect("index");
    assert_eq!(index.matches("type=\"application/cap+xml\"").count(), 2);
    assert_eq!(app.get("/alerts/feed.atom?region=atlantis").await.status(), 404);

    let filtered = app.get("/alerts?region=toronto").await.text().await.expect("page");
    assert!(filtered.contains("Xylazine in Toronto") && !filtered.contains("Carfentanil in down"));

    // The home page shows the current alerts of the region the visitor chose (kept on their device).
    let home = client().get(app.url("/")).send().await.expect("GET").text().await.expect("home");
    assert!(home.contains("Xylazine in Toronto") && home.contains("Carfentanil in down"));
    let visitor = client();
    visitor.get(app.url("/alerts?region=toronto")).send().await.expect("choose a region");
    let home = visitor.get(app.url("/")).send().await.expect("GET").text().await.expect("home");
    assert!(home.contains("Current drug-supply alerts: Toronto"), "{home}");
    assert!(home.contains("Xylazine in Toronto") && !home.contains("Carfentanil in down"));
    visitor.get(app.url("/alerts?region=")).send().await.expect("all regions");
    let home = visitor.get(app.url("/")).send().await.expect("GET").text().await.expect("home");
    assert!(home.contains("Carfentanil in down"), "choosing every region forgets the region");
}

#[tokio::test]
async fn the_subscribe_form_takes_several_areas_and_confirms_by_mail_without_telling_who_is_on_the_list() {
    let app = TestApp::spawn().await;
    region(&app, "vancouver", "BC", "Vancouver", "5915").await;
    let form = app.get("/alerts/subscribe").await.text().await.expect("page");
    assert!(form.contains("value=\"vancouver\"") && form.contains("value=\"NU\""));
    let none = app.post_form("/alerts/subscribe", &[("email", "new@example.org"), ("lang", "en")]).await;
    assert_eq!(none.status(), 422);
    assert!(none.text().await.expect("page").contains("Choose at least one province"));
    let ok = app
        .post_form(
            "/alerts/subscribe",
            &[("email", "new@example.org"), ("lang", "fr"), ("area", "vancouver"), ("area", "QC")],
        )
        .await;
    assert_eq!(ok.status(), 200);
    let mail = app.smtp.wait_for("new@example.org", 1).await.remove(0);
    let link = mail.link(&format!("{}/subscribe/confirm", app.base_url)).expect("confirmation link");
    let token = link.split("token=").nth(1).expect("token");
    let confirmed = app.post_form("/subscribe/confirm", &[("token", token)]).await;
    assert!(confirmed.status().is_success());
    let id =
        rendezvous_newsletter::store::subscriber_by_email(app.db(), "new@example.org").await.expect("r").expect("s").id;
    assert_eq!(rendezvous_alerts::store::subscriber_areas(app.db(), id).await.expect("areas"), vec!["QC", "vancouver"]);
    // The preference centre links to the areas, beside the alerts list.
    let token = rendezvous_newsletter::links::token(
        &app.state,
        rendezvous_newsletter::links::LinkKind::Preferences,
        id,
        rendezvous_newsletter::ListId::EVERY_LIST,
    );
    let preferences = app.get(&format!("/preferences/{token}")).await.text().await.expect("page");
    let areas = preferences.split("href=\"").find(|h| h.starts_with("http") && h.contains("/alerts/areas?token="));
    let areas = areas.and_then(|h| h.split('"').next()).expect("a link to the areas").replace("&amp;", "&");
    assert!(
        app.get(&areas.replace(&app.base_url, "")).await.text().await.expect("page").contains("value=\"QC\" checked")
    );

    // Asking again answers the same, and only the address's owner gets a link to change areas.
    follower(&app, "known@example.org", Lang::En, &["BC"]).await;
    let again = app.post_form("/alerts/subscribe", &[("email", "known@example.org"), ("area", "ON")]).await;
    assert!(again.text().await.expect("page").contains("Check your email"));
    let mail = app.smtp.wait_for("known@example.org", 1).await.remove(0);
    let link = mail.link(&format!("{}/alerts/areas", app.base_url)).expect("areas link");
    let browser = app.new_browser();
    assert!(browser.get(&link).send().await.expect("GET").text().await.expect("page").contains("checked"));
    let saved = rendezvous_testkit::post_form(&browser, &link, &[("area", "ON"), ("area", "MB")]).await;
    assert_eq!(saved.status(), 200);
    let known = rendezvous_newsletter::store::subscriber_by_email(app.db(), "known@example.org")
        .await
        .expect("r")
        .expect("s")
        .id;
    assert_eq!(rendezvous_alerts::store::subscriber_areas(app.db(), known).await.expect("areas"), vec!["MB", "ON"]);
    let forged = app.get("/alerts/areas?token=forged").await;
    assert_eq!(forged.status(), 400);
}

#[tokio::test]
async fn a_member_turns_alerts_on_from_their_account_and_the_desk_publishes_from_the_editor() {
    let app = TestApp::spawn().await;
    let member = app.new_browser();
    app.create_user("m@example.org", "Mo", &[rendezvous_members::MEMBER]).await;
    app.log_in(&member, "m@example.org", None).await;
    let on = rendezvous_testkit::post_form(&member, &app.url("/account/alerts"), &[("area", "NS")]).await;
    assert_eq!(on.status(), 303);
    let page = member.get(app.url("/account/alerts")).send().await.expect("GET").text().await.expect("page");
    assert!(page.contains("You get drug-supply alerts by email"));

    let desk = app.new_browser();
    let id = app.create_user("desk@example.org", "Desk", &[rendezvous_alerts::ALERTS]).await;
    let secret = app.enable_two_factor(id).await;
    app.log_in(&desk, "desk@example.org", Some(&secret)).await;
    let editor = desk.get(app.url("/admin/alerts/new")).send().await.expect("GET").text().await.expect("page");
    assert!(editor.contains("name=\"headline_en\"") && editor.contains("name=\"headline_fr\""), "side by side");
    let fields = [
        ("action", "save"),
        ("area", "NS"),
        ("headline_en", "Benzodiazepines in down"),
        ("headline_fr", "Benzodiazépines dans le down"),
        ("summary_en", "Long sedation; naloxone wakes breathing, not the sedation."),
        ("summary_fr", "Longue sédation; la naloxone rétablit la respiration, pas l'éveil."),
        ("severity", "severe"),
        ("verification", "test-strip"),
        ("substances", "bromazolam: 3\nfentanyl"),
    ];
    let saved = rendezvous_testkit::post_form(&desk, &app.url("/admin/alerts/new"), &fields).await;
    assert_eq!(saved.status(), 303);
    let alert: i64 = sqlx::query_scalar("SELECT id FROM alerts").fetch_one(&app.db().pool).await.expect("id");
    let mut publish = fields.to_vec();
    publish[0] = ("action", "publish");
    let sent = rendezvous_testkit::post_form(&desk, &app.url(&format!("/admin/alerts/{alert}")), &publish).await;
    assert_eq!(sent.status(), 303);
    let mail = app.smtp.wait_for("m@example.org", 1).await.remove(0);
    assert!(mail.subject.contains("Benzodiazepines in down") && mail.text.contains("bromazolam (3%)"));
    let listed: Value = app.get("/api/v1/alerts").await.json().await.expect("JSON");
    assert_eq!(listed["alerts"][0]["state"], "published");
    let twice = rendezvous_testkit::post_form(&desk, &app.url(&format!("/admin/alerts/{alert}")), &publish).await;
    assert_eq!(twice.status(), 409);
}

#[tokio::test]
async fn who_follows_the_alerts_is_seen_by_administrators_only_and_leaves_only_when_an_admin_names_the_list() {
    let app = TestApp::spawn().await;
    let subscriber = follower(&app, "secret-follower@example.org", Lang::En, &["BC"]).await;
    let comms = app.new_browser();
    let id = app.create_user("comms@example.org", "Comms", &[rendezvous_newsletter::COMMUNICATIONS]).await;
    let secret = app.enable_two_factor(id).await;
    app.log_in(&comms, "comms@example.org", Some(&secret)).await;
    let page = comms.get(app.url("/admin/lists/alerts")).send().await.expect("GET").text().await.expect("page");
    assert!(page.contains("seen by administrators only") && !page.contains("secret-follower"), "counts only");
    let person = comms.get(app.url(&format!("/admin/subscribers/{subscriber}"))).send().await.expect("GET");
    assert_eq!(person.status(), 404, "someone only on the alerts list is not found at all");
    let export =
        rendezvous_testkit::post_form(&comms, &app.url("/admin/lists/alerts/export.csv"), &[("name", "alerts")]).await;
    assert_eq!(export.status(), 403);

    let admin = app.new_browser();
    let id = app.create_user("boss@example.org", "Boss", &[rendezvous_platform::auth::Role::ADMIN]).await;
    let secret = app.enable_two_factor(id).await;
    app.log_in(&admin, "boss@example.org", Some(&secret)).await;
    let page = admin.get(app.url("/admin/lists/alerts")).send().await.expect("GET").text().await.expect("page");
    assert!(page.contains("secret-follower@example.org"));
    let unnamed =
        rendezvous_testkit::post_form(&admin, &app.url("/admin/lists/alerts/export.csv"), &[("name", "")]).await;
    assert_eq!(unnamed.status(), 400);
    let named =
        rendezvous_testkit::post_form(&admin, &app.url("/admin/lists/alerts/export.csv"), &[("name", "alerts")]).await;
    assert_eq!(named.status(), 200);
    assert!(named.text().await.expect("CSV").contains("secret-follower@example.org"));
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'list.export'")
        .fetch_one(&app.db().pool)
        .await
        .expect("audit");
    assert_eq!(audited, 1);
}

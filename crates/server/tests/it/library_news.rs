//! News beyond its pages: a lead image as a camera gives it (megabytes, with EXIF) re-encoded
//! with its alt text, and a post sent to a list as a campaign in one step.

use rendezvous_platform::auth::Role;
use rendezvous_testkit::{TestApp, TestOptions};
use serde_json::{Value, json};

use crate::alerts_fixtures::{post, token_for};

const GPS_MARKER: &[u8] = b"GPS-46.4917N-80.9930W-MARKER";

fn options() -> TestOptions {
    TestOptions { no_workers: true, ..Default::default() }
}

async fn news_post(app: &TestApp, token: &str, title_en: &str) -> Value {
    let made = post(
        app,
        token,
        "/api/v1/news",
        &json!({
            "title_en": title_en, "title_fr": "Le forum de Sudbury",
            "body_en": "We met in **Sudbury**.", "body_fr": "Nous nous sommes réunis à **Sudbury**.",
        }),
    )
    .await;
    assert_eq!(made.status(), 201);
    made.json().await.expect("JSON")
}

/// A photo as a phone sends it: noisy pixels (so well over a megabyte) and an EXIF segment with a
/// GPS position.
fn camera_jpeg() -> Vec<u8> {
    let mut seed: u32 = 0x2545_f491;
    let photo = image::RgbImage::from_fn(2000, 1500, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let [r, g, b, _] = seed.to_le_bytes();
        image::Rgb([r, g, b])
    });
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(photo)
        .write_to(&mut std::io::Cursor::new(&mut plain), image::ImageFormat::Jpeg)
        .expect("encode");
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0".to_vec();
    exif.extend_from_slice(GPS_MARKER);
    let mut out = plain[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&u16::try_from(exif.len() + 2).expect("short segment").to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&plain[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn put_image(app: &TestApp, token: &str, id: i64, query: &str, body: Vec<u8>) -> reqwest::Response {
    reqwest::Client::new()
        .put(app.url(&format!("/api/v1/news/{id}/image{query}")))
        .bearer_auth(token)
        .header("content-type", "image/jpeg")
        .body(body)
        .send()
        .await
        .expect("PUT")
}

#[tokio::test]
async fn a_large_lead_image_is_taken_reencoded_without_exif_and_needs_its_alt_text() {
    let app = TestApp::spawn_with(options()).await;
    let token = token_for(&app, "editor@example.org", &[Role::EDITOR], true).await;
    let made = news_post(&app, &token, "The Sudbury forum").await;
    let id = made["id"].as_i64().expect("id");
    let photo = camera_jpeg();
    assert!(photo.len() > 1024 * 1024, "{} bytes: more than the site's body limit", photo.len());

    let no_alt = put_image(&app, &token, id, "?alt_en=&alt_fr=", photo.clone()).await;
    assert_eq!(no_alt.status(), 422);
    assert!(no_alt.text().await.expect("body").contains("news-error-alt"));
    assert_eq!(app.get("/news/the-sudbury-forum/image").await.status(), 404, "nothing stored");

    let not_image =
        put_image(&app, &token, id, "?alt_en=A+room&alt_fr=Une+salle", b"%PDF-1.4 not a photo".to_vec()).await;
    assert_eq!(not_image.status(), 422);
    assert!(not_image.text().await.expect("body").contains("news-error-image"));
    assert_eq!(app.get("/news/the-sudbury-forum/image").await.status(), 404, "nothing stored");

    let query = "?alt_en=People+around+a+table&alt_fr=Des+personnes+autour+d%E2%80%99une+table";
    let set = put_image(&app, &token, id, query, photo).await;
    assert_eq!(set.status(), 200, "{:?}", set.text().await);
    let served = app.get("/news/the-sudbury-forum/image").await;
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    let served = served.bytes().await.expect("bytes");
    assert!(served.starts_with(&[0xFF, 0xD8]), "a JPEG");
    assert!(!contains(&served, b"Exif") && !contains(&served, GPS_MARKER), "EXIF and GPS are gone");
    let decoded = image::load_from_memory(&served).expect("decodes");
    assert!(decoded.width() <= 1600 && decoded.height() <= 1600, "written again at the kept size");
    let page = app.get("/news/the-sudbury-forum").await.text().await.expect("page");
    assert!(page.contains("alt=\"People around a table\""), "{page}");
}

#[tokio::test]
async fn a_news_post_is_sent_to_a_list_as_a_campaign_in_one_step() {
    let app = TestApp::spawn_with(options()).await;
    let token = token_for(&app, "editor@example.org", &[Role::EDITOR], true).await;
    let list = crate::newsletter_campaigns::audience(&app, 3).await;
    let made = news_post(&app, &token, "The Sudbury forum").await;
    let id = made["id"].as_i64().expect("id");
    let post_url = made["url"].as_str().expect("url").to_owned();

    let unknown = post(&app, &token, &format!("/api/v1/news/{id}/send"), &json!({"list": "no-such-list"})).await;
    assert_eq!(unknown.status(), 422);
    let sent = post(&app, &token, &format!("/api/v1/news/{id}/send"), &json!({"list": "news"})).await;
    assert_eq!(sent.status(), 200);
    assert_eq!(sent.json::<Value>().await.expect("JSON")["recipients"], 3);
    let again = post(&app, &token, &format!("/api/v1/news/{id}/send"), &json!({"list": "news"})).await;
    assert_eq!(again.status(), 409, "sent once");

    let row =
        rendezvous_library::store::news::by_slug(app.db(), "the-sudbury-forum").await.expect("read").expect("post");
    let campaign = rendezvous_newsletter::store::by_id(app.db(), row.campaign_id.expect("its campaign"))
        .await
        .expect("read")
        .expect("campaign");
    assert_eq!(campaign.list_id, list);
    assert_eq!(campaign.subject_en, "The Sudbury forum");
    assert!(campaign.body_en.starts_with("We met in **Sudbury**.") && campaign.body_en.contains(&post_url));
    assert!(
        campaign.body_fr.starts_with("Nous nous sommes réunis") && campaign.body_fr.contains("Lire sur notre site")
    );

    app.run_jobs().await;
    let mails = app.smtp.all();
    assert_eq!(mails.len(), 3, "through SMTP, once each");
    let english = app.smtp.to("p1@example.org").pop().expect("English mail");
    assert_eq!(english.subject, "The Sudbury forum");
    assert!(english.html.contains("<strong>Sudbury</strong>") && english.html.contains(&post_url));
    let french = app.smtp.to("p0@example.org").pop().expect("French mail");
    assert_eq!(french.subject, "Le forum de Sudbury");
    assert!(french.text.contains(&post_url));
    let archived = app.get(&format!("/mailings/{}", campaign.id)).await.text().await.expect("archive");
    assert!(archived.contains(&post_url), "the archive links back: {archived}");
}

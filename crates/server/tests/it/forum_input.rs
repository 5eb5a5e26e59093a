//! Bad input in the forum: the injection corpus (tests/fixtures/forum-injection.txt) through
//! titles, bodies, content warnings, display names and search comes out inert on the pages, the
//! API, search and the feed; empty and oversized posts, invalid UTF-8 and Markdown bombs get clear
//! errors or render fast.

use std::time::{Duration, Instant};

use rendezvous_testkit::{TestApp, post_form};
use serde_json::{Value, json};

use crate::forum::{api_get, api_post, page, person, space};

fn corpus() -> Vec<String> {
    include_str!("../fixtures/forum-injection.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# "))
        .map(str::to_owned)
        .collect()
}

/// The attributes of one tag (`<name a="x" b=y c>`), read as a browser would: quoted values may
/// hold spaces and `>`. Returns (tag name, [(attribute, value)]) and where the tag ends.
fn read_tag(s: &[char]) -> (String, Vec<(String, String)>, usize) {
    let mut i = 1;
    let mut name = String::new();
    while i < s.len() && !s[i].is_whitespace() && s[i] != '>' && s[i] != '/' {
        name.push(s[i]);
        i += 1;
    }
    let mut attrs = Vec::new();
    while i < s.len() && s[i] != '>' {
        if s[i].is_whitespace() || s[i] == '/' {
            i += 1;
            continue;
        }
        let mut attr = String::new();
        while i < s.len() && !s[i].is_whitespace() && !matches!(s[i], '=' | '>' | '/') {
            attr.push(s[i]);
            i += 1;
        }
        let mut value = String::new();
        if i < s.len() && s[i] == '=' {
            i += 1;
            if i < s.len() && (s[i] == '"' || s[i] == '\'') {
                let quote = s[i];
                i += 1;
                while i < s.len() && s[i] != quote {
                    value.push(s[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < s.len() && !s[i].is_whitespace() && s[i] != '>' {
                    value.push(s[i]);
                    i += 1;
                }
            }
        }
        if !attr.is_empty() {
            attrs.push((attr, value));
        }
    }
    (name, attrs, i)
}

/// No live markup from a payload: no script-capable element, no event handler, no javascript: or
/// data: URL, no inline style in any tag of the page (escaped text such as `&lt;script&gt;` is
/// text, and attribute values are read as values).
fn assert_inert(where_: &str, html: &str) {
    let chars: Vec<char> = html.to_lowercase().chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '<' {
            i += 1;
            continue;
        }
        let (name, attrs, end) = read_tag(&chars[i..]);
        for bad in ["script", "iframe", "svg", "object", "embed", "style", "img", "math", "base"] {
            assert_ne!(name, bad, "{where_}: live <{bad}>");
        }
        for (attr, value) in &attrs {
            assert!(!attr.starts_with("on"), "{where_}: event handler {attr}={value} in <{name}>");
            assert_ne!(attr, "style", "{where_}: inline style in <{name}>");
            if matches!(attr.as_str(), "href" | "src" | "action" | "formaction" | "data") {
                let v = value.trim();
                assert!(!v.starts_with("javascript:") && !v.starts_with("data:"), "{where_}: {attr}={v} in <{name}>");
                assert!(!v.contains("evil.example"), "{where_}: {attr}={v} in <{name}>");
            }
            if name == "meta" {
                assert_ne!(attr, "http-equiv", "{where_}: <meta http-equiv>");
            }
            if name == "link" && attr == "href" {
                assert!(
                    value.starts_with('/') || value.starts_with("http://127.0.0.1:"),
                    "{where_}: <link href={value}>"
                );
            }
        }
        i += end.max(1);
    }
}

#[tokio::test]
async fn the_injection_corpus_is_inert_on_pages_api_search_and_feeds() {
    let app = TestApp::spawn().await;
    space(&app, "open", "public", "members", |s| {
        s.allow_anonymous = true;
        s.content_warnings = true;
    })
    .await;
    let payloads = corpus();
    assert!(payloads.len() >= 25);
    // The display name is an attack too (the accounts feature accepts any printable text).
    let writer =
        person(&app, "writer@example.org", "<script>alert('name')</script>", &[rendezvous_forum::MODERATOR]).await;
    let reader = person(&app, "reader@example.org", "Reader", &[rendezvous_members::MEMBER]).await;
    let mut thread_ids = Vec::new();
    for (i, payload) in payloads.iter().enumerate() {
        let title: String = format!("{i} {payload}").chars().take(200).collect();
        let response = api_post(&app, &writer.token, "/api/v1/spaces/open/threads", json!({
            "title": title, "body": format!("{payload}\n\nmarker{i}"), "content_warning": payload.chars().take(100).collect::<String>(),
        }))
        .await;
        assert_eq!(response.status(), 201, "payload {i}: {payload}");
        let id = response.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
        let response =
            post_form(&writer.browser, &app.url(&format!("/forum/t/{id}/posts")), &[("body", payload)]).await;
        assert_eq!(response.status(), 303, "reply with payload {i}");
        thread_ids.push(id);
    }
    for id in &thread_ids {
        let (status, html) = page(&reader.browser, &app, &format!("/forum/t/{id}")).await;
        assert_eq!(status, 200);
        assert_inert(&format!("thread {id}"), &html);
        let (_, html) = page(&writer.browser, &app, &format!("/forum/t/{id}")).await;
        assert_inert(&format!("thread {id} as its moderator-author"), &html);
    }
    for p in 1..=2 {
        let (_, html) = page(&reader.browser, &app, &format!("/forum/open?page={p}")).await;
        assert_inert("space page", &html);
    }
    let (_, feed) = page(&reader.browser, &app, "/forum/open/feed.atom").await;
    assert_inert("feed", &feed);
    assert!(!feed.contains("<script"), "the feed escapes everything");
    for (i, payload) in payloads.iter().enumerate() {
        let q: String = url::form_urlencoded::byte_serialize(payload.as_bytes()).collect();
        let (status, html) = page(&reader.browser, &app, &format!("/forum/search?q={q}")).await;
        assert_eq!(status, 200, "search for payload {i}: {payload}");
        assert_inert(&format!("search {i}"), &html);
        let response = api_get(&app, &reader.token, &format!("/api/v1/forum/search?q={q}")).await;
        assert_eq!(response.status(), 200, "API search for payload {i}");
        let (_, html) = page(&reader.browser, &app, &format!("/forum/search?q=marker{i}")).await;
        assert!(html.contains(&format!("marker{i}")), "marker{i} is found");
        assert_inert(&format!("search marker{i}"), &html);
    }
    // The raw Markdown comes back unchanged in the API's source of truth: nothing was lost.
    let v: Value =
        api_get(&app, &reader.token, &format!("/api/v1/threads/{}", thread_ids[0])).await.json().await.expect("json");
    assert!(v["posts"][0]["body_html"].as_str().is_some_and(|h| h.contains("&lt;script&gt;")), "{v}");
    let (_, log) = page(&reader.browser, &app, "/forum/open/log").await;
    assert_inert("log", &log);
}

#[tokio::test]
async fn empty_huge_and_malformed_posts_get_clear_errors() {
    let app = TestApp::spawn().await;
    space(&app, "open", "public", "members", |_| {}).await;
    let writer = person(&app, "writer@example.org", "Writer", &[rendezvous_members::MEMBER]).await;
    let response =
        api_post(&app, &writer.token, "/api/v1/spaces/open/threads", json!({"title": "  ", "body": " "})).await;
    assert_eq!(response.status(), 422);
    let v: Value = response.json().await.expect("json");
    assert_eq!(v["errors"][0]["message"], "Enter a title.");
    let response = api_post(
        &app,
        &writer.token,
        "/api/v1/spaces/open/threads",
        json!({"title": "Long", "body": "a".repeat(100_000)}),
    )
    .await;
    assert_eq!(response.status(), 422);
    let v: Value = response.json().await.expect("json");
    assert_eq!(v["errors"][0]["error"], "forum-error-body-too-long");
    let response =
        api_post(&app, &writer.token, "/api/v1/spaces/open/threads", json!({"title": "Nul", "body": "a\u{0}b"})).await;
    assert_eq!(response.status(), 422);
    let response = api_post(
        &app,
        &writer.token,
        "/api/v1/spaces/open/threads",
        json!({"title": "Anon", "body": "x", "anonymous": true}),
    )
    .await;
    assert_eq!(
        response.json::<Value>().await.expect("json")["errors"][0]["error"],
        "forum-error-anonymous-not-allowed"
    );

    // A 1 MB form is refused as too large; an empty one with the person's words kept.
    let response = post_form(
        &writer.browser,
        &app.url("/forum/open/threads"),
        &[("title", "Big"), ("body", &"b".repeat(1_000_000))],
    )
    .await;
    assert_eq!(response.status(), 413);
    let response =
        post_form(&writer.browser, &app.url("/forum/open/threads"), &[("title", "Kept title"), ("body", "")]).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.expect("body");
    assert!(html.contains("Write something before posting.") && html.contains("value=\"Kept title\""), "{html}");
    // In French for a French reader.
    let french = writer
        .browser
        .post(app.url("/lang"))
        .header("origin", app.base_url.clone())
        .header("sec-fetch-site", "same-origin")
        .form(&[("lang", "fr"), ("next", "/forum")])
        .send()
        .await
        .expect("lang");
    assert_eq!(french.status(), 303);
    let response =
        post_form(&writer.browser, &app.url("/forum/open/threads"), &[("title", "Titre"), ("body", "")]).await;
    assert!(response.text().await.expect("body").contains("Écrivez quelque chose avant de publier."));

    // Invalid UTF-8 in a form.
    let response = writer
        .browser
        .post(app.url("/forum/open/threads"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", app.base_url.clone())
        .header("sec-fetch-site", "same-origin")
        .body("title=a&body=%FF%FE")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 400);
    // Invalid UTF-8 in JSON.
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/spaces/open/threads"))
        .bearer_auth(&writer.token)
        .header("content-type", "application/json")
        .body(b"{\"title\":\"a\",\"body\":\"\xff\xfe\"}".to_vec())
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 400);
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM forum_posts").fetch_one(&app.db().pool).await.expect("count");
    assert_eq!(count, 0, "bad input changed nothing");
}

#[tokio::test]
async fn markdown_bombs_are_accepted_flattened_and_rendered_fast() {
    let app = TestApp::spawn().await;
    space(&app, "open", "public", "members", |_| {}).await;
    let writer = person(&app, "writer@example.org", "Writer", &[rendezvous_forum::MODERATOR]).await;
    let bombs = [
        ("nesting", ">".repeat(60_000)),
        ("lists", "- ".repeat(30_000)),
        ("emphasis", "*a **".repeat(12_000)),
        ("links", "[a](https://a.example) ".repeat(2_800)),
        ("table", format!("|a|b|c|d|\n|-|-|-|-|\n{}", "|1|2|3|4|\n".repeat(6_000))),
        ("brackets", "[".repeat(60_000)),
    ];
    for (name, body) in bombs {
        let started = Instant::now();
        let response =
            api_post(&app, &writer.token, "/api/v1/spaces/open/threads", json!({"title": name, "body": body})).await;
        assert_eq!(response.status(), 201, "{name}");
        let id = response.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
        let (status, html) = page(&writer.browser, &app, &format!("/forum/t/{id}")).await;
        assert_eq!(status, 200);
        assert!(started.elapsed() < Duration::from_secs(5), "{name} took {:?}", started.elapsed());
        assert!(html.matches("<blockquote>").count() <= rendezvous_platform::markdown::MAX_DEPTH, "{name}");
        assert!(
            html.matches("<a href=\"https://a.example\"").count() <= rendezvous_platform::markdown::MAX_LINKS,
            "{name}"
        );
    }
}

#[test]
#[should_panic(expected = "event handler")]
fn the_inertness_check_sees_an_event_handler() {
    assert_inert("probe", "<p>ok</p><a title=\"x y\" onclick=\"alert(1)\">x</a>");
}

#[test]
fn the_inertness_check_reads_quoted_values_as_values() {
    assert_inert("probe", "<input value=\"&lt;img src=x onerror=alert(1)&gt;\" name=\"q\"><p>&lt;script&gt;</p>");
}

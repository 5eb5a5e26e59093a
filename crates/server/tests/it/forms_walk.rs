//! The forms walk: every form of the site submitted with empty and bad input. Each must come back
//! as a 422 page holding the whole form again with what was typed (passwords excepted), and an
//! error summary that links to every bad field at once, in the person's language.

use std::collections::BTreeMap;

use rendezvous_testkit::TestApp;
use scraper::{ElementRef, Html, Selector};

/// One form to walk: the page that shows it, the form's action, what to type over its defaults,
/// and the fields the error summary must name.
pub struct FormCase {
    pub page: String,
    pub action: String,
    pub typed: Vec<(&'static str, String)>,
    pub bad: Vec<&'static str>,
    /// Sent but not expected back (a button's value).
    pub pressed: Option<(&'static str, &'static str)>,
}

impl FormCase {
    pub fn new(page: impl Into<String>, action: impl Into<String>) -> Self {
        Self { page: page.into(), action: action.into(), typed: Vec::new(), bad: Vec::new(), pressed: None }
    }

    /// Types `value` into `field`; `bad` says whether the summary must name it.
    pub fn field(mut self, field: &'static str, value: impl Into<String>, bad: bool) -> Self {
        self.typed.push((field, value.into()));
        if bad {
            self.bad.push(field);
        }
        self
    }

    /// Presses the button named `name` with this value (forms with several buttons).
    pub fn press(mut self, name: &'static str, value: &'static str) -> Self {
        self.pressed = Some((name, value));
        self
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

/// The form posting to `action` in a page, if there is one.
fn find_form<'a>(page: &'a Html, action: &str) -> Option<ElementRef<'a>> {
    page.select(&selector("form")).find(|form| form.value().attr("action") == Some(action))
}

/// What a browser would send for a form as it stands: its fields' current values.
fn current_values(form: ElementRef<'_>) -> Vec<(String, String)> {
    let mut values = Vec::new();
    for input in form.select(&selector("input[name]")) {
        let element = input.value();
        let name = element.attr("name").unwrap_or_default().to_owned();
        let value = element.attr("value").unwrap_or_default().to_owned();
        match element.attr("type").unwrap_or("text") {
            "submit" | "button" | "image" | "reset" | "file" => {}
            "checkbox" | "radio" => {
                if element.attr("checked").is_some() {
                    values.push((name, if value.is_empty() { "on".to_owned() } else { value }));
                }
            }
            _ => values.push((name, value)),
        }
    }
    for textarea in form.select(&selector("textarea[name]")) {
        values.push((textarea.value().attr("name").unwrap_or_default().to_owned(), textarea.text().collect()));
    }
    for select in form.select(&selector("select[name]")) {
        let name = select.value().attr("name").unwrap_or_default().to_owned();
        let options: Vec<_> = select.select(&selector("option")).collect();
        let chosen = options.iter().find(|o| o.value().attr("selected").is_some()).or(options.first());
        if let Some(option) = chosen {
            let value = option.value().attr("value").map(str::to_owned).unwrap_or_else(|| option.text().collect());
            values.push((name, value));
        }
    }
    values
}

/// Whether the answered form shows `value` again in `field` (typed text, a ticked box, a chosen option).
fn shows_again(form: ElementRef<'_>, field: &str, value: &str) -> bool {
    let fields = selector("input[name], textarea[name], select[name]");
    form.select(&fields).filter(|e| e.value().attr("name") == Some(field)).any(|element| match element.value().name() {
        "textarea" => element.text().collect::<String>() == value,
        "select" => element
            .select(&selector("option[selected]"))
            .any(|o| o.value().attr("value").map(str::to_owned).unwrap_or_else(|| o.text().collect()) == value),
        _ => match element.value().attr("type").unwrap_or("text") {
            "checkbox" | "radio" => {
                element.value().attr("checked").is_some() && element.value().attr("value").unwrap_or("on") == value
            }
            _ => element.value().attr("value") == Some(value),
        },
    })
}

/// Submits one case on `client` and returns what is wrong with the answer (empty when all is well).
pub async fn walk(app: &TestApp, client: &reqwest::Client, case: &FormCase) -> Vec<String> {
    let where_ = format!("{} → {}", case.page, case.action);
    let page = client.get(app.url(&case.page)).send().await.expect("GET");
    if page.status() != 200 {
        return vec![format!("{where_}: the page answered {}", page.status())];
    }
    let html = Html::parse_document(&page.text().await.expect("page text"));
    let title: String = html.select(&selector("title")).flat_map(|t| t.text()).collect();
    if title.contains('<') {
        return vec![format!("{where_}: markup in the page's title: {title:?}")];
    }
    let Some(form) = find_form(&html, &case.action) else {
        return vec![format!("{where_}: no form posts there")];
    };
    let mut body: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in current_values(form) {
        body.entry(name).or_default().push(value);
    }
    for (name, value) in &case.typed {
        body.insert((*name).to_owned(), vec![value.clone()]);
    }
    if let Some((name, value)) = case.pressed {
        body.insert(name.to_owned(), vec![value.to_owned()]);
    }
    let pairs: Vec<(&str, &str)> =
        body.iter().flat_map(|(name, values)| values.iter().map(move |v| (name.as_str(), v.as_str()))).collect();
    let answer = rendezvous_testkit::post_form(client, &app.url(&case.action), &pairs).await;
    let status = answer.status();
    let text = answer.text().await.expect("answer text");
    if status != 422 {
        return vec![format!("{where_}: answered {status}, not 422 with the form again")];
    }
    let answered = Html::parse_document(&text);
    let mut problems = Vec::new();
    let summary: Vec<String> = answered
        .select(&selector(".error-summary a[href]"))
        .filter_map(|a| a.value().attr("href").map(|h| h.trim_start_matches('#').to_owned()))
        .collect();
    for field in &case.bad {
        if !summary.iter().any(|linked| linked == field) {
            problems.push(format!("{where_}: the error summary does not name `{field}` (it names {summary:?})"));
        }
        if answered.select(&selector(&format!("[id=\"{field}-error\"]"))).next().is_none() {
            problems.push(format!("{where_}: no message beside `{field}`"));
        }
    }
    let Some(form) = find_form(&answered, &case.action) else {
        problems.push(format!("{where_}: the answer does not hold the form again"));
        return problems;
    };
    for (name, value) in &case.typed {
        let is_password = form
            .select(&selector(&format!("input[name=\"{name}\"]")))
            .any(|e| e.value().attr("type") == Some("password"));
        if !value.is_empty() && !is_password && !shows_again(form, name, value) {
            problems.push(format!("{where_}: `{name}` lost what was typed ({value:?})"));
        }
    }
    problems
}

/// Walks every case and fails once, listing every form that lets its person down.
pub async fn walk_all(app: &TestApp, client: &reqwest::Client, cases: &[FormCase]) {
    let mut problems = Vec::new();
    for case in cases {
        problems.extend(walk(app, client, case).await);
    }
    assert!(problems.is_empty(), "{} problem(s) in the forms walk:\n{}", problems.len(), problems.join("\n"));
}

#[tokio::test]
async fn signed_out_forms_keep_what_was_typed_and_name_every_bad_field() {
    let app = TestApp::spawn().await;
    let cases = [
        FormCase::new("/signup", "/signup")
            .field("email", "not-an-address", true)
            .field("display_name", "", true)
            .field("password", "short", true),
        FormCase::new("/login", "/login").field("email", "", true).field("password", "", true),
        FormCase::new("/login", "/login").field("email", "someone@example.org", false).field("password", "", true),
        FormCase::new("/reset", "/reset").field("email", "not-an-address", true),
    ];
    walk_all(&app, &app.client, &cases).await;
}

#[tokio::test]
async fn account_forms_keep_what_was_typed_and_name_every_bad_field() {
    let app = TestApp::spawn().await;
    app.create_user("walker@example.org", "Walker", &[]).await;
    app.log_in(&app.client, "walker@example.org", None).await;
    let cases = [
        FormCase::new("/account/password", "/account/password").field("current_password", "", true).field(
            "new_password",
            "short",
            true,
        ),
        FormCase::new("/account/email", "/account/email")
            .field("email", "not-an-address", true)
            .field("password", "", true),
        FormCase::new("/account", "/account/profile").field("display_name", "", true).field("lang", "fr", false),
        FormCase::new("/account/erase", "/account/erase").field("password", "", true).field("content", "", true),
        FormCase::new("/account/erase", "/account/erase")
            .field("password", "wrong", true)
            .field("content", "keep", false),
    ];
    walk_all(&app, &app.client, &cases).await;
}

#[tokio::test]
async fn administrators_forms_keep_what_was_typed_and_name_every_bad_field() {
    let app = TestApp::spawn().await;
    app.admin_session().await;
    crate::forum::space(&app, "general", "public", "members", |_| {}).await;
    let cases = [
        FormCase::new("/admin/lists", "/admin/lists")
            .field("slug", "Not a slug!", true)
            .field("name_en", "", true)
            .field("name_fr", "", true)
            .field("description_en", "What we send", false),
        FormCase::new("/admin/segments", "/admin/segments")
            .press("action", "save")
            .field("name", "", true)
            .field("expiring_within_days", "soon", true)
            .field("tags", "outreach", false),
        FormCase::new("/admin/campaigns/new", "/admin/campaigns")
            .field("list", "", true)
            .field("subject_en", "", true)
            .field("preheader_en", "Kept preheader", false),
        FormCase::new("/admin/members/types", "/admin/members/types")
            .field("slug", "Not a slug!", true)
            .field("name_en", "", true)
            .field("name_fr", "Adhésion", false)
            .field("reminder_days", "many", true),
        FormCase::new("/admin/groups", "/admin/groups")
            .field("slug", "Not a slug!", true)
            .field("name_en", "", true)
            .field("name_fr", "Groupe", false)
            .field("admin_email", "not-an-address", true),
        FormCase::new("/admin/forum/general", "/admin/forum/general")
            .field("name_en", "", true)
            .field("description_fr", "Description gardée", false)
            .field("content_warnings", "1", false)
            .field("hold_first_posts", "some", true),
        FormCase::new("/admin/forum", "/admin/forum")
            .field("slug", "Not a slug!", true)
            .field("name_en", "", true)
            .field("description_en", "Kept description", false)
            .field("hold_first_posts", "some", true),
    ];
    walk_all(&app, &app.client, &cases).await;

    // A list's own page: adding someone by hand.
    let created = app
        .post_form(
            "/admin/lists",
            &[("slug", "news"), ("name_en", "News"), ("name_fr", "Nouvelles"), ("default_lang", "en")],
        )
        .await;
    assert_eq!(created.status(), 303, "a list to add people to");
    let add = FormCase::new("/admin/lists/news", "/admin/lists/news/subscribers")
        .field("email", "not-an-address", true)
        .field("name", "Kept Name", false)
        .field("province", "Atlantis", true)
        .field("evidence", "", true);
    // Reviewing an application: a refusal needs its reason.
    let kind =
        crate::members::make_type(&app, "supporter", rendezvous_members::model::ForKind::Person, true, false).await;
    let (_, applicant) = crate::members::person(&app, "applicant@example.org", "Applicant").await;
    let applied = rendezvous_testkit::post_form(
        &applicant,
        &app.url(&format!("/members/apply/{kind}")),
        &[("answer-0", "To help")],
    )
    .await;
    let id = crate::members::membership_id(&applied);
    let review = FormCase::new(format!("/admin/members/{id}"), format!("/admin/members/{id}/decide"))
        .press("decision", "reject")
        .field("note", "", true);
    walk_all(&app, &app.client, &[add, review]).await;
}

#[tokio::test]
async fn a_members_forms_keep_what_was_typed_and_name_every_bad_field() {
    let app = TestApp::spawn().await;
    crate::forum::space(&app, "general", "public", "members", |_| {}).await;
    let member = crate::forum::person(&app, "member@example.org", "Member", &[rendezvous_members::MEMBER]).await;
    let (thread, post) = crate::forum::thread(&app, &member, "general", "A thread", "Its first words").await;
    let cases = [
        FormCase::new("/members/profile", "/members/profile").field("city", "Trois-Rivières", false).field(
            "contact_email",
            "not-an-address",
            true,
        ),
        FormCase::new("/forum/general", "/forum/general/threads").field("title", "", true).field(
            "body",
            "Words kept when the title is missing",
            false,
        ),
        FormCase::new(format!("/forum/t/{thread}"), format!("/forum/t/{thread}/posts")).field("body", "", true),
        FormCase::new(format!("/forum/p/{post}/flag"), format!("/forum/p/{post}/flag")).field("reason", "", true),
    ];
    walk_all(&app, &member.browser, &cases).await;
}

#[tokio::test]
async fn alert_forms_keep_what_was_typed_and_name_every_bad_field() {
    let app = TestApp::spawn().await;
    let visitor = [FormCase::new("/alerts/subscribe", "/alerts/subscribe").field("email", "not-an-address", true)];
    walk_all(&app, &app.client, &visitor).await;
    app.admin_session().await;
    let cases = [
        FormCase::new("/admin/alerts/new", "/admin/alerts/new")
            .press("action", "save")
            .field("headline_en", "", true)
            .field("summary_en", "x".repeat(281), true)
            .field("expires_at", "yesterday", true),
        FormCase::new("/admin/alerts/regions", "/admin/alerts/regions")
            .field("slug", "Bad Slug", true)
            .field("name_en", "Interior", false)
            .field("geocodes", "59 north", true),
    ];
    walk_all(&app, &app.client, &cases).await;
}

#[tokio::test]
async fn letter_forms_keep_what_was_typed_and_name_every_bad_field() {
    let app = TestApp::spawn().await;
    crate::advocacy_fixtures::import_house(&app).await;
    let token = crate::advocacy_fixtures::editor(&app).await;
    let campaign = crate::advocacy_fixtures::letter("walk", serde_json::json!({"set": "house", "by": "district"}));
    crate::advocacy_fixtures::start(&app, &token, &campaign).await;
    let visitor = [FormCase::new("/act/walk", "/act/walk")
        .field("name", "", true)
        .field("email", "not-an-address", true)
        .field("town", "Sudbury", false)
        .field("district", "", true)];
    walk_all(&app, &app.client, &visitor).await;
    app.admin_session().await;
    let cases = [
        FormCase::new("/admin/letters/new", "/admin/letters/new")
            .field("slug", "Bad Slug", true)
            .field("title_en", "", true)
            .field("title_fr", "Lettre", false)
            .field("body_en", "", true)
            .field("set", "", false),
        FormCase::new("/admin/letters/committees", "/admin/letters/committees")
            .field("code", "", true)
            .field("name_en", "", true)
            .field("name_fr", "Comité", false),
        FormCase::new("/admin/letters/sets/new", "/admin/letters/sets/new")
            .field("slug", "Bad Slug", true)
            .field("name_en", "", true)
            .field("name_fr", "Conseil", false),
        FormCase::new("/admin/letters/sets/house", "/admin/letters/sets/house/names")
            .field("name_en", "", true)
            .field("name_fr", "Chambre", false),
        FormCase::new("/admin/letters/sets/house", "/admin/letters/sets/house/targets")
            .field("name", "", true)
            .field("district", "Sudbury", false)
            .field("province", "Atlantis", true)
            .field("email", "not-an-address", true),
    ];
    walk_all(&app, &app.client, &cases).await;
}

#[tokio::test]
async fn library_forms_keep_what_was_typed_and_name_every_bad_field() {
    let app = TestApp::spawn().await;
    let visitor = [
        FormCase::new("/submit/event", "/submit/event")
            .field("title", "", true)
            .field("location", "Memorial Park", false)
            .field("starts_at", "someday", true)
            .field("email", "not-an-address", true),
        FormCase::new("/submit/job", "/submit/job").field("title", "Peer worker", false).field("pay", "", true),
        FormCase::new("/consultations/request", "/consultations/request")
            .field("organisation", "", true)
            .field("need", "A review", false)
            .field("email", "nope", true),
    ];
    walk_all(&app, &app.client, &visitor).await;
    app.admin_session().await;
    let admin = [FormCase::new("/admin/pages/about", "/admin/pages/about")
        .field("title_en", "", true)
        .field("body_fr", "Texte", false)];
    walk_all(&app, &app.client, &admin).await;
}

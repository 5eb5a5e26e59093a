//! What the letter tests share: a House set with a committee, campaigns started through the API,
//! writers posting the public form, and the confirmation link they are mailed.

use rendezvous_platform::auth::Role;
use rendezvous_testkit::{CapturedMail, TestApp};
use serde_json::{Value, json};

use crate::alerts_fixtures::{post, token_for};

/// Four MPs in the layout of OpenNorth Represent, headers as a spreadsheet left them; three sit
/// on the health committee (codes in any case).
pub const HOUSE: &str =
    "District Name;Primary role;Name;First name;Last name;Party name;E-mail;Photo URL;Province/Territory;Committees
Sudbury;MP;Viviane Lapierre;Viviane;Lapierre;Liberal;mp.sudbury@parl.example;;Ontario;HESA
Halifax;MP;Lena Diab-Roy;Lena;Diab-Roy;Liberal;MP.Halifax@parl.example;;NS;\"hesa; just\"
Papineau;MP;Justin Tremblay;Justin;Tremblay;Liberal;mp.papineau@parl.example;;QC;
Calgary Centre;MP;Greg McLean-Fox;Greg;McLean-Fox;Conservative;mp.calgary@parl.example;;AB;Hesa
";

pub const MEMBERS: [&str; 3] = ["mp.sudbury@parl.example", "mp.halifax@parl.example", "mp.calgary@parl.example"];

pub async fn import_house(app: &TestApp) -> rendezvous_advocacy::targets::ImportReport {
    rendezvous_advocacy::targets::import(
        app.db(),
        &app.clock,
        "house",
        Some("House of Commons"),
        Some("Chambre des communes"),
        HOUSE.as_bytes(),
    )
    .await
    .expect("import")
}

/// A token of an editor with two-factor authentication.
pub async fn editor(app: &TestApp) -> String {
    token_for(app, "editor@example.org", &[Role::EDITOR], true).await
}

pub fn letter(slug: &str, targets: Value) -> Value {
    json!({
        "slug": slug,
        "title_en": "Keep safer supply",
        "title_fr": "Maintenez l’approvisionnement plus sûr",
        "subject_en": "Keep safer supply programmes",
        "subject_fr": "Maintenez les programmes",
        "body_en": "Dear committee member,\n\nSafer supply keeps people alive. Please recommend that it be funded.\n\nThank you.",
        "body_fr": "Madame, Monsieur,\n\nL’approvisionnement plus sûr garde les gens en vie.\n\nMerci.",
        "editable": true,
        "targets": targets,
    })
}

/// Starts a campaign; returns its id.
pub async fn start(app: &TestApp, token: &str, body: &Value) -> i64 {
    let created = post(app, token, "/api/v1/letters", body).await;
    assert_eq!(created.status(), 201, "{:?}", created.text().await);
    let created: Value = created.json().await.expect("JSON");
    created["id"].as_i64().expect("id")
}

/// The public form as a writer fills it.
pub fn form<'a>(name: &'a str, email: &'a str, signing: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("name", name), ("email", email), ("signing", signing), ("lang", "en")]
}

pub async fn write(app: &TestApp, slug: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.post_form(&format!("/act/{slug}"), fields).await
}

/// The confirmation mail sent to `email` (jobs run first).
pub async fn confirmation(app: &TestApp, email: &str) -> CapturedMail {
    app.run_jobs().await;
    app.smtp.to(email).into_iter().last().expect("a confirmation mail")
}

/// Opens the mailed link, then presses its button; returns the button's answer.
pub async fn confirm(app: &TestApp, mail: &CapturedMail) -> reqwest::Response {
    let link = mail.link(&app.url("/act/")).expect("confirmation link");
    reqwest::get(&link).await.expect("GET link");
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let action = link.split('?').next().expect("path").trim_start_matches(&app.url("")).to_owned();
    app.post_form(&action, &[("token", &token)]).await
}

/// Letters captured for an address.
pub fn letters_to(app: &TestApp, email: &str) -> Vec<CapturedMail> {
    app.smtp.to(email)
}

pub async fn counts(app: &TestApp, token: &str, id: i64) -> Value {
    crate::alerts_fixtures::get_json(app, token, &format!("/api/v1/letters/{id}")).await
}

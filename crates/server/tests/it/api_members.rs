//! Memberships for integrations: the applications waiting, approving one (announced to partners
//! as member.approved, thinly), and a page of memberships by status.

use rendezvous_members::model::ForKind;
use rendezvous_platform::auth::Role;
use rendezvous_testkit::post_form;
use serde_json::{Value, json};

use crate::alerts_fixtures::{get_json, post, token_for};
use crate::members::{make_type, membership_id, person};

#[tokio::test]
async fn applications_are_listed_and_approved_through_the_api() {
    let app = rendezvous_testkit::TestApp::spawn().await;
    let kind = make_type(&app, "reviewed", ForKind::Person, true, false).await;
    let (_, browser) = person(&app, "applicant@example.org", "Applicant").await;
    let applied =
        post_form(&browser, &app.url(&format!("/members/apply/{kind}")), &[("answer-0", "Peer worker")]).await;
    let id = membership_id(&applied);
    let admin = token_for(&app, "root@example.org", &[Role::ADMIN], true).await;
    let waiting: Value = get_json(&app, &admin, "/api/v1/applications").await;
    assert_eq!(waiting["total"], 1);
    assert_eq!(waiting["memberships"][0]["id"], id.0);
    let approved = post(&app, &admin, &format!("/api/v1/applications/{id}/approve"), &json!({})).await;
    assert_eq!(approved.status(), 200);
    assert_eq!(post(&app, &admin, &format!("/api/v1/applications/{id}/approve"), &json!({})).await.status(), 409);
    let active: Value = get_json(&app, &admin, "/api/v1/members?status=active").await;
    assert_eq!(active["memberships"][0]["status"], "active");
    let member = token_for(&app, "m@example.org", &[rendezvous_members::MEMBER], false).await;
    let refused = reqwest::Client::new().get(app.url("/api/v1/applications")).bearer_auth(&member).send().await;
    assert_eq!(refused.expect("GET").status(), 403);
}

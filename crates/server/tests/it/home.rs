//! The newcomer's path on the home page: account and membership explained, then the next step
//! for this person at each point of the way (apply, wait for the review, a member's pages).

use rendezvous_members::model::ForKind;
use rendezvous_testkit::{TestApp, post_form};

use crate::members::{make_type, membership_id, person};

async fn home(app: &TestApp, browser: &reqwest::Client) -> String {
    browser.get(app.url("/")).send().await.expect("GET /").text().await.expect("body")
}

#[tokio::test]
async fn a_visitor_reads_account_versus_membership_and_the_steps_in_their_language() {
    let app = TestApp::spawn().await;
    let visitor = app.new_browser();
    let en = home(&app, &visitor).await;
    assert!(en.contains("An account is yours at once") && en.contains("Membership of the network"), "{en}");
    assert!(en.contains("Confirm your address") && en.contains("href=\"/signup\""), "{en}");
    let french = visitor.get(app.url("/")).header("accept-language", "fr-CA").send().await.expect("GET /");
    let fr = french.text().await.expect("body");
    assert!(fr.contains("Un compte est à vous tout de suite") && fr.contains("L’adhésion au réseau"), "{fr}");
}

#[tokio::test]
async fn the_home_page_says_the_next_step_from_account_to_member() {
    let app = TestApp::spawn().await;
    let kind = make_type(&app, "individual", ForKind::Person, true, false).await;
    let (_, browser) = person(&app, "newcomer@example.org", "Newcomer").await;

    let with_account = home(&app, &browser).await;
    assert!(with_account.contains("href=\"/members/apply\"") && !with_account.contains("href=\"/signup\""));

    let applied = post_form(&browser, &app.url(&format!("/members/apply/{kind}")), &[("answer-0", "To help")]).await;
    assert_eq!(applied.status(), 303);
    let pending = home(&app, &browser).await;
    assert!(pending.contains("waiting for the team’s review") && !pending.contains("href=\"/members/apply\""));

    rendezvous_members::memberships::activate(&app.state, membership_id(&applied), None).await.expect("activate");
    let member = home(&app, &browser).await;
    assert!(member.contains("You are a member of the network"), "{member}");
    assert!(member.contains("href=\"/forum\"") && member.contains("href=\"/directory\""));
}

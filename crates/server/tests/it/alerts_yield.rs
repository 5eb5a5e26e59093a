//! A campaign in progress yields to an alert: once the alert is published, the bulk campaign
//! claims no more recipients until the alert's are served, so they come before the campaign's
//! remaining ones (what the campaign had already claimed still goes).

use std::collections::BTreeSet;

use rendezvous_platform::i18n::Lang;
use rendezvous_testkit::{TestApp, TestOptions};

use crate::alerts_fixtures::{alert_body, follower, publish, token_for};
use crate::newsletter_campaigns::{audience, draft, queue};

const CAMPAIGN: usize = 1500;
/// What a bulk campaign may have claimed and not sent when the alert comes: two batches.
const IN_FLIGHT: usize = 2 * 256;

#[tokio::test]
async fn a_campaign_in_progress_yields_to_an_alert() {
    // Paced, so the campaign is still sending when the alert is published.
    let options = TestOptions { smtp_params: Some("pool=4&rate=300".into()), ..Default::default() };
    let app = TestApp::spawn_with(options).await;
    audience(&app, CAMPAIGN).await;
    let mut followers = BTreeSet::new();
    for i in 0..30 {
        let email = format!("follower{i}@example.org");
        follower(&app, &email, Lang::En, &["MB"]).await;
        followers.insert(email);
    }
    let token = token_for(&app, "desk@example.org", &[rendezvous_alerts::ALERTS], true).await;
    let campaign = draft(&app).await;
    queue(&app, campaign).await;
    while app.smtp.all().len() < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before = app.smtp.all().len();
    publish(&app, &token, &alert_body(&["MB"])).await;
    for email in &followers {
        app.smtp.wait_for(email, 1).await;
    }
    let at_alert_done = app.smtp.all().len() - followers.len();
    while app.smtp.all().len() < CAMPAIGN + followers.len() {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let order: Vec<String> = app.smtp.all().iter().map(|m| m.envelope_to[0].clone()).collect();
    let last_alert = order.iter().rposition(|to| followers.contains(to)).expect("alerts sent");
    let campaign_after = order[last_alert..].iter().filter(|to| !followers.contains(*to)).count();
    assert!(before < CAMPAIGN - IN_FLIGHT, "the campaign was in progress ({before} sent)");
    assert!(
        at_alert_done <= before + IN_FLIGHT,
        "while the alert went out, the campaign sent only what it had claimed ({before} → {at_alert_done})"
    );
    assert!(campaign_after >= CAMPAIGN - before - IN_FLIGHT, "the campaign's remaining ones came after the alert");
    let unique: BTreeSet<&String> = order.iter().collect();
    assert_eq!(unique.len(), order.len(), "nobody got anything twice");
}

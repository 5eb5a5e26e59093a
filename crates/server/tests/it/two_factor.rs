//! Two-factor authentication: enrolment, log-in with a code and with a recovery code, and the rule
//! that admins and moderators use their powers only with it. The first-admin setup page.

use rendezvous_accounts::totp;
use rendezvous_platform::auth::Role;
use rendezvous_testkit::{PASSWORD, TestApp, post_form};

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).map(|i| i + start.len()).expect("start marker");
    let to = html[from..].find(end).map(|i| from + i).expect("end marker");
    &html[from..to]
}

#[tokio::test]
async fn enrol_then_log_in_with_a_code_and_with_a_recovery_code() {
    let app = TestApp::spawn().await;
    app.create_user("tf@example.org", "Two Factor", &[]).await;
    app.log_in(&app.client, "tf@example.org", None).await;

    let page = app.get("/account/two-factor").await.text().await.expect("body");
    let secret: String = between(&page, "<code id=\"totp-secret\">", "</code>").split_whitespace().collect();
    assert!(page.contains("otpauth://totp/"));

    let wrong = app.post_form("/account/two-factor/enable", &[("code", "000000")]).await;
    assert_eq!(wrong.status(), 422);
    let code = totp::current_code(&secret, app.clock.now_ms()).expect("code");
    let enabled = app.post_form("/account/two-factor/enable", &[("code", &code)]).await;
    assert_eq!(enabled.status(), 200);
    let codes_page = enabled.text().await.expect("body");
    let codes: Vec<String> = between(&codes_page, "<ul class=\"codes\" id=\"recovery-codes\">", "</ul>")
        .split("<li>")
        .filter_map(|c| c.split("</li>").next())
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(codes.len(), 10);

    // Password alone now only reaches the second step.
    let browser = app.new_browser();
    let first = post_form(&browser, &app.url("/login"), &[("email", "tf@example.org"), ("password", PASSWORD)]).await;
    assert!(first.headers()["location"].to_str().expect("location").starts_with("/login/two-factor"));
    assert_eq!(browser.get(app.url("/account")).send().await.expect("GET").status(), 303);
    // The code used for enrolment cannot be replayed.
    let replay = post_form(&browser, &app.url("/login/two-factor"), &[("code", &code)]).await;
    assert_eq!(replay.status(), 422);
    app.clock.advance_ms(30_000);
    let next = totp::current_code(&secret, app.clock.now_ms()).expect("code");
    let ok = post_form(&browser, &app.url("/login/two-factor"), &[("code", &next)]).await;
    assert_eq!(ok.status(), 303);
    assert_eq!(browser.get(app.url("/account")).send().await.expect("GET").status(), 200);

    // A recovery code works once.
    let phone_lost = app.new_browser();
    post_form(&phone_lost, &app.url("/login"), &[("email", "tf@example.org"), ("password", PASSWORD)]).await;
    let with_recovery =
        post_form(&phone_lost, &app.url("/login/two-factor"), &[("code", &codes[0].to_uppercase())]).await;
    assert_eq!(with_recovery.status(), 303);
    let again = app.new_browser();
    post_form(&again, &app.url("/login"), &[("email", "tf@example.org"), ("password", PASSWORD)]).await;
    let reused = post_form(&again, &app.url("/login/two-factor"), &[("code", &codes[0])]).await;
    assert_eq!(reused.status(), 422);
    let left = app.get("/account/two-factor").await.text().await.expect("body");
    assert!(left.contains("You have 9 unused recovery codes"));
}

#[tokio::test]
async fn an_admin_without_two_factor_is_refused_admin_pages() {
    let app = TestApp::spawn().await;
    let admin = app.create_user("admin@example.org", "Admin", &[Role::ADMIN]).await;
    app.log_in(&app.client, "admin@example.org", None).await;
    for path in ["/admin", "/admin/users", "/admin/jobs", "/admin/outbox", "/admin/audit"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 403, "{path}");
        assert!(response.text().await.expect("body").contains("first set up two-factor authentication"));
    }
    let refused = app
        .post_form(
            &format!("/admin/users/{}/roles", admin.0),
            &[("role", "moderator"), ("action", "grant"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(refused.status(), 403);

    // With two-factor on, the same admin gets in.
    let secret = app.enable_two_factor(admin).await;
    let browser = app.new_browser();
    app.log_in(&browser, "admin@example.org", Some(&secret)).await;
    assert_eq!(browser.get(app.url("/admin/users")).send().await.expect("GET").status(), 200);

    // A member without any admin role is simply forbidden.
    app.create_user("member@example.org", "Member", &[rendezvous_members::MEMBER]).await;
    let member = app.new_browser();
    app.log_in(&member, "member@example.org", None).await;
    assert_eq!(member.get(app.url("/admin")).send().await.expect("GET").status(), 403);
}

#[tokio::test]
async fn the_first_admin_page_needs_the_setup_code() {
    let app = TestApp::spawn().await;
    let code = app.state.setup_code().expect("a fresh install has a setup code");
    let home = app.get("/").await.text().await.expect("body");
    assert!(home.contains("/setup"), "the home page offers the setup");

    let form = [("email", "first@example.org"), ("display_name", "First"), ("password", PASSWORD)];
    let mut wrong = form.to_vec();
    wrong.push(("setup_code", "aaaa-bbbb-cccc-dddd"));
    let refused = app.post_form("/setup", &wrong).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.expect("body").contains("The setup code is not right"));
    let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role = 'admin'")
        .fetch_one(&app.db().pool)
        .await
        .expect("count");
    assert_eq!(admins, 0);

    let mut right = form.to_vec();
    right.push(("setup_code", &code));
    let created = app.post_form("/setup", &right).await;
    assert_eq!(created.status(), 303);
    assert_eq!(created.headers()["location"], "/account/two-factor");
    // The page is gone for good once an admin exists.
    assert_eq!(app.get("/setup").await.status(), 404);
    let replay = app.post_form("/setup", &right).await;
    assert_eq!(replay.status(), 404);
}

#[tokio::test]
async fn turning_two_factor_on_ends_the_sessions_opened_without_it() {
    let app = TestApp::spawn().await;
    app.create_user("office@example.org", "Office", &[Role::ADMIN]).await;
    let shared_computer = app.new_browser();
    app.log_in(&shared_computer, "office@example.org", None).await;
    app.log_in(&app.client, "office@example.org", None).await;
    let page = app.get("/account/two-factor").await.text().await.expect("body");
    let secret: String = between(&page, "<code id=\"totp-secret\">", "</code>").split_whitespace().collect();
    let code = totp::current_code(&secret, app.clock.now_ms()).expect("code");
    assert_eq!(app.post_form("/account/two-factor/enable", &[("code", &code)]).await.status(), 200);
    assert_eq!(app.get("/admin").await.status(), 200, "this session gave the code");
    let other = shared_computer.get(app.url("/admin")).send().await.expect("GET");
    assert_eq!(other.status(), 303, "the password-only session is gone");
}

/// A phone can enrol: the set-up page draws the otpauth address as a QR code (an inline SVG, so
/// nothing is fetched from anywhere) and offers it as a link that opens the authenticator app.
#[tokio::test]
async fn the_set_up_page_has_a_qr_code_and_an_app_link() {
    let app = TestApp::spawn().await;
    app.create_user("phone@example.org", "Phone", &[]).await;
    app.log_in(&app.client, "phone@example.org", None).await;
    let page = app.get("/account/two-factor").await.text().await.expect("body");
    let figure = between(&page, "<figure class=\"qr\" aria-hidden=\"true\">", "</figure>");
    assert!(figure.starts_with("<svg") && figure.contains("<path"), "{figure}");
    assert!(!figure.contains("href") && !figure.contains("<script"), "a drawing, nothing that loads or runs");
    let link = between(&page, "<a id=\"totp-link\" href=\"", "\"");
    assert!(link.starts_with("otpauth://totp/"), "{link}");
}

#[tokio::test]
async fn a_sign_in_link_replaces_the_password_never_the_second_factor() {
    let app = TestApp::spawn().await;
    let id = app.create_user("guarded@example.org", "Guarded", &[]).await;
    let secret = app.enable_two_factor(id).await;
    app.post_form("/login/link", &[("email", "guarded@example.org")]).await;
    let mail = app.smtp.wait_for("guarded@example.org", 1).await.remove(0);
    let link = mail.link(&app.url("/login/link?token=")).expect("sign-in link");
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let after_link = app.post_form("/login/link/confirm", &[("token", &token)]).await;
    assert_eq!(after_link.status(), 303);
    assert!(after_link.headers()["location"].to_str().expect("location").starts_with("/login/two-factor"));
    assert_eq!(app.get("/account").await.status(), 303, "not signed in without the code");
    let code = rendezvous_accounts::totp::current_code(&secret, app.clock.now_ms()).expect("code");
    let signed_in = app.post_form("/login/two-factor", &[("code", &code)]).await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(app.get("/account").await.status(), 200);
}

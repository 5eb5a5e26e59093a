//! The accounts feature's pages, one file per group of actions.

mod account;
mod admin_users;
mod data;
mod login;
mod login_link;
mod reset;
mod setup;
mod signup;
mod tokens;
mod two_factor;
mod verify;

use axum::Router;
use axum::routing::{get, post};
use axum_extra::extract::cookie::{Cookie, SameSite};
use rendezvous_platform::AppState;
use rendezvous_platform::sessions::COOKIE;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signup", get(signup::form).post(signup::submit))
        .route("/verify", get(verify::page).post(verify::confirm))
        .route("/login", get(login::form).post(login::submit))
        .route("/login/two-factor", get(login::second_factor_form).post(login::second_factor_submit))
        .route("/login/link", get(login_link::confirm_page).post(login_link::request))
        .route("/login/link/confirm", post(login_link::confirm))
        .route("/logout", post(login::logout))
        .route("/reset", get(reset::request_form).post(reset::request_submit))
        .route("/reset/confirm", get(reset::confirm_form).post(reset::confirm_submit))
        .route("/setup", get(setup::form).post(setup::submit))
        .route("/account", get(account::overview))
        .route("/account/profile", post(account::update_profile))
        .route("/account/password", get(account::password_form).post(account::password_submit))
        .route("/account/email", get(account::email_form).post(account::email_submit))
        .route("/account/email/confirm", get(account::email_confirm_page).post(account::email_confirm))
        .route("/account/sessions/end-all", post(account::end_all_sessions))
        .route("/account/two-factor", get(two_factor::page))
        .route("/account/two-factor/enable", post(two_factor::enable))
        .route("/account/two-factor/disable", post(two_factor::disable))
        .route("/account/two-factor/recovery-codes", post(two_factor::new_recovery_codes))
        .route("/account/tokens", get(tokens::list).post(tokens::create))
        .route("/account/tokens/{id}/revoke", post(tokens::revoke))
        .route("/account/export", get(data::export))
        .route("/account/erase", get(data::erase_form).post(data::erase_submit))
        .route("/admin/users", get(admin_users::list))
        .route("/admin/users/{id}", get(admin_users::roles_page))
        .route("/admin/users/{id}/roles", post(admin_users::change_role))
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure when the site is served over https.
pub(crate) fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.is_https())
        .build()
}

pub(crate) fn removal_cookie() -> Cookie<'static> {
    Cookie::build((COOKIE, "")).path("/").build()
}

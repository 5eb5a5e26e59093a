//! Two-factor authentication: enrol an authenticator app (TOTP), get recovery codes, renew them,
//! turn it off. Required before an admin or moderator can use their powers.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rendezvous_platform::web::compression::secret;
use rendezvous_platform::web::{
    AppError, FieldErrors, Form, PageContext, SignedIn, redirect_with_flash, render, render_status,
};
use rendezvous_platform::{AppState, audit};
use serde::Deserialize;

use crate::{password, store, totp};

#[derive(askama::Template)]
#[template(path = "two_factor.html")]
struct TwoFactorPage {
    ctx: PageContext,
    errors: FieldErrors,
    enabled: bool,
    secret: String,
    otpauth: String,
    /// The otpauth address as a QR code (inline SVG drawn here), for a phone's camera.
    qr_svg: String,
    codes_left: i64,
}

#[derive(askama::Template)]
#[template(path = "recovery_codes.html")]
struct RecoveryCodesPage {
    ctx: PageContext,
    codes: Vec<String>,
}

async fn page_for(
    state: &AppState,
    ctx: PageContext,
    user_id: rendezvous_platform::auth::UserId,
    errors: FieldErrors,
) -> Result<TwoFactorPage, AppError> {
    let mut row = store::user_by_id(&state.db, user_id).await?.ok_or(AppError::Unauthorized)?;
    if !row.two_factor_enabled() && row.totp_secret.is_none() {
        let secret = totp::new_secret();
        store::set_totp_secret(&state.db, user_id, Some(&secret)).await?;
        row.totp_secret = Some(secret);
    }
    let secret = row.totp_secret.clone().unwrap_or_default();
    let otpauth = totp::otpauth_url(&secret, &state.config.org_name, &row.email).unwrap_or_default();
    Ok(TwoFactorPage {
        ctx,
        errors,
        enabled: row.two_factor_enabled(),
        secret: totp::grouped(&secret),
        qr_svg: totp::qr_svg(&otpauth),
        otpauth,
        codes_left: store::recovery_codes_left(&state.db, user_id).await?,
    })
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
) -> Result<Response, AppError> {
    render(&page_for(&state, ctx, user.id, FieldErrors::default()).await?).map(secret)
}

#[derive(Deserialize)]
pub struct EnableForm {
    #[serde(default)]
    code: String,
}

pub async fn enable(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
    viewer: rendezvous_platform::web::Viewer,
    Form(form): Form<EnableForm>,
) -> Result<Response, AppError> {
    let row = store::user_by_id(&state.db, user.id).await?.ok_or(AppError::Unauthorized)?;
    if row.two_factor_enabled() {
        return Ok(redirect_with_flash("/account/two-factor", "two-factor-already"));
    }
    let step = row.totp_secret.as_deref().and_then(|s| totp::check(s, &form.code, state.clock.now_ms()));
    let Some(step) = step else {
        let mut errors = FieldErrors::default();
        errors.add("code", "two-factor-code-wrong");
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page_for(&state, ctx, user.id, errors).await?)
            .map(secret);
    };
    store::enable_totp(&state.db, user.id, step, state.clock.now_ms()).await?;
    // Sessions opened with the password alone must not inherit the powers the second factor
    // unlocks: every other session ends.
    if let Some(session) = &viewer.session {
        state.sessions.delete_others(user.id, &session.id_hash).await?;
    }
    let codes = totp::new_recovery_codes();
    store::replace_recovery_codes(&state.db, user.id, &codes).await?;
    audit::record(&state.db, &state.clock, Some(user.id), "two_factor.enable", Some(user.id), "").await?;
    render(&RecoveryCodesPage { ctx, codes }).map(secret)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

pub async fn disable(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let row = store::user_by_id(&state.db, user.id).await?.ok_or(AppError::Unauthorized)?;
    if !password::verify(&form.password, &row.password_hash).await? {
        let mut errors = FieldErrors::default();
        errors.add("password", "password-current-wrong");
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page_for(&state, ctx, user.id, errors).await?)
            .map(secret);
    }
    store::set_totp_secret(&state.db, user.id, None).await?;
    store::delete_recovery_codes(&state.db, user.id).await?;
    audit::record(&state.db, &state.clock, Some(user.id), "two_factor.disable", Some(user.id), "").await?;
    Ok(redirect_with_flash("/account", "two-factor-disabled"))
}

pub async fn new_recovery_codes(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(user): SignedIn,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let row = store::user_by_id(&state.db, user.id).await?.ok_or(AppError::Unauthorized)?;
    if !row.two_factor_enabled() {
        return Ok(redirect_with_flash("/account/two-factor", "two-factor-not-enabled"));
    }
    if !password::verify(&form.password, &row.password_hash).await? {
        let mut errors = FieldErrors::default();
        errors.add("codes_password", "password-current-wrong");
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page_for(&state, ctx, user.id, errors).await?)
            .map(secret);
    }
    let codes = totp::new_recovery_codes();
    store::replace_recovery_codes(&state.db, user.id, &codes).await?;
    render(&RecoveryCodesPage { ctx, codes }).map(secret)
}

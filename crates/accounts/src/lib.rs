//! Accounts: sign-up with a pseudonym, email verification, log-in with optional TOTP two-factor,
//! password reset, change of address and password, sessions, roles, API tokens, and a person's
//! export and erasure of their own data.

pub mod api;
mod data;
mod links;
mod lookup;
mod mails;
pub mod model;
mod password;
mod routes;
mod store;
pub mod totp;

use std::sync::Arc;

use rendezvous_platform::auth::{Role, UserId, UserLookup};
use rendezvous_platform::clock::Clock;
use rendezvous_platform::db::{Db, is_unique_violation};
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::{AppState, BoxError, audit};

use model::{DisplayName, EmailAddress, NewPassword};

fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub use feature::feature;
/// What other features read of accounts: named functions, never the tables.
pub use store::{
    NewUser, UserRow, any_account_exists, any_admin_exists, ids_by_handle, insert_user, replace_recovery_codes,
    revoke_role, search_users, set_lang, user_by_email,
};

mod feature;

/// How platform reads accounts.
pub fn user_lookup(db: Db) -> Arc<dyn UserLookup> {
    Arc::new(lookup::Accounts { db })
}

#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    #[error("invalid email address")]
    Email(&'static str),
    #[error("invalid display name")]
    DisplayName(&'static str),
    #[error("password must be 10 to 1000 characters and not the email address")]
    Password(&'static str),
    #[error("an account with this email address already exists (letter case does not matter)")]
    EmailTaken,
    #[error(transparent)]
    Other(#[from] BoxError),
}

impl From<sqlx::Error> for CreateAccountError {
    fn from(e: sqlx::Error) -> Self {
        Self::Other(e.into())
    }
}

/// A new account as an operator creates it (CLI, demo): the address counts as verified.
pub struct AccountSpec<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password: &'a str,
    pub lang: Lang,
    pub roles: &'a [Role],
}

/// Creates a verified account with roles, audited as done by `actor` (None: the operator's CLI).
pub async fn create_account(
    db: &Db,
    clock: &Clock,
    spec: &AccountSpec<'_>,
    actor: Option<UserId>,
) -> Result<UserId, CreateAccountError> {
    let email = EmailAddress::parse(spec.email).map_err(CreateAccountError::Email)?;
    let name = DisplayName::parse(spec.display_name).map_err(CreateAccountError::DisplayName)?;
    let password = NewPassword::parse(spec.password, Some(email.as_str())).map_err(CreateAccountError::Password)?;
    let hash = password::hash(password.as_str()).await?;
    let now = clock.now_ms();
    let new = store::NewUser {
        email: email.as_str(),
        email_norm: &email.normalized(),
        display_name: name.as_str(),
        password_hash: &hash,
        lang: spec.lang,
        verified_at: Some(now),
        now,
    };
    let id = match store::insert_user(db, &new).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(CreateAccountError::EmailTaken),
        Err(e) => return Err(e.into()),
    };
    for role in spec.roles {
        store::grant_role(db, id, *role, actor, now).await?;
        audit::record(db, clock, actor, "role.grant", Some(id), role.as_str()).await?;
    }
    Ok(id)
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("no account has this email address")]
    NoSuchAccount,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Creates an API bearer token for an account and returns it (the only time it exists in clear):
/// everything the account may do, without expiry.
pub async fn create_api_token(db: &Db, clock: &Clock, email: &str, label: &str) -> Result<String, TokenError> {
    create_scoped_api_token(db, clock, email, label, &[], None).await
}

/// A token limited to these scopes (none: everything the account may do) and, when given, an
/// expiry.
pub async fn create_scoped_api_token(
    db: &Db,
    clock: &Clock,
    email: &str,
    label: &str,
    scopes: &[&str],
    expires_at: Option<i64>,
) -> Result<String, TokenError> {
    let norm = email.trim().to_lowercase();
    let user = store::user_by_email(db, &norm).await?.ok_or(TokenError::NoSuchAccount)?;
    issue_token(db, clock, user.id, label, scopes, expires_at).await.map_err(TokenError::Db)
}

/// Stores a new token for a person and returns it in clear (the only time).
pub(crate) async fn issue_token(
    db: &Db,
    clock: &Clock,
    user: UserId,
    label: &str,
    scopes: &[&str],
    expires_at: Option<i64>,
) -> Result<String, sqlx::Error> {
    let token = format!("rvz_{}", rendezvous_platform::crypto::random_token());
    let scopes = scopes.join(" ");
    let new = store::NewApiToken { user, token: &token, label, scopes: &scopes, expires_at };
    store::insert_api_token(db, &new, clock.now_ms()).await?;
    let detail = if scopes.is_empty() { label.to_owned() } else { format!("{label} ({scopes})") };
    audit::record(db, clock, Some(user), "api_token.create", Some(user), &detail).await?;
    Ok(token)
}

/// Unconfirmed sign-ups are forgotten after this long (the link itself lasts two days).
pub const UNVERIFIED_KEPT_MS: i64 = 7 * rendezvous_platform::clock::DAY_MS;

/// Housekeeping: forgets unconfirmed sign-ups and expired links.
pub async fn purge_stale(db: &Db, clock: &Clock) -> Result<u64, sqlx::Error> {
    store::purge_stale(db, clock.now_ms(), UNVERIFIED_KEPT_MS).await
}

/// True once an administrator exists (the setup page then closes for good).
pub async fn admin_exists(state: &AppState) -> Result<bool, sqlx::Error> {
    store::any_admin_exists(&state.db).await
}

/// Enables two-factor authentication with a given secret (demo accounts and tests).
pub async fn enable_two_factor_with_secret(db: &Db, id: UserId, secret: &str, now: i64) -> Result<(), sqlx::Error> {
    store::set_totp_secret(db, id, Some(secret)).await?;
    store::enable_totp(db, id, 0, now).await
}

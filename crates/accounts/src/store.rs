//! Every SQL statement of the accounts feature, and only its tables: users, user_roles,
//! account_tokens, recovery_codes, api_tokens.

use rendezvous_platform::auth::{Role, UserId};
use rendezvous_platform::crypto::sha256_hex;
use rendezvous_platform::db::Db;
use rendezvous_platform::i18n::Lang;
use sqlx::Row;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub lang: String,
    pub email_verified_at: Option<i64>,
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<i64>,
    pub totp_last_step: Option<i64>,
    pub created_at: i64,
}

impl UserRow {
    pub fn lang(&self) -> Lang {
        Lang::parse(&self.lang).unwrap_or_default()
    }

    pub fn two_factor_enabled(&self) -> bool {
        self.totp_enabled_at.is_some()
    }
}

// `SELECT <every user column> FROM users <tail>`, as one literal string.
rendezvous_platform::select_query!(
    select_users,
    "SELECT id, email, display_name, password_hash, lang, email_verified_at, totp_secret, ",
    "totp_enabled_at, totp_last_step, created_at FROM users ",
);

pub struct NewUser<'a> {
    pub email: &'a str,
    pub email_norm: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub lang: Lang,
    pub verified_at: Option<i64>,
    pub now: i64,
}

/// Inserts a user; a unique violation means the address is taken (in any letter case).
pub async fn insert_user(db: &Db, user: &NewUser<'_>) -> Result<UserId, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, email_norm, display_name, password_hash, lang, email_verified_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(user.email)
    .bind(user.email_norm)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.lang.code())
    .bind(user.verified_at)
    .bind(user.now)
    .fetch_one(&db.pool)
    .await?;
    Ok(UserId(id))
}

pub async fn user_by_id(db: &Db, id: UserId) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(select_users!("WHERE id = $1")).bind(id.0).fetch_optional(&db.pool).await
}

pub async fn user_by_email(db: &Db, email_norm: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(select_users!("WHERE email_norm = $1")).bind(email_norm).fetch_optional(&db.pool).await
}

/// A user and their roles in one statement: every signed-in request reads both.
pub async fn user_with_roles(db: &Db, id: UserId) -> Result<Option<(UserRow, Vec<Role>)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct WithRole {
        #[sqlx(flatten)]
        user: UserRow,
        role: Option<String>,
    }
    let rows: Vec<WithRole> = sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.password_hash, u.lang, u.email_verified_at, u.totp_secret,
                u.totp_enabled_at, u.totp_last_step, u.created_at, r.role
         FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.id = $1 ORDER BY r.role",
    )
    .bind(id.0)
    .fetch_all(&db.pool)
    .await?;
    let roles = rows.iter().filter_map(|r| r.role.as_deref().and_then(Role::parse)).collect();
    Ok(rows.into_iter().next().map(|r| (r.user, roles)))
}

pub async fn roles_of(db: &Db, id: UserId) -> Result<Vec<Role>, sqlx::Error> {
    let names: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
        .bind(id.0)
        .fetch_all(&db.pool)
        .await?;
    Ok(names.iter().filter_map(|n| Role::parse(n)).collect())
}

pub async fn grant_role(db: &Db, id: UserId, role: Role, by: Option<UserId>, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO user_roles (user_id, role, granted_at, granted_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, role) DO NOTHING",
    )
    .bind(id.0)
    .bind(role.as_str())
    .bind(now)
    .bind(by.map(|u| u.0))
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn revoke_role(db: &Db, id: UserId, role: Role) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role = $2")
        .bind(id.0)
        .bind(role.as_str())
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn count_with_role(db: &Db, role: Role) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE role = $1").bind(role.as_str()).fetch_one(&db.pool).await
}

pub async fn display_names(db: &Db, ids: &[UserId]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    // One query with the ids inlined: they are integers, so there is nothing to inject.
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(|i| i.0.to_string()).collect::<Vec<_>>().join(",");
    let sql = format!("SELECT id, display_name FROM users WHERE id IN ({list})");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&db.pool).await
}

pub async fn set_lang(db: &Db, id: UserId, lang: Lang) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET lang = $1 WHERE id = $2").bind(lang.code()).bind(id.0).execute(&db.pool).await?;
    Ok(())
}

pub async fn set_display_name(db: &Db, id: UserId, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2").bind(name).bind(id.0).execute(&db.pool).await?;
    Ok(())
}

pub async fn set_password_hash(db: &Db, id: UserId, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(id.0).execute(&db.pool).await?;
    Ok(())
}

pub async fn mark_verified(db: &Db, id: UserId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2")
        .bind(now)
        .bind(id.0)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn set_email(db: &Db, id: UserId, email: &str, email_norm: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET email = $1, email_norm = $2, email_verified_at = $3 WHERE id = $4")
        .bind(email)
        .bind(email_norm)
        .bind(now)
        .bind(id.0)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn set_totp_secret(db: &Db, id: UserId, secret: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_secret = $1, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $2")
        .bind(secret)
        .bind(id.0)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn enable_totp(db: &Db, id: UserId, step: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_enabled_at = $1, totp_last_step = $2 WHERE id = $3")
        .bind(now)
        .bind(step)
        .bind(id.0)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Records a used TOTP step, only if it is newer than the last one: a code is accepted once.
pub async fn use_totp_step(db: &Db, id: UserId, step: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(id.0)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn replace_recovery_codes(db: &Db, id: UserId, codes: &[String]) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
    for code in codes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(id.0)
            .bind(sha256_hex(code))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// Uses up a recovery code; true if it existed.
pub async fn consume_recovery_code(db: &Db, id: UserId, code: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1 AND code_hash = $2")
        .bind(id.0)
        .bind(sha256_hex(code))
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn recovery_codes_left(db: &Db, id: UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1").bind(id.0).fetch_one(&db.pool).await
}

pub async fn delete_recovery_codes(db: &Db, id: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(id.0).execute(&db.pool).await?;
    Ok(())
}

/// What an emailed link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Verify,
    Reset,
    ChangeEmail,
    /// Signing in without the password (never without the second factor), when log-in is
    /// throttled for the account.
    SignIn,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Verify => "verify",
            Purpose::Reset => "reset",
            Purpose::ChangeEmail => "change_email",
            Purpose::SignIn => "sign_in",
        }
    }
}

pub async fn insert_link_token(
    db: &Db,
    token: &str,
    user: UserId,
    purpose: Purpose,
    new_email: Option<&str>,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, new_email, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(sha256_hex(token))
    .bind(user.0)
    .bind(purpose.as_str())
    .bind(new_email)
    .bind(expires_at)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The link's user and new address if the token is live; does not use it up.
pub async fn peek_link_token(
    db: &Db,
    token: &str,
    purpose: Purpose,
    now: i64,
) -> Result<Option<(UserId, Option<String>)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT user_id, new_email FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND expires_at > $3",
    )
    .bind(sha256_hex(token))
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((UserId(r.try_get(0)?), r.try_get(1)?))).transpose()
}

/// Uses a link up: true only for the one request that deletes it, so a link works once.
pub async fn consume_link_token(db: &Db, token: &str, purpose: Purpose, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND expires_at > $3")
        .bind(sha256_hex(token))
        .bind(purpose.as_str())
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_link_tokens(db: &Db, user: UserId, purpose: Purpose) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2")
        .bind(user.0)
        .bind(purpose.as_str())
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub struct NewApiToken<'a> {
    pub user: UserId,
    pub token: &'a str,
    pub label: &'a str,
    /// Space-separated; empty: everything the owner may do.
    pub scopes: &'a str,
    pub expires_at: Option<i64>,
}

pub async fn insert_api_token(db: &Db, t: &NewApiToken<'_>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO api_tokens (user_id, token_hash, label, scopes, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(t.user.0)
    .bind(sha256_hex(t.token))
    .bind(t.label)
    .bind(t.scopes)
    .bind(t.expires_at)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

rendezvous_platform::id_type!(
    /// One of a person's API tokens.
    pub ApiTokenId
);

/// A token as the API checks it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: ApiTokenId,
    pub user_id: UserId,
    pub label: String,
    pub scopes: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_on: Option<String>,
}

impl ApiTokenRow {
    pub fn scope_list(&self) -> Vec<&str> {
        self.scopes.split_whitespace().collect()
    }
}

const TOKEN_COLUMNS: &str = "id, user_id, label, scopes, created_at, expires_at, last_used_on";

pub async fn api_token(db: &Db, token: &str) -> Result<Option<ApiTokenRow>, sqlx::Error> {
    let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(sha256_hex(token)).fetch_optional(&db.pool).await
}

/// Notes the day a token was used (one write a day at most).
pub async fn touch_api_token(db: &Db, id: ApiTokenId, day: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE api_tokens SET last_used_on = $1 WHERE id = $2 AND (last_used_on IS NULL OR last_used_on <> $1)",
    )
    .bind(day)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn api_tokens_of(db: &Db, user: UserId) -> Result<Vec<ApiTokenRow>, sqlx::Error> {
    let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at, id");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(user.0).fetch_all(&db.pool).await
}

/// Revokes one of a person's tokens; false when it is not theirs.
pub async fn revoke_api_token(db: &Db, user: UserId, id: ApiTokenId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user.0)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether any account exists (the demo fills only an empty database).
pub async fn any_account_exists(db: &Db) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users LIMIT 1").fetch_optional(&db.pool).await?;
    Ok(found.is_some())
}

pub async fn any_admin_exists(db: &Db) -> Result<bool, sqlx::Error> {
    Ok(count_with_role(db, Role::ADMIN).await? > 0)
}

/// People for the admin page, optionally filtered by address or name, with their roles.
/// A page of the people whose address or name holds `query`, with their roles.
pub async fn search_users(
    db: &Db,
    query: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<(UserRow, Vec<Role>)>, sqlx::Error> {
    let pattern = format!("%{}%", query.trim().to_lowercase().replace(['%', '_'], ""));
    let users: Vec<UserRow> = sqlx::query_as(select_users!(
        "WHERE email_norm LIKE $1 OR lower(display_name) LIKE $1 ORDER BY id LIMIT $2 OFFSET $3"
    ))
    .bind(pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(users.len());
    let all_roles: Vec<(UserId, String)> =
        sqlx::query_as("SELECT user_id, role FROM user_roles").fetch_all(&db.pool).await?;
    for user in users {
        let roles = all_roles.iter().filter(|(id, _)| *id == user.id).filter_map(|(_, r)| Role::parse(r)).collect();
        out.push((user, roles));
    }
    Ok(out)
}

/// Forgets sign-ups never confirmed within `older_than` and links past their expiry: an address
/// nobody proved to own is not kept, nor a pending new address in a dead link.
pub async fn purge_stale(db: &Db, now: i64, older_than: i64) -> Result<u64, sqlx::Error> {
    let links = sqlx::query("DELETE FROM account_tokens WHERE expires_at <= $1").bind(now).execute(&db.pool).await?;
    let users = sqlx::query("DELETE FROM users WHERE email_verified_at IS NULL AND created_at <= $1")
        .bind(now - older_than)
        .execute(&db.pool)
        .await?;
    Ok(links.rows_affected() + users.rows_affected())
}

/// Deletes the account row; roles, links, codes and API tokens go with it (ON DELETE CASCADE).
pub async fn delete_user(db: &Db, id: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM users WHERE id = $1").bind(id.0).execute(&db.pool).await?;
    Ok(())
}

/// Verified accounts whose display name written without spaces is `handle`, in any letter case
/// (the forum's @mentions: "Marie Tremblay" is @MarieTremblay). Letter case is compared by the
/// database's LOWER, which on SQLite folds ASCII letters only.
pub async fn ids_by_handle(db: &Db, handle: &str) -> Result<Vec<UserId>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE email_verified_at IS NOT NULL
           AND LOWER(REPLACE(display_name, ' ', '')) = LOWER($1) ORDER BY id LIMIT 5",
    )
    .bind(handle)
    .fetch_all(&db.pool)
    .await?;
    Ok(ids.into_iter().map(UserId).collect())
}

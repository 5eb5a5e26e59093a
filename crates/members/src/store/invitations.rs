//! Invitations by address (to act for an organisation, or to join a group): kept until accepted,
//! withdrawn or expired. The token is stored only as its hash.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::crypto::sha256_hex;
use rendezvous_platform::db::Db;

use crate::ids::{GroupId, InvitationId, OrganisationId};

/// What an invitation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Organisation(OrganisationId),
    Group(GroupId),
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: InvitationId,
    pub email: String,
    pub organisation_id: Option<OrganisationId>,
    pub group_id: Option<GroupId>,
    pub invited_by: UserId,
    pub lang: String,
    pub expires_at: i64,
}

impl InvitationRow {
    pub fn target(&self) -> Option<Target> {
        match (self.organisation_id, self.group_id) {
            (Some(org), None) => Some(Target::Organisation(org)),
            (None, Some(group)) => Some(Target::Group(group)),
            _ => None,
        }
    }
}

fn ids(target: Target) -> (Option<OrganisationId>, Option<GroupId>) {
    match target {
        Target::Organisation(id) => (Some(id), None),
        Target::Group(id) => (None, Some(id)),
    }
}

pub struct NewInvitation<'a> {
    pub token: &'a str,
    pub email: &'a str,
    pub target: Target,
    pub invited_by: UserId,
    pub lang: &'a str,
    pub expires_at: i64,
}

/// Files an invitation, replacing an earlier one to the same address for the same thing (only
/// the newest link works).
pub async fn insert(db: &Db, new: &NewInvitation<'_>, now: i64) -> Result<(), sqlx::Error> {
    let (org, group) = ids(new.target);
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "DELETE FROM member_invitations WHERE email = $1
           AND (organisation_id = $2 OR group_id = $3)",
    )
    .bind(new.email)
    .bind(org)
    .bind(group)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO member_invitations
           (token_hash, email, organisation_id, group_id, invited_by, lang, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(sha256_hex(new.token))
    .bind(new.email)
    .bind(org)
    .bind(group)
    .bind(new.invited_by)
    .bind(new.lang)
    .bind(new.expires_at)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

const COLUMNS: &str =
    "SELECT id, email, organisation_id, group_id, invited_by, lang, expires_at FROM member_invitations";

/// The live invitation behind a token, without using it up.
pub async fn by_token(db: &Db, token: &str, now: i64) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{COLUMNS} WHERE token_hash = $1 AND expires_at > $2")))
        .bind(sha256_hex(token))
        .bind(now)
        .fetch_optional(&db.pool)
        .await
}

/// Uses an invitation up: true only for the one request that deletes it.
pub async fn consume(db: &Db, id: InvitationId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM member_invitations WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(done.rows_affected() == 1)
}

/// The addresses invited and not yet answered, for those who manage the thing.
pub async fn pending(db: &Db, target: Target, now: i64) -> Result<Vec<String>, sqlx::Error> {
    let (org, group) = ids(target);
    sqlx::query_scalar(
        "SELECT email FROM member_invitations
         WHERE (organisation_id = $1 OR group_id = $2) AND expires_at > $3 ORDER BY email",
    )
    .bind(org)
    .bind(group)
    .bind(now)
    .fetch_all(&db.pool)
    .await
}

/// Withdraws the invitation to one address.
pub async fn withdraw(db: &Db, target: Target, email: &str) -> Result<(), sqlx::Error> {
    let (org, group) = ids(target);
    sqlx::query("DELETE FROM member_invitations WHERE email = $1 AND (organisation_id = $2 OR group_id = $3)")
        .bind(email)
        .bind(org)
        .bind(group)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// On erasure: the invitations a person sent, and those sent to their address.
pub async fn erase(db: &Db, user_id: UserId, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM member_invitations WHERE invited_by = $1 OR email = $2")
        .bind(user_id)
        .bind(email.trim().to_lowercase())
        .execute(&db.pool)
        .await?;
    Ok(())
}

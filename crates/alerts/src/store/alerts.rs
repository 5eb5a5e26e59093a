//! Alerts and their published versions.

use rendezvous_newsletter::CampaignId;
use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;

use crate::ids::AlertId;
use crate::model::{AlertState, MsgType};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AlertRow {
    pub id: AlertId,
    pub state: AlertState,
    pub version: i64,
    /// JSON of [`crate::model::AlertText`].
    pub content: String,
    pub areas: String,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub effective_at: Option<i64>,
    pub expires_at: i64,
    pub cancelled_at: Option<i64>,
}

const COLUMNS: &str = "id, state, version, content, areas, created_by, created_at, updated_at, published_at, effective_at, expires_at, cancelled_at";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VersionRow {
    pub alert_id: AlertId,
    pub version: i64,
    pub msg_type: MsgType,
    pub content: String,
    pub areas: String,
    pub sent_at: i64,
    pub expires_at: i64,
    pub campaign_id: Option<CampaignId>,
    pub recipients: i64,
}

const VERSION_COLUMNS: &str =
    "alert_id, version, msg_type, content, areas, sent_at, expires_at, campaign_id, recipients";

pub struct NewDraft<'a> {
    pub content: &'a str,
    pub areas: &'a str,
    pub effective_at: Option<i64>,
    pub expires_at: i64,
    pub created_by: UserId,
}

pub async fn insert_draft(db: &Db, d: &NewDraft<'_>, now: i64) -> Result<AlertId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO alerts (state, version, content, areas, created_by, created_at, updated_at, effective_at, expires_at)
         VALUES ('draft', 0, $1, $2, $3, $4, $4, $5, $6) RETURNING id",
    )
    .bind(d.content)
    .bind(d.areas)
    .bind(d.created_by)
    .bind(now)
    .bind(d.effective_at)
    .bind(d.expires_at)
    .fetch_one(&db.pool)
    .await
}

/// Rewrites a draft; false when the alert is no longer a draft (nothing changes then).
pub async fn update_draft(
    db: &Db,
    id: AlertId,
    content: &str,
    areas: &str,
    effective_at: Option<i64>,
    expires_at: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE alerts SET content = $1, areas = $2, effective_at = $3, expires_at = $4, updated_at = $5
         WHERE id = $6 AND state = 'draft'",
    )
    .bind(content)
    .bind(areas)
    .bind(effective_at)
    .bind(expires_at)
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn alert(db: &Db, id: AlertId) -> Result<Option<AlertRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM alerts WHERE id = $1");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&db.pool).await
}

/// Published and cancelled alerts (drafts only with `drafts`), newest first; with an area, only
/// those whose areas include one of `areas` (see `areas::Places::reach`).
pub async fn alerts(db: &Db, drafts: bool, limit: i64) -> Result<Vec<AlertRow>, sqlx::Error> {
    let filter = if drafts { "" } else { "WHERE state <> 'draft'" };
    let sql = format!(
        "SELECT {COLUMNS} FROM alerts {filter} ORDER BY COALESCE(published_at, created_at) DESC, id DESC LIMIT $1"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(&db.pool).await
}

/// Published alerts not yet expired, newest first.
pub async fn current(db: &Db, now: i64) -> Result<Vec<AlertRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM alerts WHERE state = 'published' AND expires_at > $1 ORDER BY published_at DESC, id DESC"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(now).fetch_all(&db.pool).await
}

pub struct NewVersion<'a> {
    pub alert_id: AlertId,
    /// The version the alert is at before this one: the write happens only if it still is.
    pub after: i64,
    pub msg_type: MsgType,
    pub content: &'a str,
    pub areas: &'a str,
    pub effective_at: Option<i64>,
    pub expires_at: i64,
    pub sent_by: UserId,
}

/// Publishes, updates or cancels: the alert moves to the new version and the version is kept, in
/// one transaction, only if the alert is where the caller saw it (a draft for an Alert; published
/// and unexpired at version `after` for an Update or a Cancel). None when it was not.
pub async fn add_version(db: &Db, v: &NewVersion<'_>, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let version = v.after + 1;
    let (state, guard) = match v.msg_type {
        MsgType::Alert => ("published", "state = 'draft'"),
        MsgType::Update => ("published", "state = 'published' AND expires_at > $8"),
        MsgType::Cancel => ("cancelled", "state = 'published' AND expires_at > $8"),
    };
    let sql = format!(
        "UPDATE alerts SET state = '{state}', version = $1, content = $2, areas = $3, effective_at = $4,
                expires_at = $5, updated_at = $8,
                published_at = COALESCE(published_at, $8),
                cancelled_at = CASE WHEN '{state}' = 'cancelled' THEN $8 ELSE cancelled_at END
         WHERE id = $6 AND version = $7 AND {guard}"
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(version)
        .bind(v.content)
        .bind(v.areas)
        .bind(v.effective_at)
        .bind(v.expires_at)
        .bind(v.alert_id)
        .bind(v.after)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    sqlx::query(
        "INSERT INTO alert_versions (alert_id, version, msg_type, content, areas, sent_at, expires_at, sent_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(v.alert_id)
    .bind(version)
    .bind(v.msg_type)
    .bind(v.content)
    .bind(v.areas)
    .bind(now)
    .bind(v.expires_at)
    .bind(v.sent_by)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(version))
}

/// Records the campaign that mails a version.
pub async fn set_version_campaign(
    db: &Db,
    alert: AlertId,
    version: i64,
    campaign: CampaignId,
    recipients: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE alert_versions SET campaign_id = $1, recipients = $2 WHERE alert_id = $3 AND version = $4")
        .bind(campaign)
        .bind(recipients)
        .bind(alert)
        .bind(version)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn versions(db: &Db, alert: AlertId) -> Result<Vec<VersionRow>, sqlx::Error> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM alert_versions WHERE alert_id = $1 ORDER BY version");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(alert).fetch_all(&db.pool).await
}

/// The latest versions sent, of any alert, newest first (for the CAP index).
pub async fn latest_versions(db: &Db, limit: i64) -> Result<Vec<VersionRow>, sqlx::Error> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM alert_versions ORDER BY sent_at DESC, alert_id DESC LIMIT $1");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(&db.pool).await
}

/// Published alerts that expire before `before` and whose publishers were not yet reminded.
pub async fn to_remind(db: &Db, now: i64, before: i64) -> Result<Vec<AlertRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM alerts WHERE state = 'published' AND expires_at > $1 AND expires_at <= $2
         AND reminded_at IS NULL ORDER BY expires_at"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(now).bind(before).fetch_all(&db.pool).await
}

pub async fn mark_reminded(db: &Db, id: AlertId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE alerts SET reminded_at = $1 WHERE id = $2").bind(now).bind(id).execute(&db.pool).await?;
    Ok(())
}

/// Clears the reminder when an update moves the expiry.
pub async fn clear_reminder(db: &Db, id: AlertId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE alerts SET reminded_at = NULL WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}

//! Endpoints and deliveries.

use rendezvous_platform::auth::UserId;
use rendezvous_platform::db::Db;

use crate::ids::{EndpointId, WebhookDeliveryId};
use crate::model::DeliveryState;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EndpointRow {
    pub id: EndpointId,
    pub url: String,
    /// Event types, space-separated.
    pub events: String,
    pub description: String,
    pub secret: String,
    pub old_secret: Option<String>,
    pub old_secret_until: Option<i64>,
    pub personal_data: i64,
    pub enabled: i64,
    pub disabled_reason: Option<String>,
    pub failing_since: Option<i64>,
    pub created_by: Option<UserId>,
    pub created_at: i64,
}

impl EndpointRow {
    pub fn wants(&self, kind: &str) -> bool {
        self.events.split_whitespace().any(|e| e == kind)
    }

    pub fn event_list(&self) -> Vec<String> {
        self.events.split_whitespace().map(str::to_owned).collect()
    }

    /// The secrets that sign now: the current one, and the old one until its day is over.
    pub fn signing_secrets(&self, now: i64) -> Vec<&str> {
        let mut secrets = vec![self.secret.as_str()];
        if let (Some(old), Some(until)) = (&self.old_secret, self.old_secret_until)
            && until > now
        {
            secrets.push(old);
        }
        secrets
    }
}

const ENDPOINT_COLUMNS: &str = "id, url, events, description, secret, old_secret, old_secret_until, personal_data, \
    enabled, disabled_reason, failing_since, created_by, created_at";

pub struct NewEndpoint<'a> {
    pub url: &'a str,
    pub events: &'a [String],
    pub description: &'a str,
    pub secret: &'a str,
    pub personal_data: bool,
    pub created_by: UserId,
}

pub async fn insert_endpoint(db: &Db, e: &NewEndpoint<'_>, now: i64) -> Result<EndpointId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO webhook_endpoints (url, events, description, secret, personal_data, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(e.url)
    .bind(e.events.join(" "))
    .bind(e.description)
    .bind(e.secret)
    .bind(i64::from(e.personal_data))
    .bind(e.created_by)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

pub async fn endpoints(db: &Db) -> Result<Vec<EndpointRow>, sqlx::Error> {
    let sql = format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY id");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&db.pool).await
}

pub async fn endpoint(db: &Db, id: EndpointId) -> Result<Option<EndpointRow>, sqlx::Error> {
    let sql = format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&db.pool).await
}

pub async fn delete_endpoint(db: &Db, id: EndpointId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM webhook_endpoints WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(done.rows_affected() == 1)
}

/// A new secret; the old one keeps signing until `old_until`.
pub async fn rotate_secret(db: &Db, id: EndpointId, secret: &str, old_until: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE webhook_endpoints SET old_secret = secret, old_secret_until = $1, secret = $2 WHERE id = $3",
    )
    .bind(old_until)
    .bind(secret)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn disable_endpoint(db: &Db, id: EndpointId, reason: &str) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE webhook_endpoints SET enabled = 0, disabled_reason = $1 WHERE id = $2 AND enabled = 1")
            .bind(reason)
            .bind(id)
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn enable_endpoint(db: &Db, id: EndpointId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE webhook_endpoints SET enabled = 1, disabled_reason = NULL, failing_since = NULL WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Records a success (the endpoint works again) or the first failure of a run of them.
pub async fn set_failing(db: &Db, id: EndpointId, since: Option<i64>) -> Result<(), sqlx::Error> {
    let sql = if since.is_some() {
        "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $1) WHERE id = $2"
    } else {
        "UPDATE webhook_endpoints SET failing_since = $1 WHERE id = $2"
    };
    sqlx::query(sql).bind(since).bind(id).execute(&db.pool).await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: WebhookDeliveryId,
    pub endpoint_id: EndpointId,
    pub msg_id: String,
    pub event_type: String,
    pub body: String,
    pub state: DeliveryState,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<i64>,
    pub next_attempt_at: Option<i64>,
    pub created_at: i64,
}

const DELIVERY_COLUMNS: &str = "id, endpoint_id, msg_id, event_type, body, state, attempts, last_status, last_error, \
    last_attempt_at, next_attempt_at, created_at";

pub async fn insert_delivery(
    db: &Db,
    endpoint: EndpointId,
    msg_id: &str,
    event_type: &str,
    body: &str,
    now: i64,
) -> Result<WebhookDeliveryId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO webhook_deliveries (endpoint_id, msg_id, event_type, body, state, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $5) RETURNING id",
    )
    .bind(endpoint)
    .bind(msg_id)
    .bind(event_type)
    .bind(body)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

pub async fn delivery(db: &Db, id: WebhookDeliveryId) -> Result<Option<DeliveryRow>, sqlx::Error> {
    let sql = format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&db.pool).await
}

/// An endpoint's latest deliveries, newest first.
pub async fn deliveries(db: &Db, endpoint: EndpointId, limit: i64) -> Result<Vec<DeliveryRow>, sqlx::Error> {
    let sql =
        format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(endpoint).bind(limit).fetch_all(&db.pool).await
}

pub struct Attempt<'a> {
    pub state: DeliveryState,
    pub status: Option<i64>,
    pub error: Option<&'a str>,
    pub next_attempt_at: Option<i64>,
}

/// Records one attempt, only while the delivery is still pending (two workers never both count).
pub async fn record_attempt(db: &Db, id: WebhookDeliveryId, a: &Attempt<'_>, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET state = $1, attempts = attempts + 1, last_status = $2, last_error = $3,
                last_attempt_at = $4, next_attempt_at = $5
         WHERE id = $6 AND state = 'pending'",
    )
    .bind(a.state)
    .bind(a.status)
    .bind(a.error)
    .bind(now)
    .bind(a.next_attempt_at)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_delivery_state(db: &Db, id: WebhookDeliveryId, state: DeliveryState) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE webhook_deliveries SET state = $1 WHERE id = $2")
        .bind(state)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// "Send again": the same message (same id and body) back in the queue, attempts counted anew.
pub async fn requeue(db: &Db, id: WebhookDeliveryId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = $1 WHERE id = $2 AND state <> 'pending'",
    )
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

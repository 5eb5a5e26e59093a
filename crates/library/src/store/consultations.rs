//! Consultation requests.

use rendezvous_platform::db::Db;

use crate::ids::ConsultationId;
use crate::model::{ConsultationState, ConsultationTopic};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsultationRow {
    pub id: ConsultationId,
    pub organisation: String,
    pub region: String,
    pub topic: ConsultationTopic,
    pub need: String,
    pub contact_name: String,
    pub email: String,
    pub lang: String,
    pub state: ConsultationState,
    pub assignee: Option<i64>,
    pub notes: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str =
    "id, organisation, region, topic, need, contact_name, email, lang, state, assignee, notes, created_at, updated_at";

pub struct NewConsultation<'a> {
    pub organisation: &'a str,
    pub region: &'a str,
    pub topic: ConsultationTopic,
    pub need: &'a str,
    pub contact_name: &'a str,
    pub email: &'a str,
    pub lang: &'a str,
}

pub async fn insert(db: &Db, c: &NewConsultation<'_>, now: i64) -> Result<ConsultationId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO library_consultations (organisation, region, topic, need, contact_name, email, lang, state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', $8, $8) RETURNING id",
    )
    .bind(c.organisation)
    .bind(c.region)
    .bind(c.topic)
    .bind(c.need)
    .bind(c.contact_name)
    .bind(c.email)
    .bind(c.lang)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

pub async fn all(db: &Db) -> Result<Vec<ConsultationRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM library_consultations ORDER BY CASE state WHEN 'new' THEN 0 WHEN 'in-discussion' THEN 1 ELSE 2 END, id DESC"
    )))
    .fetch_all(&db.pool)
    .await
}

pub async fn by_id(db: &Db, id: ConsultationId) -> Result<Option<ConsultationRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM library_consultations WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

pub async fn update(
    db: &Db,
    id: ConsultationId,
    state: ConsultationState,
    assignee: Option<i64>,
    notes: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE library_consultations SET state = $2, assignee = $3, notes = $4, updated_at = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(state)
    .bind(assignee)
    .bind(notes)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Requests counted by topic and by region.
pub async fn counts(db: &Db) -> Result<(Vec<(ConsultationTopic, i64)>, Vec<(String, i64)>), sqlx::Error> {
    let by_topic = sqlx::query_as("SELECT topic, COUNT(*) FROM library_consultations GROUP BY topic ORDER BY topic")
        .fetch_all(&db.pool)
        .await?;
    let by_region =
        sqlx::query_as("SELECT region, COUNT(*) FROM library_consultations GROUP BY region ORDER BY region")
            .fetch_all(&db.pool)
            .await?;
    Ok((by_topic, by_region))
}

//! Segments: a saved filter over lists (language, country, province, tags, consent kind, consent
//! expiring within N days, subscribed since). Counted live, and the campaigns send to them; no
//! subscriber is ever copied into a new list to segment.
//!
//! Whatever the filter, only subscriptions that may be mailed count: status subscribed and
//! consent not expired.

use rendezvous_platform::clock::DAY_MS;
use rendezvous_platform::db::Db;
use serde::{Deserialize, Serialize};

use crate::ids::{ListId, SegmentId, SubscriberId};
use rendezvous_platform::auth::UserId;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SegmentFilter {
    /// The lists to draw from (at least one).
    pub lists: Vec<ListId>,
    #[serde(default)]
    pub langs: Vec<String>,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub provinces: Vec<String>,
    /// Any of these tags.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub consent_kinds: Vec<String>,
    /// Implied consent that expires within this many days (for a reconfirmation campaign).
    #[serde(default)]
    pub expiring_within_days: Option<i64>,
    #[serde(default)]
    pub subscribed_since_ms: Option<i64>,
}

#[derive(Debug, Clone)]
enum Value {
    Int(i64),
    Text(String),
}

/// A WHERE clause over `subscribers s JOIN subscriptions sub`, with its values to bind in order.
pub struct Condition {
    pub sql: String,
    values: Vec<Value>,
}

impl Condition {
    fn push(&mut self, value: Value) -> String {
        self.values.push(value);
        format!("${}", self.values.len())
    }

    fn any_of(&mut self, column: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let marks: Vec<String> = values.iter().map(|v| self.push(Value::Text(v.clone()))).collect();
        self.sql.push_str(&format!(" AND {column} IN ({})", marks.join(", ")));
    }

    pub fn bind<'q, O>(
        &self,
        mut query: sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments>,
    ) -> sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments> {
        for value in &self.values {
            query = match value {
                Value::Int(i) => query.bind(*i),
                Value::Text(t) => query.bind(t.clone()),
            };
        }
        query
    }
}

impl SegmentFilter {
    /// The condition for this filter at time `now`. Every value is bound, never formatted in.
    pub fn condition(&self, now: i64) -> Condition {
        let mut c = Condition { sql: String::from("sub.status = 'subscribed'"), values: Vec::new() };
        let now_mark = c.push(Value::Int(now));
        c.sql.push_str(&format!(" AND (sub.consent_expires_at IS NULL OR sub.consent_expires_at > {now_mark})"));
        if self.lists.is_empty() {
            c.sql.push_str(" AND 1 = 0");
        } else {
            let marks: Vec<String> = self.lists.iter().map(|l| c.push(Value::Int(l.0))).collect();
            c.sql.push_str(&format!(" AND sub.list_id IN ({})", marks.join(", ")));
        }
        c.any_of("s.lang", &self.langs);
        c.any_of("s.country", &self.countries);
        c.any_of("s.province", &self.provinces);
        c.any_of("sub.consent_kind", &self.consent_kinds);
        if !self.tags.is_empty() {
            let likes: Vec<String> = self
                .tags
                .iter()
                .map(|t| format!("s.tags LIKE {}", c.push(Value::Text(format!("%,{},%", t.trim().to_lowercase())))))
                .collect();
            c.sql.push_str(&format!(" AND ({})", likes.join(" OR ")));
        }
        if let Some(days) = self.expiring_within_days {
            let until = c.push(Value::Int(now + days.max(0) * DAY_MS));
            c.sql.push_str(&format!(" AND sub.consent_expires_at IS NOT NULL AND sub.consent_expires_at <= {until}"));
        }
        if let Some(since) = self.subscribed_since_ms {
            let mark = c.push(Value::Int(since));
            c.sql.push_str(&format!(" AND sub.subscribed_at >= {mark}"));
        }
        c
    }

    /// How many distinct people the filter reaches now.
    pub async fn count(&self, db: &Db, now: i64) -> Result<i64, sqlx::Error> {
        let condition = self.condition(now);
        let sql = format!(
            "SELECT COUNT(DISTINCT s.id) FROM subscribers s JOIN subscriptions sub ON sub.subscriber_id = s.id WHERE {}",
            condition.sql
        );
        // The statement holds only placeholders and fixed column names; every value is bound.
        condition.bind(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))).fetch_one(&db.pool).await
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct SegmentRow {
    pub id: SegmentId,
    pub name: String,
    pub filter: String,
    pub created_by: Option<UserId>,
    pub created_at: i64,
}

impl SegmentRow {
    pub fn filter(&self) -> SegmentFilter {
        serde_json::from_str(&self.filter).unwrap_or_default()
    }
}

pub async fn save(db: &Db, name: &str, filter: &SegmentFilter, by: Option<i64>, now: i64) -> Result<i64, sqlx::Error> {
    let json = serde_json::to_string(filter).unwrap_or_else(|_| "{}".into());
    sqlx::query_scalar(
        "INSERT INTO segments (name, filter, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(json)
    .bind(by)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

pub async fn all(db: &Db) -> Result<Vec<SegmentRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, filter, created_by, created_at FROM segments ORDER BY name")
        .fetch_all(&db.pool)
        .await
}

pub async fn by_id(db: &Db, id: SegmentId) -> Result<Option<SegmentRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, filter, created_by, created_at FROM segments WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

impl SegmentFilter {
    /// The people the filter reaches now, by subscriber id (a campaign's recipients).
    pub async fn subscriber_ids(&self, db: &Db, now: i64) -> Result<Vec<SubscriberId>, sqlx::Error> {
        let condition = self.condition(now);
        let sql = format!(
            "SELECT DISTINCT s.id FROM subscribers s JOIN subscriptions sub ON sub.subscriber_id = s.id WHERE {}
             ORDER BY s.id",
            condition.sql
        );
        // The statement holds only placeholders and fixed column names; every value is bound.
        condition.bind(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))).fetch_all(&db.pool).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_a_placeholder() {
        let filter = SegmentFilter {
            lists: vec![ListId(1), ListId(2)],
            langs: vec!["fr".into()],
            tags: vec!["x'); DROP TABLE subscribers; --".into()],
            expiring_within_days: Some(30),
            ..Default::default()
        };
        let c = filter.condition(1000);
        assert!(!c.sql.contains("DROP"), "{}", c.sql);
        assert!(c.sql.contains("sub.list_id IN ($2, $3)"));
        assert!(c.sql.contains("s.lang IN ($4)"));
        assert_eq!(c.values.len(), 6);
    }

    #[test]
    fn a_filter_without_lists_reaches_no_one() {
        assert!(SegmentFilter::default().condition(0).sql.contains("1 = 0"));
    }
}

//! The reach report over the whole audience: people with at least one subscription that may be
//! mailed, by country, by province or territory, by language, by consent kind, and growth per
//! month.

use std::collections::BTreeMap;

use rendezvous_platform::db::Db;
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct AudienceReport {
    pub total: i64,
    pub in_canada: i64,
    /// (ISO country code or "", people), largest first.
    pub by_country: Vec<(String, i64)>,
    /// (province code, people) for Canada, largest first.
    pub by_province: Vec<(String, i64)>,
    pub by_language: Vec<(String, i64)>,
    /// (consent kind, subscriptions that may be mailed).
    pub by_consent: Vec<(String, i64)>,
    /// ("YYYY-MM", new subscriptions that month), oldest first, last 24 months with any.
    pub growth: Vec<(String, i64)>,
}

impl AudienceReport {
    /// Share of the audience in Canada, in whole percent.
    pub fn canada_percent(&self) -> i64 {
        if self.total == 0 { 0 } else { (self.in_canada * 100 + self.total / 2) / self.total }
    }
}

/// People who may be mailed: one row each, however many lists they are on.
const REACHABLE: &str = "SELECT DISTINCT s.id, s.country, s.province, s.lang FROM subscribers s
     JOIN subscriptions sub ON sub.subscriber_id = s.id
     WHERE sub.status = 'subscribed' AND (sub.consent_expires_at IS NULL OR sub.consent_expires_at > $1)";

pub async fn audience(db: &Db, now: i64) -> Result<AudienceReport, sqlx::Error> {
    let grouped = |column: &str| {
        format!(
            "SELECT COALESCE(r.{column}, ''), COUNT(*) FROM ({REACHABLE}) r GROUP BY r.{column} ORDER BY COUNT(*) DESC"
        )
    };
    // The column names are fixed strings of ours; the only value is bound.
    let by_country: Vec<(String, i64)> =
        sqlx::query_as(sqlx::AssertSqlSafe(grouped("country"))).bind(now).fetch_all(&db.pool).await?;
    let by_language: Vec<(String, i64)> =
        sqlx::query_as(sqlx::AssertSqlSafe(grouped("lang"))).bind(now).fetch_all(&db.pool).await?;
    let by_province: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT COALESCE(r.province, ''), COUNT(*) FROM ({REACHABLE}) r WHERE r.country = 'CA'
         GROUP BY r.province ORDER BY COUNT(*) DESC"
    )))
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let by_consent: Vec<(String, i64)> = sqlx::query_as(
        "SELECT COALESCE(consent_kind, ''), COUNT(*) FROM subscriptions
         WHERE status = 'subscribed' AND (consent_expires_at IS NULL OR consent_expires_at > $1)
         GROUP BY consent_kind ORDER BY COUNT(*) DESC",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let total = by_country.iter().map(|(_, n)| n).sum();
    let in_canada = by_country.iter().filter(|(c, _)| c == "CA").map(|(_, n)| n).sum();
    let growth = growth_per_month(db).await?;
    Ok(AudienceReport { total, in_canada, by_country, by_province, by_language, by_consent, growth })
}

/// Months are counted here rather than in SQL, where each backend formats dates its own way.
async fn growth_per_month(db: &Db) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let times: Vec<i64> = sqlx::query_scalar("SELECT subscribed_at FROM subscriptions WHERE subscribed_at IS NOT NULL")
        .fetch_all(&db.pool)
        .await?;
    let mut months: BTreeMap<String, i64> = BTreeMap::new();
    for ms in times {
        if let Ok(t) = time::OffsetDateTime::from_unix_timestamp(ms / 1000) {
            *months.entry(format!("{:04}-{:02}", t.year(), u8::from(t.month()))).or_default() += 1;
        }
    }
    let skip = months.len().saturating_sub(24);
    Ok(months.into_iter().skip(skip).collect())
}

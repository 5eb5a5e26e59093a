//! An import's batched writes: three statements a batch, each reading its rows from one JSON value.

use std::collections::HashSet;

use rendezvous_platform::db::{Dialect, SqlType};
use serde::Serialize;
use sqlx::AnyConnection;

use crate::ids::ListId;
use crate::import::parse::ParsedRow;
use crate::import::{ImportOptions, ImportReport};
use crate::model::{Source, Status, tags_column};

/// The batch's statements. Each reads its rows from one JSON array (see `Dialect::json_rows`).
pub struct ImportStatements {
    subscribers: String,
    subscriptions: String,
    events: String,
}

impl ImportStatements {
    pub fn new(dialect: Dialect) -> Self {
        use SqlType::{BigInt, Text};
        // $1 = now, $2 = the rows. ("WHERE true" lets SQLite parse an upsert from a SELECT.)
        let rows = dialect.json_rows(
            2,
            &[
                ("email", Text),
                ("email_norm", Text),
                ("name", Text),
                ("lang", Text),
                ("country", Text),
                ("province", Text),
                ("region", Text),
                ("tags", Text),
            ],
        );
        let subscribers = format!(
            "INSERT INTO subscribers (email, email_norm, name, lang, country, province, region, tags, created_at,
                                      updated_at)
             SELECT r.email, r.email_norm, r.name, r.lang, r.country, r.province, r.region, r.tags, $1, $1
             FROM {rows} WHERE true
             ON CONFLICT (email_norm) DO UPDATE SET {}
             RETURNING id, email_norm",
            super::COMPLETE_SUBSCRIBER
        );
        // $1 = list, $2 = consent kind, $3 = now, $4 = the rows.
        let rows = dialect.json_rows(4, &[("id", BigInt), ("since", BigInt), ("expires", BigInt)]);
        let subscriptions = format!(
            "INSERT INTO subscriptions (list_id, subscriber_id, status, consent_kind, consent_at, consent_expires_at,
                                        subscribed_at, updated_at)
             SELECT $1, r.id, 'subscribed', $2, r.since, r.expires, r.since, $3 FROM {rows} WHERE true
             ON CONFLICT (list_id, subscriber_id) DO UPDATE SET {}
             RETURNING subscriber_id",
            super::RESTATE_CONSENT
        );
        // $1 = list, $2 = kind, $3 = source, $4 = evidence, $5 = actor, $6 = now, $7 = the rows.
        let rows = dialect.json_rows(7, &[("id", BigInt), ("action", Text)]);
        let events = format!(
            "INSERT INTO consent_events (subscriber_id, list_id, action, kind, source, evidence, actor_id, created_at)
             SELECT r.id, $1, r.action, $2, $3, $4, $5, $6 FROM {rows}"
        );
        Self { subscribers, subscriptions, events }
    }
}

#[derive(Serialize)]
struct SubscriberJson<'a> {
    email: &'a str,
    email_norm: String,
    name: Option<&'a str>,
    lang: &'static str,
    country: Option<&'a str>,
    province: Option<&'static str>,
    region: Option<&'a str>,
    tags: String,
}

#[derive(Serialize)]
struct SubscriptionJson {
    id: i64,
    since: i64,
    expires: Option<i64>,
}

#[derive(Serialize)]
struct EventJson {
    id: i64,
    action: &'static str,
}

fn json(value: &impl Serialize) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Writes one batch of an import: subscribers, their subscriptions and the ledger entries.
pub async fn write_import_batch(
    conn: &mut AnyConnection,
    statements: &ImportStatements,
    options: &ImportOptions,
    rows: &[ParsedRow],
    now: i64,
    list_was_empty: bool,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    // 1. The subscribers: new ones inserted, known ones only completed.
    let subscribers: Vec<SubscriberJson> = rows
        .iter()
        .map(|row| SubscriberJson {
            email: row.email.as_str(),
            email_norm: row.email.normalized(),
            name: row.name.as_deref(),
            lang: row.lang.unwrap_or_default().code(),
            country: row.country.as_ref().map(|c| c.code()),
            province: row.province.map(|p| p.code()),
            region: row.region.as_deref(),
            tags: tags_column(&row.tags),
        })
        .collect();
    let ids: std::collections::HashMap<String, i64> =
        sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(statements.subscribers.as_str()))
            .bind(now)
            .bind(json(&subscribers)?)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(id, norm)| (norm, id))
            .collect();

    // 2. Who is already subscribed to this list.
    let already: HashSet<i64> =
        if list_was_empty { HashSet::new() } else { already_subscribed(conn, options.list_id, &ids).await? };

    // 3. The subscriptions. A file's consent date is also when the person joined (the growth
    // report counts it).
    let subscriptions: Vec<SubscriptionJson> = rows
        .iter()
        .zip(&subscribers)
        .filter_map(|(row, s)| {
            let id = *ids.get(&s.email_norm)?;
            let since = row.consent_date_ms.unwrap_or(now);
            Some(SubscriptionJson { id, since, expires: options.consent.expires_at(since) })
        })
        .collect();
    // The upsert returns the subscriptions it wrote: one whose person left while the import ran is
    // left alone (see RESTATE_CONSENT), and gets no ledger entry either.
    let written: HashSet<i64> = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(statements.subscriptions.as_str()))
        .bind(options.list_id)
        .bind(options.consent.as_str())
        .bind(now)
        .bind(json(&subscriptions)?)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    let subscriptions: Vec<SubscriptionJson> = subscriptions.into_iter().filter(|s| written.contains(&s.id)).collect();
    if options.keep_places {
        report.places.extend(rows.iter().zip(&subscribers).filter_map(|(row, s)| {
            let id = *ids.get(&s.email_norm)?;
            written.contains(&id).then(|| crate::import::ImportedPlace {
                subscriber: crate::ids::SubscriberId(id),
                province: row.province,
                region: row.area.clone().or_else(|| row.region.clone()),
            })
        }));
    }

    // 4. Their ledger entries.
    let events: Vec<EventJson> = subscriptions
        .iter()
        .map(|s| EventJson { id: s.id, action: if already.contains(&s.id) { "renewed" } else { "subscribed" } })
        .collect();
    sqlx::query(sqlx::AssertSqlSafe(statements.events.as_str()))
        .bind(options.list_id)
        .bind(options.consent.as_str())
        .bind(Source::Import.as_str())
        .bind(options.evidence.trim().to_owned())
        .bind(options.actor_id)
        .bind(now)
        .bind(json(&events)?)
        .execute(&mut *conn)
        .await?;

    let renewed = subscriptions.iter().filter(|s| already.contains(&s.id)).count() as u64;
    report.already_subscribed += renewed;
    report.imported += subscriptions.len() as u64 - renewed;
    Ok(())
}

/// Which of these subscribers are already subscribed to the list. By primary key only: filtering
/// on status in SQL would let the planner scan every subscribed row of the list for each batch.
async fn already_subscribed(
    conn: &mut AnyConnection,
    list_id: ListId,
    ids: &std::collections::HashMap<String, i64>,
) -> Result<HashSet<i64>, sqlx::Error> {
    let id_list: Vec<String> = ids.values().map(i64::to_string).collect();
    let sql = format!(
        "SELECT subscriber_id, status FROM subscriptions WHERE list_id = $1 AND subscriber_id IN ({})",
        id_list.join(",")
    );
    // The ids are integers we just read back, so inlining them injects nothing.
    Ok(sqlx::query_as::<_, (i64, Status)>(sqlx::AssertSqlSafe(sql))
        .bind(list_id)
        .fetch_all(conn)
        .await?
        .into_iter()
        .filter(|(_, status)| *status == Status::Subscribed)
        .map(|(id, _)| id)
        .collect())
}

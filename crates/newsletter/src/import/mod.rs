//! Importing subscribers from a file: [`parse`] reads the messy file into rows; this module checks
//! each against the list's suppressions and the rows before it, and writes them in batches inside
//! one transaction, so a failure or a kill midway leaves nothing half-imported.

pub mod job;
pub mod parse;

use std::collections::HashSet;

use rendezvous_platform::clock::Clock;
use rendezvous_platform::crypto::email_tombstone_hash;
use rendezvous_platform::db::Db;
use serde::Serialize;
use sqlx::AnyConnection;

use crate::model::{ConsentKind, Source, tags_column};
use crate::store;
use parse::{ImportFile, ParsedRow, RejectedRow};

/// Rows per statement: 10 columns × 500 rows stays under SQLite's limit on bound values.
const BATCH: usize = 500;
/// A reject report longer than this keeps counting but stops listing.
const MAX_LISTED_REJECTS: usize = 10_000;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub list_id: i64,
    pub consent: ConsentKind,
    pub evidence: String,
    pub dry_run: bool,
    pub actor_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Reject {
    pub line: u64,
    /// In plain English, naming the bad value (for the command line and the JSON report).
    pub reason: String,
    /// The Fluent id of the reason, for the report page in the reader's language.
    pub reason_id: String,
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct ImportReport {
    /// Data rows in the file (blank lines not counted).
    pub rows: u64,
    /// Rows with a valid address and valid fields.
    pub valid: u64,
    /// Valid rows now subscribed that were not before.
    pub imported: u64,
    /// Valid rows already subscribed (their consent is renewed).
    pub already_subscribed: u64,
    /// Rows repeating an address seen earlier in the file (any letter case).
    pub duplicates: u64,
    /// Rows rejected, listed in `rejects` with their line number and reason.
    pub invalid: u64,
    /// Valid rows whose address is suppressed (unsubscribed, bounced, complained or erased).
    pub suppressed: u64,
    pub dry_run: bool,
    pub encoding: String,
    pub delimiter: String,
    pub rejects: Vec<Reject>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    File(parse::FileError),
    #[error("evidence of consent is required")]
    EvidenceMissing,
    #[error("an import cannot claim consent by our own form; state express, implied or published consent")]
    FormConsent,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl ImportError {
    pub fn message_id(&self) -> &'static str {
        match self {
            ImportError::File(e) => e.message_id(),
            ImportError::EvidenceMissing => "import-evidence-missing",
            ImportError::FormConsent => "import-consent-invalid",
            ImportError::Db(_) => "error-internal",
        }
    }
}

/// Imports `bytes` into a list. `progress(done, total)` is called after each batch, in bytes.
pub async fn run(
    db: &Db,
    clock: &Clock,
    bytes: &[u8],
    options: &ImportOptions,
    mut progress: impl FnMut(u64, u64),
) -> Result<ImportReport, ImportError> {
    if options.evidence.trim().is_empty() {
        return Err(ImportError::EvidenceMissing);
    }
    if options.consent == ConsentKind::ExpressForm {
        return Err(ImportError::FormConsent);
    }
    let file = ImportFile::open(bytes).map_err(ImportError::File)?;
    let total = file.byte_len() as u64;
    let suppressed: HashSet<String> = store::suppressed_hashes(db, options.list_id).await?.into_iter().collect();
    let mut report = ImportReport {
        dry_run: options.dry_run,
        encoding: file.encoding().to_owned(),
        delimiter: file.delimiter().to_string(),
        ..Default::default()
    };
    let mut seen = HashSet::new();
    let mut batch: Vec<ParsedRow> = Vec::with_capacity(BATCH);
    let now = clock.now_ms();
    let mut tx = db.pool.begin().await?;
    for (offset, row) in file.rows_with_offset() {
        report.rows += 1;
        match row {
            Err(rejected) => reject(&mut report, rejected),
            Ok(row) => {
                report.valid += 1;
                let norm = row.email.normalized();
                if suppressed.contains(&email_tombstone_hash(&norm)) {
                    report.suppressed += 1;
                } else if !seen.insert(norm) {
                    report.duplicates += 1;
                } else {
                    batch.push(row);
                }
            }
        }
        if batch.len() == BATCH {
            write_batch(&mut tx, options, &batch, now, &mut report).await?;
            batch.clear();
            progress(offset as u64, total);
        }
    }
    write_batch(&mut tx, options, &batch, now, &mut report).await?;
    progress(total, total);
    if options.dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(report)
}

fn reject(report: &mut ImportReport, rejected: RejectedRow) {
    report.invalid += 1;
    if report.rejects.len() < MAX_LISTED_REJECTS {
        let reason_id = rejected.reason.message_id().to_owned();
        report.rejects.push(Reject { line: rejected.line, reason: rejected.reason.to_string(), reason_id });
    }
}

/// "($1, $2, ...), ($n+1, ...)" for `rows` rows of `columns` values, starting after `offset`.
fn placeholders(rows: usize, columns: usize, offset: usize) -> String {
    (0..rows)
        .map(|r| {
            let values: Vec<String> = (1..=columns).map(|c| format!("${}", offset + r * columns + c)).collect();
            format!("({})", values.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn write_batch(
    conn: &mut AnyConnection,
    options: &ImportOptions,
    rows: &[ParsedRow],
    now: i64,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    // 1. The subscribers: new ones inserted, known ones only completed.
    let sql = format!(
        "INSERT INTO subscribers (email, email_norm, name, lang, country, province, region, tags, created_at, updated_at)
         VALUES {}
         ON CONFLICT (email_norm) DO UPDATE SET
            name = COALESCE(subscribers.name, excluded.name),
            country = COALESCE(subscribers.country, excluded.country),
            province = COALESCE(subscribers.province, excluded.province),
            region = COALESCE(subscribers.region, excluded.region),
            tags = CASE WHEN subscribers.tags = '' THEN excluded.tags ELSE subscribers.tags END,
            updated_at = excluded.updated_at
         RETURNING id, email_norm",
        placeholders(rows.len(), 10, 0)
    );
    // Only placeholders are formatted into the statement; every value is bound.
    let mut query = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql));
    for row in rows {
        query = query
            .bind(row.email.as_str().to_owned())
            .bind(row.email.normalized())
            .bind(row.name.clone())
            .bind(row.lang.unwrap_or_default().code())
            .bind(row.country.as_ref().map(|c| c.code().to_owned()))
            .bind(row.province.map(|p| p.code()))
            .bind(row.region.clone())
            .bind(tags_column(&row.tags))
            .bind(now)
            .bind(now);
    }
    let ids: std::collections::HashMap<String, i64> =
        query.fetch_all(&mut *conn).await?.into_iter().map(|(id, norm)| (norm, id)).collect();

    // 2. Who is already subscribed to this list.
    let id_list: Vec<String> = ids.values().map(i64::to_string).collect();
    let sql = format!(
        "SELECT subscriber_id FROM subscriptions WHERE list_id = $1 AND status = 'subscribed' AND subscriber_id IN ({})",
        id_list.join(",")
    );
    // The ids are integers we just read back, so inlining them injects nothing.
    let already: HashSet<i64> = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
        .bind(options.list_id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();

    // 3. The subscriptions, and 4. their ledger entries.
    let kind = options.consent.as_str();
    let mut subscriptions = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(&id) = ids.get(&row.email.normalized()) else { continue };
        let since = row.consent_date_ms.unwrap_or(now);
        subscriptions.push((id, since, options.consent.expires_at(since), already.contains(&id)));
    }
    let sql = format!(
        "INSERT INTO subscriptions (list_id, subscriber_id, status, consent_kind, consent_at, consent_expires_at,
                                    subscribed_at, updated_at)
         VALUES {}
         ON CONFLICT (list_id, subscriber_id) DO UPDATE SET
            status = excluded.status, consent_kind = excluded.consent_kind, consent_at = excluded.consent_at,
            consent_expires_at = excluded.consent_expires_at,
            subscribed_at = CASE WHEN subscriptions.status = 'subscribed' THEN subscriptions.subscribed_at
                                 ELSE excluded.subscribed_at END,
            updated_at = excluded.updated_at",
        placeholders(subscriptions.len(), 8, 0)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (id, since, expires, _) in &subscriptions {
        query = query.bind(options.list_id).bind(*id).bind("subscribed").bind(kind).bind(*since).bind(*expires);
        query = query.bind(*since).bind(now);
    }
    query.execute(&mut *conn).await?;

    let sql = format!(
        "INSERT INTO consent_events (subscriber_id, list_id, action, kind, source, evidence, actor_id, created_at)
         VALUES {}",
        placeholders(subscriptions.len(), 8, 0)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (id, _, _, was_subscribed) in &subscriptions {
        let action = if *was_subscribed { "renewed" } else { "subscribed" };
        query = query.bind(*id).bind(options.list_id).bind(action).bind(kind).bind(Source::Import.as_str());
        query = query.bind(options.evidence.trim().to_owned()).bind(options.actor_id).bind(now);
    }
    query.execute(&mut *conn).await?;

    let renewed = subscriptions.iter().filter(|s| s.3).count() as u64;
    report.already_subscribed += renewed;
    report.imported += subscriptions.len() as u64 - renewed;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_number_every_value_once() {
        assert_eq!(placeholders(2, 3, 0), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(placeholders(1, 2, 1), "($2, $3)");
    }
}

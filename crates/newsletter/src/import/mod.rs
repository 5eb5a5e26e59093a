//! Importing subscribers from a file: [`parse`] reads the messy file into rows; this module checks
//! each against the list's suppressions and the rows before it, and writes them in batches inside
//! one transaction, so a failure or a kill midway leaves nothing half-imported.

pub mod job;
pub mod parse;

use std::collections::HashSet;

use rendezvous_platform::clock::Clock;
use rendezvous_platform::crypto::{email_tombstone_digest, parse_tombstone_hash};
use rendezvous_platform::db::{Db, Dialect, SqlType};
use serde::Serialize;
use sqlx::AnyConnection;

use crate::model::{ConsentKind, Source, Status, tags_column};
use crate::store;
use parse::{FileStatus, ImportFile, ParsedRow, RejectedRow};

/// Rows per batch: each batch is four statements, whatever its size.
const BATCH: usize = 1000;
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
    /// Rows the file itself marks as unsubscribed, bounced (cleaned) or never confirmed: not
    /// imported, and listed in `left_out_rows` with what the file said.
    #[serde(default)]
    pub left_out: u64,
    #[serde(default)]
    pub left_out_rows: Vec<Reject>,
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
    if rendezvous_platform::validate::evidence(&options.evidence).is_none() {
        return Err(ImportError::EvidenceMissing);
    }
    if options.consent == ConsentKind::ExpressForm {
        return Err(ImportError::FormConsent);
    }
    let file = ImportFile::open(bytes).map_err(ImportError::File)?;
    let total = file.byte_len() as u64;
    let suppressed: HashSet<[u8; 32]> =
        store::suppressed_hashes(db, options.list_id).await?.iter().filter_map(|h| parse_tombstone_hash(h)).collect();
    // Nobody can be "already subscribed" to a list that had no one: that check is skipped.
    let list_was_empty = store::count_subscriptions(db, options.list_id).await? == 0;
    let mut report = ImportReport {
        dry_run: options.dry_run,
        encoding: file.encoding().to_owned(),
        delimiter: file.delimiter().to_string(),
        ..Default::default()
    };
    // Addresses seen so far, by the first 128 bits of their digest: a tenth of the memory of the
    // addresses themselves, and a collision needs ~2^64 addresses.
    let mut seen: HashSet<u128> = HashSet::new();
    let statements = Statements::new(db.dialect);
    let mut batch: Vec<ParsedRow> = Vec::with_capacity(BATCH);
    let now = clock.now_ms();
    let mut tx = db.begin_write().await?;
    for (offset, row) in file.rows_with_offset() {
        report.rows += 1;
        match row {
            Err(rejected) => reject(&mut report, rejected),
            Ok(row) if row.consent_date_ms.is_some_and(|d| d > now) => {
                // A consent date in the future would stretch implied consent past its two years.
                let date = row.consent_date_ms.map(crate::model::format_date).unwrap_or_default();
                reject(&mut report, RejectedRow { line: row.line, reason: parse::RejectReason::InvalidDate(date) });
            }
            Ok(row) if row.status != FileStatus::Subscribed => leave_out(&mut report, &row),
            Ok(row) => {
                report.valid += 1;
                let digest = email_tombstone_digest(db.hash_key(), row.email.as_str());
                let key = u128::from_be_bytes(digest[..16].try_into().unwrap_or_default());
                if suppressed.contains(&digest) {
                    report.suppressed += 1;
                } else if !seen.insert(key) {
                    report.duplicates += 1;
                } else {
                    batch.push(row);
                }
            }
        }
        if batch.len() == BATCH {
            write_batch(&mut tx, &statements, options, &batch, now, list_was_empty, &mut report).await?;
            batch.clear();
            progress(offset as u64, total);
        }
    }
    write_batch(&mut tx, &statements, options, &batch, now, list_was_empty, &mut report).await?;
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

/// A row the exporting tool says is no longer subscribed: counted and listed, nothing written
/// (a subscription here is left as it is).
fn leave_out(report: &mut ImportReport, row: &ParsedRow) {
    report.left_out += 1;
    if report.left_out_rows.len() < MAX_LISTED_REJECTS {
        let reason = format!("{}: {}", row.email.as_str(), row.status.describe());
        let reason_id = row.status.message_id().to_owned();
        report.left_out_rows.push(Reject { line: row.line, reason, reason_id });
    }
}

/// The batch's statements. Each reads its rows from one JSON array (see `Dialect::json_rows`).
struct Statements {
    subscribers: String,
    subscriptions: String,
    events: String,
}

impl Statements {
    fn new(dialect: Dialect) -> Self {
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
            store::COMPLETE_SUBSCRIBER
        );
        // $1 = list, $2 = consent kind, $3 = now, $4 = the rows.
        let rows = dialect.json_rows(4, &[("id", BigInt), ("since", BigInt), ("expires", BigInt)]);
        let subscriptions = format!(
            "INSERT INTO subscriptions (list_id, subscriber_id, status, consent_kind, consent_at, consent_expires_at,
                                        subscribed_at, updated_at)
             SELECT $1, r.id, 'subscribed', $2, r.since, r.expires, r.since, $3 FROM {rows} WHERE true
             ON CONFLICT (list_id, subscriber_id) DO UPDATE SET {}
             RETURNING subscriber_id",
            store::RESTATE_CONSENT
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

async fn write_batch(
    conn: &mut AnyConnection,
    statements: &Statements,
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
    list_id: i64,
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

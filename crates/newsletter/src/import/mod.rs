//! Importing subscribers from a file: [`parse`] reads the messy file into rows; this module checks
//! each against the list's suppressions and the rows before it, and writes them in batches inside
//! one transaction, so a failure or a kill midway leaves nothing half-imported.

pub mod job;
pub mod parse;

use rendezvous_platform::auth::UserId;
use rendezvous_platform::feature::ChoreFuture;
use rendezvous_platform::{AppState, BoxError};
use std::collections::HashSet;

use rendezvous_platform::clock::Clock;
use rendezvous_platform::crypto::{email_tombstone_digest, parse_tombstone_hash};
use rendezvous_platform::db::{Db, Dialect};
use serde::Serialize;

use crate::ids::{ListId, SubscriberId};
use crate::model::ConsentKind;
use crate::store;
use parse::{FileStatus, ImportFile, ParsedRow, RejectedRow};

/// Rows per batch: each batch is four statements, whatever its size.
const BATCH: usize = 1000;
/// A reject report longer than this keeps counting but stops listing.
const MAX_LISTED_REJECTS: usize = 10_000;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub list_id: ListId,
    pub consent: ConsentKind,
    pub evidence: String,
    pub dry_run: bool,
    pub actor_id: Option<UserId>,
    /// Keep each row's place in the report (see [`ImportedPlaces`]).
    pub keep_places: bool,
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
    /// Where each imported person is, for features told of imports (see [`ImportedPlaces`]);
    /// kept only for lists such a feature asked for, and never in the report people see.
    #[serde(skip)]
    pub places: Vec<ImportedPlace>,
}

/// One imported row's place, as the file gave it.
#[derive(Debug, Clone)]
pub struct ImportedPlace {
    pub subscriber: SubscriberId,
    pub province: Option<rendezvous_platform::geo::Province>,
    pub region: Option<String>,
}

/// What a feature provides (`Feature::provide`) to be told where the people imported into one
/// of its lists are: the alerts feature sets their areas from it. Called after the import is
/// committed, by the command line and by the import job alike.
#[derive(Clone, Copy)]
pub struct ImportedPlaces {
    pub list_slug: &'static str,
    pub apply: for<'a> fn(&'a AppState, &'a [ImportedPlace]) -> ChoreFuture<'a>,
}

/// Hands an import's places to the feature that asked for this list's (nothing for other lists).
pub async fn tell_features(state: &AppState, list_slug: &str, report: &ImportReport) -> Result<(), BoxError> {
    if report.dry_run {
        return Ok(());
    }
    for hook in state.provided.all::<ImportedPlaces>().filter(|h| h.list_slug == list_slug) {
        (hook.apply)(state, &report.places).await?;
    }
    Ok(())
}

/// Whether an import into this list keeps its rows' places (a feature asked for them).
pub fn wants_places(state: &AppState, list_slug: &str) -> bool {
    state.provided.all::<ImportedPlaces>().any(|h| h.list_slug == list_slug)
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    File(parse::FileError),
    #[error("evidence of consent is required")]
    EvidenceMissing,
    #[error("an import cannot claim consent by our own form; state express, implied or published consent")]
    FormConsent,
    #[error("this list accepts only express consent")]
    ExpressOnly,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl ImportError {
    pub fn message_id(&self) -> &'static str {
        match self {
            ImportError::File(e) => e.message_id(),
            ImportError::EvidenceMissing => "import-evidence-missing",
            ImportError::FormConsent => "import-consent-invalid",
            ImportError::ExpressOnly => "import-consent-express-only",
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
    let list = store::list_by_id(db, options.list_id).await?;
    if list.is_some_and(|l| l.express_only == 1) && options.consent != ConsentKind::ExpressImport {
        return Err(ImportError::ExpressOnly);
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
    let mut batch: Vec<ParsedRow> = Vec::with_capacity(BATCH);
    let now = clock.now_ms();
    let mut writer = Writer::start(db).await?;
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
            writer.write(options, &batch, now, list_was_empty, &mut report).await?;
            batch.clear();
            progress(offset as u64, total);
        }
    }
    writer.write(options, &batch, now, list_was_empty, &mut report).await?;
    writer.finish(options, now, &mut report).await?;
    progress(total, total);
    Ok(report)
}

/// Where an import's rows go: on SQLite, batches of upserts in one transaction; on PostgreSQL,
/// a `COPY` stream into a staging table, written set-based at the end (see [`store::CopyImport`]).
enum Writer {
    Batches(sqlx::Transaction<'static, sqlx::Any>, store::ImportStatements),
    Copy(store::CopyImport),
}

impl Writer {
    async fn start(db: &Db) -> Result<Self, sqlx::Error> {
        Ok(match db.dialect {
            Dialect::Sqlite => Self::Batches(db.begin_write().await?, store::ImportStatements::new(db.dialect)),
            Dialect::Postgres => Self::Copy(store::CopyImport::start(db).await?),
        })
    }

    async fn write(
        &mut self,
        options: &ImportOptions,
        rows: &[ParsedRow],
        now: i64,
        list_was_empty: bool,
        report: &mut ImportReport,
    ) -> Result<(), sqlx::Error> {
        match self {
            Self::Batches(tx, statements) => {
                store::write_import_batch(tx, statements, options, rows, now, list_was_empty, report).await
            }
            Self::Copy(copy) => copy.add(rows, options, now).await,
        }
    }

    /// Commits what was written (rolls it back on a dry run).
    async fn finish(self, options: &ImportOptions, now: i64, report: &mut ImportReport) -> Result<(), sqlx::Error> {
        match self {
            Self::Batches(tx, _) if options.dry_run => tx.rollback().await,
            Self::Batches(tx, _) => tx.commit().await,
            Self::Copy(copy) => copy.finish(options, now, report).await,
        }
    }
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

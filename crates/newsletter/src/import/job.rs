//! The import page's uploads run as a job, so a large file does not hold a request open and any
//! process can run it. Progress is kept in memory where the import runs (SQLite's single writer
//! is busy with the import's transaction) and also written to the row on PostgreSQL.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use rendezvous_platform::db::Dialect;
use rendezvous_platform::{AppState, BoxError};
use serde::{Deserialize, Serialize};

use super::{ImportOptions, run};
use crate::ids::ImportId;
use crate::model::ConsentKind;
use crate::store;

pub const KIND: &str = "newsletter.import";

#[derive(Serialize, Deserialize)]
pub struct ImportJob {
    pub import_id: ImportId,
}

fn live() -> &'static Mutex<HashMap<ImportId, Arc<AtomicU64>>> {
    static LIVE: OnceLock<Mutex<HashMap<ImportId, Arc<AtomicU64>>>> = OnceLock::new();
    LIVE.get_or_init(Default::default)
}

/// Bytes done of a running import, if it runs in this process.
pub fn live_progress(import_id: ImportId) -> Option<u64> {
    live().lock().ok()?.get(&import_id).map(|p| p.load(Ordering::Relaxed))
}

pub async fn handle(state: AppState, payload: serde_json::Value) -> Result<(), BoxError> {
    let job: ImportJob = serde_json::from_value(payload)?;
    let Some(row) = store::import_by_id(&state.db, job.import_id).await? else { return Ok(()) };
    if !row.status.in_progress() {
        return Ok(());
    }
    let content = store::import_content(&state.db, row.id).await?.unwrap_or_default();
    let consent = ConsentKind::parse(&row.consent_kind).ok_or("unknown consent kind")?;
    let list_slug = store::list_by_id(&state.db, row.list_id).await?.map(|l| l.slug).unwrap_or_default();
    let options = ImportOptions {
        keep_places: super::wants_places(&state, &list_slug),
        list_id: row.list_id,
        consent,
        evidence: row.evidence.clone(),
        dry_run: false,
        actor_id: row.created_by,
    };
    store::set_import_status(&state.db, row.id, "running").await?;
    let done = Arc::new(AtomicU64::new(0));
    if let Ok(mut map) = live().lock() {
        map.insert(row.id, done.clone());
    }
    let writer = (state.db.dialect == Dialect::Postgres).then(|| {
        let (db, done, id) = (state.db.clone(), done.clone(), row.id);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let _ = store::set_import_progress(&db, id, done.load(Ordering::Relaxed) as i64).await;
            }
        })
    });
    let outcome =
        run(&state.db, &state.clock, &content, &options, |bytes, _| done.store(bytes, Ordering::Relaxed)).await;
    if let Some(writer) = writer {
        writer.abort();
    }
    if let Ok(mut map) = live().lock() {
        map.remove(&row.id);
    }
    let now = state.clock.now_ms();
    match outcome {
        Ok(report) => {
            super::tell_features(&state, &list_slug, &report).await?;
            let report = serde_json::to_string(&report)?;
            store::finish_import(&state.db, row.id, "done", Some(&report), None, now).await?;
        }
        Err(e) => {
            store::finish_import(&state.db, row.id, "failed", None, Some(e.message_id()), now).await?;
        }
    }
    Ok(())
}

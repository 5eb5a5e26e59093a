//! What other processes do, and whether anything a reader sees may have changed: a counter that moves on every write this
//! process makes (a request other than GET or HEAD, a job, a chore) and on every write another
//! process tells of (NOTIFY on PostgreSQL; on SQLite the write-ahead log changing). Pages that are
//! the same for every anonymous reader are kept rendered while it stands still
//! ([`RenderedPages`]), so a change anywhere is seen on the next request, in every process.
//!
//! Coarse on purpose: telling which write changes which page would need every write path to
//! say what it touched, and a path that forgot would serve a removed post. A cache emptied by
//! any write costs one render after it; a stale one would cost trust.

use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::watch;

use crate::AppState;
use crate::db::{Db, Dialect};

const CHANNEL: &str = "rendezvous_changes";
/// How many rendered pages a process keeps at most (a page is ~30 kB).
const KEPT_PAGES: usize = 1_000;

pub struct Changes {
    version: AtomicU64,
    db: Db,
}

impl Changes {
    pub fn new(db: Db) -> Self {
        Self { version: AtomicU64::new(0), db }
    }

    /// The version now: read it before reading what a page shows, so a write that lands while
    /// the page is made leaves the page behind (it is kept under the older version).
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// This process wrote: its readers see it at once, and on PostgreSQL every other process is
    /// told. A lost NOTIFY leaves the others' pages until their next change, so it is logged.
    pub async fn made(&self) {
        self.seen();
        if self.db.dialect == Dialect::Postgres {
            let notified = sqlx::query("SELECT pg_notify($1, '')").bind(CHANNEL).execute(&self.db.pool).await;
            if let Err(e) = notified {
                tracing::warn!(error = %e, "could not tell other processes of a change");
            }
        }
    }

    /// Another process wrote (or may have).
    pub fn seen(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
    }
}

/// Rendered pages kept by key (the language and the address), all made under one version: a
/// page made under an older one is never served, and the first page of a newer one empties the
/// rest, so what is kept is only ever what is current (memory stays flat however long it runs).
#[derive(Default)]
pub struct RenderedPages {
    pages: Mutex<(u64, HashMap<String, Bytes>)>,
}

impl RenderedPages {
    pub fn get(&self, key: &str, version: u64) -> Option<Bytes> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.0 != version {
            return None;
        }
        pages.1.get(key).cloned()
    }

    /// Keeps a page made under `version` (read before it was made); one made under an older
    /// version than the pages kept is dropped.
    pub fn put(&self, key: String, version: u64, html: Bytes) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if version < pages.0 {
            return;
        }
        if version > pages.0 || pages.1.len() >= KEPT_PAGES {
            pages.0 = version;
            pages.1.clear();
        }
        pages.1.insert(key, html);
    }
}

/// Follows what other processes do, until shutdown: their announced jobs wake this process's
/// workers ([`crate::jobs::JobQueue::wake_local`]) and their writes move [`Changes`]. On
/// PostgreSQL by LISTEN on both channels; on SQLite by the write-ahead log's size and time (a
/// `stat` every 250 ms, no query: an idle database leaves both alone; this process's own writes
/// move it too, which costs a look for work and a render).
pub fn follow(state: AppState, shutdown: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    match state.db.dialect {
        Dialect::Postgres => tokio::spawn(listen(state, shutdown)),
        Dialect::Sqlite => tokio::spawn(watch_wal(state, shutdown)),
    }
}

/// Another process may have done anything: look for work, and trust no kept page.
fn anything_elsewhere(state: &AppState) {
    state.jobs.wake_local();
    state.changes.seen();
}

async fn watch_wal(state: AppState, mut shutdown: watch::Receiver<bool>) {
    let Some(file) = crate::db::sqlite_file(state.db.url()) else { return };
    let mut wal = file.into_os_string();
    wal.push("-wal");
    let seen = |path: &std::ffi::OsStr| std::fs::metadata(path).ok().map(|m| (m.len(), m.modified().ok()));
    let mut last = seen(&wal);
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    while !*shutdown.borrow() {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => {}
        }
        let now = seen(&wal);
        if now != last {
            last = now;
            anything_elsewhere(&state);
        }
    }
}

async fn listen(state: AppState, mut shutdown: watch::Receiver<bool>) {
    while !*shutdown.borrow() {
        let listening = async {
            let mut listener = sqlx::postgres::PgListener::connect(state.db.url()).await?;
            listener.listen_all([crate::jobs::CHANNEL, CHANNEL]).await?;
            // What was announced while this listener was not connected is unknown.
            anything_elsewhere(&state);
            loop {
                let notification = listener.recv().await?;
                if notification.channel() == CHANNEL {
                    state.changes.seen();
                } else {
                    state.jobs.wake_local();
                }
            }
        };
        tokio::select! {
            result = listening => {
                let result: Result<(), sqlx::Error> = result;
                if let Err(e) = result {
                    tracing::warn!(error = %e, "not listening to other processes; polling for jobs and keeping no page meanwhile");
                }
                // Until it listens again, nothing kept may be trusted; the workers poll meanwhile.
                let retry = tokio::time::sleep(Duration::from_secs(5));
                tokio::pin!(retry);
                let mut tick = tokio::time::interval(Duration::from_millis(100));
                loop {
                    tokio::select! {
                        _ = &mut retry => break,
                        _ = tick.tick() => state.changes.seen(),
                        _ = shutdown.changed() => break,
                    }
                }
            }
            _ = shutdown.changed() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_an_older_version_is_never_served() {
        let pages = RenderedPages::default();
        pages.put("en /forum/t/1".into(), 3, Bytes::from_static(b"<p>old</p>"));
        assert_eq!(pages.get("en /forum/t/1", 3).as_deref(), Some(&b"<p>old</p>"[..]));
        assert_eq!(pages.get("en /forum/t/1", 4), None);
        assert_eq!(pages.get("fr /forum/t/1", 3), None);
    }

    #[test]
    fn a_newer_page_empties_the_older_ones_and_an_older_one_is_dropped() {
        let pages = RenderedPages::default();
        pages.put("a".into(), 1, Bytes::from_static(b"x"));
        pages.put("b".into(), 2, Bytes::from_static(b"y"));
        assert_eq!(pages.get("b", 2).as_deref(), Some(&b"y"[..]));
        assert_eq!(pages.get("a", 2), None);
        assert_eq!(pages.pages.lock().expect("lock").1.len(), 1);
        pages.put("c".into(), 1, Bytes::from_static(b"late"));
        assert_eq!(pages.get("c", 1), None);
        assert_eq!(pages.get("c", 2), None);
    }
}

//! What other processes do, and whether anything a reader sees may have changed: a counter that moves on every write this
//! process makes (a request other than GET or HEAD, a job, a chore) and on every write another
//! process tells of (NOTIFY on PostgreSQL; on SQLite the write-ahead log changing). Pages that are
//! the same for every anonymous reader are kept rendered while it stands still
//! ([`Kept`]), so a change anywhere is seen on the next request, in every process.
//!
//! Coarse on purpose: telling which write changes which page would need every write path to
//! say what it touched, and a path that forgot would serve a removed post. A cache emptied by
//! any write costs one render after it; a stale one would cost trust.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

use crate::AppState;
use crate::db::{Db, Dialect};

const CHANNEL: &str = "rendezvous_changes";
/// How many values a process keeps at most (a rendered page is ~30 kB).
const KEPT_VALUES: usize = 1_000;

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

/// Tells the serving processes that something may have changed, from a process that is not one
/// of them (a command): on PostgreSQL by NOTIFY; on SQLite they see the write-ahead log change.
pub async fn tell_others(database_url: &str) {
    use sqlx::Connection;
    if Dialect::from_url(database_url) != Some(Dialect::Postgres) {
        return;
    }
    let told = async {
        let mut connection = sqlx::postgres::PgConnection::connect(database_url).await?;
        sqlx::query("SELECT pg_notify($1, '')").bind(CHANNEL).execute(&mut connection).await?;
        connection.close().await
    };
    if let Err(e) = told.await {
        tracing::warn!(error = %e, "could not tell running servers of a change");
    }
}

/// What is made from stored data and is the same for whoever asks (a rendered page, a count, a
/// list of categories), kept by key, all made under one version: a value made under an older one
/// is never served, and the first value of a newer one empties the rest, so what is kept is only
/// ever what is current and memory stays flat however long it runs. Never a viewer's standing
/// (roles, second factor, sanctions): those are read afresh on every request.
#[derive(Default)]
pub struct Kept {
    values: Mutex<(u64, HashMap<String, KeptValue>)>,
}

type KeptValue = Arc<dyn Any + Send + Sync>;

impl Kept {
    pub fn get<T: Any + Send + Sync>(&self, key: &str, version: u64) -> Option<Arc<T>> {
        let values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        if values.0 != version {
            return None;
        }
        values.1.get(key).cloned().and_then(|v| v.downcast::<T>().ok())
    }

    /// Keeps a value made under `version` (read before it was made); one made under an older
    /// version than the values kept is dropped.
    pub fn put<T: Any + Send + Sync>(&self, key: String, version: u64, value: Arc<T>) {
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        if version < values.0 {
            return;
        }
        if version > values.0 || values.1.len() >= KEPT_VALUES {
            values.0 = version;
            values.1.clear();
        }
        values.1.insert(key, value);
    }

    /// The value kept under `key`, or the one `load` makes now (then kept).
    pub async fn or_load<T, E, F>(&self, changes: &Changes, key: String, load: F) -> Result<Arc<T>, E>
    where
        T: Any + Send + Sync,
        F: Future<Output = Result<T, E>>,
    {
        let version = changes.version();
        if let Some(value) = self.get::<T>(&key, version) {
            return Ok(value);
        }
        let value = Arc::new(load.await?);
        self.put(key, version, value.clone());
        Ok(value)
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

    fn text(kept: &Kept, key: &str, version: u64) -> Option<&'static str> {
        kept.get::<&'static str>(key, version).map(|v| *v)
    }

    #[test]
    fn a_value_of_an_older_version_is_never_served() {
        let kept = Kept::default();
        kept.put("en /forum/t/1".into(), 3, Arc::new("<p>old</p>"));
        assert_eq!(text(&kept, "en /forum/t/1", 3), Some("<p>old</p>"));
        assert_eq!(text(&kept, "en /forum/t/1", 4), None);
        assert_eq!(text(&kept, "fr /forum/t/1", 3), None);
        assert_eq!(kept.get::<u64>("en /forum/t/1", 3), None, "a value of another type is not served");
    }

    #[test]
    fn a_newer_value_empties_the_older_ones_and_an_older_one_is_dropped() {
        let kept = Kept::default();
        kept.put("a".into(), 1, Arc::new("x"));
        kept.put("b".into(), 2, Arc::new("y"));
        assert_eq!(text(&kept, "b", 2), Some("y"));
        assert_eq!(text(&kept, "a", 2), None);
        assert_eq!(kept.values.lock().expect("lock").1.len(), 1);
        kept.put("c".into(), 1, Arc::new("late"));
        assert_eq!(text(&kept, "c", 1), None);
        assert_eq!(text(&kept, "c", 2), None);
    }
}

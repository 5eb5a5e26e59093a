//! The database: one sqlx `Any` pool over SQLite (default) or PostgreSQL, portable SQL with `$N`
//! placeholders, and the few things that differ kept in [`Dialect`].

use std::str::FromStr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use crate::hash_key::HashKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn from_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Self::Postgres)
        } else {
            None
        }
    }

    /// The locking clause a claim's inner `SELECT` ends with: on PostgreSQL concurrent workers pass
    /// each other's rows; SQLite has a single writer, so the plain `UPDATE ... RETURNING` is
    /// already exclusive and needs none.
    pub fn skip_locked(self) -> &'static str {
        match self {
            Self::Postgres => " FOR UPDATE SKIP LOCKED",
            Self::Sqlite => "",
        }
    }

    /// Claims the next due job for a lease: one statement, so two workers never get the same row.
    /// The most urgent priority first, then the oldest, among kinds below their cap of running
    /// jobs (a running job is a queued row whose lease has not ended). On PostgreSQL
    /// `SKIP LOCKED` lets concurrent workers pass each other (two claims in the same instant may
    /// each see a kind one below its cap: the cap is exact on SQLite, whose single writer makes
    /// the statement exclusive, and can be passed by one on PostgreSQL in that race).
    /// Binds: $1 = lease end, $2 = now.
    pub fn claim_job_sql(self) -> String {
        format!(
            "UPDATE jobs SET locked_until = $1, attempts = attempts + 1
             WHERE id = (SELECT j.id FROM jobs j
                         WHERE j.state = 'queued' AND j.run_at <= $2
                           AND (j.locked_until IS NULL OR j.locked_until <= $2)
                           AND (j.max_running IS NULL
                                OR (SELECT COUNT(*) FROM jobs r
                                    WHERE r.kind = j.kind AND r.state = 'queued' AND r.locked_until > $2)
                                   < j.max_running)
                         ORDER BY j.priority, j.run_at, j.id LIMIT 1{})
             RETURNING id, kind, payload, attempts, max_attempts",
            self.skip_locked()
        )
    }

    /// A query returning the rows of `inner` as one JSON array of objects (one text value), for reads
    /// of thousands of rows: the driver hands over each row through a channel with its values copied,
    /// which costs more than the query itself; one value and serde cost a fraction. `columns` are
    /// the names `inner` selects, in order.
    pub fn json_array_of(self, inner: &str, columns: &[&str]) -> String {
        match self {
            Self::Postgres => format!("SELECT COALESCE(json_agg(t), '[]')::text FROM ({inner}) AS t"),
            Self::Sqlite => {
                let pairs: Vec<String> = columns.iter().map(|c| format!("'{c}', t.{c}")).collect();
                format!(
                    "SELECT COALESCE(json_group_array(json_object({})), '[]') FROM ({inner}) AS t",
                    pairs.join(", ")
                )
            }
        }
    }

    /// A FROM item that reads rows out of a JSON array bound at `$param`, one column per key, so a
    /// batch of thousands of rows is a single bound value (statements with thousands of bound
    /// values are slow on both backends: SQLite looks each one up by name).
    pub fn json_rows(self, param: usize, columns: &[(&str, SqlType)]) -> String {
        match self {
            Self::Postgres => {
                let defs: Vec<String> = columns.iter().map(|(name, ty)| format!("{name} {}", ty.postgres())).collect();
                format!("json_to_recordset(${param}::json) AS r({})", defs.join(", "))
            }
            Self::Sqlite => {
                let picks: Vec<String> =
                    columns.iter().map(|(name, _)| format!("json_extract(value, '$.{name}') AS {name}")).collect();
                format!("(SELECT {} FROM json_each(${param})) AS r", picks.join(", "))
            }
        }
    }

    /// Lists every table and its text columns, for the privacy scans of the test suite and for
    /// operators checking what is stored.
    pub fn text_columns_sql(self) -> &'static str {
        match self {
            Self::Postgres => {
                "SELECT table_name::text, column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying')
                 ORDER BY table_name, column_name"
            }
            Self::Sqlite => {
                "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND upper(p.type) = 'TEXT'
                 ORDER BY m.name, p.name"
            }
        }
    }
}

/// Column types for [`Dialect::json_rows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlType {
    Text,
    BigInt,
}

impl SqlType {
    fn postgres(self) -> &'static str {
        match self {
            SqlType::Text => "text",
            SqlType::BigInt => "bigint",
        }
    }
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub dialect: Dialect,
    /// The key of the hashed tombstones and suppressions, set once at start (see
    /// [`crate::hash_key`]); it travels with the pool so every store function that hashes has it.
    hash_key: Arc<OnceLock<HashKey>>,
    /// What it was opened with: a PostgreSQL listener opens a connection of its own to it.
    url: Arc<str>,
}

/// Used only by a Db whose key was never set (a tool that never hashes addresses).
static NO_KEY: HashKey = HashKey::none();

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL (use sqlite://PATH or postgres://...): {0}")]
    UnsupportedUrl(String),
    #[error("could not create the data directory {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Without the URL, which may hold a password.
impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("dialect", &self.dialect).finish_non_exhaustive()
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Db {
    /// Connects to the database named by `url`, creating a SQLite file's directory if needed.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::from_url(url).ok_or_else(|| DbError::UnsupportedUrl(url.to_owned()))?;
        if dialect == Dialect::Sqlite {
            ensure_sqlite_dir(url)?;
        }
        let options = AnyConnectOptions::from_str(url)?;
        let max = if dialect == Dialect::Sqlite { 8 } else { 16 };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if dialect == Dialect::Sqlite {
                        // WAL lets readers run beside the one writer; the busy timeout makes a
                        // second writer wait instead of failing.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Self { pool, dialect, hash_key: Arc::default(), url: url.into() })
    }

    /// The URL the pool was opened with (it may hold a password: never log it).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Sets the hash key (the first call wins: every clone shares it).
    pub fn set_hash_key(&self, key: HashKey) {
        if self.hash_key.set(key).is_err() {
            tracing::debug!("the hash key was already set");
        }
    }

    /// The hash key; the application sets it at start, before anything is hashed.
    pub fn hash_key(&self) -> &HashKey {
        self.hash_key.get().unwrap_or_else(|| {
            tracing::error!("an address was hashed before the hash key was set");
            &NO_KEY
        })
    }

    /// Applies every migration not yet applied.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.dialect {
            Dialect::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Dialect::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// A transaction that will write. On SQLite it takes the write lock at once (BEGIN IMMEDIATE):
    /// a deferred transaction that reads first fails outright, without waiting, when another
    /// connection commits before its first write.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.dialect {
            Dialect::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Dialect::Postgres => self.pool.begin().await,
        }
    }

    /// Every (table, column) holding text.
    pub async fn text_columns(&self) -> Result<Vec<(String, String)>, sqlx::Error> {
        sqlx::query_as(self.dialect.text_columns_sql()).fetch_all(&self.pool).await
    }
}

/// The file of a `sqlite:` URL; None for an in-memory database.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

fn ensure_sqlite_dir(url: &str) -> Result<(), DbError> {
    let Some(path) = sqlite_file(url) else { return Ok(()) };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| DbError::DataDir(dir.display().to_string(), e))?;
    }
    Ok(())
}

/// True when the error is a unique-constraint violation, on either backend.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            db.is_unique_violation() || db.code().is_some_and(|c| c == "23505" || c == "2067" || c == "1555")
        }
        _ => false,
    }
}

/// Writes a store's `SELECT … FROM …` once: `select_query!(select_users, "SELECT id, … FROM users")`
/// declares `select_users!("WHERE id = $1")`, which expands to the whole query as one string
/// literal (what `sqlx::query` wants), so each query names only its own tail.
#[macro_export]
macro_rules! select_query {
    ($name:ident, $($head:literal),+ $(,)?) => {
        $crate::select_query!(@define ($) $name, $($head),+);
    };
    (@define ($d:tt) $name:ident, $($head:literal),+) => {
        macro_rules! $name {
            ($d tail:literal) => { concat!($($head,)+ " ", $d tail) };
        }
    };
}

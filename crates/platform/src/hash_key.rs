//! The key of the hashed tombstones and suppressions. A plain hash of an address lets anyone with
//! a copy of the database confirm that a known address was erased or unsubscribed; an HMAC with a
//! key kept outside the database (and outside its backups) does not. The key is
//! `RENDEZVOUS_HASH_KEY`, else a file in the data directory, created on first start (mode 0600).

use std::io::Write;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::Db;

/// The key file's name in the data directory.
pub const KEY_FILE: &str = "hash.key";
/// The environment variable that, when set, holds the key instead of the file.
pub const KEY_ENV: &str = "RENDEZVOUS_HASH_KEY";
/// The settings row that marks stored hashes as keyed (see [`rekey_stored_hashes`]).
const KEYED_MARK: &str = "email_hashes_keyed";
const MIN_LEN: usize = 32;

#[derive(Clone)]
pub struct HashKey(Vec<u8>);

impl std::fmt::Debug for HashKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HashKey(..)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HashKeyError {
    #[error("{KEY_ENV} must hold at least {MIN_LEN} characters")]
    TooShort,
    #[error("cannot read or create the hash key file {0}: {1}")]
    File(String, std::io::Error),
    #[error("the hash key file {0} must hold at least {MIN_LEN} characters")]
    BadFile(String),
}

impl HashKey {
    /// No key at all: only for a [`Db`] that was never given one.
    pub(crate) const fn none() -> Self {
        Self(Vec::new())
    }

    /// A key from a secret of at least 32 characters.
    pub fn from_secret(secret: &str) -> Result<Self, HashKeyError> {
        let secret = secret.trim();
        if secret.len() < MIN_LEN {
            return Err(HashKeyError::TooShort);
        }
        Ok(Self(secret.as_bytes().to_vec()))
    }

    /// HMAC-SHA256 of `data` under this key.
    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        // HMAC takes keys of any length, so this cannot fail.
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.0) {
            Ok(mac) => mac,
            Err(_) => return [0; 32],
        };
        mac.update(data);
        mac.finalize().into_bytes().into()
    }
}

/// Where the key file lives in `data_dir`.
pub fn key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_FILE)
}

/// The key from `RENDEZVOUS_HASH_KEY`, else from the key file, created if missing.
pub fn load(data_dir: &Path) -> Result<HashKey, HashKeyError> {
    match std::env::var(KEY_ENV) {
        Ok(secret) if !secret.is_empty() => HashKey::from_secret(&secret),
        _ => load_or_create_file(&key_path(data_dir)),
    }
}

fn load_or_create_file(path: &Path) -> Result<HashKey, HashKeyError> {
    let shown = path.display().to_string();
    let io = |e| HashKeyError::File(shown.clone(), e);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            let secret = crate::crypto::random_token();
            file.write_all(format!("{secret}\n").as_bytes()).map_err(io)?;
            file.sync_all().map_err(io)?;
            HashKey::from_secret(&secret)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let secret = std::fs::read_to_string(path).map_err(io)?;
            HashKey::from_secret(&secret).map_err(|_| HashKeyError::BadFile(shown.clone()))
        }
        Err(e) => Err(io(e)),
    }
}

/// Turns hashes stored before keys existed (plain SHA-256 digests) into HMAC(key, digest), once:
/// a settings row written in the same transaction marks it done, so a second run (or a second
/// process starting at the same time) changes nothing. `feature_tables` are the tables with an
/// `email_hash` column that features declared ([`crate::feature::Feature::hashed_emails`]); the
/// tombstones are platform's own. Returns how many rows changed.
pub async fn rekey_stored_hashes(db: &Db, key: &HashKey, feature_tables: &[&str]) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let marked = sqlx::query("INSERT INTO settings (key, value) VALUES ($1, '1') ON CONFLICT (key) DO NOTHING")
        .bind(KEYED_MARK)
        .execute(&mut *tx)
        .await?;
    if marked.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(0);
    }
    let mut changed = 0;
    for table in std::iter::once(&"email_tombstones").chain(feature_tables) {
        let select = format!("SELECT DISTINCT email_hash FROM {table}");
        let hashes: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(select)).fetch_all(&mut *tx).await?;
        let update = format!("UPDATE {table} SET email_hash = $1 WHERE email_hash = $2");
        for old in hashes {
            let Some(digest) = crate::crypto::parse_tombstone_hash(&old) else { continue };
            let new = crate::crypto::hex(&key.mac(&digest));
            let done = sqlx::query(sqlx::AssertSqlSafe(update.clone())).bind(new).bind(&old).execute(&mut *tx).await?;
            changed += done.rows_affected();
        }
    }
    tx.commit().await?;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_file_is_created_once_private_and_read_back() {
        let dir = std::env::temp_dir().join(format!("rendezvous-key-{}", crate::crypto::random_code(2)));
        let path = key_path(&dir);
        let first = load_or_create_file(&path).expect("created");
        let again = load_or_create_file(&path).expect("read");
        assert_eq!(first.mac(b"x"), again.mac(b"x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
        assert!(HashKey::from_secret("short").is_err());
    }
}

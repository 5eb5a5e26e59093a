//! Where the library's files live: an object store, a folder under the data directory by default
//! (or S3-compatible storage in a build with the `s3` feature). Files are streamed in with a
//! size limit and read back as streams; a file is never served as something a browser would run.

use std::sync::Arc;

use axum::body::Body;
use futures::StreamExt;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use rendezvous_platform::AppState;

use crate::settings::settings;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("the file is larger than allowed")]
    TooBig,
    #[error("the file does not start as its type says")]
    NotItsType,
    #[error("the file is empty")]
    Empty,
    #[error("the upload stopped: {0}")]
    Upload(String),
    #[error(transparent)]
    Store(#[from] object_store::Error),
    #[error("the files setting cannot be used: {0}")]
    Setting(String),
}

/// The store the settings name.
pub fn store(state: &AppState) -> Result<Arc<dyn ObjectStore>, FileError> {
    match settings(state).files_url.as_deref() {
        None | Some("") => {
            let dir = state.config.data_dir.join("files");
            std::fs::create_dir_all(&dir).map_err(|e| FileError::Setting(e.to_string()))?;
            let local = object_store::local::LocalFileSystem::new_with_prefix(&dir)?;
            Ok(Arc::new(local))
        }
        Some(url) if url.starts_with("file://") => {
            let dir = std::path::PathBuf::from(url.trim_start_matches("file://"));
            std::fs::create_dir_all(&dir).map_err(|e| FileError::Setting(e.to_string()))?;
            Ok(Arc::new(object_store::local::LocalFileSystem::new_with_prefix(&dir)?))
        }
        Some(url) => remote(url),
    }
}

/// S3 or an S3-compatible service: `s3://bucket/prefix`, with keys, region and endpoint from the
/// usual AWS_* variables (AWS_ENDPOINT for a service other than Amazon's). Built once per URL and
/// kept, so its HTTP connections and credentials are reused.
#[cfg(feature = "s3")]
fn remote(url: &str) -> Result<Arc<dyn ObjectStore>, FileError> {
    use std::sync::Mutex;
    static BUILT: Mutex<Option<(String, Arc<dyn ObjectStore>)>> = Mutex::new(None);
    let mut built = BUILT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((built_url, store)) = built.as_ref()
        && built_url == url
    {
        return Ok(store.clone());
    }
    let store = s3(url)?;
    *built = Some((url.to_owned(), store.clone()));
    Ok(store)
}

/// The store a `s3://bucket/prefix` URL names, keys under its prefix (the builder takes only the
/// bucket from the URL, so the prefix is kept by a `PrefixStore`).
#[cfg(feature = "s3")]
fn s3(url: &str) -> Result<Arc<dyn ObjectStore>, FileError> {
    let parsed = url::Url::parse(url).map_err(|e| FileError::Setting(e.to_string()))?;
    if !matches!(parsed.scheme(), "s3" | "s3a") {
        return Err(FileError::Setting(format!("{url}: not a folder (file://) or s3://bucket/prefix URL")));
    }
    let store = object_store::aws::AmazonS3Builder::from_env().with_url(url).build()?;
    let prefix = parsed.path().trim_matches('/');
    if prefix.is_empty() {
        Ok(Arc::new(store))
    } else {
        Ok(Arc::new(object_store::prefix::PrefixStore::new(store, prefix)))
    }
}

#[cfg(not(feature = "s3"))]
fn remote(url: &str) -> Result<Arc<dyn ObjectStore>, FileError> {
    Err(FileError::Setting(format!("{url}: this build keeps files in a folder only (build with the s3 feature)")))
}

/// Streams a request body into the store under `key`, refusing more than `max` bytes and a start
/// other than `magic`; nothing is kept when refused. Returns the size.
pub async fn put(state: &AppState, key: &str, body: Body, max: usize, magic: &[u8]) -> Result<u64, FileError> {
    let store = store(state)?;
    let path = Path::from(key);
    let mut upload = WriteMultipart::new(store.put_multipart(&path).await?);
    let mut stream = body.into_data_stream();
    let mut size: usize = 0;
    let mut head: Vec<u8> = Vec::with_capacity(magic.len());
    while let Some(chunk) = stream.next().await {
        let refusal = match &chunk {
            Err(e) => Some(FileError::Upload(e.to_string())),
            Ok(bytes) => {
                size += bytes.len();
                if head.len() < magic.len() {
                    let take = (magic.len() - head.len()).min(bytes.len());
                    head.extend_from_slice(&bytes[..take]);
                }
                if size > max {
                    Some(FileError::TooBig)
                } else if head.len() == magic.len() && head != magic
                    || (head.len() < magic.len() && !magic.starts_with(&head))
                {
                    Some(FileError::NotItsType)
                } else {
                    None
                }
            }
        };
        if let Some(refusal) = refusal {
            upload.abort().await?;
            return Err(refusal);
        }
        if let Ok(bytes) = chunk {
            upload.wait_for_capacity(4).await?;
            upload.put(bytes);
        }
    }
    if size == 0 || head.len() < magic.len() {
        upload.abort().await?;
        return Err(if size == 0 { FileError::Empty } else { FileError::NotItsType });
    }
    upload.finish().await?;
    Ok(size as u64)
}

/// A file as a response body stream.
pub async fn get(state: &AppState, key: &str) -> Result<Body, FileError> {
    let result = store(state)?.get(&Path::from(key)).await?;
    Ok(Body::from_stream(result.into_stream()))
}

/// A whole file (for reading its text), at most `max` bytes.
pub async fn read(state: &AppState, key: &str, max: usize) -> Result<Vec<u8>, FileError> {
    let result = store(state)?.get(&Path::from(key)).await?;
    if result.meta.size > max as u64 {
        return Err(FileError::TooBig);
    }
    Ok(result.bytes().await?.to_vec())
}

#[cfg(all(test, feature = "s3"))]
mod tests {
    #[test]
    fn an_s3_url_with_a_prefix_builds_a_store_without_the_network() {
        let store = super::s3("s3://rendezvous-files/site/library/").expect("a store");
        assert_eq!(store.to_string(), "PrefixObjectStore(site/library)");
        let whole = super::s3("s3://rendezvous-files").expect("a store");
        assert_eq!(whole.to_string(), "AmazonS3(rendezvous-files)", "no prefix: the bucket itself");
        assert!(super::s3("gs://elsewhere/x").is_err(), "only S3");
    }
}

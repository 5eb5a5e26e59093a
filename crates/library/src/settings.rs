//! The library's settings: where files are kept and how large an upload may be.

use std::sync::LazyLock;

use clap::Args;
use rendezvous_platform::AppState;

#[derive(Debug, Clone, Args)]
pub struct LibrarySettings {
    /// Where the library's files are kept: a folder (default: DATA_DIR/files; `file:///path` for
    /// another), or, in a build with the `s3` feature (`--features s3`), `s3://bucket/prefix` on
    /// S3 or an S3-compatible service (keys, region and endpoint from AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION and AWS_ENDPOINT).
    #[arg(long, global = true, env = "RENDEZVOUS_FILES_URL")]
    pub files_url: Option<String>,
    /// The largest file accepted, in megabytes.
    #[arg(long, global = true, env = "RENDEZVOUS_FILES_MAX_MB", default_value_t = 50)]
    pub files_max_mb: u64,
}

impl LibrarySettings {
    pub fn defaults() -> Self {
        Self { files_url: None, files_max_mb: 50 }
    }

    pub fn max_bytes(&self) -> usize {
        usize::try_from(self.files_max_mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
    }
}

pub fn settings(state: &AppState) -> &LibrarySettings {
    static DEFAULTS: LazyLock<LibrarySettings> = LazyLock::new(LibrarySettings::defaults);
    state.settings.get::<LibrarySettings>().unwrap_or(&DEFAULTS)
}

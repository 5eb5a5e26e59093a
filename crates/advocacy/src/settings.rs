//! The advocacy settings: how fast one target may receive letters and how long a writer's letter
//! is kept after delivery.

use std::sync::LazyLock;

use clap::Args;
use rendezvous_platform::AppState;

#[derive(Debug, Clone, Args)]
pub struct LetterSettings {
    /// At most this many letters an hour to any one target (an office that gets a flood of mail
    /// in an hour filters it).
    #[arg(long, global = true, env = "RENDEZVOUS_LETTERS_PER_TARGET_HOUR", default_value_t = 30)]
    pub letters_per_target_hour: u32,
    /// Days a writer's address and letter are kept after delivery; then only the counts remain.
    #[arg(long, global = true, env = "RENDEZVOUS_LETTERS_RETENTION_DAYS", default_value_t = 30)]
    pub letters_retention_days: u32,
}

impl LetterSettings {
    pub fn defaults() -> Self {
        Self { letters_per_target_hour: 30, letters_retention_days: 30 }
    }
}

pub fn settings(state: &AppState) -> &LetterSettings {
    static DEFAULTS: LazyLock<LetterSettings> = LazyLock::new(LetterSettings::defaults);
    state.settings.get::<LetterSettings>().unwrap_or(&DEFAULTS)
}

//! The webhooks' setting: whether endpoints on private addresses are allowed (a partner's
//! system on the same network, or tests).

use std::sync::LazyLock;

use clap::Args;
use rendezvous_platform::AppState;

#[derive(Debug, Clone, Args)]
pub struct WebhookSettings {
    /// Allow webhook endpoints on loopback and private addresses (and plain http to them). Off by
    /// default: a webhook must not become a way into the network Rendezvous runs in.
    #[arg(long, global = true, env = "RENDEZVOUS_WEBHOOKS_ALLOW_PRIVATE")]
    pub webhooks_allow_private: bool,
}

impl WebhookSettings {
    pub fn defaults() -> Self {
        Self { webhooks_allow_private: false }
    }
}

pub fn settings(state: &AppState) -> &WebhookSettings {
    static DEFAULTS: LazyLock<WebhookSettings> = LazyLock::new(WebhookSettings::defaults);
    state.settings.get::<WebhookSettings>().unwrap_or(&DEFAULTS)
}

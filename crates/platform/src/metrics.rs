//! Prometheus metrics: requests by route and status, mail sent and failed; the job queue depth is
//! read from the database when /metrics is scraped.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct QueueLabels {
    pub state: String,
}

pub struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub mails_sent: Counter,
    pub mails_failed: Counter,
    pub jobs: Family<QueueLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("rendezvous");
        let requests = Family::<RequestLabels, Counter>::default();
        let mails_sent = Counter::default();
        let mails_failed = Counter::default();
        let jobs = Family::<QueueLabels, Gauge>::default();
        registry.register("http_requests", "HTTP requests by route and status", requests.clone());
        registry.register("mails_sent", "Mails handed to SMTP or the outbox", mails_sent.clone());
        registry.register("mails_failed", "Mail delivery attempts that failed", mails_failed.clone());
        registry.register("jobs", "Jobs in the queue by state", jobs.clone());
        Self { registry, requests, mails_sent, mails_failed, jobs }
    }
}

impl Metrics {
    pub fn record_request(&self, route: &str, status: u16) {
        self.requests.get_or_create(&RequestLabels { route: route.to_owned(), status }).inc();
    }

    pub fn set_job_depth(&self, queued: i64, failed: i64) {
        self.jobs.get_or_create(&QueueLabels { state: "queued".into() }).set(queued);
        self.jobs.get_or_create(&QueueLabels { state: "failed".into() }).set(failed);
    }

    pub fn encode(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

//! The job queue: a table of ours, claimed with a lease so that a crashed worker's job comes back,
//! retried with exponential backoff and given up (kept, with its error) after `max_attempts`.
//! Several processes on one PostgreSQL share the queue; see [`crate::db::Dialect::claim_job_sql`].

use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde::Serialize;
use sqlx::Row;
use tokio::sync::watch;
use tracing::Instrument;

use crate::clock::{Clock, MINUTE_MS};
use crate::db::{Db, Dialect};
use crate::{AppState, BoxError};

/// How long a claimed job stays ours before another worker may take it back: short, and renewed
/// every `RENEW_EVERY` while the job runs, so a crashed process's job comes back in seconds.
const LEASE_MS: i64 = 20_000;
const RENEW_EVERY: Duration = Duration::from_secs(5);
/// The longest an idle worker sleeps without looking: enqueues wake it (in this process at once,
/// from other processes by NOTIFY on PostgreSQL), and it sleeps until the next job's time; this
/// only bounds what nobody announced.
const FALLBACK_POLL: Duration = Duration::from_secs(10);
/// How long a stopping process waits for its running jobs before it stops them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// The PostgreSQL channel on which an enqueue (or a freed cap) wakes every process's workers.
pub(crate) const CHANNEL: &str = "rendezvous_jobs";
pub const DEFAULT_MAX_ATTEMPTS: i64 = 8;

pub type JobFuture = Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send>>;
pub type JobFn = Arc<dyn Fn(AppState, serde_json::Value) -> JobFuture + Send + Sync>;

/// How soon a kind of job runs when several are due: a worker always takes the due job of the
/// most urgent priority first (then the oldest). Stored as a number on each row, lower first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// Drug-supply alerts: people's safety, before anything else.
    Alert,
    /// Mail a person is waiting for: verification, password reset, sign-in link, notices.
    Account,
    /// Campaigns, imports, digests and notification mail: large, and fine a little later.
    Bulk,
    /// Calls to partners' systems (webhooks), whose endpoints may be slow.
    Partner,
    /// Work on the clock: lifecycle moves, mailbox polls.
    Chore,
}

impl Priority {
    pub fn rank(self) -> i64 {
        match self {
            Priority::Alert => 0,
            Priority::Account => 10,
            Priority::Bulk => 20,
            Priority::Partner => 30,
            Priority::Chore => 40,
        }
    }
}

/// A kind of job and the one scheduling rule it follows: its priority, and how many jobs of the
/// kind may run at once across every worker of every process (`None`: no limit). A cap below the
/// number of workers keeps a worker free for the rest: a 34,000-recipient campaign (one long
/// delivery job) or a slow partner endpoint never holds every worker while a reset mail waits.
#[derive(Debug, Clone, Copy)]
pub struct JobKind {
    pub name: &'static str,
    pub priority: Priority,
    pub max_running: Option<i64>,
}

impl JobKind {
    /// A kind of bulk work without a cap: what `register` gives.
    pub const fn new(name: &'static str) -> Self {
        Self { name, priority: Priority::Bulk, max_running: None }
    }

    pub const fn priority(mut self, priority: Priority) -> Self {
        self.priority = priority;
        self
    }

    pub const fn max_running(mut self, cap: i64) -> Self {
        self.max_running = Some(cap);
        self
    }
}

/// The handlers this process knows, by job kind, with each kind's scheduling. Features register
/// theirs at start-up (see [`crate::feature::Feature::jobs`]).
#[derive(Clone, Default)]
pub struct JobRegistry {
    handlers: HashMap<&'static str, JobFn>,
    kinds: HashMap<&'static str, JobKind>,
}

impl JobRegistry {
    /// A handler for bulk work without a cap; see [`Self::register_kind`].
    pub fn register<F, Fut>(&mut self, kind: &'static str, handler: F)
    where
        F: Fn(AppState, serde_json::Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), BoxError>> + Send + 'static,
    {
        self.register_kind(JobKind::new(kind), handler);
    }

    pub fn register_kind<F, Fut>(&mut self, kind: JobKind, handler: F)
    where
        F: Fn(AppState, serde_json::Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), BoxError>> + Send + 'static,
    {
        self.handlers.insert(kind.name, Arc::new(move |state, payload| Box::pin(handler(state, payload))));
        self.kinds.insert(kind.name, kind);
    }

    fn get(&self, kind: &str) -> Option<JobFn> {
        self.handlers.get(kind).cloned()
    }
}

/// The queue as features see it: enqueue, and read for the admin page.
#[derive(Clone)]
pub struct JobQueue {
    db: Db,
    clock: Clock,
    /// Changes when there may be work: workers of this process wait on it.
    wake: Arc<watch::Sender<()>>,
    /// The scheduling of each kind, written on every row at enqueue (see [`JobKind`]).
    kinds: Arc<RwLock<HashMap<&'static str, JobKind>>>,
}

#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: JobId,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
    pub max_attempts: i64,
}

crate::id_type!(
    /// A row of the job queue.
    pub JobId
);

crate::state_enum!(
    /// A job row is queued (due, waiting for a retry, or running under a lease) or given up.
    pub enum JobState {
        Queued = "queued",
        Failed = "failed",
    }
);

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: JobId,
    pub kind: String,
    pub state: JobState,
    pub run_at: i64,
    pub attempts: i64,
    pub max_attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
}

/// Backoff before attempt `attempts + 1`: 30 s, 1 min, 2 min ... capped at 6 hours.
pub fn backoff_ms(attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 20) - 1;
    (30_000i64.saturating_mul(1 << exp)).min(6 * 60 * MINUTE_MS)
}

impl JobQueue {
    pub fn new(db: Db, clock: Clock) -> Self {
        Self { db, clock, wake: Arc::new(watch::Sender::new(())), kinds: Arc::default() }
    }

    /// Learns the scheduling of every kind in `registry` (the server does it at start; tests
    /// with kinds of their own do it too).
    pub fn learn(&self, registry: &JobRegistry) {
        if let Ok(mut kinds) = self.kinds.write() {
            kinds.extend(registry.kinds.iter().map(|(name, kind)| (*name, *kind)));
        }
    }

    /// A kind's scheduling; one nobody registered is bulk work without a cap.
    fn kind(&self, name: &str) -> (i64, Option<i64>) {
        let known = self.kinds.read().ok().and_then(|kinds| kinds.get(name).copied());
        let kind = known.unwrap_or(JobKind::new("unknown"));
        (kind.priority.rank(), kind.max_running)
    }

    /// Queues a job to run as soon as a worker is free.
    pub async fn enqueue(&self, kind: &str, payload: &impl Serialize) -> Result<JobId, BoxError> {
        self.enqueue_at(kind, payload, self.clock.now_ms(), DEFAULT_MAX_ATTEMPTS).await
    }

    pub async fn enqueue_at(
        &self,
        kind: &str,
        payload: &impl Serialize,
        run_at: i64,
        max_attempts: i64,
    ) -> Result<JobId, BoxError> {
        let payload = serde_json::to_string(payload)?;
        let (priority, max_running) = self.kind(kind);
        let id: JobId = sqlx::query_scalar(
            "INSERT INTO jobs (kind, payload, state, run_at, attempts, max_attempts, created_at, priority, max_running)
             VALUES ($1, $2, 'queued', $3, 0, $4, $5, $6, $7) RETURNING id",
        )
        .bind(kind)
        .bind(payload)
        .bind(run_at)
        .bind(max_attempts)
        .bind(self.clock.now_ms())
        .bind(priority)
        .bind(max_running)
        .fetch_one(&self.db.pool)
        .await?;
        self.announce().await;
        Ok(id)
    }

    /// Queues a job of `kind` to run now unless one is already queued (or running, or waiting for
    /// a retry): for work done on the clock. Of the given-up jobs of that kind only the latest is
    /// kept, so a job failing for days shows once on the jobs page. Returns whether one was queued.
    /// A feature that needs the rule to hold across processes adds a partial unique index on
    /// `jobs (kind) WHERE kind = '...' AND state = 'queued'`; the insert then does nothing.
    pub async fn enqueue_once(
        &self,
        kind: &str,
        payload: &impl Serialize,
        max_attempts: i64,
    ) -> Result<bool, BoxError> {
        let payload = serde_json::to_string(payload)?;
        let now = self.clock.now_ms();
        sqlx::query(
            "DELETE FROM jobs WHERE kind = $1 AND state = 'failed'
             AND id < (SELECT MAX(id) FROM jobs WHERE kind = $1 AND state = 'failed')",
        )
        .bind(kind)
        .execute(&self.db.pool)
        .await?;
        let (priority, max_running) = self.kind(kind);
        let queued = sqlx::query(
            "INSERT INTO jobs (kind, payload, state, run_at, attempts, max_attempts, created_at, priority, max_running)
             SELECT $1, $2, 'queued', $3, 0, $4, $3, $5, $6
             WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = $1 AND state = 'queued')
             ON CONFLICT DO NOTHING",
        )
        .bind(kind)
        .bind(payload)
        .bind(now)
        .bind(max_attempts)
        .bind(priority)
        .bind(max_running)
        .execute(&self.db.pool)
        .await?
        .rows_affected()
            == 1;
        if queued {
            self.announce().await;
        }
        Ok(queued)
    }

    /// Whether any job of `kind` is queued (or running, or waiting for a retry): for work done on
    /// the clock, queued for later unless one already waits.
    pub async fn any_queued(&self, kind: &str) -> Result<bool, sqlx::Error> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM jobs WHERE kind = $1 AND state = 'queued' LIMIT 1")
            .bind(kind)
            .fetch_optional(&self.db.pool)
            .await?;
        Ok(found.is_some())
    }

    /// Whether a job of `kind` with exactly this payload is queued (or running, or waiting for a
    /// retry). Payloads are compared as JSON values, so key order and spacing do not matter.
    pub async fn is_queued(&self, kind: &str, payload: &impl Serialize) -> Result<bool, BoxError> {
        let wanted = serde_json::to_value(payload)?;
        let queued: Vec<String> = sqlx::query_scalar("SELECT payload FROM jobs WHERE kind = $1 AND state = 'queued'")
            .bind(kind)
            .fetch_all(&self.db.pool)
            .await?;
        Ok(queued.iter().any(|text| serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v == wanted)))
    }

    /// Forgets the given-up jobs of `kind`: the work they failed at has since succeeded.
    pub async fn clear_failed(&self, kind: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM jobs WHERE kind = $1 AND state = 'failed'").bind(kind).execute(&self.db.pool).await?;
        Ok(())
    }

    /// Takes the next due job, if any, for one lease.
    pub async fn claim(&self) -> Result<Option<ClaimedJob>, sqlx::Error> {
        let now = self.clock.now_ms();
        let claim = sqlx::query(sqlx::AssertSqlSafe(self.db.dialect.claim_job_sql())).bind(now + LEASE_MS).bind(now);
        let row = match self.db.dialect {
            // SQLite has one writer: claims are one at a time already.
            Dialect::Sqlite => claim.fetch_optional(&self.db.pool).await?,
            // Claims take turns (a transaction-scoped advisory lock), so each one counts the jobs
            // running after the previous claim committed: a kind's cap holds across workers and
            // processes (two claims in the same instant both counted none running, and passed it).
            Dialect::Postgres => {
                let mut tx = self.db.pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock(7216000001)").execute(&mut *tx).await?;
                let row = claim.fetch_optional(&mut *tx).await?;
                tx.commit().await?;
                row
            }
        };
        row.map(|r| {
            Ok(ClaimedJob {
                id: r.try_get(0)?,
                kind: r.try_get(1)?,
                payload: r.try_get(2)?,
                attempts: r.try_get(3)?,
                max_attempts: r.try_get(4)?,
            })
        })
        .transpose()
    }

    /// A finished job leaves the table: its payload may hold personal data we no longer need.
    pub async fn complete(&self, job: &ClaimedJob) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM jobs WHERE id = $1").bind(job.id).execute(&self.db.pool).await?;
        self.freed(job).await;
        Ok(())
    }

    /// A job of a capped kind ended: one of its kind waiting for the cap may start now.
    async fn freed(&self, job: &ClaimedJob) {
        if self.kind(&job.kind).1.is_some() {
            self.announce().await;
        }
    }

    /// Records a failure: retried later with backoff, or given up and kept with its error.
    pub async fn fail(&self, job: &ClaimedJob, error: &str) -> Result<(), sqlx::Error> {
        let now = self.clock.now_ms();
        if job.attempts >= job.max_attempts {
            sqlx::query("UPDATE jobs SET state = 'failed', locked_until = NULL, last_error = $1 WHERE id = $2")
                .bind(error)
                .bind(job.id)
                .execute(&self.db.pool)
                .await?;
        } else {
            sqlx::query("UPDATE jobs SET run_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3")
                .bind(now + backoff_ms(job.attempts))
                .bind(error)
                .bind(job.id)
                .execute(&self.db.pool)
                .await?;
        }
        self.freed(job).await;
        Ok(())
    }

    /// Puts a given-up job back in the queue (admin action).
    pub async fn retry(&self, id: JobId) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $1, locked_until = NULL
             WHERE id = $2 AND state = 'failed'",
        )
        .bind(self.clock.now_ms())
        .bind(id)
        .execute(&self.db.pool)
        .await;
        let done = match done {
            Ok(done) => done,
            // A kind allowed one queued job at a time (see `enqueue_once`) already has one.
            Err(e) if crate::db::is_unique_violation(&e) => return Ok(false),
            Err(e) => return Err(e),
        };
        self.announce().await;
        Ok(done.rows_affected() == 1)
    }

    /// Jobs for the admin page: failed first, then queued by due time.
    pub async fn list(&self, limit: i64, offset: i64) -> Result<Vec<JobRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, kind, state, run_at, attempts, max_attempts, last_error, created_at FROM jobs
             ORDER BY CASE WHEN state = 'failed' THEN 0 ELSE 1 END, run_at, id LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.db.pool)
        .await
    }

    /// (queued, failed) counts, for /metrics.
    pub async fn depth(&self) -> Result<(i64, i64), sqlx::Error> {
        let row = sqlx::query(
            "SELECT COALESCE(SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END), 0),
                    COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) FROM jobs",
        )
        .fetch_one(&self.db.pool)
        .await?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    /// Tells this process's workers, and on PostgreSQL every process's, that there may be work.
    /// A lost NOTIFY only delays the work until the fallback poll.
    pub async fn announce(&self) {
        self.wake.send_replace(());
        if self.db.dialect == Dialect::Postgres {
            let notified = sqlx::query("SELECT pg_notify($1, '')").bind(CHANNEL).execute(&self.db.pool).await;
            if let Err(e) = notified {
                tracing::warn!(error = %e, "could not tell other processes of a job");
            }
        }
    }

    /// Wakes this process's workers only: what another process announced.
    pub fn wake_local(&self) {
        self.wake.send_replace(());
    }

    /// Changes whenever there may be work (see [`Self::announce`]).
    pub fn woken(&self) -> watch::Receiver<()> {
        self.wake.subscribe()
    }

    /// Keeps a running job ours for another lease.
    async fn renew(&self, id: JobId) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE jobs SET locked_until = $1 WHERE id = $2 AND state = 'queued'")
            .bind(self.clock.now_ms() + LEASE_MS)
            .bind(id)
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }

    /// How long an idle worker may sleep: until the next queued job's time (or the end of a
    /// running job's lease, when a crashed one would come back), at most the fallback poll. A
    /// job already due that this worker could not take waits for its kind's cap: the job holding
    /// it announces when it ends.
    async fn idle_for(&self) -> Result<Duration, sqlx::Error> {
        Ok(self.sleep_until(self.next_due().await?))
    }

    /// How long to sleep when the next queued job is due at `next`.
    fn sleep_until(&self, next: Option<i64>) -> Duration {
        let now = self.clock.now_ms();
        match next {
            Some(at) if at > now => Duration::from_millis((at - now) as u64).min(FALLBACK_POLL),
            _ => FALLBACK_POLL,
        }
    }

    /// When the next queued job may be claimed: its time, or the end of its lease if it runs.
    async fn next_due(&self) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT MIN(CASE WHEN locked_until IS NOT NULL AND locked_until > run_at THEN locked_until ELSE run_at END)
             FROM jobs WHERE state = 'queued'",
        )
        .fetch_one(&self.db.pool)
        .await
    }
}

/// Runs one claimed job to its end and records the outcome. Returns false if nothing was due.
pub async fn run_one(state: &AppState, registry: &JobRegistry) -> Result<bool, sqlx::Error> {
    let Some(job) = state.jobs.claim().await? else { return Ok(false) };
    run_claimed(state, registry, job).await?;
    Ok(true)
}

/// Runs a claimed job to its end and records the outcome.
async fn run_claimed(state: &AppState, registry: &JobRegistry, job: ClaimedJob) -> Result<(), sqlx::Error> {
    let outcome = match (registry.get(&job.kind), serde_json::from_str(&job.payload)) {
        (None, _) => Err(format!("no handler for job kind {}", job.kind)),
        (_, Err(e)) => Err(format!("unreadable payload: {e}")),
        (Some(handler), Ok(payload)) => {
            // A panic in one job (a library's expect on odd input, say) fails that job, with its
            // message, and the worker goes on: one bad row must not stop password-reset mail.
            let span = tracing::info_span!("job", id = job.id.0, kind = %job.kind, attempt = job.attempts);
            let work = AssertUnwindSafe(handler(state.clone(), payload)).catch_unwind().instrument(span);
            match with_renewed_lease(state, job.id, work).await {
                Ok(result) => result.map_err(|e| error_chain(&*e)),
                Err(panic) => Err(format!("the job panicked: {}", panic_message(&*panic))),
            }
        }
    };
    // Whatever the job wrote may show on a page kept rendered.
    state.changes.made().await;
    match outcome {
        Ok(()) => state.jobs.complete(&job).await,
        Err(error) => {
            tracing::warn!(job = job.id.0, kind = %job.kind, attempt = job.attempts, %error, "job failed");
            state.jobs.fail(&job, &error).await
        }
    }
}

/// Runs `work`, renewing the job's lease while it runs: a long job (a campaign) keeps its lease
/// short, so the job of a process that died comes back within one lease.
async fn with_renewed_lease<T>(state: &AppState, id: JobId, work: impl Future<Output = T>) -> T {
    let renewing = async {
        let mut tick = tokio::time::interval(RENEW_EVERY);
        tick.tick().await;
        // A moved clock (tests move it) may have jumped past the lease: renewed at once.
        let mut moved = state.clock.moves();
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = moved.changed() => {}
            }
            if let Err(e) = state.jobs.renew(id).await {
                tracing::warn!(job = id.0, error = %e, "could not renew a job's lease");
            }
        }
    };
    tokio::select! {
        biased;
        done = work => done,
        never = renewing => never,
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(text), _) => (*text).to_owned(),
        (_, Some(text)) => text.clone(),
        _ => "no message".to_owned(),
    }
}

/// Starts `count` workers that run jobs until `shutdown` turns true. Zero is allowed: a web-only
/// process next to others that run the jobs.
pub fn spawn_workers(
    state: AppState,
    registry: JobRegistry,
    count: usize,
    shutdown: watch::Receiver<bool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    if count == 0 {
        return Vec::new();
    }
    // Other processes' announcements reach `wake_local` through `changes::follow`.
    vec![tokio::spawn(dispatch(state, registry, count, shutdown))]
}

/// One loop claims jobs for `count` workers: while a worker is free it claims, and hands what it
/// got to that worker; finding nothing, it sleeps until the next job's time or an announcement.
/// One claimer rather than one per worker: an idle process looks once, not once per worker.
async fn dispatch(state: AppState, registry: JobRegistry, count: usize, mut shutdown: watch::Receiver<bool>) {
    let free = Arc::new(tokio::sync::Semaphore::new(count));
    let mut running = tokio::task::JoinSet::new();
    let (mut woken, mut moved) = (state.jobs.woken(), state.clock.moves());
    // After a sleep ran out (rather than an announcement), a read comes before the claim (a
    // write): the fallback look of an idle process is one SELECT.
    let mut look_first = false;
    while !*shutdown.borrow() {
        let worker = tokio::select! {
            permit = free.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            _ = shutdown.changed() => continue,
        };
        // Whatever is announced from here on wakes the sleep below.
        woken.mark_unchanged();
        moved.mark_unchanged();
        let looked = if look_first { state.jobs.next_due().await.ok() } else { None };
        let not_yet = looked.filter(|next| next.is_none_or(|at| at > state.clock.now_ms()));
        let claimed = if not_yet.is_some() { Ok(None) } else { state.jobs.claim().await };
        let idle_for = match claimed {
            Ok(Some(job)) => {
                let (state, registry) = (state.clone(), registry.clone());
                running.spawn(async move {
                    if let Err(e) = run_claimed(&state, &registry, job).await {
                        tracing::error!(error = %e, "could not record a job's outcome");
                    }
                    drop(worker);
                });
                // Finished workers' results are not needed: reap them so the set stays small.
                while running.try_join_next().is_some() {}
                continue;
            }
            Ok(None) => match not_yet {
                Some(next) => Ok(state.jobs.sleep_until(next)),
                None => state.jobs.idle_for().await,
            },
            Err(e) => Err(e),
        };
        drop(worker);
        let idle_for = idle_for.unwrap_or_else(|e| {
            tracing::error!(error = %e, "job queue unavailable");
            FALLBACK_POLL
        });
        look_first = false;
        tokio::select! {
            _ = woken.changed() => {}
            _ = moved.changed() => {
                // Running jobs renew their leases on the same signal: they go first.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            _ = tokio::time::sleep(idle_for) => look_first = true,
            _ = shutdown.changed() => {}
        }
    }
    // Jobs under way get a moment to finish and record their outcome. A campaign's delivery
    // would run on for minutes: what still runs after the grace is stopped, and its short leases
    // hand its work to whichever process runs next (only what was in flight can go twice).
    let finishing = async { while running.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, finishing).await.is_err() {
        tracing::warn!(jobs = running.len(), "stopping jobs still running after the shutdown grace");
        running.abort_all();
        while running.join_next().await.is_some() {}
    }
}

/// "outer: inner: innermost", so a kept job error explains itself.
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff_ms(1), 30_000);
        assert_eq!(backoff_ms(2), 60_000);
        assert_eq!(backoff_ms(3), 120_000);
        assert_eq!(backoff_ms(40), 6 * 60 * MINUTE_MS);
    }
}

//! The job queue: retried with backoff, given up after its attempts with the error kept, and never
//! run twice by concurrent workers (the SKIP LOCKED claim on PostgreSQL).

use std::collections::HashSet;

use rendezvous_platform::jobs::{JobKind, JobRegistry, JobState, Priority, backoff_ms, run_one, spawn_workers};
use rendezvous_testkit::{TestApp, TestOptions};

#[tokio::test]
async fn a_failing_job_is_retried_with_backoff_then_given_up_with_its_error() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    let mut registry = JobRegistry::default();
    registry.register("test.always_fails", |_, payload| async move {
        Err(format!("remote refused {}", payload["n"]).into())
    });
    let id = app
        .state
        .jobs
        .enqueue_at("test.always_fails", &serde_json::json!({"n": 7}), app.clock.now_ms(), 3)
        .await
        .expect("enqueue");

    for attempt in 1..=3 {
        assert!(run_one(&app.state, &registry).await.expect("run"), "attempt {attempt} runs");
        // Not due again until the backoff has passed.
        assert!(!run_one(&app.state, &registry).await.expect("run"), "nothing due right after a failure");
        app.clock.advance_ms(backoff_ms(attempt) + 1);
    }
    let rows = app.state.jobs.list(10, 0).await.expect("list");
    let job = rows.iter().find(|j| j.id == id).expect("the job is kept");
    assert_eq!(job.state, JobState::Failed);
    assert_eq!(job.attempts, 3);
    assert_eq!(job.last_error.as_deref(), Some("remote refused 7"));
    assert!(!run_one(&app.state, &registry).await.expect("run"), "a given-up job does not run again");

    // An admin can queue it again.
    assert!(app.state.jobs.retry(id).await.expect("retry"));
    assert!(run_one(&app.state, &registry).await.expect("run"));
}

/// A panicking job fails with its message, and the same worker goes on to the next job.
#[tokio::test]
async fn a_job_that_panics_fails_with_its_message_and_the_worker_goes_on() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    app.expect_failed_jobs(); // the panicking job is given up, as the test checks
    let mut registry = JobRegistry::default();
    registry.register("test.panics", |_, _| async move {
        if std::hint::black_box(true) {
            panic!("a header value held a control character");
        }
        Ok(())
    });
    registry.register("test.fine", |_, _| async move { Ok(()) });
    let now = app.clock.now_ms();
    let bad = app.state.jobs.enqueue_at("test.panics", &serde_json::json!({}), now, 1).await.expect("enqueue");
    let good = app.state.jobs.enqueue_at("test.fine", &serde_json::json!({}), now + 1, 1).await.expect("enqueue");
    assert!(run_one(&app.state, &registry).await.expect("the worker survives the panic"));
    assert!(run_one(&app.state, &registry).await.expect("and runs the next job"));
    let rows = app.state.jobs.list(10, 0).await.expect("list");
    let failed = rows.iter().find(|j| j.id == bad).expect("the panicked job is kept");
    assert_eq!(failed.state, JobState::Failed);
    assert!(failed.last_error.as_deref().is_some_and(|e| e.contains("a header value held a control character")));
    assert!(rows.iter().all(|j| j.id != good || j.state != JobState::Queued), "the next job ran");
}

#[tokio::test]
async fn a_job_that_succeeds_on_retry_leaves_the_queue() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    let failures = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut registry = JobRegistry::default();
    let seen = failures.clone();
    registry.register("test.flaky", move |_, _| {
        let seen = seen.clone();
        async move {
            if seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                Err("first try fails".into())
            } else {
                Ok(())
            }
        }
    });
    app.state.jobs.enqueue("test.flaky", &()).await.expect("enqueue");
    run_one(&app.state, &registry).await.expect("run");
    app.clock.advance_ms(backoff_ms(1) + 1);
    run_one(&app.state, &registry).await.expect("run");
    assert!(app.state.jobs.list(10, 0).await.expect("list").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_workers_never_claim_the_same_job() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    const JOBS: usize = 300;
    for n in 0..JOBS {
        app.state.jobs.enqueue("test.noop", &n).await.expect("enqueue");
    }
    let mut workers = Vec::new();
    for _ in 0..8 {
        let jobs = app.state.jobs.clone();
        workers.push(tokio::spawn(async move {
            let mut claimed = Vec::new();
            while let Some(job) = jobs.claim().await.expect("claim") {
                claimed.push(job.id);
                tokio::task::yield_now().await;
            }
            claimed
        }));
    }
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.await.expect("worker"));
    }
    let distinct: HashSet<_> = all.iter().copied().collect();
    assert_eq!(all.len(), JOBS, "every job claimed exactly once in total");
    assert_eq!(distinct.len(), JOBS, "no job claimed twice");
}

#[tokio::test]
async fn a_job_whose_worker_died_is_claimed_again_after_its_lease() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    app.state.jobs.enqueue("test.noop", &()).await.expect("enqueue");
    let first = app.state.jobs.claim().await.expect("claim").expect("a job");
    // The worker "crashes": it never completes or fails the job.
    assert!(app.state.jobs.claim().await.expect("claim").is_none(), "leased, not claimable");
    app.clock.advance_ms(6 * 60 * 1000);
    let again = app.state.jobs.claim().await.expect("claim").expect("the job comes back");
    assert_eq!(again.id, first.id);
    assert_eq!(again.attempts, 2);
}

/// The one scheduling rule: the most urgent due job first, and a kind at its cap of running jobs
/// waits while others pass it, so a saturated low-priority kind never delays a reset mail.
#[tokio::test]
async fn a_saturated_capped_kind_never_delays_a_more_urgent_job() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    let mut registry = JobRegistry::default();
    registry.register_kind(JobKind::new("test.webhook").priority(Priority::Partner).max_running(1), |_, _| async {
        Ok(())
    });
    registry.register_kind(JobKind::new("test.campaign").max_running(1), |_, _| async { Ok(()) });
    registry.register_kind(JobKind::new("test.reset").priority(Priority::Account), |_, _| async { Ok(()) });
    app.state.jobs.learn(&registry);
    for n in 0..50 {
        app.state.jobs.enqueue("test.webhook", &n).await.expect("enqueue");
    }
    for n in 0..3 {
        app.state.jobs.enqueue("test.campaign", &n).await.expect("enqueue");
    }
    app.state.jobs.enqueue("test.reset", &"first").await.expect("enqueue");

    let claim = || async { app.state.jobs.claim().await.expect("claim") };
    let first = claim().await.expect("a job");
    assert_eq!(first.kind, "test.reset", "queued last, taken first");
    let campaign = claim().await.expect("a job");
    assert_eq!(campaign.kind, "test.campaign");
    let webhook = claim().await.expect("a job");
    assert_eq!(webhook.kind, "test.webhook");
    assert!(claim().await.is_none(), "49 webhooks and 2 campaigns are due, but each kind is at its cap");

    app.state.jobs.enqueue("test.reset", &"second").await.expect("enqueue");
    let second = claim().await.expect("the reset is not held up by the saturated kinds");
    assert_eq!((second.kind.as_str(), second.payload.as_str()), ("test.reset", "\"second\""));

    app.state.jobs.complete(&webhook).await.expect("complete");
    assert_eq!(claim().await.expect("a job").kind, "test.webhook", "a finished webhook frees its slot");
    assert!(claim().await.is_none());
}

/// The same with real workers: two workers, a capped kind whose jobs block until released, and a
/// reset queued after them runs while they still block.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_two_workers_a_blocked_capped_kind_leaves_one_for_account_mail() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    let release = std::sync::Arc::new(tokio::sync::Semaphore::new(0));
    let (ran, mut reset_ran) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut registry = JobRegistry::default();
    let gate = release.clone();
    registry.register_kind(JobKind::new("test.slow").max_running(1), move |_, _| {
        let gate = gate.clone();
        async move {
            let _permit = gate.acquire().await.map_err(|e| e.to_string())?;
            Ok(())
        }
    });
    registry.register_kind(JobKind::new("test.reset").priority(Priority::Account), move |_, _| {
        let ran = ran.clone();
        async move {
            let _ = ran.send(());
            Ok(())
        }
    });
    app.state.jobs.learn(&registry);
    for n in 0..5 {
        app.state.jobs.enqueue("test.slow", &n).await.expect("enqueue");
    }
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let workers = spawn_workers(app.state.clone(), registry, 2, shutdown);
    app.state.jobs.enqueue("test.reset", &()).await.expect("enqueue");
    // A guard against a hang, not a timing assertion: the reset runs while a slow job blocks.
    let got = tokio::time::timeout(std::time::Duration::from_secs(60), reset_ran.recv()).await;
    assert!(matches!(got, Ok(Some(()))), "the reset ran while the capped kind held a worker");
    release.add_permits(5);
    let _ = stop.send(true);
    for worker in workers {
        let _ = worker.await;
    }
}

/// The guard every test has: ending with a given-up job fails the test, unless it said so.
#[tokio::test]
#[should_panic(expected = "the test left failed jobs")]
async fn a_test_that_leaves_a_failed_job_fails() {
    let app = TestApp::spawn_with(TestOptions { no_workers: true, ..Default::default() }).await;
    app.state.jobs.enqueue_at("test.nobody_handles_this", &(), app.clock.now_ms(), 1).await.expect("enqueue");
    assert!(run_one(&app.state, &JobRegistry::default()).await.expect("run"));
}

-- One scheduling rule for background work (see platform/src/jobs.rs `JobKind`): each row carries
-- its kind's priority (lower runs first) and cap of jobs of the kind running at once.
ALTER TABLE jobs ADD COLUMN priority BIGINT NOT NULL DEFAULT 20;
ALTER TABLE jobs ADD COLUMN max_running BIGINT;
CREATE INDEX jobs_claim ON jobs (state, priority, run_at, id);
CREATE INDEX jobs_running ON jobs (kind, state, locked_until);

-- The bounce mailbox (POP3): messages already acted on, by the SHA-256 of their bytes, so that a
-- message processed but not yet deleted when the poll stopped (a crash, a lost connection before
-- QUIT) is deleted the next time without being counted twice. Kept 30 days.
CREATE TABLE inbound_seen (
    digest TEXT PRIMARY KEY,
    seen_at BIGINT NOT NULL
);
CREATE INDEX inbound_seen_at ON inbound_seen (seen_at);

-- At most one bounce-mailbox poll queued (or running) at a time, even when several processes
-- queue one at the same instant.
CREATE UNIQUE INDEX jobs_one_bounce_poll ON jobs (kind) WHERE kind = 'newsletter.poll-bounces' AND state = 'queued';

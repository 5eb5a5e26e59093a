-- Campaigns and their per-recipient delivery queue: one row per recipient, claimed with a lease,
-- so a crash loses nothing and sends nothing twice but what was in flight.

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    list_id BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    segment_id BIGINT REFERENCES segments (id) ON DELETE SET NULL,
    state TEXT NOT NULL,
    subject_en TEXT NOT NULL DEFAULT '',
    subject_fr TEXT NOT NULL DEFAULT '',
    body_en TEXT NOT NULL DEFAULT '',
    body_fr TEXT NOT NULL DEFAULT '',
    recipients BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT
);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_error TEXT,
    sent_at BIGINT,
    verp_token TEXT NOT NULL UNIQUE,
    UNIQUE (campaign_id, subscriber_id)
);
CREATE INDEX deliveries_due ON deliveries (campaign_id, state, next_attempt_at);

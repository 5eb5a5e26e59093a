-- The bounce log: what came back for a subscriber, and when (soft bounces count towards
-- suppression within a window).
CREATE TABLE bounce_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    status TEXT,
    diagnostic TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX bounce_events_subscriber ON bounce_events (subscriber_id, created_at);

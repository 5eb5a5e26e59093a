-- Webhooks (see crates/webhooks). Times are milliseconds since the epoch.

-- A partner's endpoint: where to send, which events, and the signing secret ("whsec_" + base64).
-- During a rotation the old secret keeps signing until old_secret_until.
CREATE TABLE webhook_endpoints (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    secret TEXT NOT NULL,
    old_secret TEXT,
    old_secret_until BIGINT,
    personal_data INTEGER NOT NULL DEFAULT 0,
    enabled INTEGER NOT NULL DEFAULT 1,
    disabled_reason TEXT,
    failing_since BIGINT,
    created_by BIGINT,
    created_at BIGINT NOT NULL
);

-- One event for one endpoint: its message id (the same on every attempt), the body as signed,
-- and where its delivery stands.
CREATE TABLE webhook_deliveries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    msg_id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_status BIGINT,
    last_error TEXT,
    last_attempt_at BIGINT,
    next_attempt_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

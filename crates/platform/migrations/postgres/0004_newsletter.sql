-- Newsletter: lists, subscribers, their subscriptions, the consent ledger, suppressions,
-- saved segments and imports.

CREATE TABLE lists (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    description_en TEXT NOT NULL DEFAULT '',
    description_fr TEXT NOT NULL DEFAULT '',
    is_public INTEGER NOT NULL DEFAULT 0,
    default_lang TEXT NOT NULL DEFAULT 'en',
    created_at BIGINT NOT NULL
);

CREATE TABLE subscribers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    email_norm TEXT NOT NULL UNIQUE,
    name TEXT,
    lang TEXT NOT NULL DEFAULT 'en',
    country TEXT,
    province TEXT,
    region TEXT,
    -- ',tag-one,tag-two,' so that one tag matches with LIKE '%,tag,%'
    tags TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX subscribers_place ON subscribers (country, province);

CREATE TABLE subscriptions (
    list_id BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    consent_kind TEXT,
    consent_at BIGINT,
    consent_expires_at BIGINT,
    subscribed_at BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (list_id, subscriber_id)
);
CREATE INDEX subscriptions_subscriber ON subscriptions (subscriber_id);
CREATE INDEX subscriptions_list_status ON subscriptions (list_id, status);

CREATE TABLE consent_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    list_id BIGINT REFERENCES lists (id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    kind TEXT,
    source TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '',
    wording_version TEXT,
    actor_id BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX consent_events_subscriber ON consent_events (subscriber_id, id);
CREATE INDEX consent_events_list ON consent_events (list_id, id);

-- Addresses that must not come back through import or API: hashed, per list (0: every list).
CREATE TABLE suppressions (
    email_hash TEXT NOT NULL,
    list_id BIGINT NOT NULL DEFAULT 0,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (email_hash, list_id)
);

CREATE TABLE segments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    filter TEXT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE imports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    list_id BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    file_name TEXT NOT NULL,
    consent_kind TEXT NOT NULL,
    evidence TEXT NOT NULL,
    -- The uploaded file, kept until the import ends, so any process can run it.
    content BYTEA,
    total_bytes BIGINT NOT NULL DEFAULT 0,
    done_bytes BIGINT NOT NULL DEFAULT 0,
    report TEXT,
    error TEXT,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);

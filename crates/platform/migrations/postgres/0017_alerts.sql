-- Drug-supply alerts (see crates/alerts). Times are milliseconds since the epoch.

-- Finer regions inside a province or territory (health regions, cities), with their Statistics
-- Canada SGC geocodes (space-separated) for CAP's <area>. Provinces themselves are built in.
CREATE TABLE alert_regions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    province TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    geocodes TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

-- An alert: its current text (JSON, see alerts::model::AlertText) and where it is in its life.
-- A published alert's text only changes by a new version (alert_versions), never in place.
CREATE TABLE alerts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    state TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 0,
    content TEXT NOT NULL,
    -- ' BC vancouver ' : every area, space-delimited, so one area matches with LIKE.
    areas TEXT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT,
    effective_at BIGINT,
    expires_at BIGINT NOT NULL,
    cancelled_at BIGINT,
    reminded_at BIGINT
);
CREATE INDEX alerts_state ON alerts (state, expires_at);

-- Every published version, kept: the CAP message of each is rebuilt from it.
CREATE TABLE alert_versions (
    alert_id BIGINT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    msg_type TEXT NOT NULL,
    content TEXT NOT NULL,
    areas TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    sent_by BIGINT,
    -- The newsletter campaign that mailed it (none when nobody was to be mailed).
    campaign_id BIGINT,
    recipients BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (alert_id, version)
);

-- Reports from anyone, without an account. No address, IP or user agent: only what the person
-- typed, a photo re-encoded without its metadata, and the hash of their receipt code. The time
-- is kept to the hour.
CREATE TABLE alert_reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    receipt_hash TEXT NOT NULL UNIQUE,
    lang TEXT NOT NULL,
    province TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    sold_as TEXT NOT NULL DEFAULT '',
    colour TEXT NOT NULL DEFAULT '',
    form TEXT NOT NULL DEFAULT '',
    markings TEXT NOT NULL DEFAULT '',
    effects TEXT NOT NULL DEFAULT '',
    overdoses BIGINT NOT NULL DEFAULT 0,
    happened_on TEXT NOT NULL DEFAULT '',
    test_result TEXT NOT NULL DEFAULT '',
    contact TEXT,
    photo BYTEA,
    state TEXT NOT NULL,
    alert_id BIGINT REFERENCES alerts (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX alert_reports_state ON alert_reports (state, id);

-- Where each subscriber of the alerts list gets alerts for: province codes and region slugs.
CREATE TABLE alert_subscriber_areas (
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    area TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, area)
);
CREATE INDEX alert_subscriber_areas_area ON alert_subscriber_areas (area, subscriber_id);

-- The library (see crates/library): resources with a file per language and their extracted
-- text, the search index, news, events and job postings. Times are milliseconds since the epoch.

-- A resource: a report, brief, committee submission... state: draft or published.
-- topics and tags: JSON arrays of strings.
CREATE TABLE library_resources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    published_on TEXT NOT NULL,
    authors TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    bill TEXT NOT NULL DEFAULT '',
    committee TEXT NOT NULL DEFAULT '',
    committee_url TEXT,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX library_resources_state ON library_resources (state, published_on);

-- One language's version: its title and summary, and its file (stored under file_key in the
-- object store) with the text extracted from it. text_state: none, pending, done, failed.
CREATE TABLE library_versions (
    resource_id BIGINT NOT NULL REFERENCES library_resources (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    file_key TEXT,
    file_name TEXT,
    file_type TEXT,
    file_size BIGINT,
    text TEXT NOT NULL DEFAULT '',
    text_state TEXT NOT NULL DEFAULT 'none',
    PRIMARY KEY (resource_id, lang)
);

-- The search index: one row per resource version, its words folded (case, accents) and stemmed
-- in Rust, so both backends match the same way.
-- Here an FTS5 table (the rows are removed with their resource by the library's store).
CREATE VIRTUAL TABLE library_search USING fts5 (resource_id UNINDEXED, lang UNINDEXED, terms, tokenize = 'unicode61');

-- News posts, in both languages (Markdown), with an optional lead image (re-encoded JPEG).
CREATE TABLE library_news (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    title_en TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    body_en TEXT NOT NULL,
    body_fr TEXT NOT NULL,
    author_line TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    image BLOB,
    image_alt_en TEXT NOT NULL DEFAULT '',
    image_alt_fr TEXT NOT NULL DEFAULT '',
    campaign_id BIGINT,
    created_by BIGINT,
    published_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX library_news_published ON library_news (state, published_at);

-- Events: start and end are instants; timezone is the IANA zone they were given in. state:
-- scheduled or cancelled; sequence grows with each change a calendar must see (RFC 5545).
CREATE TABLE library_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    title_en TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    description_en TEXT NOT NULL DEFAULT '',
    description_fr TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    timezone TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    accessibility TEXT NOT NULL DEFAULT '',
    online_url TEXT,
    category TEXT NOT NULL DEFAULT '',
    organiser TEXT NOT NULL DEFAULT '',
    registration_url TEXT,
    capacity BIGINT,
    sequence BIGINT NOT NULL DEFAULT 0,
    moved INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    cancelled_at BIGINT
);
CREATE INDEX library_events_time ON library_events (starts_at);

-- Job postings (`jobs` is the work queue). closes_on: YYYY-MM-DD; closes_at: the end of that
-- day in the site's time zone. state: published (or draft).
CREATE TABLE library_job_postings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    state TEXT NOT NULL,
    organisation TEXT NOT NULL,
    title_en TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    description_en TEXT NOT NULL,
    description_fr TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    remote INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    pay TEXT NOT NULL,
    how_to_apply TEXT NOT NULL DEFAULT '',
    closes_on TEXT NOT NULL,
    closes_at BIGINT NOT NULL,
    reminded INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX library_job_postings_closing ON library_job_postings (state, closes_at);

-- Pages admins edit (About the network, Site policy, Privacy, Contact, Media...): every save is a
-- new version; the page shows the latest, the history lists them all.
CREATE TABLE library_page_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    title_en TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    body_en TEXT NOT NULL,
    body_fr TEXT NOT NULL,
    created_by BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX library_page_versions_slug ON library_page_versions (slug, id);

-- What the public submits (an event, a job posting, a news tip, a resource, a comment), in one
-- moderation queue. state: unconfirmed (waiting for the address's confirmation link), queued,
-- approved, rejected. fields: JSON of what was typed. target: the news post or resource a comment
-- is about ("news:ID", "resource:ID"). policy_version: the site policy's version accepted.
CREATE TABLE library_submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    fields TEXT NOT NULL,
    target TEXT,
    user_id BIGINT,
    email TEXT,
    shown_name TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    policy_version BIGINT NOT NULL,
    policy_accepted_at BIGINT NOT NULL,
    name_warning TEXT,
    reason TEXT,
    decided_by BIGINT,
    decided_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX library_submissions_state ON library_submissions (state, id);
CREATE INDEX library_submissions_target ON library_submissions (target, state);

-- Options admins set: member_comments_skip_queue.
CREATE TABLE library_options (
    name TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL
);

-- Agencies asking the network to consult on their programmes (drug use, HIV, HCV). state: new,
-- in-discussion, done, declined.
CREATE TABLE library_consultations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation TEXT NOT NULL,
    region TEXT NOT NULL,
    topic TEXT NOT NULL,
    need TEXT NOT NULL,
    contact_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL,
    lang TEXT NOT NULL,
    state TEXT NOT NULL,
    assignee BIGINT,
    notes TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX library_consultations_state ON library_consultations (state, id);

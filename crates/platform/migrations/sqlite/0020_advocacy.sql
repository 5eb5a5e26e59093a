-- Advocacy (see crates/advocacy): target sets, committees, letter campaigns, the letters people
-- write and the messages that carry them. Times are milliseconds since the epoch.

-- A set of people to write to: members of the House of Commons, senators, a legislature, any
-- custom set. election_on (YYYY-MM-DD) is set by an admin: after it the data is out of date.
CREATE TABLE advocacy_target_sets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    imported_at BIGINT,
    election_on TEXT,
    created_at BIGINT NOT NULL
);

-- One representative. set_id is null for an address of one campaign's fixed list. A target left
-- out of the latest import is kept, inactive, so the counts of past letters still name it.
-- district_key is the district's name folded (case, accents, punctuation) for matching.
CREATE TABLE advocacy_targets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    set_id BIGINT REFERENCES advocacy_target_sets (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    district_key TEXT NOT NULL DEFAULT '',
    province TEXT,
    office TEXT NOT NULL DEFAULT '',
    party TEXT NOT NULL DEFAULT '',
    email TEXT,
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    photo_url TEXT,
    photo BLOB,
    source_url TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL
);
CREATE INDEX advocacy_targets_district ON advocacy_targets (set_id, district_key);
CREATE INDEX advocacy_targets_email ON advocacy_targets (email);

-- A committee of the House, the Senate or a legislature; code as the legislature writes it
-- (HESA, SOCI), matched without regard to case.
CREATE TABLE advocacy_committees (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    url TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE advocacy_committee_members (
    committee_id BIGINT NOT NULL REFERENCES advocacy_committees (id) ON DELETE CASCADE,
    target_id BIGINT NOT NULL REFERENCES advocacy_targets (id) ON DELETE CASCADE,
    PRIMARY KEY (committee_id, target_id)
);

-- Postal code (upper case, no space) to district, per set; a code may span districts.
CREATE TABLE advocacy_postcodes (
    set_id BIGINT NOT NULL REFERENCES advocacy_target_sets (id) ON DELETE CASCADE,
    postal_code TEXT NOT NULL,
    district_key TEXT NOT NULL,
    PRIMARY KEY (set_id, postal_code, district_key)
);

-- A letter campaign. target_kind: district (the writer's own representative in set_id),
-- committee (every member of committee_id) or fixed (advocacy_letter_targets).
CREATE TABLE advocacy_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    title_en TEXT NOT NULL,
    title_fr TEXT NOT NULL,
    intro_en TEXT NOT NULL DEFAULT '',
    intro_fr TEXT NOT NULL DEFAULT '',
    subject_en TEXT NOT NULL,
    subject_fr TEXT NOT NULL,
    body_en TEXT NOT NULL,
    body_fr TEXT NOT NULL,
    editable INTEGER NOT NULL DEFAULT 1,
    ask_address INTEGER NOT NULL DEFAULT 0,
    goal BIGINT,
    ends_at BIGINT,
    target_kind TEXT NOT NULL,
    set_id BIGINT REFERENCES advocacy_target_sets (id),
    committee_id BIGINT REFERENCES advocacy_committees (id),
    mailto_opened BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE advocacy_letter_targets (
    letter_id BIGINT NOT NULL REFERENCES advocacy_letters (id) ON DELETE CASCADE,
    target_id BIGINT NOT NULL REFERENCES advocacy_targets (id) ON DELETE CASCADE,
    PRIMARY KEY (letter_id, target_id)
);

-- What one writer wrote: personal data, kept until its messages are delivered plus the
-- retention period, then deleted (the messages keep only counts). state: pending (waiting for
-- the confirmation link) or confirmed. token_hash: SHA-256 of the confirmation link's token.
CREATE TABLE advocacy_writings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    letter_id BIGINT NOT NULL REFERENCES advocacy_letters (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    lang TEXT NOT NULL,
    district TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL DEFAULT '',
    signing TEXT NOT NULL,
    shown_as TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    personalised INTEGER NOT NULL,
    copy_to_writer INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT
);
CREATE INDEX advocacy_writings_email ON advocacy_writings (email);
-- One confirmed letter per address and campaign, however many confirmations race.
CREATE UNIQUE INDEX advocacy_writings_once ON advocacy_writings (letter_id, email) WHERE state = 'confirmed';

-- The targets a writing goes to, resolved when it was written; message_id once a message
-- carries it (a collective message carries many).
CREATE TABLE advocacy_writing_targets (
    writing_id BIGINT NOT NULL REFERENCES advocacy_writings (id) ON DELETE CASCADE,
    target_id BIGINT NOT NULL REFERENCES advocacy_targets (id) ON DELETE CASCADE,
    message_id BIGINT,
    PRIMARY KEY (writing_id, target_id)
);

-- One mail to one target: a named letter (writing_id, until the writing is erased) or the
-- collective letter of a day (day = YYYY-MM-DD, UTC). state: waiting, sent, failed, bounced.
-- letters and personalised are what it counts for; reply is yes or no once the writer answered.
CREATE TABLE advocacy_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    letter_id BIGINT NOT NULL REFERENCES advocacy_letters (id) ON DELETE CASCADE,
    target_id BIGINT NOT NULL REFERENCES advocacy_targets (id) ON DELETE CASCADE,
    writing_id BIGINT REFERENCES advocacy_writings (id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    day TEXT,
    state TEXT NOT NULL,
    verp_token TEXT NOT NULL UNIQUE,
    not_before BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    sent_at BIGINT,
    letters BIGINT NOT NULL DEFAULT 0,
    personalised BIGINT NOT NULL DEFAULT 0,
    reply_asked INTEGER NOT NULL DEFAULT 0,
    reply TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX advocacy_messages_due ON advocacy_messages (state, not_before);
CREATE INDEX advocacy_messages_target ON advocacy_messages (target_id, sent_at);
CREATE INDEX advocacy_messages_letter ON advocacy_messages (letter_id, state);

-- What each target got from each campaign, kept as messages leave, bounce and are answered, so a
-- campaign's public page reads a row per target rather than every message.
CREATE TABLE advocacy_counts (
    letter_id BIGINT NOT NULL REFERENCES advocacy_letters (id) ON DELETE CASCADE,
    target_id BIGINT NOT NULL REFERENCES advocacy_targets (id) ON DELETE CASCADE,
    letters BIGINT NOT NULL DEFAULT 0,
    personalised BIGINT NOT NULL DEFAULT 0,
    replied_yes BIGINT NOT NULL DEFAULT 0,
    replied_no BIGINT NOT NULL DEFAULT 0,
    bounced BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (letter_id, target_id)
);
CREATE UNIQUE INDEX advocacy_messages_collective ON advocacy_messages (letter_id, target_id, day) WHERE kind = 'collective' AND state = 'waiting';

-- Members: categories, membership types, organisations and their delegates, memberships (which are
-- also the applications), the directory profiles with a visibility per field, and groups.

CREATE TABLE member_categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    -- shown to admins only unless the person chooses otherwise; left out of exports
    sensitive INTEGER NOT NULL DEFAULT 0,
    position BIGINT NOT NULL DEFAULT 0
);
INSERT INTO member_categories (slug, name_en, name_fr, sensitive, position) VALUES
    ('harm-reduction-worker', 'Harm-reduction worker', 'Intervenant·e en réduction des méfaits', 0, 1),
    ('agency', 'Agency or organisation', 'Organisme ou agence', 0, 2),
    ('supporter', 'Supporter', 'Sympathisant·e', 0, 3),
    ('researcher', 'Researcher', 'Chercheur·e', 0, 4),
    ('lived-experience', 'Person with lived or living experience', 'Personne ayant une expérience vécue ou actuelle', 1, 5),
    ('drug-user-organisation', 'Drug-user organisation', 'Organisation de personnes qui utilisent des drogues', 0, 6),
    ('other', 'Other', 'Autre', 0, 7);

CREATE TABLE membership_types (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    -- 'person' or 'organisation'
    for_kind TEXT NOT NULL,
    -- 'annual', 'rolling' (term_months) or 'lifetime'
    term TEXT NOT NULL,
    term_months BIGINT NOT NULL DEFAULT 12,
    needs_approval INTEGER NOT NULL DEFAULT 1,
    -- one question a line, in each language
    questions_en TEXT NOT NULL DEFAULT '',
    questions_fr TEXT NOT NULL DEFAULT '',
    implied_consent INTEGER NOT NULL DEFAULT 0,
    is_open INTEGER NOT NULL DEFAULT 1,
    reminder_days BIGINT NOT NULL DEFAULT 30,
    grace_days BIGINT NOT NULL DEFAULT 30,
    created_at BIGINT NOT NULL
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    -- lower-cased names: one organisation per name, whatever the letter case or language
    name_en_key TEXT NOT NULL UNIQUE,
    name_fr_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    city TEXT NOT NULL DEFAULT '',
    province TEXT,
    country TEXT NOT NULL DEFAULT 'CA',
    website TEXT NOT NULL DEFAULT '',
    -- ',naloxone,drug-checking,' so that one service matches with LIKE '%,naloxone,%'
    services TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '',
    -- 'hidden' (default), 'members' or 'public'
    visibility TEXT NOT NULL DEFAULT 'hidden',
    is_partner INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX organisations_place ON organisations (province, city);
CREATE INDEX organisations_listed_by_name ON organisations (name_en_key) WHERE visibility <> 'hidden';

CREATE TABLE organisation_delegates (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL,
    -- 'primary' or 'delegate'
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX organisation_delegates_user ON organisation_delegates (user_id);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    type_id BIGINT NOT NULL REFERENCES membership_types (id),
    -- the member: a person, or an organisation (then user_id is the applicant)
    user_id BIGINT NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id) ON DELETE CASCADE,
    -- 'applied', 'active', 'grace', 'lapsed', 'rejected', 'cancelled'
    status TEXT NOT NULL,
    category_id BIGINT REFERENCES member_categories (id),
    -- JSON array of answers, in the order of the type's questions
    answers TEXT NOT NULL DEFAULT '[]',
    -- the admin's reason (rejection) or question (more information needed)
    review_note TEXT NOT NULL DEFAULT '',
    info_requested INTEGER NOT NULL DEFAULT 0,
    applied_at BIGINT NOT NULL,
    decided_at BIGINT,
    decided_by BIGINT,
    started_at BIGINT,
    expires_at BIGINT,
    grace_until BIGINT,
    lapsed_at BIGINT,
    cancelled_at BIGINT,
    reminded_at BIGINT,
    consent_stated_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE INDEX memberships_organisation ON memberships (organisation_id);
CREATE INDEX memberships_status ON memberships (status, expires_at);

CREATE TABLE member_profiles (
    user_id BIGINT PRIMARY KEY,
    listed INTEGER NOT NULL DEFAULT 0,
    display_name TEXT NOT NULL DEFAULT '',
    display_name_vis TEXT NOT NULL DEFAULT 'members',
    city TEXT NOT NULL DEFAULT '',
    city_vis TEXT NOT NULL DEFAULT 'hidden',
    province TEXT,
    province_vis TEXT NOT NULL DEFAULT 'hidden',
    category_id BIGINT REFERENCES member_categories (id),
    category_vis TEXT NOT NULL DEFAULT 'hidden',
    -- the person's explicit choice to show a sensitive category beyond admins
    reveal_sensitive INTEGER NOT NULL DEFAULT 0,
    languages TEXT NOT NULL DEFAULT '',
    languages_vis TEXT NOT NULL DEFAULT 'hidden',
    bio TEXT NOT NULL DEFAULT '',
    bio_vis TEXT NOT NULL DEFAULT 'hidden',
    contact_email TEXT NOT NULL DEFAULT '',
    contact_email_vis TEXT NOT NULL DEFAULT 'hidden',
    groups_vis TEXT NOT NULL DEFAULT 'hidden',
    -- the person's explicit choice to show their hidden groups beyond admins
    reveal_hidden_groups INTEGER NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);
CREATE INDEX member_profiles_place ON member_profiles (province, city) WHERE listed = 1;
-- The directory lists people in name order: an index in that order spares a sort per search.
CREATE INDEX member_profiles_listed_by_name ON member_profiles (lower(display_name), user_id) WHERE listed = 1;

CREATE TABLE member_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    -- 'public', 'members' or 'hidden'
    visibility TEXT NOT NULL,
    -- 'invitation' or 'request'
    joining TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE member_group_members (
    group_id BIGINT NOT NULL REFERENCES member_groups (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL,
    -- 'admin' or 'member'
    role TEXT NOT NULL,
    -- 'active', 'invited' or 'requested'
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX member_group_members_user ON member_group_members (user_id);

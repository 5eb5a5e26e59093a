-- Forum: spaces (who reads, who posts, their settings and moderators), threads, posts with their
-- edit history, the "support" reaction, read markers, watch/mute, flags, the per-space moderation
-- log, sanctions, and what notifications and reply-by-email need: in-app notifications, email
-- preferences (none until the person chooses) and single-use reply tokens (hashed).
-- Full-text search: a table with a tsvector column here, an FTS5 table on SQLite.

CREATE TABLE forum_spaces (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    description_en TEXT NOT NULL DEFAULT '',
    description_fr TEXT NOT NULL DEFAULT '',
    -- 'public', 'members' or 'group:SLUG[,SLUG...]' (see forum::model::ReadRule)
    read_rule TEXT NOT NULL,
    -- 'members', 'group:SLUG[,SLUG...]' or 'moderators' (see forum::model::PostRule)
    post_rule TEXT NOT NULL,
    allow_anonymous INTEGER NOT NULL DEFAULT 0,
    content_warnings INTEGER NOT NULL DEFAULT 0,
    allow_images INTEGER NOT NULL DEFAULT 0,
    -- a person's first N posts in this space wait for a moderator (0: none are held)
    hold_first_posts BIGINT NOT NULL DEFAULT 0,
    position BIGINT NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE forum_space_moderators (
    space_id BIGINT NOT NULL REFERENCES forum_spaces (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, user_id)
);
CREATE INDEX forum_space_moderators_user ON forum_space_moderators (user_id);

CREATE TABLE forum_threads (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES forum_spaces (id),
    -- kept for moderation only when anonymous = 1: never shown, never in JSON, feeds or mail
    author_id BIGINT NOT NULL,
    anonymous INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    pinned INTEGER NOT NULL DEFAULT 0,
    locked INTEGER NOT NULL DEFAULT 0,
    -- 'visible', 'held' (its first post awaits approval), 'hidden' or 'deleted'
    state TEXT NOT NULL DEFAULT 'visible',
    -- visible posts, first one included
    post_count BIGINT NOT NULL DEFAULT 0,
    last_post_id BIGINT,
    last_post_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX forum_threads_space ON forum_threads (space_id, state, pinned, last_post_at);

CREATE TABLE forum_posts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    thread_id BIGINT NOT NULL REFERENCES forum_threads (id),
    -- the thread's space, copied so search and feeds filter without a join (updated by a move)
    space_id BIGINT NOT NULL REFERENCES forum_spaces (id),
    -- kept for moderation only when anonymous = 1
    author_id BIGINT NOT NULL,
    anonymous INTEGER NOT NULL DEFAULT 0,
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,
    -- a content-warning label; the body is shown collapsed under it
    content_warning TEXT,
    -- the post this one quotes, if any
    quote_of BIGINT,
    -- 'visible', 'held', 'hidden' or 'deleted'
    state TEXT NOT NULL DEFAULT 'visible',
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX forum_posts_thread ON forum_posts (thread_id, state, id);
CREATE INDEX forum_posts_space ON forum_posts (space_id, state, id);
CREATE INDEX forum_posts_author ON forum_posts (author_id, created_at);
CREATE INDEX forum_posts_state ON forum_posts (state, id);

-- Earlier versions of an edited post, for moderators.
CREATE TABLE forum_post_edits (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    editor_id BIGINT NOT NULL,
    body_markdown TEXT NOT NULL,
    content_warning TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX forum_post_edits_post ON forum_post_edits (post_id, id);

CREATE TABLE forum_reactions (
    post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL,
    -- 'support' for now
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id, kind)
);
CREATE INDEX forum_reactions_user ON forum_reactions (user_id);

CREATE TABLE forum_read_markers (
    user_id BIGINT NOT NULL,
    thread_id BIGINT NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
    last_read_post_id BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, thread_id)
);

-- 'watch' (notify on every new post) or 'mute' (never notify); no row: the default
CREATE TABLE forum_thread_watches (
    user_id BIGINT NOT NULL,
    thread_id BIGINT NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, thread_id)
);
CREATE INDEX forum_thread_watches_thread ON forum_thread_watches (thread_id, level);

CREATE TABLE forum_space_watches (
    user_id BIGINT NOT NULL,
    space_id BIGINT NOT NULL REFERENCES forum_spaces (id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, space_id)
);
CREATE INDEX forum_space_watches_space ON forum_space_watches (space_id, level);

CREATE TABLE forum_flags (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    flagger_id BIGINT NOT NULL,
    reason TEXT NOT NULL,
    -- 'open', 'resolved' (a moderator acted) or 'dismissed'
    state TEXT NOT NULL DEFAULT 'open',
    resolved_by BIGINT,
    resolved_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX forum_flags_state ON forum_flags (state, id);
CREATE INDEX forum_flags_post ON forum_flags (post_id);

-- What moderators did, per space, readable by those who may read the space. It never names an
-- anonymous post's author: target_user_id stays NULL for anonymous posts.
CREATE TABLE forum_moderation_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES forum_spaces (id),
    moderator_id BIGINT NOT NULL,
    -- 'approve', 'hide', 'unhide', 'delete', 'warn', 'suspend', 'ban', 'pin', 'unpin', 'lock',
    -- 'unlock', 'move', 'dismiss'
    action TEXT NOT NULL,
    thread_id BIGINT,
    post_id BIGINT,
    target_user_id BIGINT,
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX forum_moderation_log_space ON forum_moderation_log (space_id, id);

-- Warnings, suspensions (ends_at) and bans (no ends_at) on posting in the forum.
CREATE TABLE forum_sanctions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL,
    -- 'warning', 'suspension' or 'ban'
    kind TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT,
    lifted_at BIGINT,
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX forum_sanctions_user ON forum_sanctions (user_id, kind);

-- In-app notifications. actor_id is NULL when the acting post is anonymous.
CREATE TABLE forum_notifications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL,
    -- 'reply', 'mention', 'watched', 'moderation'
    kind TEXT NOT NULL,
    space_id BIGINT REFERENCES forum_spaces (id) ON DELETE CASCADE,
    thread_id BIGINT REFERENCES forum_threads (id) ON DELETE CASCADE,
    post_id BIGINT REFERENCES forum_posts (id) ON DELETE CASCADE,
    actor_id BIGINT,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    -- set when sent by mail (each event) or included in a digest
    emailed_at BIGINT
);
CREATE INDEX forum_notifications_user ON forum_notifications (user_id, read_at, id);
CREATE INDEX forum_notifications_mail ON forum_notifications (emailed_at, user_id);

-- Email about forum activity: 'none' until the person chooses (consent), then 'each', 'daily'
-- or 'weekly'.
CREATE TABLE forum_notification_prefs (
    user_id BIGINT PRIMARY KEY,
    email_mode TEXT NOT NULL DEFAULT 'none',
    notify_replies INTEGER NOT NULL DEFAULT 1,
    notify_mentions INTEGER NOT NULL DEFAULT 1,
    notify_watched INTEGER NOT NULL DEFAULT 1,
    -- when the person chose their email mode (the consent record), and the wording shown
    chosen_at BIGINT,
    wording_version TEXT NOT NULL DEFAULT '',
    last_digest_at BIGINT,
    updated_at BIGINT NOT NULL
);

-- Reply by email: one token per (recipient, notification mail), stored as a SHA-256 hash,
-- expiring, used once.
CREATE TABLE forum_reply_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL,
    thread_id BIGINT NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
    -- the post the mail was about (the reply quotes nothing by default)
    post_id BIGINT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    -- the post the reply became
    used_for_post_id BIGINT
);
CREATE INDEX forum_reply_tokens_expiry ON forum_reply_tokens (expires_at);

-- Full-text index of visible posts: one row per post; the title only for a thread's first post.
-- English and French stemming, and 'simple' for words neither knows (names, slang).
CREATE TABLE forum_search (
    post_id BIGINT PRIMARY KEY REFERENCES forum_posts (id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A') || to_tsvector('english'::regconfig, body)
        || setweight(to_tsvector('french'::regconfig, title), 'A') || to_tsvector('french'::regconfig, body)
        || to_tsvector('simple'::regconfig, title || ' ' || body)
    ) STORED
);
CREATE INDEX forum_search_document ON forum_search USING GIN (document);

-- Forum notifications by mail: which digest period each person has been sent (so a crash mid-run
-- never mails anyone twice for one period), and which inbound replies have been handled (so a
-- retried delivery of the same message never posts twice).

CREATE TABLE forum_digest_runs (
    user_id BIGINT NOT NULL,
    -- 'daily:2026-11-27' or 'weekly:2026-W48'
    period TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, period)
);

CREATE TABLE forum_reply_messages (
    -- SHA-256 of the message's Message-ID (or of the raw message when it has none)
    message_hash TEXT PRIMARY KEY,
    token_id BIGINT NOT NULL REFERENCES forum_reply_tokens (id) ON DELETE CASCADE,
    -- the post it became; NULL when it was refused
    post_id BIGINT,
    created_at BIGINT NOT NULL
);

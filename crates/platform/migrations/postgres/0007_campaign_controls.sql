-- Campaign controls: a preheader per language (the preview line mail clients show after the
-- subject), the scheduled start, and the last edit of a draft.

ALTER TABLE campaigns ADD COLUMN preheader_en TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN preheader_fr TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN scheduled_at BIGINT;
ALTER TABLE campaigns ADD COLUMN updated_at BIGINT;
CREATE INDEX campaigns_by_state ON campaigns (state, started_at);

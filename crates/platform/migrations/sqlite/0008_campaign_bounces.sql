-- Bounces and complaints matched to the delivery they answer (through its VERP token), so each
-- campaign has its own bounce log and report.
ALTER TABLE bounce_events ADD COLUMN campaign_id BIGINT REFERENCES campaigns (id) ON DELETE SET NULL;
CREATE INDEX bounce_events_campaign ON bounce_events (campaign_id, kind);

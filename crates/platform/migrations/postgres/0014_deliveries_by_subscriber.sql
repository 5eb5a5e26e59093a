-- A bounce matched by an address rather than by our own delivery token is acted on only if we
-- mailed that subscriber lately: this answers "when did we last mail them" without a scan.
CREATE INDEX deliveries_by_subscriber ON deliveries (subscriber_id, sent_at);

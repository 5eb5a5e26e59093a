-- API tokens people manage themselves: what a token may do (space-separated scopes, see
-- platform::scopes; empty: everything its owner may do), when it stops working, and the day it
-- was last used (a date only: the time of each use is nobody's business).
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
ALTER TABLE api_tokens ADD COLUMN last_used_on TEXT;

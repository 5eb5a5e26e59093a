-- Invitations to act for an organisation or to join a group, sent to an address. The inviter
-- sees only the address they typed until the invited person, signed in with that address,
-- accepts; the link's token is kept only as its hash.
CREATE TABLE member_invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    -- the address as typed, lower-cased
    email TEXT NOT NULL,
    -- exactly one of the two
    organisation_id BIGINT REFERENCES organisations (id) ON DELETE CASCADE,
    group_id BIGINT REFERENCES member_groups (id) ON DELETE CASCADE,
    invited_by BIGINT NOT NULL,
    lang TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX member_invitations_organisation ON member_invitations (organisation_id);
CREATE INDEX member_invitations_group ON member_invitations (group_id);

-- The organisation's name as the applicant typed it: what they see of the organisation until
-- they act for it, so an application that turned out to claim a hidden organisation reads
-- exactly like one for a new organisation.
ALTER TABLE memberships ADD COLUMN requested_name TEXT NOT NULL DEFAULT '';

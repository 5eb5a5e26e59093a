-- A job posting approved from a public submission remembers it, so the reminder before it closes
-- goes to the person who submitted it (their account or confirmed address), not the moderator.
ALTER TABLE library_job_postings ADD COLUMN submission_id BIGINT REFERENCES library_submissions (id) ON DELETE SET NULL;

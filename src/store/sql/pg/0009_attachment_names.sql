-- The name a file had on the person's computer (cleaned by the portal: no
-- folders, no control characters, at most 255 bytes), shown on the step,
-- the review and the receipt. Files uploaded before have none ('').
ALTER TABLE attachments ADD COLUMN name text NOT NULL DEFAULT '';
-- The receipt lists a submission's files.
CREATE INDEX attachments_submission ON attachments (submission_id);

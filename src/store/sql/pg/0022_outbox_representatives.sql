-- Notifications to the persons who act for a space (issue 15): a
-- company's members, a minor's parents, a mandatary. The same cause is
-- queued once per recipient; space_id names the space the recipient acts
-- for (0: their own), so the sender asks the one decision again when it
-- sends: a mandate revoked or ended meanwhile, a child come of age, a
-- member removed, and the mail is skipped.
ALTER TABLE mail_outbox ADD COLUMN space_id bigint NOT NULL DEFAULT 0;
DROP INDEX mail_outbox_once;
CREATE UNIQUE INDEX mail_outbox_once ON mail_outbox (kind, document_id, submission_id, event_seq, person_id);

-- A submission waiting for its person (an organisation asked them for
-- more information) is "action needed" in their space's overview, listed
-- before everything else; kept by a trigger on the case's turn.
ALTER TABLE space_items ADD COLUMN action_needed INTEGER NOT NULL DEFAULT 0 CHECK (action_needed IN (0, 1));
CREATE INDEX space_items_action_needed ON space_items (space_id, updated_at_us DESC, id DESC) WHERE action_needed = 1;
CREATE TRIGGER space_items_turn AFTER UPDATE OF turn ON cases WHEN NEW.turn <> OLD.turn
BEGIN
	UPDATE space_items SET action_needed = (NEW.turn = 'person'), updated_at_us = max(updated_at_us, NEW.updated_at_us)
	WHERE kind = 'submission' AND id = NEW.submission_id
	  AND space_id = (SELECT space_id FROM submissions WHERE id = NEW.submission_id);
END;
-- The triggers that make a row name their columns, now that there is one more.
DROP TRIGGER space_items_draft_new;
CREATE TRIGGER space_items_draft_new AFTER INSERT ON drafts
BEGIN
	INSERT INTO space_items (space_id, kind, id, procedure_id, procedure_version, reference, status, organisation,
				 created_at_us, updated_at_us)
	VALUES (NEW.space_id, 'draft', NEW.id, NEW.procedure_id, NEW.procedure_version, NULL, 'draft', NULL,
		NEW.created_at_us, NEW.updated_at_us);
END;
DROP TRIGGER space_items_submission_new;
CREATE TRIGGER space_items_submission_new AFTER INSERT ON submissions
BEGIN
	INSERT INTO space_items (space_id, kind, id, procedure_id, procedure_version, reference, status, organisation,
				 created_at_us, updated_at_us)
	VALUES (NEW.space_id, 'submission', NEW.id, NEW.procedure_id, NEW.procedure_version, NEW.reference, 'submitted',
		NEW.organisation, NEW.submitted_at_us, NEW.submitted_at_us);
END;

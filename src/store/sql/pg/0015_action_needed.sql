-- A submission waiting for its person (an organisation asked them for
-- more information) is "action needed" in their space's overview, listed
-- before everything else; kept by a trigger on the case's turn.
-- PostgreSQL's dialect of ../0015_action_needed.sql (same meaning; this
-- dialect's space_items triggers named their columns from the start).
ALTER TABLE space_items ADD COLUMN action_needed bigint NOT NULL DEFAULT 0 CHECK (action_needed IN (0, 1));
CREATE INDEX space_items_action_needed ON space_items (space_id, updated_at_us DESC, id DESC) WHERE action_needed = 1;
CREATE FUNCTION space_items_turn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE space_items SET action_needed = CASE WHEN NEW.turn = 'person' THEN 1 ELSE 0 END,
		updated_at_us = greatest(updated_at_us, NEW.updated_at_us)
	WHERE kind = 'submission' AND id = NEW.submission_id
	  AND space_id = (SELECT space_id FROM submissions WHERE id = NEW.submission_id);
	RETURN NULL;
END;
$$;
CREATE TRIGGER space_items_turn AFTER UPDATE OF turn ON cases
	FOR EACH ROW WHEN (NEW.turn <> OLD.turn) EXECUTE FUNCTION space_items_turn();

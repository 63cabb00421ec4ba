-- A submission's first event ("submitted", at its submission time) says
-- nothing space_items does not already hold from the submission's own
-- trigger: only later events update the overview's row.
DROP TRIGGER space_items_status;
CREATE TRIGGER space_items_status AFTER INSERT ON submission_events WHEN NEW.seq > 1
BEGIN
	UPDATE space_items SET status = NEW.status, updated_at_us = max(updated_at_us, NEW.at_us)
	WHERE kind = 'submission' AND id = NEW.submission_id
	  AND space_id = (SELECT space_id FROM submissions WHERE id = NEW.submission_id);
END;

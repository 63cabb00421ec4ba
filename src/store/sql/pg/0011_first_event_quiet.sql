-- A submission's first event ("submitted", at its submission time) says
-- nothing space_items does not already hold from the submission's own
-- trigger: only later events update the overview's row.
DROP TRIGGER space_items_status ON submission_events;
CREATE TRIGGER space_items_status AFTER INSERT ON submission_events
	FOR EACH ROW WHEN (NEW.seq > 1) EXECUTE FUNCTION space_items_status();

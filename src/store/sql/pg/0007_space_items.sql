-- What a space holds, one row per draft or submission with its latest
-- status, kept by triggers so the overview is an index range scan instead of
-- a union recomputed (with a subquery per submission) on every request.
CREATE TABLE space_items (
	space_id bigint NOT NULL,
	kind text NOT NULL CHECK (kind IN ('draft', 'submission')),
	id bigint NOT NULL,
	procedure_id text NOT NULL,
	procedure_version bigint NOT NULL,
	reference text,
	status text NOT NULL,
	organisation text,
	created_at_us bigint NOT NULL,
	updated_at_us bigint NOT NULL,
	PRIMARY KEY (space_id, kind, id)
);
CREATE INDEX space_items_recent ON space_items (space_id, updated_at_us DESC, id DESC);

INSERT INTO space_items
	SELECT space_id, 'draft', id, procedure_id, procedure_version, NULL, 'draft', NULL, created_at_us, updated_at_us
	FROM drafts;
INSERT INTO space_items
	SELECT s.space_id, 'submission', s.id, s.procedure_id, s.procedure_version, s.reference,
	       coalesce((SELECT status FROM submission_events e WHERE e.submission_id = s.id ORDER BY seq DESC LIMIT 1), 'submitted'),
	       s.organisation, s.submitted_at_us,
	       coalesce((SELECT max(at_us) FROM submission_events e WHERE e.submission_id = s.id), s.submitted_at_us)
	FROM submissions s;

-- One function per trigger, named as the trigger.
CREATE FUNCTION space_items_draft_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO space_items (space_id, kind, id, procedure_id, procedure_version, reference, status, organisation,
		created_at_us, updated_at_us)
	VALUES (NEW.space_id, 'draft', NEW.id, NEW.procedure_id, NEW.procedure_version, NULL, 'draft', NULL,
		NEW.created_at_us, NEW.updated_at_us);
	RETURN NULL;
END;
$$;
CREATE TRIGGER space_items_draft_new AFTER INSERT ON drafts
	FOR EACH ROW EXECUTE FUNCTION space_items_draft_new();

CREATE FUNCTION space_items_draft_saved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE space_items SET updated_at_us = NEW.updated_at_us
	WHERE space_id = NEW.space_id AND kind = 'draft' AND id = NEW.id;
	RETURN NULL;
END;
$$;
CREATE TRIGGER space_items_draft_saved AFTER UPDATE OF updated_at_us ON drafts
	FOR EACH ROW EXECUTE FUNCTION space_items_draft_saved();

CREATE FUNCTION space_items_draft_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM space_items WHERE space_id = OLD.space_id AND kind = 'draft' AND id = OLD.id;
	RETURN NULL;
END;
$$;
CREATE TRIGGER space_items_draft_gone AFTER DELETE ON drafts
	FOR EACH ROW EXECUTE FUNCTION space_items_draft_gone();

CREATE FUNCTION space_items_submission_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO space_items (space_id, kind, id, procedure_id, procedure_version, reference, status, organisation,
		created_at_us, updated_at_us)
	VALUES (NEW.space_id, 'submission', NEW.id, NEW.procedure_id, NEW.procedure_version, NEW.reference, 'submitted',
		NEW.organisation, NEW.submitted_at_us, NEW.submitted_at_us);
	RETURN NULL;
END;
$$;
CREATE TRIGGER space_items_submission_new AFTER INSERT ON submissions
	FOR EACH ROW EXECUTE FUNCTION space_items_submission_new();

CREATE FUNCTION space_items_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE space_items SET status = NEW.status, updated_at_us = greatest(updated_at_us, NEW.at_us)
	WHERE kind = 'submission' AND id = NEW.submission_id
	  AND space_id = (SELECT space_id FROM submissions WHERE id = NEW.submission_id);
	RETURN NULL;
END;
$$;
CREATE TRIGGER space_items_status AFTER INSERT ON submission_events
	FOR EACH ROW EXECUTE FUNCTION space_items_status();

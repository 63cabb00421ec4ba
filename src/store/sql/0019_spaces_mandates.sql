-- Professional spaces and acting for others (issue 15): a company's space
-- and its members with roles, invitations, mandates, parents of minor
-- children, each space's history, and who acted on whose behalf.

-- A professional space is a company's, by its number in the companies
-- register (its name as the register gave it, for the header); a private
-- space is its owner's.
ALTER TABLE spaces ADD COLUMN company_number TEXT;
ALTER TABLE spaces ADD COLUMN name TEXT;
CREATE UNIQUE INDEX spaces_company ON spaces (company_number) WHERE company_number IS NOT NULL;

-- A member limited to named procedures: their ids as a JSON array; NULL:
-- every procedure of the space.
ALTER TABLE space_members ADD COLUMN procedures TEXT CHECK (procedures IS NULL OR json_type(procedures) = 'array');
ALTER TABLE space_members ADD COLUMN since_us INTEGER NOT NULL DEFAULT 0;

-- An administrator's invitation to a person (by national id), accepted or
-- declined by them in their own space, or withdrawn.
CREATE TABLE space_invitations (
	id INTEGER PRIMARY KEY,
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	national_id TEXT NOT NULL CHECK (length(national_id) = 13),
	role TEXT NOT NULL CHECK (role IN ('administrator', 'member')),
	procedures TEXT CHECK (procedures IS NULL OR json_type(procedures) = 'array'),
	invited_by INTEGER NOT NULL REFERENCES persons (id),
	created_at_us INTEGER NOT NULL,
	expires_at_us INTEGER NOT NULL,
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'declined', 'withdrawn')),
	settled_at_us INTEGER
);
CREATE INDEX space_invitations_space ON space_invitations (space_id, id);
CREATE INDEX space_invitations_invitee ON space_invitations (national_id, id);

-- A mandate: whoever may act in space_id (its owner, or an administrator of
-- the company's space) lets another person act there, for every procedure,
-- a list of them or one organisation's, from one instant until another
-- (the end is required), optionally reading the letter box. It gives
-- access only once accepted, between its dates, and until revoked.
CREATE TABLE mandates (
	id INTEGER PRIMARY KEY,
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	granted_by INTEGER NOT NULL REFERENCES persons (id),
	mandatary_national_id TEXT NOT NULL CHECK (length(mandatary_national_id) = 13),
	mandatary_person_id INTEGER REFERENCES persons (id),
	scope TEXT NOT NULL CHECK (scope IN ('all', 'procedures', 'organisation')),
	procedures TEXT CHECK (procedures IS NULL OR json_type(procedures) = 'array'),
	organisation TEXT,
	letterbox INTEGER NOT NULL DEFAULT 0 CHECK (letterbox IN (0, 1)),
	valid_from_us INTEGER NOT NULL,
	valid_until_us INTEGER NOT NULL,
	created_at_us INTEGER NOT NULL,
	accepted_at_us INTEGER,
	revoked_at_us INTEGER,
	revoked_by INTEGER REFERENCES persons (id),
	CHECK (valid_until_us > valid_from_us),
	CHECK ((scope = 'procedures') = (procedures IS NOT NULL)),
	CHECK ((scope = 'organisation') = (organisation IS NOT NULL))
);
CREATE INDEX mandates_space ON mandates (space_id, id);
CREATE INDEX mandates_mandatary ON mandates (mandatary_national_id, id);
CREATE INDEX mandates_in_force ON mandates (mandatary_person_id, space_id) WHERE mandatary_person_id IS NOT NULL;

-- A parent named in the population register acts for their minor child's
-- space until the child's 18th birthday (adult_at_us: 00:00 that day in
-- Luxembourg); the decision compares it with the clock.
CREATE TABLE guardianships (
	parent_person_id INTEGER NOT NULL REFERENCES persons (id),
	child_space_id INTEGER NOT NULL REFERENCES spaces (id),
	adult_at_us INTEGER NOT NULL,
	recorded_at_us INTEGER NOT NULL,
	PRIMARY KEY (parent_person_id, child_space_id)
) WITHOUT ROWID;
CREATE INDEX guardianships_child ON guardianships (child_space_id);

-- A space's history: every change of who may act in it.
CREATE TABLE space_events (
	id INTEGER PRIMARY KEY,
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	at_us INTEGER NOT NULL,
	kind TEXT NOT NULL,
	actor_person_id INTEGER REFERENCES persons (id),
	detail TEXT NOT NULL CHECK (json_type(detail) = 'object')
);
CREATE INDEX space_events_space ON space_events (space_id, id);

-- What someone did in a space that is not their own (a member in the
-- company's, a mandatary, a parent): who, how, what, and the request that
-- did it (its access records carry the same id).
CREATE TABLE space_acts (
	id INTEGER PRIMARY KEY,
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	at_us INTEGER NOT NULL,
	person_id INTEGER NOT NULL REFERENCES persons (id),
	via TEXT NOT NULL CHECK (via IN ('member', 'mandate', 'parent')),
	mandate_id INTEGER REFERENCES mandates (id),
	kind TEXT NOT NULL CHECK (kind IN ('draft.opened', 'draft.saved', 'draft.deleted', 'file.added',
		'file.removed', 'submitted', 'answered', 'consent.revoked', 'data.read', 'letterbox.read',
		'letterbox.confirmed', 'letterbox.archived', 'letterbox.unarchived', 'letterbox.settings')),
	procedure_id TEXT,
	item_id INTEGER,
	detail TEXT CHECK (detail IS NULL OR json_type(detail) = 'object'),
	request_id TEXT NOT NULL
);
CREATE INDEX space_acts_space ON space_acts (space_id, id);

-- Who started a draft, who submitted it: the acting person, whoever the
-- space is (NULL before this migration).
ALTER TABLE drafts ADD COLUMN started_by INTEGER REFERENCES persons (id);
ALTER TABLE submissions ADD COLUMN started_by INTEGER REFERENCES persons (id);
ALTER TABLE submissions ADD COLUMN submitted_by INTEGER REFERENCES persons (id);
ALTER TABLE space_items ADD COLUMN started_by INTEGER;
ALTER TABLE space_items ADD COLUMN submitted_by INTEGER;

DROP TRIGGER space_items_draft_new;
CREATE TRIGGER space_items_draft_new AFTER INSERT ON drafts
BEGIN
	INSERT INTO space_items (space_id, kind, id, procedure_id, procedure_version, reference, status, organisation,
				 created_at_us, updated_at_us, started_by)
	VALUES (NEW.space_id, 'draft', NEW.id, NEW.procedure_id, NEW.procedure_version, NULL, 'draft', NULL,
		NEW.created_at_us, NEW.updated_at_us, NEW.started_by);
END;
DROP TRIGGER space_items_submission_new;
CREATE TRIGGER space_items_submission_new AFTER INSERT ON submissions
BEGIN
	INSERT INTO space_items (space_id, kind, id, procedure_id, procedure_version, reference, status, organisation,
				 created_at_us, updated_at_us, started_by, submitted_by)
	VALUES (NEW.space_id, 'submission', NEW.id, NEW.procedure_id, NEW.procedure_version, NEW.reference, 'submitted',
		NEW.organisation, NEW.submitted_at_us, NEW.submitted_at_us, NEW.started_by, NEW.submitted_by);
END;

-- The overview of a space with 100,000 items: how many are in each kind,
-- procedure, status and "action needed", kept by triggers (a tab's count
-- adds a few rows instead of counting the space, for every procedure or a
-- reader's few), and one index per filter so that a
-- page is a range scan from the previous page's last item (keyset).
CREATE TABLE space_item_counts (
	space_id INTEGER NOT NULL,
	procedure_id TEXT NOT NULL,
	kind TEXT NOT NULL,
	status TEXT NOT NULL,
	action_needed INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (space_id, procedure_id, kind, status, action_needed)
) WITHOUT ROWID;
INSERT INTO space_item_counts
	SELECT space_id, procedure_id, kind, status, action_needed, count(*) FROM space_items
	GROUP BY space_id, procedure_id, kind, status, action_needed;
CREATE TRIGGER space_item_counts_new AFTER INSERT ON space_items
BEGIN
	INSERT INTO space_item_counts VALUES (NEW.space_id, NEW.procedure_id, NEW.kind, NEW.status, NEW.action_needed, 1)
		ON CONFLICT (space_id, procedure_id, kind, status, action_needed) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER space_item_counts_gone AFTER DELETE ON space_items
BEGIN
	UPDATE space_item_counts SET n = n - 1
	WHERE space_id = OLD.space_id AND procedure_id = OLD.procedure_id AND kind = OLD.kind AND status = OLD.status
	  AND action_needed = OLD.action_needed;
END;
CREATE TRIGGER space_item_counts_moved AFTER UPDATE OF status, action_needed ON space_items
	WHEN NEW.status <> OLD.status OR NEW.action_needed <> OLD.action_needed
BEGIN
	UPDATE space_item_counts SET n = n - 1
	WHERE space_id = OLD.space_id AND procedure_id = OLD.procedure_id AND kind = OLD.kind AND status = OLD.status
	  AND action_needed = OLD.action_needed;
	INSERT INTO space_item_counts VALUES (NEW.space_id, NEW.procedure_id, NEW.kind, NEW.status, NEW.action_needed, 1)
		ON CONFLICT (space_id, procedure_id, kind, status, action_needed) DO UPDATE SET n = n + 1;
END;
CREATE INDEX space_items_drafts ON space_items (space_id, updated_at_us DESC, id DESC, kind) WHERE kind = 'draft';
CREATE INDEX space_items_active ON space_items (space_id, updated_at_us DESC, id DESC, kind)
	WHERE kind = 'submission' AND status NOT IN ('completed', 'rejected');
CREATE INDEX space_items_completed ON space_items (space_id, updated_at_us DESC, id DESC, kind)
	WHERE kind = 'submission' AND status IN ('completed', 'rejected');

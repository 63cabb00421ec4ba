-- The back office: each submission is a case of its organisation, moved
-- through its procedure's statuses by agents or the organisation's case
-- system; what happens is in the submission's timeline (what the person
-- sees), in the case's log (the organisation's internal notes and
-- assignments) and in the organisation's event feed (for machines).

-- Where a submission stands in its organisation's work; one row each.
CREATE TABLE cases (
	submission_id INTEGER PRIMARY KEY REFERENCES submissions (id),
	org_id TEXT NOT NULL,
	procedure_id TEXT NOT NULL,
	reference TEXT NOT NULL,
	status TEXT NOT NULL,
	turn TEXT NOT NULL CHECK (turn IN ('organisation', 'person')),
	final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
	assignee TEXT,                         -- an agent's national id
	open_request INTEGER,                  -- the timeline's seq of the request awaiting the person's answer
	revision INTEGER NOT NULL DEFAULT 1,   -- +1 at every change: the API's ETag
	submitted_at_us INTEGER NOT NULL,
	updated_at_us INTEGER NOT NULL
);
-- The inbox, newest first, and each filter's own order (keyset paging).
CREATE INDEX cases_inbox ON cases (org_id, submitted_at_us DESC, submission_id DESC);
CREATE INDEX cases_inbox_status ON cases (org_id, status, submitted_at_us DESC, submission_id DESC);
CREATE INDEX cases_inbox_turn ON cases (org_id, turn, submitted_at_us DESC, submission_id DESC);
CREATE INDEX cases_inbox_assignee ON cases (org_id, assignee, submitted_at_us DESC, submission_id DESC);
CREATE INDEX cases_inbox_procedure ON cases (org_id, procedure_id, submitted_at_us DESC, submission_id DESC);
CREATE INDEX cases_reference ON cases (reference);

-- How many cases of an organisation are in each status: kept by triggers,
-- so that the inbox's counts do not count a million rows.
CREATE TABLE case_counts (
	org_id TEXT NOT NULL,
	status TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (org_id, status)
) WITHOUT ROWID;
CREATE TRIGGER case_counts_new AFTER INSERT ON cases
BEGIN
	INSERT INTO case_counts VALUES (NEW.org_id, NEW.status, 1)
		ON CONFLICT (org_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER case_counts_moved AFTER UPDATE OF status ON cases WHEN NEW.status <> OLD.status
BEGIN
	UPDATE case_counts SET n = n - 1 WHERE org_id = OLD.org_id AND status = OLD.status;
	INSERT INTO case_counts VALUES (NEW.org_id, NEW.status, 1)
		ON CONFLICT (org_id, status) DO UPDATE SET n = n + 1;
END;

-- Every submission already made is a case, where its timeline left it.
INSERT INTO cases (submission_id, org_id, procedure_id, reference, status, turn, final, submitted_at_us, updated_at_us)
	SELECT s.id, s.organisation, s.procedure_id, s.reference, i.status, 'organisation',
	       i.status IN ('completed', 'rejected'), s.submitted_at_us, i.updated_at_us
	FROM submissions s JOIN space_items i ON i.kind = 'submission' AND i.id = s.id AND i.space_id = s.space_id;

-- The timeline's entries say what happened and who did it (never a name:
-- the organisation and the agent's role), with what the kind carries.
ALTER TABLE submission_events ADD COLUMN kind TEXT NOT NULL DEFAULT 'status'
	CHECK (kind IN ('status', 'request', 'answer', 'decision', 'consent_used', 'consent_revoked'));
ALTER TABLE submission_events ADD COLUMN actor TEXT;    -- JSON {kind: person|agent|client|platform, org?, role?}
ALTER TABLE submission_events ADD COLUMN detail TEXT;   -- JSON: a request's question, an answer's receipt, a decision's text …

-- The organisation's own log of a case, never shown to the person:
-- assignments and internal notes, with the agent or client who made them.
CREATE TABLE case_log (
	submission_id INTEGER NOT NULL REFERENCES cases (submission_id),
	seq INTEGER NOT NULL,
	at_us INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('assigned', 'note')),
	author TEXT NOT NULL,                  -- an agent's national id or a client's id
	detail TEXT NOT NULL CHECK (json_valid(detail)),
	PRIMARY KEY (submission_id, seq)
) WITHOUT ROWID;

-- What a machine client reads from /api/org/v1/events: each organisation's
-- events numbered in commit order (a counter row per organisation: taking
-- the next number holds it until COMMIT, so numbers commit in order).
CREATE TABLE org_event_counters (
	org_id TEXT PRIMARY KEY,
	last INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE org_events (
	org_id TEXT NOT NULL,
	seq INTEGER NOT NULL,
	at_us INTEGER NOT NULL,
	kind TEXT NOT NULL,                    -- submission.new, request.answered, consent.revoked, …
	submission_id INTEGER,
	data TEXT NOT NULL CHECK (json_valid(data)),
	PRIMARY KEY (org_id, seq)
) WITHOUT ROWID;

-- A write an organisation's client may retry: the same key and body give
-- the same answer and one effect; another body with the key is refused.
CREATE TABLE idempotency_keys (
	client_id TEXT NOT NULL,
	key TEXT NOT NULL,
	request_hash TEXT NOT NULL,            -- SHA-256 of method, path and body
	status INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_at_us INTEGER NOT NULL,
	PRIMARY KEY (client_id, key)
) WITHOUT ROWID;

-- The person's answer to a procedure's back-office reuse question: whether
-- its organisation may fetch named data from named registers itself, until
-- when, and whether the person revoked it since.
CREATE TABLE reuse_consents (
	submission_id INTEGER PRIMARY KEY REFERENCES submissions (id),
	org_id TEXT NOT NULL,
	granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
	registers TEXT NOT NULL CHECK (json_valid(registers)),   -- [{source, attributes: [...]}]
	purpose TEXT NOT NULL CHECK (json_valid(purpose)),       -- {fr, de, en}
	legal_basis TEXT NOT NULL CHECK (json_valid(legal_basis)),
	expires_at_us INTEGER NOT NULL,
	revoked_at_us INTEGER
);

-- Files that come after the submission: the person's answers to requests
-- and an organisation's decision, beside the form's own.
ALTER TABLE attachments ADD COLUMN kind TEXT NOT NULL DEFAULT 'form' CHECK (kind IN ('form', 'answer', 'decision'));
ALTER TABLE attachments ADD COLUMN event_seq INTEGER;     -- the timeline entry it belongs to (answer, decision)

-- The back office: each submission is a case of its organisation, moved
-- through its procedure's statuses by agents or the organisation's case
-- system; what happens is in the submission's timeline (what the person
-- sees), in the case's log (the organisation's internal notes and
-- assignments) and in the organisation's event feed (for machines).
-- PostgreSQL's dialect of ../0014_cases.sql (same meaning).

-- Where a submission stands in its organisation's work; one row each.
CREATE TABLE cases (
	submission_id bigint PRIMARY KEY REFERENCES submissions (id),
	org_id text NOT NULL,
	procedure_id text NOT NULL,
	reference text NOT NULL,
	status text NOT NULL,
	turn text NOT NULL CHECK (turn IN ('organisation', 'person')),
	final bigint NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
	assignee text,                         -- an agent's national id
	open_request bigint,                   -- the timeline's seq of the request awaiting the person's answer
	revision bigint NOT NULL DEFAULT 1,    -- +1 at every change: the API's ETag
	submitted_at_us bigint NOT NULL,
	updated_at_us bigint NOT NULL
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
	org_id text NOT NULL,
	status text NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (org_id, status)
);
CREATE FUNCTION case_counts_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO case_counts (org_id, status, n) VALUES (NEW.org_id, NEW.status, 1)
		ON CONFLICT (org_id, status) DO UPDATE SET n = case_counts.n + 1;
	RETURN NULL;
END;
$$;
CREATE TRIGGER case_counts_new AFTER INSERT ON cases
	FOR EACH ROW EXECUTE FUNCTION case_counts_new();
CREATE FUNCTION case_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE case_counts SET n = n - 1 WHERE org_id = OLD.org_id AND status = OLD.status;
	INSERT INTO case_counts (org_id, status, n) VALUES (NEW.org_id, NEW.status, 1)
		ON CONFLICT (org_id, status) DO UPDATE SET n = case_counts.n + 1;
	RETURN NULL;
END;
$$;
CREATE TRIGGER case_counts_moved AFTER UPDATE OF status ON cases
	FOR EACH ROW WHEN (NEW.status <> OLD.status) EXECUTE FUNCTION case_counts_moved();

-- Every submission already made is a case, where its timeline left it.
INSERT INTO cases (submission_id, org_id, procedure_id, reference, status, turn, final, submitted_at_us, updated_at_us)
	SELECT s.id, s.organisation, s.procedure_id, s.reference, i.status, 'organisation',
	       CASE WHEN i.status IN ('completed', 'rejected') THEN 1 ELSE 0 END, s.submitted_at_us, i.updated_at_us
	FROM submissions s JOIN space_items i ON i.kind = 'submission' AND i.id = s.id AND i.space_id = s.space_id;

-- The timeline's entries say what happened and who did it (never a name:
-- the organisation and the agent's role), with what the kind carries.
ALTER TABLE submission_events ADD COLUMN kind text NOT NULL DEFAULT 'status'
	CHECK (kind IN ('status', 'request', 'answer', 'decision', 'consent_used', 'consent_revoked'));
ALTER TABLE submission_events ADD COLUMN actor text;    -- JSON {kind: person|agent|client|platform, org?, role?}
ALTER TABLE submission_events ADD COLUMN detail text;   -- JSON: a request's question, an answer's receipt, a decision's text …

-- The organisation's own log of a case, never shown to the person:
-- assignments and internal notes, with the agent or client who made them.
CREATE TABLE case_log (
	submission_id bigint NOT NULL REFERENCES cases (submission_id),
	seq bigint NOT NULL,
	at_us bigint NOT NULL,
	kind text NOT NULL CHECK (kind IN ('assigned', 'note')),
	author text NOT NULL,                  -- an agent's national id or a client's id
	detail text NOT NULL CHECK (detail::json IS NOT NULL),
	PRIMARY KEY (submission_id, seq)
);

-- What a machine client reads from /api/org/v1/events: each organisation's
-- events numbered in commit order (a counter row per organisation: taking
-- the next number holds its row lock until COMMIT, so numbers commit in order).
CREATE TABLE org_event_counters (
	org_id text PRIMARY KEY,
	last bigint NOT NULL
);
CREATE TABLE org_events (
	org_id text NOT NULL,
	seq bigint NOT NULL,
	at_us bigint NOT NULL,
	kind text NOT NULL,                    -- submission.new, request.answered, consent.revoked, …
	submission_id bigint,
	data text NOT NULL CHECK (data::json IS NOT NULL),
	PRIMARY KEY (org_id, seq)
);

-- A write an organisation's client may retry: the same key and body give
-- the same answer and one effect; another body with the key is refused.
CREATE TABLE idempotency_keys (
	client_id text NOT NULL,
	key text NOT NULL,
	request_hash text NOT NULL,            -- SHA-256 of method, path and body
	status bigint NOT NULL,
	body text NOT NULL,
	created_at_us bigint NOT NULL,
	PRIMARY KEY (client_id, key)
);

-- The person's answer to a procedure's back-office reuse question: whether
-- its organisation may fetch named data from named registers itself, until
-- when, and whether the person revoked it since.
CREATE TABLE reuse_consents (
	submission_id bigint PRIMARY KEY REFERENCES submissions (id),
	org_id text NOT NULL,
	granted bigint NOT NULL CHECK (granted IN (0, 1)),
	registers text NOT NULL CHECK (registers::json IS NOT NULL),     -- [{source, attributes: [...]}]
	purpose text NOT NULL CHECK (purpose::json IS NOT NULL),         -- {fr, de, en}
	legal_basis text NOT NULL CHECK (legal_basis::json IS NOT NULL),
	expires_at_us bigint NOT NULL,
	revoked_at_us bigint
);

-- Files that come after the submission: the person's answers to requests
-- and an organisation's decision, beside the form's own.
ALTER TABLE attachments ADD COLUMN kind text NOT NULL DEFAULT 'form' CHECK (kind IN ('form', 'answer', 'decision'));
ALTER TABLE attachments ADD COLUMN event_seq bigint;      -- the timeline entry it belongs to (answer, decision)

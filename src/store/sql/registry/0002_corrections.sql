-- A register's queue of correction requests (docs/source-protocol.md,
-- POST /v1/corrections; docs/registryd.md): a client (the platform) files
-- one for a person, the register's operators take it up and decide; an
-- acceptance changes the record in the same transaction.

-- One row per request, unique by the client's request id (a retry with the
-- same id and body answers the first answer again; another body is refused).
CREATE TABLE corrections (
	id INTEGER PRIMARY KEY,
	client TEXT NOT NULL,            -- the client key's name
	request_id TEXT NOT NULL,        -- the client's id for it
	request_hash TEXT NOT NULL CHECK (length(request_hash) = 64),  -- SHA-256 of the body, hex
	subject_type TEXT NOT NULL,
	subject TEXT NOT NULL,
	attribute TEXT NOT NULL,
	-- what was filed, without the evidence's bytes: the doubted and the
	-- proposed value, the explanation, the requester, each file's name, type, size and SHA-256
	request TEXT NOT NULL CHECK (json_valid(request) AND json_type(request) = 'object'),
	status TEXT NOT NULL CHECK (status IN ('open', 'in_review', 'accepted', 'rejected', 'rerouted', 'withdrawn')),
	received_at_us INTEGER NOT NULL,
	due TEXT NOT NULL CHECK (length(due) = 10),   -- YYYY-MM-DD: to be taken up by then
	decided_at_us INTEGER,
	decision TEXT CHECK (decision IS NULL OR json_valid(decision)),  -- by, reason, register, version, as_of
	UNIQUE (client, request_id)
);
CREATE INDEX corrections_queue ON corrections (status, received_at_us);
CREATE INDEX corrections_subject ON corrections (subject_type, subject);

-- The files a request came with.
CREATE TABLE correction_evidence (
	correction_id INTEGER NOT NULL REFERENCES corrections (id),
	seq INTEGER NOT NULL,
	name TEXT NOT NULL,
	content_type TEXT NOT NULL,     -- read from the bytes
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	data BLOB NOT NULL,
	PRIMARY KEY (correction_id, seq)
) WITHOUT ROWID;

-- What a client polls (GET /v1/corrections/decisions): each client's
-- events numbered in commit order (a counter row per client, held until
-- COMMIT, as the platform's organisation feeds are).
CREATE TABLE correction_feed_counters (
	client TEXT PRIMARY KEY,
	last INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE correction_feed (
	client TEXT NOT NULL,
	seq INTEGER NOT NULL,
	correction_id INTEGER NOT NULL REFERENCES corrections (id),
	at_us INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('in_review', 'accepted', 'rejected', 'rerouted', 'withdrawn')),
	data TEXT NOT NULL CHECK (json_valid(data)),
	PRIMARY KEY (client, seq)
) WITHOUT ROWID;

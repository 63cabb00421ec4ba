-- A person's requests to a register to correct data it holds about them
-- (docs/corrections.md): kept here with a signed receipt, sent to the
-- register over the source protocol (again, until it took it:
-- docs/source-protocol.md, "Corrections") and followed until it decides.

CREATE TABLE corrections (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons (id),
	client_key TEXT NOT NULL,          -- the person's idempotency key (a form's token, an API's Idempotency-Key)
	request_hash TEXT NOT NULL CHECK (length(request_hash) = 64),  -- SHA-256 of what was asked
	request_id TEXT NOT NULL UNIQUE,   -- "cor_" + 32 hex: the register's idempotency key for it
	reference TEXT NOT NULL UNIQUE,    -- 2026-GX-000123, from the year's counter submissions share
	register TEXT NOT NULL,
	attribute TEXT NOT NULL,
	current_value TEXT,                -- the value the person saw and doubts; NULL when there was none
	current_version INTEGER NOT NULL,
	proposed TEXT NOT NULL,
	explanation TEXT NOT NULL,
	receipt TEXT NOT NULL CHECK (json_valid(receipt)),   -- the signed statement
	signature TEXT NOT NULL,                              -- Ed25519 over receipt, base64url
	status TEXT NOT NULL CHECK (status IN ('pending', 'open', 'in_review', 'accepted', 'rejected', 'rerouted',
					       'withdrawn')),
	register_id INTEGER,               -- the register's number for it, once it took it
	due TEXT,                          -- YYYY-MM-DD: the register takes it up by then
	decision TEXT CHECK (decision IS NULL OR json_valid(decision)),   -- reason, rerouted_to, version, as_of
	outbox TEXT NOT NULL DEFAULT 'file' CHECK (outbox IN ('file', 'withdraw', 'none')),  -- what the register is still to be told
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at_us INTEGER NOT NULL DEFAULT 0,
	created_at_us INTEGER NOT NULL,
	updated_at_us INTEGER NOT NULL,
	UNIQUE (person_id, client_key)
);
CREATE INDEX corrections_person ON corrections (person_id, created_at_us);
CREATE INDEX corrections_outbox ON corrections (next_attempt_at_us) WHERE outbox <> 'none';

-- The files a request came with.
CREATE TABLE correction_evidence (
	correction_id INTEGER NOT NULL REFERENCES corrections (id),
	seq INTEGER NOT NULL,
	name TEXT NOT NULL,
	content_type TEXT NOT NULL,        -- read from the bytes
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	data BLOB NOT NULL,
	PRIMARY KEY (correction_id, seq)
) WITHOUT ROWID;

-- What happened to a request, as the person reads it. notify marks what the
-- person is to be told of (decisions): the notifications' outbox (the letter
-- box's, issue 13) sends those without notified_at_us.
CREATE TABLE correction_events (
	correction_id INTEGER NOT NULL REFERENCES corrections (id),
	seq INTEGER NOT NULL,
	at_us INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('filed', 'sent', 'in_review', 'accepted', 'rejected', 'rerouted', 'withdrawn')),
	detail TEXT CHECK (detail IS NULL OR json_valid(detail)),
	notify INTEGER NOT NULL DEFAULT 0 CHECK (notify IN (0, 1)),
	notified_at_us INTEGER,
	PRIMARY KEY (correction_id, seq)
) WITHOUT ROWID;
CREATE INDEX correction_events_to_notify ON correction_events (at_us) WHERE notify = 1 AND notified_at_us IS NULL;

-- Where the platform is in each register's feed of decisions.
CREATE TABLE correction_feeds (
	register TEXT PRIMARY KEY,
	last INTEGER NOT NULL
) WITHOUT ROWID;

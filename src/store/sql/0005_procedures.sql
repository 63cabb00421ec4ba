-- Drafts and submissions of procedures (procedures issue). Every row carries
-- its space: a person sees only the spaces they are a member of.

CREATE TABLE drafts (
	id INTEGER PRIMARY KEY,
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	procedure_id TEXT NOT NULL,
	procedure_version INTEGER NOT NULL,
	data TEXT NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
	provenance TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(provenance)),  -- field -> {source, as_of, version}
	step INTEGER NOT NULL DEFAULT 0,
	created_at_us INTEGER NOT NULL,
	updated_at_us INTEGER NOT NULL
);
CREATE INDEX drafts_space ON drafts (space_id, updated_at_us);

-- The yearly sequence behind readable references (2026-GX-000123).
CREATE TABLE reference_counters (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);

-- A submitted procedure: immutable once written (triggers below).
CREATE TABLE submissions (
	id INTEGER PRIMARY KEY,
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	reference TEXT NOT NULL UNIQUE,
	procedure_id TEXT NOT NULL,
	procedure_version INTEGER NOT NULL,
	organisation TEXT NOT NULL,
	data TEXT NOT NULL CHECK (json_valid(data)),
	receipt TEXT NOT NULL CHECK (json_valid(receipt)),   -- the signed statement
	signature TEXT NOT NULL,                              -- Ed25519 over receipt, base64url
	submitted_at_us INTEGER NOT NULL
);
CREATE INDEX submissions_space ON submissions (space_id, submitted_at_us);

CREATE TRIGGER submissions_immutable BEFORE UPDATE ON submissions
BEGIN
	SELECT RAISE(ABORT, 'submissions are immutable');
END;

-- What happened to a submission: submitted, received, in processing, …
CREATE TABLE submission_events (
	submission_id INTEGER NOT NULL REFERENCES submissions (id),
	seq INTEGER NOT NULL,
	at_us INTEGER NOT NULL,
	status TEXT NOT NULL,
	message TEXT,                                          -- JSON {fr, de, en} or NULL
	PRIMARY KEY (submission_id, seq)
) WITHOUT ROWID;

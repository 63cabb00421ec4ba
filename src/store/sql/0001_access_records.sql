-- The access log: one row per (source, subject) read, committed before any
-- value is returned (DESIGN §4 step 4). Attribute names only, never values.
CREATE TABLE access_records (
	id INTEGER PRIMARY KEY,
	subject TEXT NOT NULL,         -- opaque id of the person or company read
	at_us INTEGER NOT NULL,        -- microseconds since the epoch
	actor_kind TEXT NOT NULL CHECK (actor_kind IN ('platform', 'organisation')),
	actor_id TEXT NOT NULL,
	on_behalf_of TEXT,
	source TEXT NOT NULL,          -- the register
	attributes TEXT NOT NULL CHECK (json_valid(attributes) AND json_type(attributes) = 'array'),
	purpose TEXT NOT NULL,
	legal_basis TEXT,
	request_id TEXT NOT NULL
);

CREATE INDEX access_records_subject_at ON access_records (subject, at_us);

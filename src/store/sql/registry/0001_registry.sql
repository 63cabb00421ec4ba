-- A register served by registryd (docs/registryd.md): its records and its own
-- access log (the register's half of the double-entry log, DESIGN §2).

-- One record per subject: the attributes the register holds, as one JSON object
-- (attribute name -> value), with the date it is valid from and its version.
CREATE TABLE records (
	key_type TEXT NOT NULL,        -- "national_id", "rcs_number" ...
	key TEXT NOT NULL,
	data TEXT NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
	as_of TEXT NOT NULL CHECK (length(as_of) = 10),   -- YYYY-MM-DD
	version INTEGER NOT NULL CHECK (version >= 0),
	PRIMARY KEY (key_type, key)
) WITHOUT ROWID;

-- One row per lookup that passed authentication and validation, committed
-- before the answer is sent. Attribute names only, never values.
CREATE TABLE access_log (
	id INTEGER PRIMARY KEY,
	at_us INTEGER NOT NULL,        -- microseconds since the epoch
	client TEXT NOT NULL,          -- the client key's name
	organisation TEXT NOT NULL,    -- requester.organisation
	on_behalf_of TEXT,
	subject_type TEXT NOT NULL,
	subject TEXT NOT NULL,
	attributes TEXT NOT NULL CHECK (json_valid(attributes) AND json_type(attributes) = 'array'),
	procedure TEXT,
	legal_basis TEXT,
	request_id TEXT NOT NULL
);

CREATE INDEX access_log_subject_at ON access_log (subject_type, subject, at_us);

-- Files attached to a draft's file fields; kept with the submission it
-- becomes. The type is the one sniffed from the bytes, never the client's.
CREATE TABLE attachments (
	id TEXT PRIMARY KEY CHECK (id GLOB 'att_*' AND length(id) = 36),
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	draft_id INTEGER,                 -- while the draft exists
	submission_id INTEGER,            -- once submitted
	field TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	data BLOB NOT NULL,
	created_at_us INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX attachments_draft ON attachments (draft_id, field);

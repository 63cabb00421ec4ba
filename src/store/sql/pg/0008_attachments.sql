-- Files attached to a draft's file fields; kept with the submission it
-- becomes. The type is the one sniffed from the bytes, never the client's.
CREATE TABLE attachments (
	id text PRIMARY KEY CHECK (left(id, 4) = 'att_' AND length(id) = 36),
	space_id bigint NOT NULL REFERENCES spaces (id),
	draft_id bigint,                  -- while the draft exists
	submission_id bigint,             -- once submitted
	field text NOT NULL,
	content_type text NOT NULL,
	size bigint NOT NULL,
	sha256 text NOT NULL,
	data bytea NOT NULL,
	created_at_us bigint NOT NULL
);
CREATE INDEX attachments_draft ON attachments (draft_id, field);

-- The transparency log (docs/transparency.md): every access record becomes
-- a leaf of one append-only Merkle tree (RFC 9162 hashing).
-- PostgreSQL's dialect of ../0018_transparency_log.sql (same meaning).

ALTER TABLE access_records ADD COLUMN actor_role text;

CREATE TABLE tlog_leaves (
	idx bigint NOT NULL PRIMARY KEY CHECK (idx >= 0),
	hash bytea NOT NULL CHECK (octet_length(hash) = 32),
	record_id bigint UNIQUE
);

CREATE TABLE tlog_salts (
	subject text NOT NULL PRIMARY KEY,
	salt bytea NOT NULL CHECK (octet_length(salt) = 32),
	created_at_us bigint NOT NULL
);

CREATE TABLE tlog_subtrees (
	level bigint NOT NULL CHECK (level BETWEEN 1 AND 63),
	idx bigint NOT NULL CHECK (idx >= 0),
	hash bytea NOT NULL CHECK (octet_length(hash) = 32),
	PRIMARY KEY (level, idx)
);

CREATE TABLE tlog_head (
	id bigint NOT NULL PRIMARY KEY CHECK (id = 1),
	size bigint NOT NULL CHECK (size >= 0)
);
INSERT INTO tlog_head (id, size) VALUES (1, 0);

CREATE TABLE tlog_checkpoints (
	size bigint NOT NULL PRIMARY KEY CHECK (size >= 0),
	root bytea NOT NULL CHECK (octet_length(root) = 32),
	note text NOT NULL,
	signed_at_us bigint NOT NULL
);

CREATE TABLE tlog_cosignatures (
	size bigint NOT NULL REFERENCES tlog_checkpoints (size),
	key_name text NOT NULL,
	key_id bigint NOT NULL,
	line text NOT NULL,
	at_us bigint NOT NULL,
	PRIMARY KEY (size, key_name, key_id)
);

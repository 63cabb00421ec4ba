-- The transparency log (docs/transparency.md): every access record becomes
-- a leaf of one append-only Merkle tree (RFC 9162 hashing). A leaf holds a
-- salted hash of its record, never personal data: the record and its
-- person's salt stay in deletable tables, so erasing a person's records
-- leaves the tree, its checkpoints and everyone else's proofs intact.

-- The agent's function when an organisation's agent or case system read
-- ("handler", "client"), never a name.
ALTER TABLE access_records ADD COLUMN actor_role TEXT;

-- The leaves, in commit order: idx is the leaf's place in the tree,
-- record_id the access record it is the salted hash of, appended in the
-- group-commit transaction that writes the record (the record's row may
-- later be erased; the leaf stays). NULL only for a leaf loaded in bulk.
CREATE TABLE tlog_leaves (
	idx INTEGER NOT NULL PRIMARY KEY CHECK (idx >= 0),
	hash BLOB NOT NULL CHECK (length(hash) = 32),
	record_id INTEGER UNIQUE
);

-- Each person's secret salt: a leaf is SHA-256(0x00 || SHA-256(salt ||
-- canonical JSON of the record)). Deleted with the person's records.
CREATE TABLE tlog_salts (
	subject TEXT NOT NULL PRIMARY KEY,
	salt BLOB NOT NULL CHECK (length(salt) = 32),
	created_at_us INTEGER NOT NULL
) WITHOUT ROWID;

-- Every complete subtree above the leaves, written once when an append
-- completes it and never changed: the 2^level leaves from idx * 2^level on.
-- Proofs read only these rows and the leaves.
CREATE TABLE tlog_subtrees (
	level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 63),
	idx INTEGER NOT NULL CHECK (idx >= 0),
	hash BLOB NOT NULL CHECK (length(hash) = 32),
	PRIMARY KEY (level, idx)
) WITHOUT ROWID;

-- The tree's size: one row, updated by every transaction that appends, so
-- appends from several writers take turns (one sequence).
CREATE TABLE tlog_head (
	id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
	size INTEGER NOT NULL CHECK (size >= 0)
);
INSERT INTO tlog_head (id, size) VALUES (1, 0);

-- Every checkpoint the platform signed (C2SP signed note: origin, size,
-- root, the log's signature), kept for consistency checks and bundles.
CREATE TABLE tlog_checkpoints (
	size INTEGER NOT NULL PRIMARY KEY CHECK (size >= 0),
	root BLOB NOT NULL CHECK (length(root) = 32),
	note TEXT NOT NULL,
	signed_at_us INTEGER NOT NULL
);

-- Witnesses' cosignatures of a checkpoint (C2SP tlog-cosignature/v1), as
-- the signature line they sent; one per witness key.
CREATE TABLE tlog_cosignatures (
	size INTEGER NOT NULL REFERENCES tlog_checkpoints (size),
	key_name TEXT NOT NULL,
	key_id INTEGER NOT NULL,
	line TEXT NOT NULL,
	at_us INTEGER NOT NULL,
	PRIMARY KEY (size, key_name, key_id)
) WITHOUT ROWID;

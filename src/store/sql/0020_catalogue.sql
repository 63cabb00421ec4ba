-- The catalogue (issue 18): what the procedure search reads. One row per
-- procedure and language, its texts folded as the search folds a query
-- (src/util/fold.c: lower case, no accents), refreshed from the loaded
-- definitions at start (src/core/search_index.c) when they changed. No
-- personal data.
CREATE TABLE procedure_search (
	procedure_id TEXT NOT NULL,
	lang TEXT NOT NULL CHECK (lang IN ('fr', 'de', 'en', 'lb')),
	title TEXT NOT NULL,
	keywords TEXT NOT NULL,       -- the language's keywords and the Luxembourgish ones
	body TEXT NOT NULL,           -- help, the public page's texts, the organisation
	PRIMARY KEY (procedure_id, lang)
);

-- SQLite's full-text index over it (FTS5, external content: the rows above;
-- rebuilt with them). PostgreSQL has a GIN index instead: the schemas
-- agreement test reads both as one "full-text index".
-- Its language is a column of the index too, so that a search in one
-- language reads that language's rows only ({lang}: fr AND …).
CREATE VIRTUAL TABLE procedure_search_index USING fts5(
	lang, title, keywords, body, content='procedure_search', tokenize='unicode61 remove_diacritics 2'
);

-- Which definitions the rows above were made from (a SHA-256 of their
-- folded texts): a guichetd starting with the same ones writes nothing.
CREATE TABLE procedure_search_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	fingerprint TEXT NOT NULL,
	indexed_at_us INTEGER NOT NULL
);

-- Procedures submitted without logging in (definitions with
-- "without_login"): each lands in a space of its own that nobody owns or
-- is a member of (the organisation sees it in its inbox; no person sees it
-- later: nothing is kept for the person across visits). The form's one-time
-- token (its SHA-256) makes a repeated post the same submission.
CREATE TABLE guest_submissions (
	submission_id INTEGER PRIMARY KEY REFERENCES submissions (id),
	token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	submitted_at_us INTEGER NOT NULL
);

-- The abuse limits of that path: how many submissions a client address
-- made in an hour, how many receipts went to one mailbox in a day. Keys are
-- keyed hashes (BLAKE2b, a key derived from the receipt key) of the address
-- or mailbox and the window: no address is stored. Rows older than two days
-- are removed as new ones come.
CREATE TABLE guest_limits (
	key_hash BLOB NOT NULL CHECK (length(key_hash) = 32),
	window_start_us INTEGER NOT NULL,
	count INTEGER NOT NULL,
	PRIMARY KEY (key_hash, window_start_us)
) WITHOUT ROWID;
CREATE INDEX guest_limits_window ON guest_limits (window_start_us);

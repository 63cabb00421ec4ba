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

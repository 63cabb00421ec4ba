-- The digital letter box (issue 13): official documents organisations
-- deliver to a space, the person's choice per document type to receive
-- them electronically, the receipts (first opening, confirmation), and
-- what is left of a document once its retention ran out.

-- The person chose to receive org's documents of doc_type in the letter box
-- (a row: yes; none: on paper). A send of a type not chosen is refused.
CREATE TABLE letterbox_optins (
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	org_id TEXT NOT NULL,
	doc_type TEXT NOT NULL,
	at_us INTEGER NOT NULL,
	PRIMARY KEY (space_id, org_id, doc_type)
) WITHOUT ROWID;

-- A delivered document: what it is never changes (trigger below); whether
-- it was read, confirmed or archived does.
CREATE TABLE letterbox_documents (
	id INTEGER PRIMARY KEY,
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	org_id TEXT NOT NULL,
	doc_type TEXT NOT NULL,
	title TEXT NOT NULL,
	title_folded TEXT NOT NULL,            -- the title in lower case without accents: what a search matches
	notice_title TEXT NOT NULL,            -- the non-sensitive title a notification may carry
	file_name TEXT NOT NULL,
	content_type TEXT NOT NULL,            -- sniffed from the bytes
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	due_date TEXT,                         -- YYYY-MM-DD, or NULL
	confirmation_required INTEGER NOT NULL DEFAULT 0 CHECK (confirmation_required IN (0, 1)),
	submission_id INTEGER REFERENCES submissions (id),
	sender TEXT NOT NULL,                  -- the organisation's client id, an agent's role, or "platform"
	delivered_at_us INTEGER NOT NULL,
	expires_at_us INTEGER NOT NULL,        -- purged then (the type's retention)
	unread INTEGER NOT NULL DEFAULT 1 CHECK (unread IN (0, 1)),
	read_at_us INTEGER,                    -- the first opening (download): the sender's read receipt
	confirmed_at_us INTEGER,               -- the person confirmed receipt
	archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);
-- The letter box: unread first, newest first, for each space and archive;
-- the filters' columns too, so that a filtered or searched list is decided
-- in the index and only the rows shown are read.
CREATE INDEX letterbox_list ON letterbox_documents (space_id, archived, unread, delivered_at_us, id, org_id, doc_type,
	title_folded);
CREATE INDEX letterbox_expiry ON letterbox_documents (expires_at_us);
CREATE TRIGGER letterbox_documents_immutable BEFORE UPDATE OF space_id, org_id, doc_type, title, title_folded,
	notice_title, file_name, content_type, size, sha256, due_date, confirmation_required, submission_id, sender,
	delivered_at_us ON letterbox_documents
BEGIN
	SELECT RAISE(ABORT, 'documents are immutable');
END;

-- The bytes, apart: listing the letter box never reads them.
CREATE TABLE letterbox_contents (
	document_id INTEGER PRIMARY KEY REFERENCES letterbox_documents (id),
	data BLOB NOT NULL
);
CREATE TRIGGER letterbox_contents_immutable BEFORE UPDATE ON letterbox_contents
BEGIN
	SELECT RAISE(ABORT, 'documents are immutable');
END;

-- What is left of a purged document: its id, hash and dates, so that its
-- receipts stay checkable; nothing of its content or title.
CREATE TABLE letterbox_tombstones (
	id INTEGER PRIMARY KEY,                -- the document's id
	space_id INTEGER NOT NULL,
	org_id TEXT NOT NULL,
	doc_type TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	delivered_at_us INTEGER NOT NULL,
	read_at_us INTEGER,
	confirmed_at_us INTEGER,
	purged_at_us INTEGER NOT NULL
);

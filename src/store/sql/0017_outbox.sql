-- Notifications and certificates (issue 13): the transactional outbox the
-- mail sender delivers from, the verification of a person's e-mail
-- address, and the certificates the platform issued itself.

-- One e-mail to send, written in the same transaction as what it tells of
-- (a document, a reminder, a request for information, a decision), so that
-- it exists exactly when its cause does. It names its cause, never its
-- texts or the address: the sender reads them when it sends (a reminder of
-- a document read meanwhile, or a person without a verified address, is
-- skipped). One row per cause and kind: written twice, it is kept once.
CREATE TABLE mail_outbox (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons (id),
	kind TEXT NOT NULL CHECK (kind IN ('document', 'reminder', 'due', 'request', 'decision')),
	org_id TEXT NOT NULL,
	document_id INTEGER NOT NULL DEFAULT 0,    -- document, reminder, due
	submission_id INTEGER NOT NULL DEFAULT 0,  -- request, decision
	event_seq INTEGER NOT NULL DEFAULT 0,      -- request, decision: their timeline entry
	created_at_us INTEGER NOT NULL,            -- the mail's Date
	due_at_us INTEGER NOT NULL,                -- not sent before
	locked_until_us INTEGER NOT NULL DEFAULT 0, -- a sender holds it until then
	attempts INTEGER NOT NULL DEFAULT 0,
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'skipped')),
	smtp_code INTEGER,
	done_at_us INTEGER
);
CREATE UNIQUE INDEX mail_outbox_once ON mail_outbox (kind, document_id, submission_id, event_seq);
CREATE INDEX mail_outbox_due ON mail_outbox (due_at_us) WHERE state = 'pending';

-- The one-time code that verifies the person's self-declared e-mail
-- address (never the code: a salted hash keyed with the platform's secret),
-- its limits, and which address it verified.
CREATE TABLE email_verifications (
	person_id INTEGER PRIMARY KEY REFERENCES persons (id),
	address TEXT NOT NULL,                     -- the address the code was mailed to
	salt BLOB NOT NULL,
	hash BLOB NOT NULL,
	issued_us INTEGER NOT NULL,
	expires_us INTEGER NOT NULL,
	attempts INTEGER NOT NULL,
	used INTEGER NOT NULL CHECK (used IN (0, 1)),
	day_start_us INTEGER NOT NULL,
	day_count INTEGER NOT NULL,
	verified_at_us INTEGER                     -- address verified then; NULL: not (yet)
);

-- A certificate the platform issued itself: the verification code printed
-- on it, the signed statement (names no person) and where it went. /verify
-- reads code, statement and signature only.
CREATE TABLE issued_certificates (
	code TEXT PRIMARY KEY CHECK (length(code) = 19),
	statement TEXT NOT NULL CHECK (json_valid(statement)),
	signature TEXT NOT NULL,
	submission_id INTEGER NOT NULL REFERENCES submissions (id),
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	document_id INTEGER NOT NULL,
	issued_at_us INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX issued_certificates_submission ON issued_certificates (submission_id);

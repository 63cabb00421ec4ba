-- Persons, their spaces, sessions and logins in progress (identity issue).

-- A person known to the platform, created at their first login from the
-- identity provider's national identification number.
CREATE TABLE persons (
	id INTEGER PRIMARY KEY,
	national_id TEXT NOT NULL UNIQUE CHECK (length(national_id) = 13),
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	created_at_us INTEGER NOT NULL,
	last_login_at_us INTEGER NOT NULL
);

-- Where procedures, data and documents live: one private space per person;
-- professional spaces (a company, an association) come later.
CREATE TABLE spaces (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('private', 'professional')),
	owner_person_id INTEGER REFERENCES persons (id),
	created_at_us INTEGER NOT NULL
);
CREATE UNIQUE INDEX spaces_one_private ON spaces (owner_person_id) WHERE kind = 'private';

-- Who may act in a space, and as what. The authorization layer reads its
-- relations from here; members and mandate holders are new rows, not code.
CREATE TABLE space_members (
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	person_id INTEGER NOT NULL REFERENCES persons (id),
	role TEXT NOT NULL CHECK (role IN ('owner', 'administrator', 'member')),
	PRIMARY KEY (space_id, person_id)
) WITHOUT ROWID;
CREATE INDEX space_members_person ON space_members (person_id);

-- Server-side sessions. Only a hash of the session id is kept: whoever reads
-- the database cannot log in as anyone.
CREATE TABLE sessions (
	id_hash BLOB PRIMARY KEY CHECK (length(id_hash) = 32),
	person_id INTEGER NOT NULL REFERENCES persons (id),
	space_id INTEGER NOT NULL REFERENCES spaces (id),
	csrf_token TEXT NOT NULL,
	id_token TEXT,                   -- the provider's ID token, for its logout (id_token_hint)
	created_at_us INTEGER NOT NULL,
	last_seen_at_us INTEGER NOT NULL,
	expires_at_us INTEGER NOT NULL   -- the absolute limit
) WITHOUT ROWID;
CREATE INDEX sessions_person ON sessions (person_id);

-- A login between the redirect to the provider and its answer; used once.
CREATE TABLE login_states (
	state TEXT PRIMARY KEY,
	nonce TEXT NOT NULL,
	code_verifier TEXT NOT NULL,
	return_to TEXT NOT NULL,
	created_at_us INTEGER NOT NULL
) WITHOUT ROWID;

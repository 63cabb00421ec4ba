-- Organisations' machine clients (their case systems) and what they were
-- given. A client proves who it is with an assertion signed by the private
-- half of its registered public key (a JWK: OKP Ed25519 or EC P-256) and gets
-- short-lived access tokens. Removing a client revokes it (revoked_at_us):
-- the row stays, for the record, and its tokens stop working at once.
CREATE TABLE org_clients (
	client_id TEXT PRIMARY KEY CHECK (length(client_id) BETWEEN 1 AND 64),
	org_id TEXT NOT NULL,
	jwk TEXT NOT NULL,                 -- the public JWK, as registered
	alg TEXT NOT NULL CHECK (alg IN ('EdDSA', 'ES256')),
	scopes TEXT NOT NULL,              -- space-separated scope names, e.g. "submissions.read registers.read"
	created_at_us INTEGER NOT NULL,
	revoked_at_us INTEGER              -- NULL while the client may get tokens
) WITHOUT ROWID;
CREATE INDEX org_clients_org ON org_clients (org_id, client_id);

-- The ids (jti) of the assertions already exchanged, each kept until its
-- assertion has expired: a second use of one conflicts here.
CREATE TABLE client_assertions_seen (
	client_id TEXT NOT NULL,
	jti TEXT NOT NULL,
	expires_at_us INTEGER NOT NULL,
	PRIMARY KEY (client_id, jti)
) WITHOUT ROWID;
CREATE INDEX client_assertions_seen_expiry ON client_assertions_seen (expires_at_us);

-- Access tokens, by the SHA-256 of the token only: whoever reads the database
-- cannot use one.
CREATE TABLE client_tokens (
	token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
	client_id TEXT NOT NULL,
	org_id TEXT NOT NULL,
	scopes TEXT NOT NULL,              -- the granted subset of the client's
	issued_at_us INTEGER NOT NULL,
	expires_at_us INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX client_tokens_expiry ON client_tokens (expires_at_us);
CREATE INDEX client_tokens_client ON client_tokens (client_id);

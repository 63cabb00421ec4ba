-- Organisations' machine clients (their case systems) and what they were
-- given. A client proves who it is with an assertion signed by the private
-- half of its registered public key (a JWK: OKP Ed25519 or EC P-256) and gets
-- short-lived access tokens. Removing a client revokes it (revoked_at_us):
-- the row stays, for the record, and its tokens stop working at once.
-- PostgreSQL's dialect of ../0013_org_clients.sql (same meaning).
CREATE TABLE org_clients (
	client_id text PRIMARY KEY CHECK (length(client_id) BETWEEN 1 AND 64),
	org_id text NOT NULL,
	jwk text NOT NULL,                 -- the public JWK, as registered
	alg text NOT NULL CHECK (alg IN ('EdDSA', 'ES256')),
	scopes text NOT NULL,              -- space-separated scope names, e.g. "submissions.read registers.read"
	created_at_us bigint NOT NULL,
	revoked_at_us bigint               -- NULL while the client may get tokens
);
CREATE INDEX org_clients_org ON org_clients (org_id, client_id);

-- The ids (jti) of the assertions already exchanged, each kept until its
-- assertion has expired: a second use of one conflicts here.
CREATE TABLE client_assertions_seen (
	client_id text NOT NULL,
	jti text NOT NULL,
	expires_at_us bigint NOT NULL,
	PRIMARY KEY (client_id, jti)
);
CREATE INDEX client_assertions_seen_expiry ON client_assertions_seen (expires_at_us);

-- Access tokens, by the SHA-256 of the token only: whoever reads the database
-- cannot use one.
CREATE TABLE client_tokens (
	token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
	client_id text NOT NULL,
	org_id text NOT NULL,
	scopes text NOT NULL,              -- the granted subset of the client's
	issued_at_us bigint NOT NULL,
	expires_at_us bigint NOT NULL
);
CREATE INDEX client_tokens_expiry ON client_tokens (expires_at_us);
CREATE INDEX client_tokens_client ON client_tokens (client_id);

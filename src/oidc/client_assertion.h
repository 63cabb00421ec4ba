#ifndef GX_OIDC_CLIENT_ASSERTION_H
#define GX_OIDC_CLIENT_ASSERTION_H

/** Client assertions (RFC 7523 section 2.2, "private_key_jwt" of OpenID
 *  Connect Core section 9): an organisation's machine client proves who it
 *  is with a short-lived JWT it signed with its private key; the platform
 *  holds the public key (gx_jwk_parse_client_key). Only EdDSA (Ed25519,
 *  libsodium) and ES256 (P-256, OpenSSL 3) are accepted; "none", HS*, RS*
 *  and anything else are refused before any key is used. Network-free and
 *  store-free: the caller finds the key by the assertion's issuer
 *  (gx_client_assertion_issuer), verifies, then records the jti so that the
 *  assertion works once. Error texts quote nothing from the assertion;
 *  docs/backoffice-api.md lists the checks. */

#include <stddef.h>
#include <stdint.h>

#include "oidc/jwk.h"
#include "oidc/jwt.h"

#define GX_CLIENT_ASSERTION_MAX_LEN (8 * 1024)   /* longer assertions are refused before any work */
#define GX_CLIENT_ASSERTION_MAX_LIFETIME 300     /* exp at most this many seconds after iat, and after now */
#define GX_CLIENT_ASSERTION_LEEWAY 30            /* seconds of clock skew tolerated on exp, iat and nbf */
#define GX_CLIENT_ASSERTION_JTI_MAX 128          /* bytes */
#define GX_CLIENT_ASSERTION_ISS_MAX 64           /* a client id's bytes */

/** What the token endpoint expects; strings are borrowed for the call. */
struct gx_client_assertion_expect {
	const char *client_id;  /* iss and sub, exactly */
	const char *audience;   /* the token endpoint's URL: aud, or an element of the aud array */
	int64_t now;            /* seconds since the epoch */
};

/** What a verified assertion says. */
struct gx_client_assertion {
	char jti[GX_CLIENT_ASSERTION_JTI_MAX + 1];
	int64_t exp;
	int64_t iat;   /* 0 when absent */
	int64_t keep_until;  /* keep the jti until then (exp plus the leeway): an older replay is refused as expired */
};

/** The issuer the assertion claims, unverified: only to find the client's
 *  key. Copies it into iss (1 to GX_CLIENT_ASSERTION_ISS_MAX bytes, no
 *  control characters). GX_JWT_OK, GX_JWT_TOO_LARGE, GX_JWT_MALFORMED (not
 *  a JWS, payload not a JSON object) or GX_JWT_BAD_ISSUER (no usable iss). */
enum gx_jwt_error gx_client_assertion_issuer(const char *token, size_t len, char iss[GX_CLIENT_ASSERTION_ISS_MAX + 1],
					     char *err, size_t errlen);

/** Verifies the assertion with the client's key and the expectations, in
 *  this order: size, structure, header (alg EdDSA or ES256 and the key's;
 *  no crit), signature, then the claims (iss, sub, aud, exp, iat, nbf, jti).
 *  Fills out (zeroed first, and again on failure). Returns GX_JWT_OK or the
 *  first check that failed, with a short reason in err. */
enum gx_jwt_error gx_client_assertion_verify(const char *token, size_t len, const struct gx_jwk *key,
					     const struct gx_client_assertion_expect *expect,
					     struct gx_client_assertion *out, char *err, size_t errlen);

/** A sentence for the client saying what was wrong, quoting nothing of it. */
const char *gx_client_assertion_error_message(enum gx_jwt_error e);

/* --- the client's side: guichetctl and tests ---------------------------------- */

#define GX_CLIENT_ASSERTION_DEFAULT_LIFETIME 120

/** Makes an assertion signed with a private JWK (kty OKP crv Ed25519 with
 *  "d", or kty EC crv P-256 with "d"): header {alg, typ "JWT"[, kid]},
 *  claims {iss, sub = client_id, aud = audience, iat = now, exp = now +
 *  lifetime (1 to GX_CLIENT_ASSERTION_MAX_LIFETIME), jti = 128 random bits}.
 *  Returns the token (malloc'ed), or NULL with the reason in err. */
char *gx_client_assertion_make(const char *private_jwk, size_t len, const char *client_id, const char *audience,
			       int64_t now, int lifetime, char *err, size_t errlen);

/** A new Ed25519 key pair as two JWK texts (malloc'ed): the private one
 *  (with "d", the 32-byte seed) and the public one. 0, or -1 with err. */
int gx_client_key_generate(char **private_jwk, char **public_jwk, char *err, size_t errlen);

#endif

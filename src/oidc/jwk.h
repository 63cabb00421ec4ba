#ifndef GX_OIDC_JWK_H
#define GX_OIDC_JWK_H

/** JSON Web Key Sets (RFC 7517) of an OpenID provider, reduced to the public
 *  signature keys we can use: RSA of 2048 to 8192 bits (RS256) and EC P-256
 *  (ES256). Keys for encryption (use != "sig"), of unknown type or curve, with
 *  an algorithm other than RS256/ES256, or carrying private members are
 *  skipped. A parsed set is immutable and may be shared by threads; it is
 *  reference counted so a refreshed set can replace it while requests still
 *  verify with the old one. */

#include <stddef.h>

#include <openssl/evp.h>

#define GX_JWKS_MAX_JSON (128 * 1024)  /* bigger documents are refused unread */
#define GX_JWKS_MAX_KEYS 64            /* more entries than this: refused */
#define GX_JWK_KID_MAX 128             /* longer kids: the key is skipped */

enum gx_jwk_type {
	GX_JWK_RSA = 1,
	GX_JWK_EC_P256 = 2,
	GX_JWK_OKP_ED25519 = 3,  /* machine clients' keys only (gx_jwk_parse_client_key), never in a JWKS */
};

/** One usable public key. alg is "" when the JWK names none. */
struct gx_jwk {
	enum gx_jwk_type type;
	char kid[GX_JWK_KID_MAX + 1];
	int has_kid;
	char alg[8];
	int bits;             /* RSA modulus size, 256 for P-256 and Ed25519 */
	EVP_PKEY *pkey;       /* RSA, EC: owned by the set (or by the caller of gx_jwk_parse_client_key) */
	unsigned char ed25519[32];  /* GX_JWK_OKP_ED25519: the public key (pkey is NULL) */
};

struct gx_jwks;

/** Parses a JWK Set document. Returns a set holding at least one usable key
 *  (reference count 1), or NULL with a reason in err (no key material in it). */
struct gx_jwks *gx_jwks_parse(const char *json, size_t len, char *err, size_t errlen);

/** Takes one more reference; returns keys. */
struct gx_jwks *gx_jwks_ref(struct gx_jwks *keys);

/** Drops one reference; the last frees the set. NULL is a no-op. */
void gx_jwks_free(struct gx_jwks *keys);

size_t gx_jwks_count(const struct gx_jwks *keys);
const struct gx_jwk *gx_jwks_at(const struct gx_jwks *keys, size_t i);

/** True when key can verify JWS algorithm alg ("RS256" or "ES256"): the
 *  right type and, if the JWK names an algorithm, that one. */
int gx_jwk_fits_alg(const struct gx_jwk *key, const char *alg);

/** The key to verify a JWS with alg and kid. With a kid: the first key with
 *  that kid fitting alg. Without (kid NULL): the only key fitting alg, or NULL
 *  when there are none or several. */
const struct gx_jwk *gx_jwks_find(const struct gx_jwks *keys, const char *kid, const char *alg);

/** True when some key in the set has this kid (whatever its type). */
int gx_jwks_has_kid(const struct gx_jwks *keys, const char *kid);

/* --- one machine client's key ------------------------------------------------ */

#define GX_JWK_CLIENT_MAX_JSON (8 * 1024)  /* a single public JWK is far smaller */

/** An organisation's machine client's public key: one JWK (RFC 7517), kty
 *  "OKP" with crv "Ed25519" (RFC 8037; signs EdDSA) or kty "EC" with crv
 *  "P-256" (signs ES256). Refused, with a reason in err that quotes nothing
 *  from the document: more than GX_JWK_CLIENT_MAX_JSON bytes, not a JSON
 *  object, duplicate members, any private member ("d" …: a private key given
 *  as the public one), another kty or curve, "use" other than "sig",
 *  "key_ops" without "verify", an "alg" other than the key's, coordinates of
 *  the wrong length, a point not on the curve (or of small order for
 *  Ed25519). Returns 0 with out filled (release it with gx_jwk_clear), or -1. */
int gx_jwk_parse_client_key(const char *json, size_t len, struct gx_jwk *out, char *err, size_t errlen);

/** Frees what a key from gx_jwk_parse_client_key holds and zeroes it. */
void gx_jwk_clear(struct gx_jwk *key);

/** The JWS algorithm a client key verifies: "EdDSA", "ES256", or NULL. */
const char *gx_jwk_client_alg(const struct gx_jwk *key);

#endif

#ifndef GX_OIDC_JWT_INT_H
#define GX_OIDC_JWT_INT_H

/** Inside of ID token verification, exposed for the unit test and the fuzz
 *  driver: the claim checks that run once the signature is verified; and
 *  the JWS pieces client assertions (client_assertion.c) share with it. */

#include <jansson.h>

#include "oidc/jwt.h"

/** The three dot-separated parts of a JWS compact serialisation. */
struct gx_jws_parts {
	const char *part[3];
	size_t len[3];
};

/** Splits token into exactly three base64url parts, the first two non-empty.
 *  An empty signature is let through so that alg "none" is refused as such.
 *  Returns 0, or -1 when the token is not of that shape. */
int gx_jws_split(const char *token, size_t len, struct gx_jws_parts *p);

/** Decodes one part into a fresh NUL-terminated buffer (malloc'ed, its
 *  length in *out_len); NULL when it is not canonical base64url. */
char *gx_jws_decode_part(const char *s, size_t n, size_t *out_len);

/** Verifies sig over tbs with key (RSA or EC P-256) for algorithm bit
 *  (GX_JWT_ALG_RS256 or GX_JWT_ALG_ES256; ES256 takes the JOSE r||s form).
 *  GX_JWT_OK, GX_JWT_BAD_SIGNATURE or GX_JWT_INTERNAL. */
enum gx_jwt_error gx_jws_check_signature(const struct gx_jwk *key, unsigned bit, const unsigned char *sig,
                                         size_t siglen, const char *tbs, size_t tbslen);

/** Reads the NumericDate member name of obj (RFC 7519: seconds, possibly
 *  fractional, rounded down) into *out; -1 when absent or not one. */
int gx_jwt_numeric_date(const json_t *obj, const char *name, int64_t *out);

/** True when expect is complete and its numbers are in range. */
bool gx_jwt_expect_valid(const struct gx_id_token_expect *expect);

/** Checks the claims of a decoded payload (JSON bytes) against expect and
 *  fills out (zeroed first, and wiped again on failure). Trusts the
 *  payload's origin: callers must have verified its signature. */
enum gx_jwt_error gx_jwt_check_claims(const char *payload, size_t len,
                                      const struct gx_id_token_expect *expect,
                                      struct gx_id_token *out, char *err, size_t errlen);

#endif

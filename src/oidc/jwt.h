#ifndef GX_OIDC_JWT_H
#define GX_OIDC_JWT_H

/** OpenID Connect ID token verification (JWS compact serialisation, RFC 7515;
 *  claims per OpenID Connect Core 1.0 section 3.1.3.7). Network-free: the
 *  caller supplies the provider's keys and the expected values. Only RS256
 *  and ES256 are ever accepted. Error texts never contain token contents or
 *  claims (they are personal data); docs/oidc-tokens.md lists the codes. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oidc/jwk.h"

#define GX_JWT_MAX_LEN (16 * 1024)        /* longer tokens are refused before any work */
#define GX_JWT_DEFAULT_LEEWAY 60          /* seconds of clock skew tolerated */
#define GX_JWT_MAX_LEEWAY 600
#define GX_JWT_DEFAULT_MAX_IAT_AGE 86400  /* tokens issued longer ago are refused */

/** Algorithms, as a bit set for gx_id_token_expect.algs. */
#define GX_JWT_ALG_RS256 0x1u
#define GX_JWT_ALG_ES256 0x2u

enum gx_jwt_error {
	GX_JWT_OK = 0,
	GX_JWT_BAD_ARGUMENT,   /* caller error: missing keys or expected values */
	GX_JWT_TOO_LARGE,      /* empty or over GX_JWT_MAX_LEN */
	GX_JWT_MALFORMED,      /* not three base64url parts; header or payload not a JSON object; crit */
	GX_JWT_BAD_ALG,        /* alg missing, "none", HS*, or not allowed */
	GX_JWT_UNKNOWN_KID,    /* no key for this kid (or, without kid, no key at all): refetch the JWKS */
	GX_JWT_KEY_MISMATCH,   /* the kid's key cannot do alg, or no kid and several keys */
	GX_JWT_BAD_SIGNATURE,
	GX_JWT_BAD_ISSUER,
	GX_JWT_BAD_AUDIENCE,   /* aud missing or not naming the client */
	GX_JWT_BAD_AZP,        /* several audiences without azp = client, or azp another party */
	GX_JWT_EXPIRED,        /* exp <= now - leeway */
	GX_JWT_NOT_YET_VALID,  /* iat or nbf later than now + leeway */
	GX_JWT_TOO_OLD,        /* iat earlier than now - max_iat_age */
	GX_JWT_BAD_NONCE,
	GX_JWT_MISSING_CLAIM,  /* sub, exp, iat or the national id claim missing or of the wrong type */
	GX_JWT_BAD_CLAIM,      /* a claim too long or with NUL bytes */
	GX_JWT_BAD_NATIONAL_ID,/* national id claim not exactly 13 digits */
	GX_JWT_INTERNAL,       /* out of memory or a crypto library failure */
	GX_JWT_BAD_SUBJECT,    /* client assertion: sub is not the client (its iss) */
	GX_JWT_TOO_LONG_LIVED, /* client assertion: exp further than the lifetime allowed after iat or now */
};

/** What the relying party expects; strings are borrowed for the call. */
struct gx_id_token_expect {
	const char *issuer;             /* exact match with iss */
	const char *audience;           /* our client id */
	const char *nonce;              /* the nonce sent in the authorization request */
	const char *national_id_claim;  /* e.g. "national_id"; NULL: not required */
	int64_t now;                    /* seconds since the epoch */
	int leeway;                     /* seconds; 0 means GX_JWT_DEFAULT_LEEWAY */
	int max_iat_age;                /* seconds; 0 means GX_JWT_DEFAULT_MAX_IAT_AGE */
	unsigned algs;                  /* GX_JWT_ALG_* bits; 0 means both */
};

/** What a verified token says. It holds personal data: clear it with
 *  gx_id_token_clear when done, and never log it. */
struct gx_id_token {
	char sub[256];
	char national_id[14];   /* "" when not requested */
	char given_name[256];   /* "" when absent */
	char family_name[256];
	char locale[36];
	int64_t exp;
	int64_t iat;
	bool kid_unknown;       /* set with GX_JWT_UNKNOWN_KID: refetch the JWKS once and retry */
};

/** Verifies an ID token and fills out (zeroed first; on failure only
 *  kid_unknown may be set). Returns GX_JWT_OK or the first check that failed,
 *  with a short reason in err that quotes nothing from the token. */
enum gx_jwt_error gx_jwt_verify_id_token(const char *token, size_t len, const struct gx_jwks *keys,
                                         const struct gx_id_token_expect *expect,
                                         struct gx_id_token *out, char *err, size_t errlen);

/** Stable lower-case name of a code for logs and metrics, e.g. "expired". */
const char *gx_jwt_error_name(enum gx_jwt_error e);

/** A short English sentence for a person, e.g. "The login has expired". */
const char *gx_jwt_error_message(enum gx_jwt_error e);

/** Wipes the personal data in t. */
void gx_id_token_clear(struct gx_id_token *t);

#endif

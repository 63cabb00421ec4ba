#ifndef GX_OIDC_PKCE_H
#define GX_OIDC_PKCE_H

/** PKCE (RFC 7636) with the S256 method, and the random state and nonce
 *  values of the authorization request. Randomness comes from libsodium. */

#include <stddef.h>

#define GX_PKCE_VERIFIER_LEN 43   /* 32 random bytes in base64url */
#define GX_PKCE_VERIFIER_MIN 43
#define GX_PKCE_VERIFIER_MAX 128
#define GX_PKCE_CHALLENGE_LEN 43  /* base64url of a SHA-256 digest */
#define GX_RANDOM_TOKEN_MIN_BYTES 16

/** Makes a fresh code verifier (43 characters) and its S256 challenge.
 *  verifier needs at least GX_PKCE_VERIFIER_LEN + 1 bytes, challenge
 *  GX_PKCE_CHALLENGE_LEN + 1. Returns 0, or -1 (buffers too small, no randomness). */
int gx_pkce_new(char *verifier, size_t vcap, char *challenge, size_t ccap);

/** The S256 challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))).
 *  Returns 0, or -1 when the verifier is not 43 to 128 unreserved characters. */
int gx_pkce_challenge(const char *verifier, size_t len, char *challenge, size_t ccap);

/** Writes base64url of `bytes` random bytes (at least 16, at most 256) into
 *  out, for state and nonce values. Returns the length, or -1. */
long gx_random_token(char *out, size_t cap, size_t bytes);

#endif

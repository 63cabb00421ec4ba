/** PKCE S256 and random tokens for the authorization request. */

#include "oidc/pkce.h"

#include "oidc/b64url.h"

#include <sodium.h>
#include <string.h>

#define RANDOM_TOKEN_MAX_BYTES 256

/** RFC 7636 section 4.1: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~" */
static int is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '.' || c == '_' || c == '~';
}

int gx_pkce_challenge(const char *verifier, size_t len, char *challenge, size_t ccap)
{
	if (verifier == NULL || challenge == NULL || len < GX_PKCE_VERIFIER_MIN || len > GX_PKCE_VERIFIER_MAX ||
	    ccap < GX_PKCE_CHALLENGE_LEN + 1)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!is_unreserved((unsigned char)verifier[i]))
			return -1;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)verifier, len);
	return gx_b64url_encode(digest, sizeof(digest), challenge, ccap) == GX_PKCE_CHALLENGE_LEN ? 0 : -1;
}

long gx_random_token(char *out, size_t cap, size_t bytes)
{
	unsigned char raw[RANDOM_TOKEN_MAX_BYTES];
	if (out == NULL || bytes < GX_RANDOM_TOKEN_MIN_BYTES || bytes > sizeof(raw) || sodium_init() < 0)
		return -1;
	randombytes_buf(raw, bytes);
	long n = gx_b64url_encode(raw, bytes, out, cap);
	sodium_memzero(raw, sizeof(raw));
	return n;
}

int gx_pkce_new(char *verifier, size_t vcap, char *challenge, size_t ccap)
{
	if (verifier == NULL || challenge == NULL || vcap < GX_PKCE_VERIFIER_LEN + 1)
		return -1;
	if (gx_random_token(verifier, vcap, 32) != GX_PKCE_VERIFIER_LEN ||
	    gx_pkce_challenge(verifier, GX_PKCE_VERIFIER_LEN, challenge, ccap) != 0) {
		sodium_memzero(verifier, vcap);
		return -1;
	}
	return 0;
}

/** libFuzzer driver for client assertions (RFC 7523) and clients' keys. The
 *  input is an assertion, tried against a fixed Ed25519 and a fixed P-256
 *  public key whose private keys were thrown away when
 *  tests/fixtures/oidc/make_client_assertion_seeds.mjs made them: no input
 *  can verify, so acceptance aborts. The claim checks that only run behind
 *  a valid signature are also run directly on the decoded payload part, and
 *  what they accept must hold what they promise; the issuer peek must give
 *  a short printable string. The input is also tried as a client's public
 *  JWK: a key kept must be one of the two kinds, whole. */

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oidc/b64url.h"
#include "oidc/client_assertion.h"
#include "oidc/client_assertion_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char ed_jwk[] = "{\"crv\":\"Ed25519\",\"x\":\"9S2lAc7RbTsVZorTv-rtMCWpLjTLcsZ6rWP04JPxmcQ\",\"kty\":\"OKP\"}";
static const char ec_jwk[] = "{\"kty\":\"EC\",\"x\":\"JDkYheF9K9bbMIcBO5rNo42VOJF0cz9vyA0z_G3sGqM\",\"y\":\"pQoKRAI6QJ3kd"
			     "huIfdvZGKEt4lYhCMYpzLhL54sCbw8\",\"crv\":\"P-256\"}";

#define NOW 1700000000

static struct gx_jwk ed_key, ec_key;
static bool ready;

static void check_printable(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	if (n == cap)
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
}

static void check_claims_part(const uint8_t *data, size_t size, const struct gx_client_assertion_expect *x)
{
	const uint8_t *dot1 = memchr(data, '.', size);
	if (dot1 == NULL)
		return;
	const uint8_t *p = dot1 + 1;
	const uint8_t *dot2 = memchr(p, '.', size - (size_t)(p - data));
	size_t n = dot2 != NULL ? (size_t)(dot2 - p) : size - (size_t)(p - data);
	unsigned char *payload = malloc(gx_b64url_decoded_max(n) + 1);
	if (payload == NULL)
		abort();
	long len = gx_b64url_decode((const char *)p, n, payload, gx_b64url_decoded_max(n) + 1);
	if (len >= 0) {
		struct gx_client_assertion out;
		char err[160];
		if (gx_client_assertion_check_claims((const char *)payload, (size_t)len, x, &out, err, sizeof(err)) ==
		    GX_JWT_OK) {
			check_printable(out.jti, sizeof(out.jti));
			if (out.jti[0] == '\0' || out.exp <= x->now - GX_CLIENT_ASSERTION_LEEWAY ||
			    out.exp > x->now + GX_CLIENT_ASSERTION_MAX_LIFETIME + GX_CLIENT_ASSERTION_LEEWAY ||
			    (out.iat != 0 && out.exp - out.iat > GX_CLIENT_ASSERTION_MAX_LIFETIME) ||
			    out.keep_until != out.exp + GX_CLIENT_ASSERTION_LEEWAY)
				abort();
		} else if (out.jti[0] != '\0' || out.exp != 0) {
			abort();  /* a refusal leaves nothing behind */
		}
	}
	free(payload);
}

static void check_as_key(const char *text, size_t size)
{
	struct gx_jwk k;
	char err[200];
	if (gx_jwk_parse_client_key(text, size, &k, err, sizeof(err)) != 0) {
		if (k.pkey != NULL || k.type != 0)
			abort();
		return;
	}
	const char *alg = gx_jwk_client_alg(&k);
	if (alg == NULL || k.bits != 256 || strcmp(k.alg, alg) != 0 ||
	    (k.type == GX_JWK_OKP_ED25519) != (k.pkey == NULL) ||
	    (k.type == GX_JWK_OKP_ED25519 && crypto_core_ed25519_is_valid_point(k.ed25519) != 1) ||
	    (k.has_kid && strnlen(k.kid, sizeof(k.kid)) == sizeof(k.kid)))
		abort();
	gx_jwk_clear(&k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ready) {
		if (sodium_init() < 0 || gx_jwk_parse_client_key(ed_jwk, sizeof(ed_jwk) - 1, &ed_key, NULL, 0) != 0 ||
		    gx_jwk_parse_client_key(ec_jwk, sizeof(ec_jwk) - 1, &ec_key, NULL, 0) != 0)
			abort();
		ready = true;
	}
	struct gx_client_assertion_expect x = {"cl_fuzz", "https://guichet.example.lu/api/org/v1/token", NOW};
	/* an exact-size heap copy, so ASan sees any read past the input */
	char *token = malloc(size > 0 ? size : 1);
	if (token == NULL)
		abort();
	if (size > 0)
		memcpy(token, data, size);
	char err[160], iss[GX_CLIENT_ASSERTION_ISS_MAX + 1];
	struct gx_client_assertion out;
	if (gx_client_assertion_verify(token, size, &ed_key, &x, &out, err, sizeof(err)) == GX_JWT_OK ||
	    gx_client_assertion_verify(token, size, &ec_key, &x, &out, err, sizeof(err)) == GX_JWT_OK ||
	    out.jti[0] != '\0')
		abort();
	if (gx_client_assertion_issuer(token, size, iss, err, sizeof(err)) == GX_JWT_OK) {
		check_printable(iss, sizeof(iss));
		if (iss[0] == '\0')
			abort();
	} else if (iss[0] != '\0') {
		abort();
	}
	check_as_key(token, size);
	free(token);
	if (size <= GX_CLIENT_ASSERTION_MAX_LEN)
		check_claims_part(data, size, &x);
	return 0;
}

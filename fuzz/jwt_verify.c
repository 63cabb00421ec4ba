/** libFuzzer driver for ID token verification. The input is a token, tried
 *  against a fixed JWKS (an RSA and an EC P-256 public key, their private keys
 *  thrown away when tests/fixtures/oidc/make_fuzz_seeds.mjs made them): no
 *  input can verify, so acceptance aborts. The claim checks that only run
 *  behind a valid signature are also run directly on the decoded payload
 *  part, and what they accept must be well formed. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oidc/b64url.h"
#include "oidc/jwt.h"
#include "oidc/jwt_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char jwks_json[] =
	"{\"keys\":[{\"kty\":\"RSA\",\"n\":\"nNiihoKkwyxkwLU88S6DbXsz9KP-gWaTyH1QpQU_VVWKeEhmxV0fK5jTC6H9un7"
	"mlCkG4jPg1sEVKfeogzs3MemIgfGTueNqX8SpHmqZVo9FTTYecwFROHY37ADLBlA6TWI8bJsc1r2InJBbgqtkVfVuH"
	"2XzHv3AENUN084O25svxFr7LK_VYM_s1iGf2o0sSBxXW3ZzLsKc-NuPQFnfBhopEfkc2aJux6Ei3AU-nL5KMnh9k_i"
	"b7s2SAK03Txza--CY8iB3SlvW0OxjPWwQDddkIymyqL1WDT7hWoZM_PyuZaVsicVugm9g0Y7Fv_JRFZpfg_HdX5nqI"
	"xXasNfaqw\",\"e\":\"AQAB\",\"kid\":\"fuzz-rsa\",\"alg\":\"RS256\",\"use\":\"sig\"},{\"kty\":\"EC\",\"x\":\"ak-KdFB"
	"X_rtBVwM5S2b4u6r0WLyjUtU1WcDd9rtMYGI\",\"y\":\"sc0nuffnDWYTCqr1FjYY34CIqyo_IS3Xa3DvnXdgUWU\",\"c"
	"rv\":\"P-256\",\"kid\":\"fuzz-ec\",\"alg\":\"ES256\",\"use\":\"sig\"}]}";

static struct gx_jwks *keys;

/** A NUL-terminated field of at most cap bytes, digits only when digits is set. */
static void check_field(const char *s, size_t cap, int digits)
{
	size_t n = strnlen(s, cap);
	if (n == cap)
		abort();
	for (size_t i = 0; digits && i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			abort();
	}
}

static void check_claims_part(const uint8_t *data, size_t size, const struct gx_id_token_expect *x)
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
		struct gx_id_token out;
		char err[128];
		if (gx_jwt_check_claims((const char *)payload, (size_t)len, x, &out, err, sizeof(err)) == GX_JWT_OK) {
			check_field(out.sub, sizeof(out.sub), 0);
			check_field(out.national_id, sizeof(out.national_id), 1);
			check_field(out.given_name, sizeof(out.given_name), 0);
			check_field(out.family_name, sizeof(out.family_name), 0);
			check_field(out.locale, sizeof(out.locale), 0);
			if (out.sub[0] == '\0' || strlen(out.national_id) != 13 || out.exp <= x->now - 60)
				abort();
		}
	}
	free(payload);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (keys == NULL) {
		keys = gx_jwks_parse(jwks_json, sizeof(jwks_json) - 1, NULL, 0);
		if (keys == NULL || gx_jwks_count(keys) != 2)
			abort();
	}
	struct gx_id_token_expect x = {"https://idp.example.lu", "guichet", "fuzz-nonce", "national_id",
	                               1700000000, 0, 0, 0};
	/* an exact-size heap copy, so ASan sees any read past the token */
	char *token = malloc(size > 0 ? size : 1);
	if (token == NULL)
		abort();
	if (size > 0)
		memcpy(token, data, size);
	struct gx_id_token out;
	char err[128];
	enum gx_jwt_error e = gx_jwt_verify_id_token(token, size, keys, &x, &out, err, sizeof(err));
	if (e == GX_JWT_OK || (out.kid_unknown && e != GX_JWT_UNKNOWN_KID) || out.sub[0] != '\0')
		abort();
	free(token);
	if (size <= GX_JWT_MAX_LEN)
		check_claims_part(data, size, &x);
	return 0;
}

/** libFuzzer driver for JWK Set parsing. The input is a JWKS document; a
 *  parsed set must hold 1 to GX_JWKS_MAX_KEYS keys, each RSA of 2048 to 8192
 *  bits or EC P-256 with an OpenSSL key of the same kind, findable by its kid
 *  and algorithm. The set is shared by reference once to exercise the count. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oidc/jwk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *json = malloc(size > 0 ? size : 1);
	if (json == NULL)
		abort();
	if (size > 0)
		memcpy(json, data, size);
	char err[128];
	struct gx_jwks *keys = gx_jwks_parse(json, size, err, sizeof(err));
	free(json);
	if (keys == NULL) {
		if (strnlen(err, sizeof(err)) == sizeof(err) || err[0] == '\0')
			abort();
		return 0;
	}
	size_t n = gx_jwks_count(keys);
	if (n == 0 || n > GX_JWKS_MAX_KEYS || gx_jwks_at(keys, n) != NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		const struct gx_jwk *k = gx_jwks_at(keys, i);
		const char *alg = k->type == GX_JWK_RSA ? "RS256" : "ES256";
		if (k->pkey == NULL || !gx_jwk_fits_alg(k, alg) || strnlen(k->kid, sizeof(k->kid)) == sizeof(k->kid))
			abort();
		if (k->type == GX_JWK_RSA && (!EVP_PKEY_is_a(k->pkey, "RSA") || k->bits < 2048 || k->bits > 8192 ||
		                              EVP_PKEY_get_bits(k->pkey) != k->bits))
			abort();
		if (k->type == GX_JWK_EC_P256 && (!EVP_PKEY_is_a(k->pkey, "EC") || EVP_PKEY_get_bits(k->pkey) != 256))
			abort();
		if (k->has_kid && gx_jwks_find(keys, k->kid, alg) == NULL)
			abort();
	}
	gx_jwks_free(gx_jwks_ref(keys));
	gx_jwks_free(keys);
	return 0;
}

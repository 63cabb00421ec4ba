/** Tests for JWK Set parsing: RSA and EC keys generated at test time, and
 *  the junk a provider (or an attacker in its path) could serve. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "oidc/jwk.h"
#include "oidc/oidc_testutil.h"

static EVP_PKEY *rsa, *rsa_b, *rsa_small, *ec;

static int setup(void **state)
{
	rsa = gx_test_rsa_key(2048);
	rsa_b = gx_test_rsa_key(3072);
	rsa_small = gx_test_rsa_key(1024);
	ec = gx_test_ec_key();
	return 0;
}

static int teardown(void **state)
{
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(rsa_b);
	EVP_PKEY_free(rsa_small);
	EVP_PKEY_free(ec);
	return 0;
}

static struct gx_jwks *parse_json(json_t *doc, char *err, size_t errlen)
{
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	struct gx_jwks *k = gx_jwks_parse(text, strlen(text), err, errlen);
	free(text);
	return k;
}

/** Parses {"keys": arr} (stolen). */
static struct gx_jwks *parse_keys(json_t *arr)
{
	return parse_json(json_pack("{s:o}", "keys", arr), NULL, 0);
}

static struct gx_jwks *parse_text(const char *text)
{
	char err[128];
	struct gx_jwks *k = gx_jwks_parse(text, strlen(text), err, sizeof(err));
	if (k == NULL)
		assert_true(strncmp(err, "JWKS: ", 6) == 0);
	return k;
}

static void test_rsa_and_ec(void **state)
{
	char err[128];
	json_t *other = json_pack("{s:s, s:s, s:s}", "kty", "oct", "k", "c2VjcmV0", "kid", "hmac");
	struct gx_jwks *k = parse_json(json_pack("{s:[o,o,o,o]}", "keys", gx_test_jwk(rsa, "r1", "RS256"),
	                                         gx_test_jwk(ec, "e1", NULL), other, gx_test_jwk(rsa_b, NULL, NULL)),
	                               err, sizeof(err));
	assert_non_null(k);
	assert_int_equal(gx_jwks_count(k), 3);
	const struct gx_jwk *r1 = gx_jwks_find(k, "r1", "RS256");
	assert_non_null(r1);
	assert_int_equal(r1->type, GX_JWK_RSA);
	assert_int_equal(r1->bits, 2048);
	assert_string_equal(r1->alg, "RS256");
	assert_true(EVP_PKEY_is_a(r1->pkey, "RSA"));
	assert_int_equal(EVP_PKEY_get_bits(r1->pkey), 2048);
	assert_int_equal(EVP_PKEY_eq(r1->pkey, rsa), 1);
	const struct gx_jwk *e1 = gx_jwks_find(k, "e1", "ES256");
	assert_non_null(e1);
	assert_int_equal(e1->type, GX_JWK_EC_P256);
	assert_string_equal(e1->alg, "");
	assert_int_equal(EVP_PKEY_eq(e1->pkey, ec), 1);
	assert_int_equal(gx_jwks_at(k, 2)->bits, 3072);
	assert_false(gx_jwks_at(k, 2)->has_kid);
	/* kid with the wrong algorithm, unknown kid, HS256 */
	assert_null(gx_jwks_find(k, "r1", "ES256"));
	assert_null(gx_jwks_find(k, "e1", "RS256"));
	assert_null(gx_jwks_find(k, "nope", "RS256"));
	assert_null(gx_jwks_find(k, "hmac", "HS256"));
	assert_true(gx_jwks_has_kid(k, "r1"));
	assert_false(gx_jwks_has_kid(k, "hmac"));
	/* without kid: one ES256 key, two RSA keys */
	assert_ptr_equal(gx_jwks_find(k, NULL, "ES256"), e1);
	assert_null(gx_jwks_find(k, NULL, "RS256"));
	/* references */
	assert_ptr_equal(gx_jwks_ref(k), k);
	gx_jwks_free(k);
	assert_int_equal(gx_jwks_count(k), 3);
	gx_jwks_free(k);
	gx_jwks_free(NULL);
}

/** A JWK of rsa (or ec) with one member changed; value NULL deletes it. */
static json_t *jwk_with(EVP_PKEY *key, const char *name, json_t *value)
{
	json_t *j = gx_test_jwk(key, "k", NULL);
	if (value != NULL)
		json_object_set_new(j, name, value);
	else
		json_object_del(j, name);
	return j;
}

/** True when a set of just this JWK (stolen) parses to a usable key. */
static int usable(json_t *jwk)
{
	struct gx_jwks *k = parse_keys(json_pack("[o]", jwk));
	gx_jwks_free(k);
	return k != NULL;
}

static void test_skipped_keys(void **state)
{
	assert_true(usable(gx_test_jwk(rsa, "k", NULL)));
	assert_true(usable(gx_test_jwk(ec, "k", NULL)));
	assert_true(usable(jwk_with(rsa, "use", NULL)));
	assert_true(usable(jwk_with(rsa, "key_ops", json_pack("[s]", "verify"))));
	assert_false(usable(jwk_with(rsa, "key_ops", json_pack("[s]", "encrypt"))));
	assert_false(usable(jwk_with(rsa, "use", json_string("enc"))));
	assert_false(usable(jwk_with(rsa, "use", json_integer(1))));
	assert_false(usable(jwk_with(rsa, "alg", json_string("RS384"))));
	assert_false(usable(jwk_with(rsa, "alg", json_string("RSA-OAEP"))));
	assert_false(usable(jwk_with(rsa, "alg", json_string("ES256"))));
	assert_false(usable(jwk_with(ec, "alg", json_string("RS256"))));
	assert_false(usable(jwk_with(rsa, "kty", json_string("OKP"))));
	assert_false(usable(jwk_with(rsa, "kty", NULL)));
	assert_false(usable(jwk_with(rsa, "kid", json_integer(3))));
	assert_false(usable(jwk_with(rsa, "d", json_string("AQAB"))));  /* private material */
	assert_false(usable(jwk_with(ec, "d", json_string("AQAB"))));
	assert_false(usable(gx_test_jwk(rsa_small, "k", NULL)));       /* 1024 bits: too weak */
	assert_false(usable(jwk_with(rsa, "n", NULL)));
	assert_false(usable(jwk_with(rsa, "e", json_string("AAE"))));    /* e = 1 */
	assert_false(usable(jwk_with(rsa, "e", json_string("AAI"))));    /* even */
	assert_false(usable(jwk_with(rsa, "e", json_string("AQAB="))));  /* padded */
	assert_false(usable(jwk_with(ec, "crv", json_string("P-384"))));
	assert_false(usable(jwk_with(ec, "crv", NULL)));
	assert_false(usable(jwk_with(ec, "x", json_string("AQAB"))));    /* not 32 bytes */
	assert_false(usable(jwk_with(ec, "y", NULL)));
	char long_kid[GX_JWK_KID_MAX + 2];
	memset(long_kid, 'k', sizeof(long_kid) - 1);
	long_kid[sizeof(long_kid) - 1] = '\0';
	assert_false(usable(jwk_with(rsa, "kid", json_string(long_kid))));
	long_kid[GX_JWK_KID_MAX] = '\0';
	assert_true(usable(jwk_with(rsa, "kid", json_string(long_kid))));
}

static void test_point_not_on_curve(void **state)
{
	json_t *j = gx_test_jwk(ec, "k", NULL);
	unsigned char y[32];
	const char *ys = json_string_value(json_object_get(j, "y"));
	assert_int_equal(gx_b64url_decode(ys, strlen(ys), y, sizeof(y)), 32);
	y[31] ^= 1;
	char txt[64];
	assert_int_equal(gx_b64url_encode(y, 32, txt, sizeof(txt)), 43);
	json_object_set_new(j, "y", json_string(txt));
	assert_false(usable(j));
}

static void test_leading_zero_and_even_modulus(void **state)
{
	json_t *j = gx_test_jwk(rsa, "k", NULL);
	unsigned char n[300];
	const char *ns = json_string_value(json_object_get(j, "n"));
	long len = gx_b64url_decode(ns, strlen(ns), n + 1, sizeof(n) - 1);
	assert_int_equal(len, 256);
	n[0] = 0;  /* a leading zero byte: tolerated, still 2048 bits */
	char txt[400];
	assert_true(gx_b64url_encode(n, (size_t)len + 1, txt, sizeof(txt)) > 0);
	json_t *k2 = json_deep_copy(j);
	json_object_set_new(k2, "n", json_string(txt));
	struct gx_jwks *set = parse_keys(json_pack("[o]", k2));
	assert_non_null(set);
	assert_int_equal(gx_jwks_at(set, 0)->bits, 2048);
	gx_jwks_free(set);
	n[len] ^= 1;  /* even modulus */
	assert_true(gx_b64url_encode(n + 1, (size_t)len, txt, sizeof(txt)) > 0);
	json_object_set_new(j, "n", json_string(txt));
	assert_false(usable(j));
}

static void test_junk(void **state)
{
	static const char *const junk[] = {
		"", "null", "[]", "{}", "{\"keys\":{}}", "{\"keys\":[]}", "{\"keys\":[1,\"a\",null,[]]}",
		"{\"keys\":[{}]}", "not json", "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}",
		"{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"\",\"y\":\"\"}]}", "{\"keys\":[]} trailing",
	};
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		assert_null(parse_text(junk[i]));
	assert_null(gx_jwks_parse(NULL, 0, NULL, 0));
	/* duplicate members are refused outright */
	char *good = gx_test_jwks_text(json_pack("[o]", gx_test_jwk(rsa, "k", NULL)));
	assert_non_null(strstr(good, "{\"keys\":"));
	size_t n = strlen(good);
	char *dup = malloc(n + 16);
	snprintf(dup, n + 16, "{\"keys\":[],%s", good + 1);
	assert_null(parse_text(dup));
	free(dup);
	/* too large: refused unread */
	char *big = malloc(GX_JWKS_MAX_JSON + 1);
	memset(big, ' ', GX_JWKS_MAX_JSON + 1);
	memcpy(big, good, n);
	assert_null(gx_jwks_parse(big, GX_JWKS_MAX_JSON + 1, NULL, 0));
	struct gx_jwks *k = gx_jwks_parse(big, GX_JWKS_MAX_JSON, NULL, 0);
	assert_non_null(k);
	gx_jwks_free(k);
	free(big);
	free(good);
	/* too many keys */
	json_t *arr = json_array();
	for (int i = 0; i <= GX_JWKS_MAX_KEYS; i++)
		json_array_append_new(arr, gx_test_jwk(ec, "k", NULL));
	char err[128];
	assert_null(parse_json(json_pack("{s:o}", "keys", arr), err, sizeof(err)));
	assert_non_null(strstr(err, "more than"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsa_and_ec),
		cmocka_unit_test(test_skipped_keys),
		cmocka_unit_test(test_point_not_on_curve),
		cmocka_unit_test(test_leading_zero_and_even_modulus),
		cmocka_unit_test(test_junk),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

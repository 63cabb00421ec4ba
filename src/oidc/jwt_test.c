/** Tests for ID token verification with keys generated and tokens signed at
 *  test time: every refusal is checked for its own error code. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "oidc/jwt.h"
#include "oidc/jwt_int.h"
#include "oidc/oidc_testutil.h"

#define ISS "https://idp.example.lu"
#define CLIENT "guichet"
#define NONCE "n-0S6_WzA2Mj"
#define NOW 1700000000
#define NIN "1985010112345"

static EVP_PKEY *rsa, *ec, *attacker_rsa, *attacker_ec, *rotated;
static struct gx_jwks *keys;

static int setup(void **state)
{
	rsa = gx_test_rsa_key(2048);
	ec = gx_test_ec_key();
	attacker_rsa = gx_test_rsa_key(2048);
	attacker_ec = gx_test_ec_key();
	rotated = gx_test_rsa_key(2048);
	char *text = gx_test_jwks_text(json_pack("[o,o]", gx_test_jwk(rsa, "rsa1", "RS256"), gx_test_jwk(ec, "ec1", NULL)));
	char err[128];
	keys = gx_jwks_parse(text, strlen(text), err, sizeof(err));
	free(text);
	return keys != NULL && gx_jwks_count(keys) == 2 ? 0 : -1;
}

static int teardown(void **state)
{
	gx_jwks_free(keys);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
	EVP_PKEY_free(attacker_rsa);
	EVP_PKEY_free(attacker_ec);
	EVP_PKEY_free(rotated);
	return 0;
}

static struct gx_id_token_expect expect(void)
{
	struct gx_id_token_expect x = {ISS, CLIENT, NONCE, "national_id", NOW, 0, 0, 0};
	return x;
}

/** The claims of a good token; tests change them before signing. */
static json_t *good_claims(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:s}", "iss", ISS, "aud", CLIENT, "sub",
	                 "248289761001", "nonce", NONCE, "exp", (json_int_t)NOW + 300, "iat", (json_int_t)NOW - 5,
	                 "national_id", NIN, "given_name", "Léa", "family_name", "Muller", "locale", "fr-LU");
}

/** Signs claims (stolen) with key under alg/kid (kid NULL: none). */
static char *sign(json_t *claims, const char *alg, const char *kid, EVP_PKEY *key)
{
	json_t *h = kid != NULL ? json_pack("{s:s, s:s, s:s}", "alg", alg, "typ", "JWT", "kid", kid)
	                        : json_pack("{s:s, s:s}", "alg", alg, "typ", "JWT");
	char *ht = json_dumps(h, JSON_COMPACT), *pt = json_dumps(claims, JSON_COMPACT);
	char *t = gx_test_jws(ht, pt, key, NULL, 0);
	free(ht);
	free(pt);
	json_decref(h);
	json_decref(claims);
	return t;
}

static char last_err[160];

/** Verifies token (freed) and returns the code; out receives the result. */
static enum gx_jwt_error verify_x(char *token, const struct gx_jwks *k, const struct gx_id_token_expect *x,
                                  struct gx_id_token *out)
{
	enum gx_jwt_error e = gx_jwt_verify_id_token(token, strlen(token), k, x, out, last_err, sizeof(last_err));
	/* never quote personal data in the error text */
	assert_null(strstr(last_err, NIN));
	assert_null(strstr(last_err, "248289761001"));
	if (e != GX_JWT_OK)
		assert_string_equal(out->sub, "");
	free(token);
	return e;
}

static enum gx_jwt_error verify(char *token)
{
	struct gx_id_token out;
	struct gx_id_token_expect x = expect();
	return verify_x(token, keys, &x, &out);
}

static enum gx_jwt_error verify_claims(json_t *claims)
{
	return verify(sign(claims, "RS256", "rsa1", rsa));
}

static void test_valid_rs256(void **state)
{
	struct gx_id_token out;
	struct gx_id_token_expect x = expect();
	assert_int_equal(verify_x(sign(good_claims(), "RS256", "rsa1", rsa), keys, &x, &out), GX_JWT_OK);
	assert_string_equal(out.sub, "248289761001");
	assert_string_equal(out.national_id, NIN);
	assert_string_equal(out.given_name, "Léa");
	assert_string_equal(out.family_name, "Muller");
	assert_string_equal(out.locale, "fr-LU");
	assert_int_equal(out.exp, NOW + 300);
	assert_false(out.kid_unknown);
	gx_id_token_clear(&out);
	assert_string_equal(out.sub, "");
}

static void test_valid_es256(void **state)
{
	struct gx_id_token out;
	struct gx_id_token_expect x = expect();
	x.algs = GX_JWT_ALG_ES256;
	assert_int_equal(verify_x(sign(good_claims(), "ES256", "ec1", ec), keys, &x, &out), GX_JWT_OK);
	assert_string_equal(out.national_id, NIN);
}

static void test_no_kid_single_key(void **state)
{
	/* one RSA and one EC key: without kid, each alg has exactly one candidate */
	assert_int_equal(verify(sign(good_claims(), "RS256", NULL, rsa)), GX_JWT_OK);
	assert_int_equal(verify(sign(good_claims(), "ES256", NULL, ec)), GX_JWT_OK);
}

static void test_no_kid_several_keys(void **state)
{
	char *text = gx_test_jwks_text(json_pack("[o,o]", gx_test_jwk(rsa, "a", NULL), gx_test_jwk(rotated, "b", NULL)));
	struct gx_jwks *two = gx_jwks_parse(text, strlen(text), NULL, 0);
	free(text);
	assert_non_null(two);
	struct gx_id_token out;
	struct gx_id_token_expect x = expect();
	assert_int_equal(verify_x(sign(good_claims(), "RS256", NULL, rsa), two, &x, &out), GX_JWT_KEY_MISMATCH);
	assert_int_equal(verify_x(sign(good_claims(), "RS256", "a", rsa), two, &x, &out), GX_JWT_OK);
	gx_jwks_free(two);
}

/** Flips one bit of the decoded part `which` (1 payload, 2 signature) and re-encodes. */
static char *flip_bit(char *token, int which, size_t byte, unsigned bit)
{
	char *dot1 = strchr(token, '.'), *dot2 = strchr(dot1 + 1, '.');
	char *start = which == 1 ? dot1 + 1 : dot2 + 1;
	size_t n = which == 1 ? (size_t)(dot2 - start) : strlen(start);
	unsigned char raw[2048];
	long len = gx_b64url_decode(start, n, raw, sizeof(raw));
	assert_true(len > (long)byte);
	raw[byte] ^= (unsigned char)(1u << bit);
	char *out = malloc(strlen(token) + 8);
	size_t prefix = (size_t)(start - token);
	memcpy(out, token, prefix);
	long w = gx_b64url_encode(raw, (size_t)len, out + prefix, strlen(token) + 8 - prefix);
	assert_int_equal(w, (long)n);
	if (which == 1)
		strcpy(out + prefix + (size_t)w, dot2);
	free(token);
	return out;
}

static void test_bad_signature(void **state)
{
	assert_int_equal(verify(flip_bit(sign(good_claims(), "RS256", "rsa1", rsa), 2, 100, 3)), GX_JWT_BAD_SIGNATURE);
	assert_int_equal(verify(flip_bit(sign(good_claims(), "RS256", "rsa1", rsa), 1, 10, 0)), GX_JWT_BAD_SIGNATURE);
	assert_int_equal(verify(flip_bit(sign(good_claims(), "ES256", "ec1", ec), 2, 5, 7)), GX_JWT_BAD_SIGNATURE);
	assert_int_equal(verify(flip_bit(sign(good_claims(), "ES256", "ec1", ec), 2, 63, 0)), GX_JWT_BAD_SIGNATURE);
	assert_int_equal(verify(flip_bit(sign(good_claims(), "ES256", "ec1", ec), 1, 3, 1)), GX_JWT_BAD_SIGNATURE);
	/* a key that is not the provider's, under the provider's kid */
	assert_int_equal(verify(sign(good_claims(), "RS256", "rsa1", attacker_rsa)), GX_JWT_BAD_SIGNATURE);
	assert_int_equal(verify(sign(good_claims(), "ES256", "ec1", attacker_ec)), GX_JWT_BAD_SIGNATURE);
	/* an ES256 token that carries an RSA-sized or empty signature */
	assert_int_equal(verify(sign(good_claims(), "ES256", "ec1", rsa)), GX_JWT_BAD_SIGNATURE);
	assert_int_equal(verify(sign(good_claims(), "RS256", "rsa1", NULL)), GX_JWT_BAD_SIGNATURE);
}

static void test_alg_none(void **state)
{
	assert_int_equal(verify(sign(good_claims(), "none", NULL, NULL)), GX_JWT_BAD_ALG);
	assert_int_equal(verify(sign(good_claims(), "none", "rsa1", NULL)), GX_JWT_BAD_ALG);
	assert_int_equal(verify(sign(good_claims(), "None", "rsa1", NULL)), GX_JWT_BAD_ALG);
	/* alg none with a real signature appended is still none */
	assert_int_equal(verify(sign(good_claims(), "none", "rsa1", rsa)), GX_JWT_BAD_ALG);
}

static void test_hs256_confusion(void **state)
{
	char *pem = gx_test_public_pem(rsa);
	const char *headers[] = {"{\"alg\":\"HS256\",\"kid\":\"rsa1\"}", "{\"alg\":\"HS256\"}"};
	json_t *claims = good_claims();
	char *payload = json_dumps(claims, JSON_COMPACT);
	json_decref(claims);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(verify(gx_test_jws(headers[i], payload, NULL, pem, strlen(pem))), GX_JWT_BAD_ALG);
	free(payload);
	free(pem);
}

static void test_other_algs(void **state)
{
	static const char *const algs[] = {"RS384", "RS512", "PS256", "ES384", "ES512", "HS384", "HS512",
	                                   "EdDSA", "rs256", "RS256 ", ""};
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		assert_int_equal(verify(sign(good_claims(), algs[i], "rsa1", rsa)), GX_JWT_BAD_ALG);
	/* alg missing, or not a string */
	json_t *claims = good_claims();
	char *payload = json_dumps(claims, JSON_COMPACT);
	json_decref(claims);
	assert_int_equal(verify(gx_test_jws("{\"kid\":\"rsa1\"}", payload, rsa, NULL, 0)), GX_JWT_BAD_ALG);
	assert_int_equal(verify(gx_test_jws("{\"alg\":256,\"kid\":\"rsa1\"}", payload, rsa, NULL, 0)), GX_JWT_BAD_ALG);
	free(payload);
	/* allowed set narrowed to ES256: a good RS256 token is refused */
	struct gx_id_token out;
	struct gx_id_token_expect x = expect();
	x.algs = GX_JWT_ALG_ES256;
	assert_int_equal(verify_x(sign(good_claims(), "RS256", "rsa1", rsa), keys, &x, &out), GX_JWT_BAD_ALG);
}

static void test_key_mismatch(void **state)
{
	/* kid of the EC key on an RS256 token */
	assert_int_equal(verify(sign(good_claims(), "RS256", "ec1", rsa)), GX_JWT_KEY_MISMATCH);
	assert_int_equal(verify(sign(good_claims(), "ES256", "rsa1", ec)), GX_JWT_KEY_MISMATCH);
}

static void test_audience(void **state)
{
	json_t *c = good_claims();
	json_object_set_new(c, "aud", json_string("someone-else"));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_AUDIENCE);
	c = good_claims();
	json_object_set_new(c, "aud", json_string(CLIENT "x"));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_AUDIENCE);
	c = good_claims();
	json_object_del(c, "aud");
	assert_int_equal(verify_claims(c), GX_JWT_BAD_AUDIENCE);
	c = good_claims();
	json_object_set_new(c, "aud", json_pack("[s,i]", CLIENT, 1));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_AUDIENCE);
	/* one-element array: fine */
	c = good_claims();
	json_object_set_new(c, "aud", json_pack("[s]", CLIENT));
	assert_int_equal(verify_claims(c), GX_JWT_OK);
	/* several audiences need azp = the client */
	c = good_claims();
	json_object_set_new(c, "aud", json_pack("[s,s]", "other", CLIENT));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_AZP);
	c = good_claims();
	json_object_set_new(c, "aud", json_pack("[s,s]", "other", CLIENT));
	json_object_set_new(c, "azp", json_string(CLIENT));
	assert_int_equal(verify_claims(c), GX_JWT_OK);
	c = good_claims();
	json_object_set_new(c, "aud", json_pack("[s,s]", "other", CLIENT));
	json_object_set_new(c, "azp", json_string("other"));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_AZP);
	c = good_claims();
	json_object_set_new(c, "azp", json_string("other"));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_AZP);
}

static json_t *with_int(const char *name, json_int_t v)
{
	json_t *c = good_claims();
	json_object_set_new(c, name, json_integer(v));
	return c;
}

static void test_times(void **state)
{
	assert_int_equal(verify_claims(with_int("exp", NOW - 61)), GX_JWT_EXPIRED);
	assert_int_equal(verify_claims(with_int("exp", NOW - 60)), GX_JWT_EXPIRED);
	assert_int_equal(verify_claims(with_int("exp", NOW - 59)), GX_JWT_OK);  /* within the leeway */
	assert_int_equal(verify_claims(with_int("iat", NOW + 61)), GX_JWT_NOT_YET_VALID);
	assert_int_equal(verify_claims(with_int("iat", NOW + 60)), GX_JWT_OK);
	assert_int_equal(verify_claims(with_int("nbf", NOW + 600)), GX_JWT_NOT_YET_VALID);
	assert_int_equal(verify_claims(with_int("nbf", NOW)), GX_JWT_OK);
	json_t *c = with_int("iat", NOW - 2 * 86400);
	json_object_set_new(c, "exp", json_integer(NOW + 100));
	assert_int_equal(verify_claims(c), GX_JWT_TOO_OLD);
	c = good_claims();
	json_object_set_new(c, "exp", json_real(NOW + 100.5));
	assert_int_equal(verify_claims(c), GX_JWT_OK);  /* NumericDate may be fractional */
	c = good_claims();
	json_object_set_new(c, "exp", json_string("9999999999"));
	assert_int_equal(verify_claims(c), GX_JWT_MISSING_CLAIM);
	c = good_claims();
	json_object_del(c, "iat");
	assert_int_equal(verify_claims(c), GX_JWT_MISSING_CLAIM);
	c = good_claims();
	json_object_del(c, "exp");
	assert_int_equal(verify_claims(c), GX_JWT_MISSING_CLAIM);
	assert_int_equal(verify_claims(with_int("exp", INT64_MAX)), GX_JWT_MISSING_CLAIM);
	/* a narrower leeway */
	struct gx_id_token out;
	struct gx_id_token_expect x = expect();
	x.leeway = 5;
	assert_int_equal(verify_x(sign(with_int("exp", NOW - 10), "RS256", "rsa1", rsa), keys, &x, &out), GX_JWT_EXPIRED);
}

static void test_nonce_issuer(void **state)
{
	json_t *c = good_claims();
	json_object_set_new(c, "nonce", json_string("n-0S6_WzA2Mk"));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_NONCE);
	c = good_claims();
	json_object_del(c, "nonce");
	assert_int_equal(verify_claims(c), GX_JWT_BAD_NONCE);
	c = good_claims();
	json_object_set_new(c, "nonce", json_string(NONCE "x"));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_NONCE);
	c = good_claims();
	json_object_set_new(c, "iss", json_string("https://evil.example"));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_ISSUER);
	c = good_claims();
	json_object_set_new(c, "iss", json_string(ISS "/"));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_ISSUER);
	c = good_claims();
	json_object_del(c, "iss");
	assert_int_equal(verify_claims(c), GX_JWT_BAD_ISSUER);
}

static void test_unknown_kid_and_rotation(void **state)
{
	struct gx_id_token out;
	struct gx_id_token_expect x = expect();
	char *token = sign(good_claims(), "RS256", "rsa2", rotated);
	char *copy = strdup(token);
	assert_int_equal(verify_x(token, keys, &x, &out), GX_JWT_UNKNOWN_KID);
	assert_true(out.kid_unknown);
	/* the caller refetches the JWKS, which now has the new key, and retries */
	char *text = gx_test_jwks_text(json_pack("[o,o]", gx_test_jwk(rotated, "rsa2", "RS256"), gx_test_jwk(rsa, "rsa1", NULL)));
	struct gx_jwks *fresh = gx_jwks_parse(text, strlen(text), NULL, 0);
	free(text);
	assert_non_null(fresh);
	assert_int_equal(verify_x(copy, fresh, &x, &out), GX_JWT_OK);
	assert_false(out.kid_unknown);
	gx_jwks_free(fresh);
	/* other failures never set the indicator */
	assert_int_equal(verify_x(sign(good_claims(), "RS256", "rsa1", attacker_rsa), keys, &x, &out), GX_JWT_BAD_SIGNATURE);
	assert_false(out.kid_unknown);
	/* no kid and no ES256 key at all: also worth a refetch */
	char *rtext = gx_test_jwks_text(json_pack("[o]", gx_test_jwk(rsa, "rsa1", NULL)));
	struct gx_jwks *rsa_only = gx_jwks_parse(rtext, strlen(rtext), NULL, 0);
	free(rtext);
	assert_int_equal(verify_x(sign(good_claims(), "ES256", NULL, ec), rsa_only, &x, &out), GX_JWT_UNKNOWN_KID);
	assert_true(out.kid_unknown);
	gx_jwks_free(rsa_only);
}

static void test_identity_claims(void **state)
{
	static const char *const bad[] = {"198501011234", "19850101123456", "198501011234a", "1985010112 45",
	                                  "１９８５０１０１１２３４５", ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *c = good_claims();
		json_object_set_new(c, "national_id", json_string(bad[i]));
		assert_int_equal(verify_claims(c), GX_JWT_BAD_NATIONAL_ID);
	}
	json_t *c = good_claims();
	json_object_set_new(c, "national_id", json_integer(1985010112345));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_NATIONAL_ID);
	c = good_claims();
	json_object_del(c, "national_id");
	assert_int_equal(verify_claims(c), GX_JWT_MISSING_CLAIM);
	c = good_claims();
	json_object_del(c, "sub");
	assert_int_equal(verify_claims(c), GX_JWT_MISSING_CLAIM);
	c = good_claims();
	json_object_set_new(c, "sub", json_string(""));
	assert_int_equal(verify_claims(c), GX_JWT_MISSING_CLAIM);
	c = good_claims();
	json_object_set_new(c, "sub", json_stringn("a\0b", 3));
	assert_int_equal(verify_claims(c), GX_JWT_MALFORMED);  /* \u0000 is refused by the parser */
	char long_name[300];
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	c = good_claims();
	json_object_set_new(c, "given_name", json_string(long_name));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_CLAIM);
	c = good_claims();
	json_object_set_new(c, "sub", json_string(long_name));
	assert_int_equal(verify_claims(c), GX_JWT_BAD_CLAIM);
	/* optional claims may be absent; no national id asked: none needed */
	c = good_claims();
	json_object_del(c, "given_name");
	json_object_del(c, "national_id");
	struct gx_id_token out;
	struct gx_id_token_expect x = expect();
	x.national_id_claim = NULL;
	assert_int_equal(verify_x(sign(c, "RS256", "rsa1", rsa), keys, &x, &out), GX_JWT_OK);
	assert_string_equal(out.given_name, "");
	assert_string_equal(out.national_id, "");
}

static void test_structure(void **state)
{
	char *good = sign(good_claims(), "RS256", "rsa1", rsa);
	size_t n = strlen(good);
	/* oversized: refused before any work, even when it starts with a good token */
	char *big = malloc(GX_JWT_MAX_LEN + 2);
	memset(big, 'A', GX_JWT_MAX_LEN + 1);
	memcpy(big, good, n);
	big[GX_JWT_MAX_LEN + 1] = '\0';
	assert_int_equal(verify(big), GX_JWT_TOO_LARGE);
	assert_int_equal(verify(strdup("")), GX_JWT_TOO_LARGE);
	/* missing parts and extra dots */
	assert_int_equal(verify(strdup("abc")), GX_JWT_MALFORMED);
	assert_int_equal(verify(strdup("abc.def")), GX_JWT_MALFORMED);
	assert_int_equal(verify(strdup("..")), GX_JWT_MALFORMED);
	assert_int_equal(verify(strdup("a.b.c.d")), GX_JWT_MALFORMED);
	char *extra = malloc(n + 2);
	memcpy(extra, good, n);
	memcpy(extra + n, ".", 2);
	assert_int_equal(verify(extra), GX_JWT_MALFORMED);
	char *mid = strdup(good);
	*strchr(mid, '.') = '\0';
	char *dropped = malloc(n + 2);
	snprintf(dropped, n + 2, "%s..%s", mid, strrchr(good, '.') + 1);
	assert_int_equal(verify(dropped), GX_JWT_MALFORMED);  /* empty payload */
	free(mid);
	/* padding, standard base64 characters, whitespace */
	char *padded = malloc(n + 2);
	snprintf(padded, n + 2, "%s=", good);
	assert_int_equal(verify(padded), GX_JWT_MALFORMED);
	char *plus = strdup(good);
	plus[3] = '+';
	assert_int_equal(verify(plus), GX_JWT_MALFORMED);
	char *space = strdup(good);
	space[n - 1] = ' ';
	assert_int_equal(verify(space), GX_JWT_MALFORMED);
	/* header not JSON, not an object, with duplicate alg, with crit */
	json_t *claims = good_claims();
	char *payload = json_dumps(claims, JSON_COMPACT);
	json_decref(claims);
	assert_int_equal(verify(gx_test_jws("not json", payload, rsa, NULL, 0)), GX_JWT_MALFORMED);
	assert_int_equal(verify(gx_test_jws("[\"RS256\"]", payload, rsa, NULL, 0)), GX_JWT_MALFORMED);
	assert_int_equal(verify(gx_test_jws("{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"rsa1\"}", payload, rsa, NULL, 0)),
	                 GX_JWT_MALFORMED);
	assert_int_equal(verify(gx_test_jws("{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"crit\":[\"exp\"]}", payload, rsa, NULL, 0)),
	                 GX_JWT_MALFORMED);
	assert_int_equal(verify(gx_test_jws("{\"alg\":\"RS256\",\"kid\":7}", payload, rsa, NULL, 0)), GX_JWT_MALFORMED);
	free(payload);
	/* signed payload that is not JSON */
	assert_int_equal(verify(gx_test_jws("{\"alg\":\"RS256\",\"kid\":\"rsa1\"}", "{\"iss\":", rsa, NULL, 0)),
	                 GX_JWT_MALFORMED);
	assert_int_equal(verify(gx_test_jws("{\"alg\":\"ES256\",\"kid\":\"ec1\"}", "[]", ec, NULL, 0)), GX_JWT_MALFORMED);
	/* the good token itself still passes, with len bounding it */
	struct gx_id_token out;
	struct gx_id_token_expect x = expect();
	char *longer = malloc(n + 10);
	memcpy(longer, good, n);
	memcpy(longer + n, "garbage", 8);
	assert_int_equal(gx_jwt_verify_id_token(longer, n, keys, &x, &out, NULL, 0), GX_JWT_OK);
	free(longer);
	assert_int_equal(verify(good), GX_JWT_OK);
}

static void test_bad_arguments(void **state)
{
	struct gx_id_token out;
	struct gx_id_token_expect x = expect();
	char *t = sign(good_claims(), "RS256", "rsa1", rsa);
	char err[64];
	assert_int_equal(gx_jwt_verify_id_token(t, strlen(t), NULL, &x, &out, err, sizeof(err)), GX_JWT_BAD_ARGUMENT);
	x.nonce = NULL;
	assert_int_equal(gx_jwt_verify_id_token(t, strlen(t), keys, &x, &out, err, sizeof(err)), GX_JWT_BAD_ARGUMENT);
	x = expect();
	x.leeway = 100000;
	assert_int_equal(gx_jwt_verify_id_token(t, strlen(t), keys, &x, &out, err, sizeof(err)), GX_JWT_BAD_ARGUMENT);
	x = expect();
	assert_int_equal(gx_jwt_verify_id_token(t, strlen(t), keys, &x, NULL, err, sizeof(err)), GX_JWT_BAD_ARGUMENT);
	assert_int_equal(gx_jwt_verify_id_token(t, strlen(t), keys, &x, &out, err, 4), GX_JWT_OK);
	free(t);
}

static void test_error_names(void **state)
{
	/* every code has its own name and a message */
	for (int a = GX_JWT_OK; a <= GX_JWT_INTERNAL; a++) {
		assert_string_not_equal(gx_jwt_error_name((enum gx_jwt_error)a), "unknown");
		assert_non_null(gx_jwt_error_message((enum gx_jwt_error)a));
		for (int b = a + 1; b <= GX_JWT_INTERNAL; b++)
			assert_string_not_equal(gx_jwt_error_name((enum gx_jwt_error)a), gx_jwt_error_name((enum gx_jwt_error)b));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_rs256),
		cmocka_unit_test(test_valid_es256),
		cmocka_unit_test(test_no_kid_single_key),
		cmocka_unit_test(test_no_kid_several_keys),
		cmocka_unit_test(test_bad_signature),
		cmocka_unit_test(test_alg_none),
		cmocka_unit_test(test_hs256_confusion),
		cmocka_unit_test(test_other_algs),
		cmocka_unit_test(test_key_mismatch),
		cmocka_unit_test(test_audience),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_nonce_issuer),
		cmocka_unit_test(test_unknown_kid_and_rotation),
		cmocka_unit_test(test_identity_claims),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_error_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

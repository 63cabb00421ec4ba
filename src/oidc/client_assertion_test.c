/* Client assertions (RFC 7523): the keys a client may register, each check
 * of an assertion with its own code, and the client's side (key pair,
 * assertion) against the platform's. Assertions are signed here with
 * libsodium and OpenSSL directly, not with the code under test. */
#include "oidc/client_assertion.h"
#include "oidc/client_assertion_int.h"
#include "oidc/oidc_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>

#define NOW 1700000000
#define AUD "https://guichet.example.lu/api/org/v1/token"
#define CLIENT "cl_snca_case"

static unsigned char ed_pk[32], ed_sk[64], other_pk[32], other_sk[64];
static EVP_PKEY *ec, *ec_other, *rsa;
static struct gx_jwk ed_key, ec_key;

static const struct gx_client_assertion_expect expect = {CLIENT, AUD, NOW};

static char *ed_jwk_text(const unsigned char pk[32], const char *extra)
{
	char x[48], *out = malloc(512);
	gx_b64url_encode(pk, 32, x, sizeof(x));
	snprintf(out, 512, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"%s\"%s}", x, extra);
	return out;
}

static int group_setup(void **state)
{
	if (sodium_init() < 0)
		return -1;
	crypto_sign_keypair(ed_pk, ed_sk);
	crypto_sign_keypair(other_pk, other_sk);
	ec = gx_test_ec_key();
	ec_other = gx_test_ec_key();
	rsa = gx_test_rsa_key(2048);
	char err[160], *t = ed_jwk_text(ed_pk, "");
	if (gx_jwk_parse_client_key(t, strlen(t), &ed_key, err, sizeof(err)) != 0)
		fail_msg("ed25519 key: %s", err);
	free(t);
	json_t *j = gx_test_jwk(ec, NULL, "ES256");
	t = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (gx_jwk_parse_client_key(t, strlen(t), &ec_key, err, sizeof(err)) != 0)
		fail_msg("ec key: %s", err);
	free(t);
	return 0;
}

static int group_teardown(void **state)
{
	gx_jwk_clear(&ed_key);
	gx_jwk_clear(&ec_key);
	EVP_PKEY_free(ec);
	EVP_PKEY_free(ec_other);
	EVP_PKEY_free(rsa);
	return 0;
}

/* header.payload signed with an Ed25519 secret key (siglen bytes of it kept). */
static char *ed_token_n(const char *header, const char *payload, const unsigned char *sk, size_t siglen)
{
	size_t cap = (strlen(header) + strlen(payload)) * 2 + 256, pos = 0;
	char *t = malloc(cap);
	unsigned char sig[64];
	gx_test_append_b64(t, cap, &pos, header, strlen(header));
	t[pos++] = '.';
	gx_test_append_b64(t, cap, &pos, payload, strlen(payload));
	crypto_sign_detached(sig, NULL, (const unsigned char *)t, pos, sk);
	t[pos++] = '.';
	t[pos] = '\0';
	gx_test_append_b64(t, cap, &pos, sig, siglen);
	return t;
}

static char *ed_token(const char *header, const char *payload, const unsigned char *sk)
{
	return ed_token_n(header, payload, sk, 64);
}

/* Good claims, with one member replaced or added: extra is appended inside the object. */
static char *claims(const char *iss, const char *sub, const char *aud, long long exp, const char *extra)
{
	char *p = malloc(2048);
	snprintf(p, 2048, "{\"iss\":%s,\"sub\":%s,\"aud\":%s,\"exp\":%lld%s}", iss, sub, aud, exp, extra);
	return p;
}

#define Q(s) "\"" s "\""
#define GOOD_EXTRA ",\"iat\":1699999990,\"jti\":\"a1b2c3\""

static enum gx_jwt_error verify_with(const char *token, const struct gx_jwk *key, struct gx_client_assertion *out)
{
	char err[160];
	enum gx_jwt_error e = gx_client_assertion_verify(token, strlen(token), key, &expect, out, err, sizeof(err));
	/* never a quote of the assertion in the reason */
	assert_null(strstr(err, CLIENT));
	assert_null(strstr(err, "a1b2c3"));
	return e;
}

/* Verifies an EdDSA assertion with these claims; frees them. */
static enum gx_jwt_error ed_claims(char *payload)
{
	char *t = ed_token("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}", payload, ed_sk);
	struct gx_client_assertion out;
	enum gx_jwt_error e = verify_with(t, &ed_key, &out);
	if (e != GX_JWT_OK)
		assert_string_equal(out.jti, "");
	free(t);
	free(payload);
	return e;
}

static void test_eddsa_accepted(void **state)
{
	char *p = claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, GOOD_EXTRA);
	char *t = ed_token("{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"any\"}", p, ed_sk);
	struct gx_client_assertion out;
	assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_OK);
	assert_string_equal(out.jti, "a1b2c3");
	assert_int_equal(out.exp, NOW + 60);
	assert_int_equal(out.iat, 1699999990);
	assert_int_equal(out.keep_until, NOW + 60 + GX_CLIENT_ASSERTION_LEEWAY);
	free(t);
	free(p);
}

static void test_es256_accepted(void **state)
{
	char *p = claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 300, ",\"iat\":1700000000,\"nbf\":1700000000,\"jti\":\"x\"");
	char *t = gx_test_jws("{\"alg\":\"ES256\"}", p, ec, NULL, 0);
	struct gx_client_assertion out;
	assert_int_equal(verify_with(t, &ec_key, &out), GX_JWT_OK);
	assert_string_equal(out.jti, "x");
	free(t);
	/* signed by another P-256 key */
	t = gx_test_jws("{\"alg\":\"ES256\"}", p, ec_other, NULL, 0);
	assert_int_equal(verify_with(t, &ec_key, &out), GX_JWT_BAD_SIGNATURE);
	free(t);
	free(p);
}

static void test_audience(void **state)
{
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), "[\"https://other.example\"," Q(AUD) "]", NOW + 60, GOOD_EXTRA)),
			 GX_JWT_OK);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q("https://other.example/api/org/v1/token"), NOW + 60, GOOD_EXTRA)),
			 GX_JWT_BAD_AUDIENCE);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD "/"), NOW + 60, GOOD_EXTRA)), GX_JWT_BAD_AUDIENCE);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), "[\"https://other.example\"]", NOW + 60, GOOD_EXTRA)),
			 GX_JWT_BAD_AUDIENCE);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), "[1," Q(AUD) "]", NOW + 60, GOOD_EXTRA)), GX_JWT_BAD_AUDIENCE);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), "null", NOW + 60, GOOD_EXTRA)), GX_JWT_BAD_AUDIENCE);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), "[]", NOW + 60, GOOD_EXTRA)), GX_JWT_BAD_AUDIENCE);
}

static void test_issuer_and_subject(void **state)
{
	assert_int_equal(ed_claims(claims(Q("cl_other"), Q(CLIENT), Q(AUD), NOW + 60, GOOD_EXTRA)), GX_JWT_BAD_ISSUER);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q("cl_other"), Q(AUD), NOW + 60, GOOD_EXTRA)), GX_JWT_BAD_SUBJECT);
	assert_int_equal(ed_claims(claims(Q(CLIENT), "7", Q(AUD), NOW + 60, GOOD_EXTRA)), GX_JWT_BAD_SUBJECT);
	assert_int_equal(ed_claims(claims(Q(CLIENT "x"), Q(CLIENT "x"), Q(AUD), NOW + 60, GOOD_EXTRA)), GX_JWT_BAD_ISSUER);
	char *p = malloc(256);
	snprintf(p, 256, "{\"sub\":\"%s\",\"aud\":\"%s\",\"exp\":%d,\"jti\":\"j\"}", CLIENT, AUD, NOW + 60);
	assert_int_equal(ed_claims(p), GX_JWT_BAD_ISSUER);
}

static void test_times(void **state)
{
	const int L = GX_CLIENT_ASSERTION_LEEWAY, M = GX_CLIENT_ASSERTION_MAX_LIFETIME;
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW - L, ",\"jti\":\"j\"")), GX_JWT_EXPIRED);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW - 3600, ",\"iat\":1699996000,\"jti\":\"j\"")),
			 GX_JWT_EXPIRED);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW - L + 1, ",\"jti\":\"j\"")), GX_JWT_OK);
	/* no iat: exp alone bounds it */
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + M + L, ",\"jti\":\"j\"")), GX_JWT_OK);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + M + L + 1, ",\"jti\":\"j\"")),
			 GX_JWT_TOO_LONG_LIVED);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), 99999999999LL, ",\"jti\":\"j\"")),
			 GX_JWT_TOO_LONG_LIVED);
	/* exp at most 300 s after iat */
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 250, ",\"iat\":1699999950,\"jti\":\"j\"")),
			 GX_JWT_OK);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 251, ",\"iat\":1699999950,\"jti\":\"j\"")),
			 GX_JWT_TOO_LONG_LIVED);
	/* iat and nbf in the future */
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 100, ",\"iat\":1700000031,\"jti\":\"j\"")),
			 GX_JWT_NOT_YET_VALID);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 100, ",\"iat\":1700000030,\"jti\":\"j\"")),
			 GX_JWT_OK);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 100, ",\"nbf\":1700000060,\"jti\":\"j\"")),
			 GX_JWT_NOT_YET_VALID);
	/* wrong types */
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 100, ",\"nbf\":\"soon\",\"jti\":\"j\"")),
			 GX_JWT_BAD_CLAIM);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 100, ",\"iat\":null,\"jti\":\"j\"")),
			 GX_JWT_BAD_CLAIM);
	char *p = malloc(256);
	snprintf(p, 256, "{\"iss\":\"%s\",\"sub\":\"%s\",\"aud\":\"%s\",\"jti\":\"j\"}", CLIENT, CLIENT, AUD);
	assert_int_equal(ed_claims(p), GX_JWT_MISSING_CLAIM);
	p = malloc(256);
	snprintf(p, 256, "{\"iss\":\"%s\",\"sub\":\"%s\",\"aud\":\"%s\",\"exp\":\"1700000060\",\"jti\":\"j\"}", CLIENT,
		 CLIENT, AUD);
	assert_int_equal(ed_claims(p), GX_JWT_MISSING_CLAIM);
}

static void test_jti(void **state)
{
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, "")), GX_JWT_MISSING_CLAIM);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, ",\"jti\":42")), GX_JWT_MISSING_CLAIM);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, ",\"jti\":\"\"")), GX_JWT_BAD_CLAIM);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, ",\"jti\":\"a\\nb\"")), GX_JWT_BAD_CLAIM);
	/* jansson refuses \u0000 in any string: the claims are no JSON */
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, ",\"jti\":\"a\\u0000b\"")), GX_JWT_MALFORMED);
	char extra[200];
	snprintf(extra, sizeof(extra), ",\"jti\":\"%0128d\"", 7);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, extra)), GX_JWT_OK);
	snprintf(extra, sizeof(extra), ",\"jti\":\"%0129d\"", 7);
	assert_int_equal(ed_claims(claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, extra)), GX_JWT_BAD_CLAIM);
}

static void test_refused_algorithms(void **state)
{
	char *p = claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, GOOD_EXTRA);
	struct gx_client_assertion out;
	/* none: no signature */
	char *t = gx_test_jws("{\"alg\":\"none\"}", p, NULL, NULL, 0);
	assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_BAD_ALG);
	free(t);
	/* HS256 with the public key as the secret (the confusion attack) */
	t = gx_test_jws("{\"alg\":\"HS256\"}", p, NULL, ed_pk, sizeof(ed_pk));
	assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_BAD_ALG);
	free(t);
	/* RS256 and PS256, validly signed by an RSA key */
	t = gx_test_jws("{\"alg\":\"RS256\"}", p, rsa, NULL, 0);
	assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_BAD_ALG);
	assert_int_equal(verify_with(t, &ec_key, &out), GX_JWT_BAD_ALG);
	free(t);
	static const char *const headers[] = {"{\"alg\":\"PS256\"}", "{\"alg\":\"ES384\"}", "{\"alg\":\"eddsa\"}",
					      "{\"alg\":\"Ed25519\"}", "{\"typ\":\"JWT\"}", "{\"alg\":null}",
					      "{\"alg\":[\"EdDSA\"]}"};
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		t = ed_token(headers[i], p, ed_sk);
		assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_BAD_ALG);
		free(t);
	}
	t = ed_token("{\"alg\":\"EdDSA\\u0000\"}", p, ed_sk);
	assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_MALFORMED);  /* no NUL in jansson's strings */
	free(t);
	/* an allowed alg that is not the registered key's */
	t = ed_token("{\"alg\":\"ES256\"}", p, ed_sk);
	assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_KEY_MISMATCH);
	free(t);
	t = ed_token("{\"alg\":\"EdDSA\"}", p, ed_sk);
	assert_int_equal(verify_with(t, &ec_key, &out), GX_JWT_KEY_MISMATCH);
	free(t);
	t = gx_test_jws("{\"alg\":\"ES256\"}", p, ec, NULL, 0);
	assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_KEY_MISMATCH);
	free(t);
	free(p);
}

static void test_bad_signatures(void **state)
{
	char *p = claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, GOOD_EXTRA);
	struct gx_client_assertion out;
	char *t = ed_token("{\"alg\":\"EdDSA\"}", p, other_sk);
	assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_BAD_SIGNATURE);
	free(t);
	t = ed_token_n("{\"alg\":\"EdDSA\"}", p, ed_sk, 63);
	assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_BAD_SIGNATURE);
	free(t);
	/* the payload of one assertion under the signature of another */
	char *p2 = claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 61, GOOD_EXTRA);
	char *a = ed_token("{\"alg\":\"EdDSA\"}", p, ed_sk), *b = ed_token("{\"alg\":\"EdDSA\"}", p2, ed_sk);
	char *sig_a = strrchr(a, '.'), *sig_b = strrchr(b, '.');
	memcpy(sig_b, sig_a, strlen(sig_a) + 1);
	assert_int_equal(verify_with(b, &ed_key, &out), GX_JWT_BAD_SIGNATURE);
	assert_int_equal(verify_with(a, &ed_key, &out), GX_JWT_OK);
	free(a);
	free(b);
	free(p2);
	/* an ES256 signature of the wrong size */
	t = gx_test_jws("{\"alg\":\"ES256\"}", p, ec, NULL, 0);
	t[strlen(t) - 2] = '\0';
	assert_int_equal(verify_with(t, &ec_key, &out), GX_JWT_BAD_SIGNATURE);
	free(t);
	free(p);
}

static void test_structure(void **state)
{
	char *p = claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, GOOD_EXTRA);
	struct gx_client_assertion out;
	char err[160];
	assert_int_equal(gx_client_assertion_verify("", 0, &ed_key, &expect, &out, err, sizeof(err)), GX_JWT_TOO_LARGE);
	char *big = malloc(GX_CLIENT_ASSERTION_MAX_LEN + 2);
	memset(big, 'a', GX_CLIENT_ASSERTION_MAX_LEN + 1);
	big[10] = big[20] = '.';
	big[GX_CLIENT_ASSERTION_MAX_LEN + 1] = '\0';
	assert_int_equal(verify_with(big, &ed_key, &out), GX_JWT_TOO_LARGE);
	free(big);
	static const char *const shapes[] = {"abc", "abc.def", "a.b.c.d", ".abc.def", "abc..def", "ab=.cd.ef", "ab cd.ef.gh"};
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		assert_int_equal(verify_with(shapes[i], &ed_key, &out), GX_JWT_MALFORMED);
	/* header not JSON, duplicate members, crit */
	static const char *const headers[] = {"EdDSA", "{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\"}",
					      "{\"alg\":\"EdDSA\",\"crit\":[\"exp\"]}", "[\"EdDSA\"]"};
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		char *t = ed_token(headers[i], p, ed_sk);
		assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_MALFORMED);
		free(t);
	}
	/* validly signed payloads that are not a claims object */
	char dup[512];
	snprintf(dup, sizeof(dup), "{\"iss\":\"%s\",\"iss\":\"%s\",\"sub\":\"%s\",\"aud\":\"%s\",\"exp\":%d,\"jti\":\"j\"}",
		 CLIENT, CLIENT, CLIENT, AUD, NOW + 60);
	const char *const payloads[] = {"[]", "\"x\"", "{", dup};
	for (size_t i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++) {
		char *t = ed_token("{\"alg\":\"EdDSA\"}", payloads[i], ed_sk);
		assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_MALFORMED);
		free(t);
	}
	free(p);
}

static void test_bad_arguments(void **state)
{
	char *p = claims(Q(CLIENT), Q(CLIENT), Q(AUD), NOW + 60, GOOD_EXTRA);
	char *t = ed_token("{\"alg\":\"EdDSA\"}", p, ed_sk);
	struct gx_client_assertion out;
	struct gx_jwk none = {0};
	char err[160];
	assert_int_equal(gx_client_assertion_verify(t, strlen(t), NULL, &expect, &out, err, sizeof(err)), GX_JWT_BAD_ARGUMENT);
	assert_int_equal(gx_client_assertion_verify(t, strlen(t), &none, &expect, &out, err, sizeof(err)), GX_JWT_BAD_ARGUMENT);
	struct gx_client_assertion_expect x = {"", AUD, NOW};
	assert_int_equal(gx_client_assertion_verify(t, strlen(t), &ed_key, &x, &out, err, sizeof(err)), GX_JWT_BAD_ARGUMENT);
	x = (struct gx_client_assertion_expect){CLIENT, NULL, NOW};
	assert_int_equal(gx_client_assertion_verify(t, strlen(t), &ed_key, &x, &out, err, sizeof(err)), GX_JWT_BAD_ARGUMENT);
	assert_int_equal(gx_client_assertion_verify(t, strlen(t), &ed_key, &expect, NULL, err, sizeof(err)), GX_JWT_BAD_ARGUMENT);
	assert_int_equal(gx_client_assertion_check_claims(p, strlen(p), NULL, &out, err, sizeof(err)), GX_JWT_BAD_ARGUMENT);
	assert_int_equal(gx_client_assertion_check_claims(p, strlen(p), &expect, &out, err, sizeof(err)), GX_JWT_OK);
	free(t);
	free(p);
}

static void test_issuer_peek(void **state)
{
	char iss[GX_CLIENT_ASSERTION_ISS_MAX + 1], err[160];
	char *p = claims(Q(CLIENT), Q("whoever"), Q(AUD), NOW + 60, GOOD_EXTRA);
	char *t = ed_token("{\"alg\":\"none\"}", p, other_sk);  /* unverified: any signature */
	assert_int_equal(gx_client_assertion_issuer(t, strlen(t), iss, err, sizeof(err)), GX_JWT_OK);
	assert_string_equal(iss, CLIENT);
	free(t);
	free(p);
	static const char *const bad[] = {"{\"sub\":\"x\"}", "{\"iss\":\"\"}", "{\"iss\":7}", "{\"iss\":\"a\\tb\"}",
					  "{\"iss\":\"0123456789012345678901234567890123456789012345678901234567890123x\"}"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t = ed_token("{\"alg\":\"EdDSA\"}", bad[i], ed_sk);
		assert_int_equal(gx_client_assertion_issuer(t, strlen(t), iss, err, sizeof(err)), GX_JWT_BAD_ISSUER);
		assert_string_equal(iss, "");
		free(t);
	}
	t = ed_token("{\"alg\":\"EdDSA\"}", "{\"iss\":\"0123456789012345678901234567890123456789012345678901234567890123\"}", ed_sk);
	assert_int_equal(gx_client_assertion_issuer(t, strlen(t), iss, err, sizeof(err)), GX_JWT_OK);
	assert_int_equal(strlen(iss), 64);
	free(t);
	t = ed_token("{\"alg\":\"EdDSA\"}", "[1]", ed_sk);
	assert_int_equal(gx_client_assertion_issuer(t, strlen(t), iss, err, sizeof(err)), GX_JWT_MALFORMED);
	free(t);
	assert_int_equal(gx_client_assertion_issuer("a.b", 3, iss, err, sizeof(err)), GX_JWT_MALFORMED);
	assert_int_equal(gx_client_assertion_issuer("", 0, iss, err, sizeof(err)), GX_JWT_TOO_LARGE);
}

static int parse_key(const char *text, char *err, size_t errlen)
{
	struct gx_jwk k;
	int rc = gx_jwk_parse_client_key(text, strlen(text), &k, err, errlen);
	gx_jwk_clear(&k);
	return rc;
}

static void test_client_keys(void **state)
{
	char err[160];
	assert_int_equal(ed_key.type, GX_JWK_OKP_ED25519);
	assert_string_equal(gx_jwk_client_alg(&ed_key), "EdDSA");
	assert_int_equal(ec_key.type, GX_JWK_EC_P256);
	assert_string_equal(gx_jwk_client_alg(&ec_key), "ES256");

	char *t = ed_jwk_text(ed_pk, ",\"alg\":\"EdDSA\",\"use\":\"sig\",\"kid\":\"k1\",\"key_ops\":[\"verify\"]");
	assert_int_equal(parse_key(t, err, sizeof(err)), 0);
	free(t);
	/* a private key given as the public one */
	t = ed_jwk_text(ed_pk, ",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\"");
	assert_int_equal(parse_key(t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "private member \"d\""));
	free(t);
	json_t *j = gx_test_jwk(ec, NULL, NULL);
	json_object_set_new(j, "d", gx_test_b64_bn(ec, OSSL_PKEY_PARAM_PRIV_KEY, 32));
	t = json_dumps(j, JSON_COMPACT);
	assert_int_equal(parse_key(t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "private"));
	assert_null(strstr(err, json_string_value(json_object_get(j, "d"))));
	free(t);
	json_decref(j);

	struct { const char *extra; const char *why; } okp[] = {
		{",\"alg\":\"ES256\"", "alg must be \"EdDSA\""},
		{",\"use\":\"enc\"", "not for signatures"},
		{",\"key_ops\":[\"sign\"]", "not for signatures"},
		{",\"kid\":7", "kid"},
	};
	for (size_t i = 0; i < sizeof(okp) / sizeof(okp[0]); i++) {
		t = ed_jwk_text(ed_pk, okp[i].extra);
		assert_int_equal(parse_key(t, err, sizeof(err)), -1);
		assert_non_null(strstr(err, okp[i].why));
		free(t);
	}
	/* the identity point: small order */
	unsigned char identity[32] = {1};
	t = ed_jwk_text(identity, "");
	assert_int_equal(parse_key(t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a valid Ed25519"));
	free(t);

	static const char *const bad[] = {
		"{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
		"{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR\"}",
		"{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
		"{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE\","
		"\"y\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE\"}",
		"{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AAAA\",\"y\":\"AAAA\"}",
		"{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}",
		"{\"kty\":\"OKP\",\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
		"[]",
		"not json",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse_key(bad[i], err, sizeof(err)), -1);
	j = gx_test_jwk(rsa, NULL, NULL);
	t = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	assert_int_equal(parse_key(t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "kty must be"));
	free(t);
	struct gx_jwk k;
	assert_int_equal(gx_jwk_parse_client_key("", 0, &k, err, sizeof(err)), -1);
	char *huge = calloc(1, GX_JWK_CLIENT_MAX_JSON + 2);
	memset(huge, ' ', GX_JWK_CLIENT_MAX_JSON + 1);
	assert_int_equal(parse_key(huge, err, sizeof(err)), -1);
	free(huge);
}

/* The client's side, against the platform's: a generated key pair registers,
 * and an assertion made with its private half verifies (also by libsodium alone). */
static void test_generated_key_and_made_assertion(void **state)
{
	char *priv = NULL, *pub = NULL, err[160];
	assert_int_equal(gx_client_key_generate(&priv, &pub, err, sizeof(err)), 0);
	struct gx_jwk key;
	assert_int_equal(gx_jwk_parse_client_key(pub, strlen(pub), &key, err, sizeof(err)), 0);
	assert_int_equal(parse_key(priv, err, sizeof(err)), -1);  /* the private one is no public key */
	assert_null(strstr(pub, "\"d\""));

	char *t = gx_client_assertion_make(priv, strlen(priv), CLIENT, AUD, NOW, 120, err, sizeof(err));
	assert_non_null(t);
	struct gx_client_assertion out;
	assert_int_equal(verify_with(t, &key, &out), GX_JWT_OK);
	assert_int_equal(out.iat, NOW);
	assert_int_equal(out.exp, NOW + 120);
	assert_int_equal(strlen(out.jti), 22);
	const char *dot = strrchr(t, '.');
	unsigned char sig[64];
	assert_int_equal(gx_b64url_decode(dot + 1, strlen(dot + 1), sig, sizeof(sig)), 64);
	assert_int_equal(crypto_sign_verify_detached(sig, (const unsigned char *)t, (size_t)(dot - t), key.ed25519), 0);
	/* two assertions, two jtis */
	char *t2 = gx_client_assertion_make(priv, strlen(priv), CLIENT, AUD, NOW, 120, err, sizeof(err));
	struct gx_client_assertion out2;
	assert_int_equal(verify_with(t2, &key, &out2), GX_JWT_OK);
	assert_string_not_equal(out.jti, out2.jti);
	/* not with another client's key */
	assert_int_equal(verify_with(t, &ed_key, &out), GX_JWT_BAD_SIGNATURE);
	free(t);
	free(t2);

	/* what it refuses to make */
	assert_null(gx_client_assertion_make(pub, strlen(pub), CLIENT, AUD, NOW, 120, err, sizeof(err)));
	assert_non_null(strstr(err, "give the private key"));
	assert_null(gx_client_assertion_make(priv, strlen(priv), CLIENT, AUD, NOW, 0, err, sizeof(err)));
	assert_null(gx_client_assertion_make(priv, strlen(priv), CLIENT, AUD, NOW, 301, err, sizeof(err)));
	assert_null(gx_client_assertion_make(priv, strlen(priv), "", AUD, NOW, 60, err, sizeof(err)));
	char *wrong = ed_jwk_text(ed_pk, ",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\"");
	assert_null(gx_client_assertion_make(wrong, strlen(wrong), CLIENT, AUD, NOW, 60, err, sizeof(err)));
	assert_non_null(strstr(err, "x is not the public key of d"));
	free(wrong);
	gx_jwk_clear(&key);
	sodium_memzero(priv, strlen(priv));
	free(priv);
	free(pub);
}

static void test_made_es256_assertion(void **state)
{
	json_t *j = gx_test_jwk(ec, "ec-1", "ES256");
	json_object_set_new(j, "d", gx_test_b64_bn(ec, OSSL_PKEY_PARAM_PRIV_KEY, 32));
	char *priv = json_dumps(j, JSON_COMPACT), err[160];
	char *t = gx_client_assertion_make(priv, strlen(priv), CLIENT, AUD, NOW, 60, err, sizeof(err));
	assert_non_null(t);
	struct gx_client_assertion out;
	assert_int_equal(verify_with(t, &ec_key, &out), GX_JWT_OK);
	free(t);
	free(priv);
	/* d of another key under this key's x and y */
	json_object_set_new(j, "d", gx_test_b64_bn(ec_other, OSSL_PKEY_PARAM_PRIV_KEY, 32));
	priv = json_dumps(j, JSON_COMPACT);
	assert_null(gx_client_assertion_make(priv, strlen(priv), CLIENT, AUD, NOW, 60, err, sizeof(err)));
	free(priv);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eddsa_accepted),
		cmocka_unit_test(test_es256_accepted),
		cmocka_unit_test(test_audience),
		cmocka_unit_test(test_issuer_and_subject),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_jti),
		cmocka_unit_test(test_refused_algorithms),
		cmocka_unit_test(test_bad_signatures),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_issuer_peek),
		cmocka_unit_test(test_client_keys),
		cmocka_unit_test(test_generated_key_and_made_assertion),
		cmocka_unit_test(test_made_es256_assertion),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

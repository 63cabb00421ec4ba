/** Tests for PKCE S256 (RFC 7636 appendix B) and random state/nonce tokens. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "oidc/b64url.h"
#include "oidc/pkce.h"

static void test_rfc7636_appendix_b(void **state)
{
	const char *verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
	char challenge[GX_PKCE_CHALLENGE_LEN + 1];
	assert_int_equal(gx_pkce_challenge(verifier, strlen(verifier), challenge, sizeof(challenge)), 0);
	assert_string_equal(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void test_verifier_rules(void **state)
{
	char v[130], c[GX_PKCE_CHALLENGE_LEN + 1];
	memset(v, 'a', sizeof(v));
	assert_int_equal(gx_pkce_challenge(v, 42, c, sizeof(c)), -1);
	assert_int_equal(gx_pkce_challenge(v, 43, c, sizeof(c)), 0);
	assert_int_equal(gx_pkce_challenge(v, 128, c, sizeof(c)), 0);
	assert_int_equal(gx_pkce_challenge(v, 129, c, sizeof(c)), -1);
	memcpy(v, "-._~", 4);
	assert_int_equal(gx_pkce_challenge(v, 43, c, sizeof(c)), 0);
	v[5] = '+';
	assert_int_equal(gx_pkce_challenge(v, 43, c, sizeof(c)), -1);
	v[5] = 'a';
	assert_int_equal(gx_pkce_challenge(v, 43, c, GX_PKCE_CHALLENGE_LEN), -1);
}

static void test_pkce_new(void **state)
{
	char v1[GX_PKCE_VERIFIER_LEN + 1], c1[GX_PKCE_CHALLENGE_LEN + 1];
	char v2[GX_PKCE_VERIFIER_LEN + 1], c2[GX_PKCE_CHALLENGE_LEN + 1], check[GX_PKCE_CHALLENGE_LEN + 1];
	assert_int_equal(gx_pkce_new(v1, sizeof(v1), c1, sizeof(c1)), 0);
	assert_int_equal(gx_pkce_new(v2, sizeof(v2), c2, sizeof(c2)), 0);
	assert_int_equal(strlen(v1), GX_PKCE_VERIFIER_LEN);
	assert_int_equal(strlen(c1), GX_PKCE_CHALLENGE_LEN);
	for (size_t i = 0; i < GX_PKCE_VERIFIER_LEN; i++)
		assert_true(gx_b64url_is_char((unsigned char)v1[i]));
	assert_int_equal(gx_pkce_challenge(v1, strlen(v1), check, sizeof(check)), 0);
	assert_string_equal(check, c1);
	assert_string_not_equal(v1, v2);
	assert_string_not_equal(c1, c2);
	assert_int_equal(gx_pkce_new(v1, GX_PKCE_VERIFIER_LEN, c1, sizeof(c1)), -1);
	assert_int_equal(gx_pkce_new(v1, sizeof(v1), c1, GX_PKCE_CHALLENGE_LEN), -1);
}

static void test_random_token(void **state)
{
	char a[64], b[64];
	assert_int_equal(gx_random_token(a, sizeof(a), 16), 22);
	assert_int_equal(gx_random_token(b, sizeof(b), 16), 22);
	assert_string_not_equal(a, b);
	unsigned char raw[16];
	assert_int_equal(gx_b64url_decode(a, 22, raw, sizeof(raw)), 16);
	assert_int_equal(gx_random_token(a, sizeof(a), 32), 43);
	assert_int_equal(gx_random_token(a, sizeof(a), 15), -1);  /* under 128 bits */
	assert_int_equal(gx_random_token(a, 22, 16), -1);          /* no room for the NUL */
	assert_int_equal(gx_random_token(a, sizeof(a), 257), -1);
	assert_int_equal(gx_random_token(NULL, 64, 16), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc7636_appendix_b),
		cmocka_unit_test(test_verifier_rules),
		cmocka_unit_test(test_pkce_new),
		cmocka_unit_test(test_random_token),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

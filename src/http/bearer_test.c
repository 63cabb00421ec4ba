/* Access tokens: fresh ones, their hash, and what an Authorization header may hold. */
#include "http/bearer.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void test_new_tokens(void **state)
{
	char a[GX_ACCESS_TOKEN_CHARS + 1], b[GX_ACCESS_TOKEN_CHARS + 1];
	unsigned char ha[GX_STORE_TOKEN_HASH_BYTES], hb[GX_STORE_TOKEN_HASH_BYTES], again[GX_STORE_TOKEN_HASH_BYTES];
	gx_access_token_new(a, ha);
	gx_access_token_new(b, hb);
	assert_int_equal(strlen(a), GX_ACCESS_TOKEN_CHARS);
	assert_string_not_equal(a, b);
	assert_memory_not_equal(ha, hb, sizeof(ha));
	gx_access_token_hash(a, strlen(a), again);
	assert_memory_equal(ha, again, sizeof(ha));
	/* SHA-256("abc") */
	static const unsigned char abc[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
					      0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
					      0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
	gx_access_token_hash("abc", 3, again);
	assert_memory_equal(abc, again, sizeof(abc));
	const char *token;
	size_t len;
	char header[80];
	snprintf(header, sizeof(header), "Bearer %s", a);
	assert_int_equal(gx_bearer_parse(header, strlen(header), &token, &len), GX_BEARER_OK);
	assert_int_equal(len, GX_ACCESS_TOKEN_CHARS);
	assert_memory_equal(token, a, len);
}

static void test_authorization_headers(void **state)
{
	const char *t = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_x";  /* 43 characters */
	const char *token;
	size_t len;
	char h[120];
	static const char *const good[] = {"Bearer %s", "bearer %s", "BEARER   %s"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(h, sizeof(h), good[i], t);
		assert_int_equal(gx_bearer_parse(h, strlen(h), &token, &len), GX_BEARER_OK);
		assert_int_equal(len, 43);
		assert_memory_equal(token, t, 43);
	}
	static const char *const bad[] = {"Basic %s", "Bearer", "Bearer ", "Bearer%s", "Bearer %s ", "Bearer %s=",
					  "Bearer %sx", "Bearer \t%s", "Bearer %s,x", "Token %s", "Bearer  a.b.c"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(h, sizeof(h), bad[i], t);
		assert_int_equal(gx_bearer_parse(h, strlen(h), &token, &len), GX_BEARER_MALFORMED);
		assert_null(token);
	}
	snprintf(h, sizeof(h), "Bearer %.42s!", t);
	assert_int_equal(gx_bearer_parse(h, strlen(h), &token, &len), GX_BEARER_MALFORMED);
	assert_int_equal(gx_bearer_parse(NULL, 0, &token, &len), GX_BEARER_ABSENT);
	assert_int_equal(gx_bearer_parse("", 0, &token, &len), GX_BEARER_MALFORMED);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_tokens),
		cmocka_unit_test(test_authorization_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

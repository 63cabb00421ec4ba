/** Tests for the client's URL parser. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "client/url.h"

static int parse(const char *s, struct gx_url *u)
{
	return gx_url_parse(s, strlen(s), u);
}

static void eq(const char *p, size_t n, const char *want)
{
	assert_int_equal(n, strlen(want));
	assert_memory_equal(p, want, n);
}

static void test_good(void **state)
{
	struct gx_url u;
	assert_int_equal(parse("http://127.0.0.1:8080/a/b?x=1&y=%20#frag", &u), 0);
	eq(u.host, u.host_len, "127.0.0.1");
	assert_int_equal(u.host_kind, GX_URL_HOST_IPV4);
	assert_int_equal(u.port, 8080);
	assert_true(u.explicit_port);
	eq(u.authority, u.authority_len, "127.0.0.1:8080");
	eq(u.target, u.target_len, "/a/b?x=1&y=%20");

	assert_int_equal(parse("HTTP://LocalHost", &u), 0);
	eq(u.host, u.host_len, "LocalHost");
	assert_int_equal(u.host_kind, GX_URL_HOST_NAME);
	assert_int_equal(u.port, 80);
	assert_false(u.explicit_port);
	eq(u.target, u.target_len, "/");

	assert_int_equal(parse("http://[::1]:9000/jwks", &u), 0);
	eq(u.host, u.host_len, "::1");
	assert_int_equal(u.host_kind, GX_URL_HOST_IPV6);
	eq(u.authority, u.authority_len, "[::1]:9000");
	assert_int_equal(u.port, 9000);

	assert_int_equal(parse("http://registry.example-1.lu?q", &u), 0);
	eq(u.target, u.target_len, "?q");
	assert_int_equal(parse("http://a:65535/", &u), 0);
	assert_int_equal(u.port, 65535);
	assert_int_equal(parse("http://h/#", &u), 0);
	eq(u.target, u.target_len, "/");
}

static void test_bad(void **state)
{
	static const char *const bad[] = {
		"", "http:/", "http://", "https://127.0.0.1/", "ftp://h/", "http://user@h/", "http://h:/",
		"http://h:0/", "http://h:65536/", "http://h:123456/", "http://h:8a/", "http://-h/", "http://h-/",
		"http://a..b/", "http://.a/", "http://a./", "http://256.1.1.1/", "http://1.2.3/", "http://01.2.3.4/",
		"http://[::1/", "http://[::g]/", "http://[::1]x/", "http://h/a b", "http://h/\x7f", "http://h/\xc3\xa9",
		"http://h_1/", "http://h/#a b", "http://[]/", " http://h/",
	};
	struct gx_url u;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], &u) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	/* a NUL inside is not the end */
	assert_int_equal(gx_url_parse("http://h/\0x", 11, &u), -1);
	/* length cap */
	static char longurl[GX_URL_MAX + 2];
	memcpy(longurl, "http://h/", 9);
	memset(longurl + 9, 'a', sizeof(longurl) - 10);
	assert_int_equal(gx_url_parse(longurl, GX_URL_MAX, &u), 0);
	assert_int_equal(gx_url_parse(longurl, GX_URL_MAX + 1, &u), -1);
	assert_int_equal(gx_url_parse(NULL, 0, &u), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

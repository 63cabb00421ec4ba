/** Tests for Cookie header parsing and Set-Cookie building. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "http/cookie.h"

/** Looks name up in h and returns the value as a NUL-terminated copy in a
 *  static buffer, or NULL when absent. */
static const char *get_n(const char *h, size_t len, const char *name)
{
	static char buf[256];
	const char *v = NULL;
	size_t n = 0;
	if (gx_cookie_get(h, len, name, &v, &n) != 0)
		return NULL;
	assert_true(v >= h && v + n <= h + len);
	assert_true(n < sizeof(buf));
	memcpy(buf, v, n);
	buf[n] = '\0';
	return buf;
}

static const char *get(const char *h, const char *name)
{
	return get_n(h, strlen(h), name);
}

static void test_basic(void **state)
{
	assert_string_equal(get("lang=fr", "lang"), "fr");
	assert_string_equal(get("a=1; lang=de; b=2", "lang"), "de");
	assert_string_equal(get("a=1; lang=de; b=2", "a"), "1");
	assert_string_equal(get("a=1; lang=de; b=2", "b"), "2");
	assert_null(get("a=1; lang=de; b=2", "c"));
	assert_null(get("a=1", "A"));       /* names are case-sensitive */
	assert_null(get("lang2=x", "lang")); /* no prefix match */
	assert_null(get("xlang=x", "lang"));
}

static void test_first_match(void **state)
{
	assert_string_equal(get("lang=en; lang=de", "lang"), "en");
}

static void test_spaces(void **state)
{
	assert_string_equal(get("  lang  =  en  ;b=1", "lang"), "en");
	assert_string_equal(get("a=1;lang=de", "lang"), "de");
	assert_string_equal(get("\tlang=\tlb\t", "lang"), "lb");
	assert_string_equal(get("a=x y z", "a"), "x y z"); /* inner spaces kept */
}

static void test_quoted(void **state)
{
	assert_string_equal(get("lang=\"fr\"", "lang"), "fr");
	assert_string_equal(get("lang=\"\"; b=1", "lang"), "");
	assert_string_equal(get("lang = \"de\" ", "lang"), "de");
	/* an unterminated quote is malformed: skipped, the next one found */
	assert_null(get("lang=\"fr", "lang"));
	assert_null(get("lang=\"", "lang"));
	assert_string_equal(get("lang=\"fr; lang=en", "lang"), "en");
}

static void test_empty_values(void **state)
{
	assert_string_equal(get("lang=", "lang"), "");
	assert_string_equal(get("lang=;b=2", "lang"), "");
	assert_string_equal(get("lang=  ; b=2", "lang"), "");
	assert_string_equal(get("a=b=c", "a"), "b=c"); /* the first '=' splits */
}

static void test_malformed_skipped(void **state)
{
	assert_string_equal(get("garbage; lang=de", "lang"), "de");
	assert_string_equal(get("=x; lang=de", "lang"), "de");
	assert_string_equal(get(";;; ; lang=de;;", "lang"), "de");
	assert_null(get("lang", "lang"));
	assert_null(get("", "lang"));
	assert_null(get(";", "lang"));
	assert_null(get("=", "lang"));
}

static void test_bad_arguments(void **state)
{
	const char *v;
	size_t n;
	assert_int_equal(gx_cookie_get(NULL, 0, "a", &v, &n), -1);
	assert_int_equal(gx_cookie_get("a=1", 3, "", &v, &n), -1);
	assert_int_equal(gx_cookie_get("a=1", 3, NULL, &v, &n), -1);
	assert_int_equal(gx_cookie_get("a=1", 3, "a", NULL, &n), -1);
}

static void test_never_past_len(void **state)
{
	/* the header ends after "lang=e": the rest is not ours */
	assert_string_equal(get_n("lang=en", 6, "lang"), "e");
	assert_null(get_n("lang=en", 4, "lang"));
	assert_string_equal(get_n("lang=\"en\"", 8, "lang") == NULL ? "absent" : "present", "absent");
	/* a buffer without NUL, exactly len bytes, heap allocated so ASan sees an overrun */
	char *h = malloc(9);
	assert_non_null(h);
	memcpy(h, "a=1; b=22", 9);
	const char *v;
	size_t n;
	assert_int_equal(gx_cookie_get(h, 9, "b", &v, &n), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(v, "22", 2);
	assert_int_equal(gx_cookie_get(h, 9, "c", &v, &n), -1);
	free(h);
	/* NUL bytes inside the header are ordinary bytes */
	assert_int_equal(gx_cookie_get("x=\0; lang=de", 12, "lang", &v, &n), 0);
	assert_memory_equal(v, "de", 2);
}

static void test_format(void **state)
{
	char out[256];
	struct gx_cookie_attrs a = {31536000, "/", true, true, "Lax"};
	int n = gx_cookie_format(out, sizeof(out), "lang", "de", &a);
	assert_string_equal(out, "lang=de; Max-Age=31536000; Path=/; Secure; HttpOnly; SameSite=Lax");
	assert_int_equal(n, (int)strlen(out));

	assert_int_equal(gx_cookie_format(out, sizeof(out), "a", "", NULL), 2);
	assert_string_equal(out, "a=");

	struct gx_cookie_attrs del = {0, "/", false, false, "Strict"};
	assert_true(gx_cookie_format(out, sizeof(out), "lang", "", &del) > 0);
	assert_string_equal(out, "lang=; Max-Age=0; Path=/; SameSite=Strict");

	struct gx_cookie_attrs host = {-1, "/", true, true, "None"};
	assert_true(gx_cookie_format(out, sizeof(out), "__Host-sid", "AbC-_.~!#$%&'()*+/:<=>?@[]^`{|}", &host) > 0);
	assert_string_equal(out, "__Host-sid=AbC-_.~!#$%&'()*+/:<=>?@[]^`{|}; Path=/; Secure; HttpOnly; SameSite=None");
}

static void test_format_refusals(void **state)
{
	char out[64];
	static const char *const bad_names[] = {"", "a b", "a;b", "a,b", "a=b", "a\"b", "a\\b", "a\tb", "a\x01",
						"a\x7f", "caf\xc3\xa9", "(a)", "a/b", "a:b", "a@b", "a{b}", "a?b"};
	static const char *const bad_values[] = {"a b", "a;b", "a,b", "a\"b", "a\\b", "a\tb", "a\nb",
						 "a\rb", "\x01", "\x7f", "caf\xc3\xa9", "\"quoted\""};
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
		memset(out, 'x', sizeof(out));
		assert_int_equal(gx_cookie_format(out, sizeof(out), bad_names[i], "v", NULL), -1);
		assert_string_equal(out, "");
	}
	for (size_t i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++)
		assert_int_equal(gx_cookie_format(out, sizeof(out), "n", bad_values[i], NULL), -1);
	assert_int_equal(gx_cookie_format(out, sizeof(out), NULL, "v", NULL), -1);
	assert_int_equal(gx_cookie_format(out, sizeof(out), "n", NULL, NULL), -1);
	assert_int_equal(gx_cookie_format(NULL, 10, "n", "v", NULL), -1);
	assert_int_equal(gx_cookie_format(out, 0, "n", "v", NULL), -1);

	struct gx_cookie_attrs a = {-1, NULL, false, false, NULL};
	a.max_age = -2;
	assert_int_equal(gx_cookie_format(out, sizeof(out), "n", "v", &a), -1);
	a.max_age = -1;
	a.path = "relative";
	assert_int_equal(gx_cookie_format(out, sizeof(out), "n", "v", &a), -1);
	a.path = "/a;b";
	assert_int_equal(gx_cookie_format(out, sizeof(out), "n", "v", &a), -1);
	a.path = "/a\nb";
	assert_int_equal(gx_cookie_format(out, sizeof(out), "n", "v", &a), -1);
	a.path = "/";
	a.same_site = "lax";
	assert_int_equal(gx_cookie_format(out, sizeof(out), "n", "v", &a), -1);
	a.same_site = "None"; /* without Secure */
	assert_int_equal(gx_cookie_format(out, sizeof(out), "n", "v", &a), -1);
	a.same_site = NULL;
	assert_int_equal(gx_cookie_format(out, sizeof(out), "__Secure-n", "v", &a), -1);
	assert_int_equal(gx_cookie_format(out, sizeof(out), "__Host-n", "v", &a), -1);
	a.secure = true;
	a.path = "/x";
	assert_int_equal(gx_cookie_format(out, sizeof(out), "__Host-n", "v", &a), -1);
	a.path = "/";
	assert_true(gx_cookie_format(out, sizeof(out), "__Host-n", "v", &a) > 0);
	assert_true(gx_cookie_format(out, sizeof(out), "__Secure-n", "v", &a) > 0);
}

static void test_format_truncation(void **state)
{
	char out[8];
	assert_int_equal(gx_cookie_format(out, sizeof(out), "lang", "fr", NULL), 7);
	assert_string_equal(out, "lang=fr");
	assert_int_equal(gx_cookie_format(out, sizeof(out), "lang", "lb1", NULL), -1);
	assert_string_equal(out, "");
	struct gx_cookie_attrs a = {60, NULL, false, false, NULL};
	assert_int_equal(gx_cookie_format(out, sizeof(out), "a", "b", &a), -1);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),          cmocka_unit_test(test_first_match),
		cmocka_unit_test(test_spaces),         cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_empty_values),   cmocka_unit_test(test_malformed_skipped),
		cmocka_unit_test(test_bad_arguments),  cmocka_unit_test(test_never_past_len),
		cmocka_unit_test(test_format),         cmocka_unit_test(test_format_refusals),
		cmocka_unit_test(test_format_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

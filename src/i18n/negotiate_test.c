/** Tests for language codes and negotiation: cookie, Accept-Language, fallback. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"

static enum gx_lang nego(const char *cookie, const char *al, enum gx_lang fallback)
{
	return gx_lang_negotiate(cookie, cookie != NULL ? strlen(cookie) : 0, al, al != NULL ? strlen(al) : 0,
				 fallback);
}

static void test_codes(void **state)
{
	enum gx_lang l = GX_LANG__COUNT;
	assert_string_equal(gx_lang_code(GX_LANG_FR), "fr");
	assert_string_equal(gx_lang_code(GX_LANG_DE), "de");
	assert_string_equal(gx_lang_code(GX_LANG_EN), "en");
	assert_string_equal(gx_lang_code(GX_LANG_LB), "lb");
	assert_string_equal(gx_lang_code((enum gx_lang)42), "fr");
	assert_int_equal(gx_lang_from_code("LB", 2, &l), 0);
	assert_int_equal(l, GX_LANG_LB);
	assert_int_equal(gx_lang_from_code("De", 2, &l), 0);
	assert_int_equal(l, GX_LANG_DE);
	assert_int_equal(gx_lang_from_code("de-LU", 5, &l), -1);
	assert_int_equal(gx_lang_from_code("d", 1, &l), -1);
	assert_int_equal(gx_lang_from_code("it", 2, &l), -1);
	assert_int_equal(gx_lang_from_code("", 0, &l), -1);
	assert_int_equal(gx_lang_from_code("enx", 2, &l), 0); /* only len bytes are read */
	assert_int_equal(l, GX_LANG_EN);
}

static void test_cookie_wins(void **state)
{
	assert_int_equal(nego("lang=en", "de", GX_LANG_FR), GX_LANG_EN);
	assert_int_equal(nego("a=1; lang=LB; b=2", "de;q=1, en", GX_LANG_FR), GX_LANG_LB);
	assert_int_equal(nego("lang=\"de\"", NULL, GX_LANG_FR), GX_LANG_DE);
	/* a cookie naming no supported language is ignored */
	assert_int_equal(nego("lang=it", "de", GX_LANG_FR), GX_LANG_DE);
	assert_int_equal(nego("lang=", "en", GX_LANG_FR), GX_LANG_EN);
	assert_int_equal(nego("xlang=en", NULL, GX_LANG_DE), GX_LANG_DE);
	assert_int_equal(nego("lang=de-LU", NULL, GX_LANG_FR), GX_LANG_FR);
}

static void test_qvalues(void **state)
{
	assert_int_equal(nego(NULL, "fr;q=0.5, de;q=0.9, en;q=0.7", GX_LANG_FR), GX_LANG_DE);
	assert_int_equal(nego(NULL, "en;q=0.1, lb", GX_LANG_FR), GX_LANG_LB);
	assert_int_equal(nego(NULL, "en;q=0.501, de;q=0.5", GX_LANG_FR), GX_LANG_EN);
	assert_int_equal(nego(NULL, "en;q=1.000, de", GX_LANG_FR), GX_LANG_EN); /* tie: first listed */
	assert_int_equal(nego(NULL, "de, en", GX_LANG_FR), GX_LANG_DE);
	assert_int_equal(nego(NULL, "en;Q=0.2, de;q=0.1", GX_LANG_FR), GX_LANG_EN);
	assert_int_equal(nego(NULL, "it, es;q=0.9, de;q=0.1", GX_LANG_FR), GX_LANG_DE);
	/* unsupported only: the fallback */
	assert_int_equal(nego(NULL, "it, es;q=0.9", GX_LANG_EN), GX_LANG_EN);
}

static void test_region_subtags(void **state)
{
	assert_int_equal(nego(NULL, "de-LU", GX_LANG_FR), GX_LANG_DE);
	assert_int_equal(nego(NULL, "lb-LU,fr;q=0.8", GX_LANG_FR), GX_LANG_LB);
	assert_int_equal(nego(NULL, "en-GB;q=0.9, fr-BE;q=0.4", GX_LANG_DE), GX_LANG_EN);
	assert_int_equal(nego(NULL, "zh-Hant-TW, de-CH-1996;q=0.3", GX_LANG_FR), GX_LANG_DE);
	/* "fra" and "deu" are other tags, not fr and de */
	assert_int_equal(nego(NULL, "deu, fra", GX_LANG_EN), GX_LANG_EN);
}

static void test_q_zero_excludes(void **state)
{
	assert_int_equal(nego(NULL, "fr;q=0", GX_LANG_FR), GX_LANG_FR);   /* nothing left: fallback */
	assert_int_equal(nego(NULL, "de;q=0, en;q=0.1", GX_LANG_DE), GX_LANG_EN);
	assert_int_equal(nego(NULL, "fr;q=0.000, *", GX_LANG_FR), GX_LANG_DE); /* "*" but not fr */
	assert_int_equal(nego(NULL, "*;q=0", GX_LANG_EN), GX_LANG_EN);
	/* a regional q=0 does not exclude a positive plain range */
	assert_int_equal(nego(NULL, "de-CH;q=0, de;q=0.5, en;q=0.4", GX_LANG_FR), GX_LANG_DE);
}

static void test_wildcard(void **state)
{
	assert_int_equal(nego(NULL, "*", GX_LANG_DE), GX_LANG_DE);
	assert_int_equal(nego(NULL, "*", GX_LANG_LB), GX_LANG_LB);
	assert_int_equal(nego(NULL, "it, *;q=0.5", GX_LANG_EN), GX_LANG_EN);
	/* an explicit range with a higher weight beats the wildcard */
	assert_int_equal(nego(NULL, "*;q=0.5, en;q=0.8", GX_LANG_FR), GX_LANG_EN);
	/* the wildcard with a higher weight beats a named low one: the fallback */
	assert_int_equal(nego(NULL, "en;q=0.2, *", GX_LANG_FR), GX_LANG_FR);
	/* the fallback named low: the wildcard gives the next unnamed language */
	assert_int_equal(nego(NULL, "fr;q=0.1, *", GX_LANG_FR), GX_LANG_DE);
}

static void test_garbage(void **state)
{
	assert_int_equal(nego(NULL, ";;;,,,;q=1", GX_LANG_DE), GX_LANG_DE);
	assert_int_equal(nego(NULL, "en;q=2, de;q=0.9", GX_LANG_FR), GX_LANG_DE);      /* q > 1 */
	assert_int_equal(nego(NULL, "en;q=0.1234, de;q=0.1", GX_LANG_FR), GX_LANG_DE); /* 4 decimals */
	assert_int_equal(nego(NULL, "en;q=, lb;q=abc, de;q", GX_LANG_FR), GX_LANG_FR);
	assert_int_equal(nego(NULL, "en;q=1.5, lb;q=1.001", GX_LANG_FR), GX_LANG_FR);
	assert_int_equal(nego(NULL, "e n, d\x01" "e, toolonglanguage, de-, -de, de--LU", GX_LANG_FR), GX_LANG_FR);
	assert_int_equal(nego(NULL, "\xff\xfe\x80, en", GX_LANG_FR), GX_LANG_EN);
	assert_int_equal(nego(NULL, "de-abcdefghi, en-abcdefgh", GX_LANG_FR), GX_LANG_EN);
	/* a NUL inside the given length is just a bad byte */
	assert_int_equal(gx_lang_negotiate(NULL, 0, "de\0, en", 7, GX_LANG_FR), GX_LANG_EN);
	/* an out-of-range fallback is treated as fr */
	assert_int_equal(nego(NULL, NULL, (enum gx_lang)99), GX_LANG_FR);
}

static void test_empty(void **state)
{
	assert_int_equal(nego(NULL, NULL, GX_LANG_DE), GX_LANG_DE);
	assert_int_equal(nego("", "", GX_LANG_LB), GX_LANG_LB);
	assert_int_equal(nego(" ; ", " , ", GX_LANG_EN), GX_LANG_EN);
}

static void test_uppercase(void **state)
{
	assert_int_equal(nego(NULL, "DE-LU", GX_LANG_FR), GX_LANG_DE);
	assert_int_equal(nego(NULL, "En;Q=0.3, LB;q=0.4", GX_LANG_FR), GX_LANG_LB);
	assert_int_equal(nego("lang=EN", NULL, GX_LANG_FR), GX_LANG_EN);
}

static void test_whitespace(void **state)
{
	assert_int_equal(nego(NULL, "  en ;  q = 0.4 ,\tde\t;q=0.6  ", GX_LANG_FR), GX_LANG_DE);
	assert_int_equal(nego(NULL, "fr;q=0.1,en", GX_LANG_DE), GX_LANG_EN);
	assert_int_equal(nego(" \tlang = de ; x=y", NULL, GX_LANG_FR), GX_LANG_DE);
}

static void test_length_respected(void **state)
{
	/* only the first 2 bytes of each header are given */
	assert_int_equal(gx_lang_negotiate("lang=en", 2, "de;q=0.1, en", 2, GX_LANG_FR), GX_LANG_DE);
	assert_int_equal(gx_lang_negotiate("lang=en", 6, NULL, 0, GX_LANG_FR), GX_LANG_FR);
}

static void test_very_long_header(void **state)
{
	size_t n = 1u << 20;
	char *h = malloc(n);
	assert_non_null(h);
	for (size_t i = 0; i + 7 <= n; i += 7)
		memcpy(h + i, "it;q=1,", 7);
	memcpy(h + n - 9, ",lb;q=.5", 8); /* malformed: q needs a leading digit */
	h[n - 1] = ',';
	assert_int_equal(gx_lang_negotiate(h, n, h, n, GX_LANG_EN), GX_LANG_EN);
	memcpy(h + n - 9, ",lb;q=0.5", 9);
	assert_int_equal(gx_lang_negotiate(h, n, h, n, GX_LANG_EN), GX_LANG_LB);
	memset(h, 'a', n); /* one huge token */
	assert_int_equal(gx_lang_negotiate(h, n, h, n, GX_LANG_DE), GX_LANG_DE);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),           cmocka_unit_test(test_cookie_wins),
		cmocka_unit_test(test_qvalues),         cmocka_unit_test(test_region_subtags),
		cmocka_unit_test(test_q_zero_excludes), cmocka_unit_test(test_wildcard),
		cmocka_unit_test(test_garbage),         cmocka_unit_test(test_empty),
		cmocka_unit_test(test_uppercase),       cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_length_respected), cmocka_unit_test(test_very_long_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

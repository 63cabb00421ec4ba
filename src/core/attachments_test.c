/* The parts of attachments.c that need no request: a file's type from its
 * bytes and its name made fit to keep and show. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/attachments.h"

static const char *clean(const char *raw, size_t len)
{
	static char out[GX_ATTACHMENT_NAME_MAX];
	gx_attachment_clean_name(raw, len, out);
	return out;
}
#define CLEAN(s) clean(s, sizeof(s) - 1)

static void test_names(void **state)
{
	assert_string_equal(CLEAN("vaccination 2026.pdf"), "vaccination 2026.pdf");
	assert_string_equal(CLEAN("C:\\Users\\marie\\scan.pdf"), "scan.pdf");
	assert_string_equal(CLEAN("/home/marie/../scan.pdf"), "scan.pdf");
	assert_string_equal(CLEAN("  carnet é.pdf  "), "carnet é.pdf");
	assert_string_equal(CLEAN("a\tb\r\nc\x7f.pdf"), "a_b__c_.pdf");
	assert_string_equal(CLEAN("nul\0byte.pdf"), "nul_byte.pdf");
	/* Not UTF-8: a lone continuation byte, a cut sequence, an overlong '/', a surrogate. */
	assert_string_equal(CLEAN("x\x80y"), "x_y");
	assert_string_equal(CLEAN("x\xc3"), "x_");
	assert_string_equal(CLEAN("x\xc0\xafy"), "x__y");
	assert_string_equal(CLEAN("x\xed\xa0\x80y"), "x___y");
	assert_string_equal(CLEAN("日本語.png"), "日本語.png");
	assert_string_equal(CLEAN("dir/"), "");
	assert_string_equal(clean(NULL, 0), "");
	/* Cut to fit, never inside a character. */
	char long_name[600];
	memset(long_name, 'a', 254);
	memcpy(long_name + 254, "é.pdf", 6);
	const char *c = clean(long_name, 254 + 6);
	assert_int_equal(strlen(c), 254);
	memset(long_name, 'a', 253);
	memcpy(long_name + 253, "é", 2);
	c = clean(long_name, 255);
	assert_int_equal(strlen(c), 255);
	assert_memory_equal(c + 253, "é", 2);
}

static void test_types(void **state)
{
	assert_string_equal(gx_sniff_type((const unsigned char *)"%PDF-1.7", 8), "application/pdf");
	assert_string_equal(gx_sniff_type((const unsigned char *)"\x89PNG\r\n\x1a\n", 8), "image/png");
	assert_string_equal(gx_sniff_type((const unsigned char *)"\xff\xd8\xff\xe0", 4), "image/jpeg");
	assert_string_equal(gx_sniff_type((const unsigned char *)"II*\0", 4), "image/tiff");
	assert_string_equal(gx_sniff_type((const unsigned char *)"MM\0*", 4), "image/tiff");
	assert_null(gx_sniff_type((const unsigned char *)"%PDF", 4));
	assert_null(gx_sniff_type((const unsigned char *)"MZ\x90\0", 4));
	assert_null(gx_sniff_type((const unsigned char *)"", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

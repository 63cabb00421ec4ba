/** Tests of the byte buffer: growth, reserve, and the template fill ({name}
 *  replaced, anything else kept as written). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/buf.h"

static const char *filled(struct gx_buf *b, const char *tmpl, const char *const *pairs)
{
	gx_buf_reset(b);
	assert_int_equal(gx_buf_append_filled(b, tmpl, pairs), 0);
	return gx_buf_cstr(b);
}

static void test_fill(void **state)
{
	struct gx_buf b = GX_BUF_INIT;
	const char *const pairs[] = {"register", "Social security", "date", "2026-03-01", NULL};
	assert_string_equal(filled(&b, "The {register} on {date}.", pairs), "The Social security on 2026-03-01.");
	assert_string_equal(filled(&b, "{date}{date}", pairs), "2026-03-012026-03-01");
	assert_string_equal(filled(&b, "keep {other} and {", pairs), "keep {other} and {");
	assert_string_equal(filled(&b, "a } b {}", pairs), "a } b {}");
	assert_string_equal(filled(&b, "", pairs), "");
	assert_string_equal(filled(&b, "no pairs {date}", (const char *const[]){NULL}), "no pairs {date}");
	gx_buf_free(&b);
}

static void test_append_and_reserve(void **state)
{
	struct gx_buf b = GX_BUF_INIT;
	assert_string_equal(gx_buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(gx_buf_append_char(&b, (char)('a' + i % 26)), 0);
	assert_int_equal(b.len, 1000);
	assert_int_equal(strlen(gx_buf_cstr(&b)), 1000);
	assert_int_equal(b.data[999], 'a' + 999 % 26);
	assert_int_equal(gx_buf_reserve(&b, 10000), 0);
	assert_true(b.cap >= 11001);
	char *before = b.data;
	assert_int_equal(gx_buf_append(&b, "xyz", 3), 0); /* no move: it had the room */
	assert_ptr_equal(b.data, before);
	assert_string_equal(gx_buf_cstr(&b) + 1000, "xyz");
	assert_int_equal(gx_buf_reserve(&b, (size_t)-1), -1); /* cannot: failed, and stays so */
	assert_true(b.failed);
	assert_int_equal(gx_buf_append_char(&b, 'q'), -1);
	assert_int_equal(b.len, 1003);
	gx_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_append_and_reserve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

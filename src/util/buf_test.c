/** Tests of the byte buffer's template fill: {name} replaced, anything else kept as written. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

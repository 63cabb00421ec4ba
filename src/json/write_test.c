/** Unit tests for the JSON text writer (src/json/write.h). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "json/write.h"

static void assert_written(const char *in, size_t len, const char *want)
{
	struct gx_buf b = GX_BUF_INIT;
	gx_json_write_string(&b, in, len);
	assert_false(b.failed);
	assert_string_equal(gx_buf_cstr(&b), want);
	gx_buf_free(&b);
}

static void test_plain_and_escapes(void **state)
{
	(void)state;
	assert_written("", 0, "\"\"");
	assert_written("Demande d'aide", 14, "\"Demande d'aide\"");
	assert_written("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	assert_written("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
	assert_written("\x01\x1f", 2, "\"\\u0001\\u001f\"");
	assert_written("a\0b", 3, "\"a\\u0000b\"");
	assert_written("</script>", 9, "\"</script>\"");
}

static void test_utf8_kept_and_invalid_replaced(void **state)
{
	(void)state;
	assert_written("Kannerbäih\xc3\xabllef", strlen("Kannerbäih\xc3\xabllef"), "\"Kannerbäih\xc3\xabllef\"");
	assert_written("\xe2\x82\xac \xf0\x9f\x87\xb1", 8, "\"\xe2\x82\xac \xf0\x9f\x87\xb1\"");
	assert_written("\xff", 1, "\"\xef\xbf\xbd\"");
	assert_written("a\xc3", 2, "\"a\xef\xbf\xbd\"");              /* cut sequence */
	assert_written("\xc0\xaf", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\""); /* overlong */
	assert_written("\xed\xa0\x80", 3, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""); /* surrogate */
	assert_written("\xf4\x90\x80\x80", 4, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
}

static void test_numbers_keys_null(void **state)
{
	(void)state;
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_append_char(&b, '{');
	gx_json_write_key(&b, "a", 1);
	gx_json_write_int(&b, 0);
	gx_json_write_key(&b, "b", 0);
	gx_json_write_int(&b, -9223372036854775807LL - 1);
	gx_json_write_key(&b, "c", 0);
	gx_json_write_int(&b, 1764236400000000LL);
	gx_json_write_key(&b, "d", 0);
	gx_json_write_cstr_or_null(&b, "");
	gx_json_write_key(&b, "e", 0);
	gx_json_write_cstr_or_null(&b, "2026-GX-000123");
	gx_buf_append_char(&b, '}');
	assert_string_equal(gx_buf_cstr(&b), "{\"a\":0,\"b\":-9223372036854775808,\"c\":1764236400000000,\"d\":null,"
					     "\"e\":\"2026-GX-000123\"}");
	json_error_t err;
	json_t *back = json_loads(gx_buf_cstr(&b), 0, &err);
	assert_non_null(back);
	assert_int_equal(json_integer_value(json_object_get(back, "b")), -9223372036854775807LL - 1);
	json_decref(back);
	gx_buf_free(&b);
}

/* Every byte string comes back from a JSON parser as itself when it is
 * UTF-8, and as valid JSON in any case. */
static void test_round_trip_through_jansson(void **state)
{
	(void)state;
	unsigned char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	struct gx_buf b = GX_BUF_INIT;
	gx_json_write_string(&b, (const char *)all, sizeof(all));
	json_error_t err;
	json_t *v = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	assert_non_null(v);
	assert_int_equal(json_string_length(v), 128 + 128 * 3);
	assert_memory_equal(json_string_value(v), all, 128);
	json_decref(v);
	gx_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_escapes),
		cmocka_unit_test(test_utf8_kept_and_invalid_replaced),
		cmocka_unit_test(test_numbers_keys_null),
		cmocka_unit_test(test_round_trip_through_jansson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

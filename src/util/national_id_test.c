/** Tests of the national identification number's check digits, against the
 *  identity provider's fixture (the same values idp/population.mjs accepts). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "util/national_id.h"

static void test_known_values(void **state)
{
	char id[GX_NATIONAL_ID_LEN + 1];
	assert_int_equal(gx_national_id_make(1985, 3, 14, 101, id), 0);
	assert_string_equal(id, "1985031410148");
	assert_int_equal(gx_national_id_make(1972, 11, 2, 138, id), 0);
	assert_string_equal(id, "1972110213859");
	assert_int_equal(gx_national_id_luhn("19850314101", 11), 4);
	assert_int_equal(gx_national_id_verhoeff("19850314101", 11), 8);
	/* Verhoeff's textbook example: 236 -> 3 */
	assert_int_equal(gx_national_id_verhoeff("236", 3), 3);
	/* Luhn's textbook example: 7992739871 -> 3 */
	assert_int_equal(gx_national_id_luhn("7992739871", 10), 3);
}

static void test_rejects(void **state)
{
	assert_true(gx_national_id_valid("1985031410148"));
	assert_false(gx_national_id_valid("1985031410149"));   /* Verhoeff digit wrong */
	assert_false(gx_national_id_valid("1985031410158"));   /* Luhn digit wrong */
	assert_false(gx_national_id_valid("1985031411148"));   /* a payload digit changed */
	assert_false(gx_national_id_valid("1985023010148"));   /* 30 February */
	assert_false(gx_national_id_valid("198503141014"));
	assert_false(gx_national_id_valid("19850314101480"));
	assert_false(gx_national_id_valid("198503141014a"));
	assert_false(gx_national_id_valid(NULL));
	char id[GX_NATIONAL_ID_LEN + 1];
	assert_int_equal(gx_national_id_make(1985, 2, 30, 1, id), -1);
	assert_int_equal(gx_national_id_make(1985, 2, 3, 1000, id), -1);
	assert_int_equal(gx_national_id_make(2000, 2, 29, 0, id), 0);
	assert_true(gx_national_id_valid(id));
}

/** Every id of the identity provider's demo population validates, and making it again gives it back. */
static void test_fixture_ids(void **state)
{
	json_error_t err;
	json_t *list = json_load_file("idp/fixtures/demo-population.json", 0, &err);
	assert_non_null(list);
	assert_true(json_array_size(list) >= 6);
	size_t i;
	json_t *p;
	json_array_foreach(list, i, p) {
		const char *id = json_string_value(json_object_get(p, "national_id"));
		assert_non_null(id);
		assert_true(gx_national_id_valid(id));
		int y, m, d, seq;
		assert_int_equal(sscanf(id, "%4d%2d%2d%3d", &y, &m, &d, &seq), 4);
		char again[GX_NATIONAL_ID_LEN + 1];
		assert_int_equal(gx_national_id_make(y, m, d, seq, again), 0);
		assert_string_equal(again, id);
	}
	json_decref(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_fixture_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/** Tests of the day-number calendar, against known dates and the C
 *  library's own UTC calendar (gmtime_r). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <time.h>

#include "util/calendar.h"

static void test_known_days(void **state)
{
	assert_int_equal(gx_cal_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(gx_cal_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(gx_cal_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(gx_cal_days_from_civil(2025, 1, 1), 20089);
	assert_int_equal(gx_cal_days_from_civil(1, 1, 1), -719162);
	int y, m, d;
	gx_cal_civil_from_days(-719162, &y, &m, &d);
	assert_int_equal(y, 1);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	gx_cal_civil_from_days(11016, &y, &m, &d); /* the day before 2000-03-01 */
	assert_int_equal(y, 2000);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
}

/* Every day from 1601 to 2400 (three leap-century rules) agrees with gmtime_r,
 * its weekday too, and goes back to the same day number. */
static void test_against_gmtime(void **state)
{
	int from = gx_cal_days_from_civil(1601, 1, 1), to = gx_cal_days_from_civil(2401, 1, 1);
	int prev = from - 1;
	for (int days = from; days < to; days++) {
		time_t t = (time_t)days * 86400;
		struct tm tm;
		assert_non_null(gmtime_r(&t, &tm));
		int y, m, d;
		gx_cal_civil_from_days(days, &y, &m, &d);
		assert_int_equal(y, tm.tm_year + 1900);
		assert_int_equal(m, tm.tm_mon + 1);
		assert_int_equal(d, tm.tm_mday);
		assert_int_equal(gx_cal_weekday(days), tm.tm_wday);
		assert_true(gx_cal_date_valid(y, m, d));
		assert_int_equal(gx_cal_days_from_civil(y, m, d), prev + 1);
		prev = days;
	}
}

static void test_leap_years_and_valid_dates(void **state)
{
	assert_true(gx_cal_leap_year(2024));
	assert_true(gx_cal_leap_year(2000));
	assert_false(gx_cal_leap_year(1900));
	assert_false(gx_cal_leap_year(2025));
	assert_true(gx_cal_date_valid(2024, 2, 29));
	assert_false(gx_cal_date_valid(2025, 2, 29));
	assert_false(gx_cal_date_valid(1900, 2, 29));
	assert_true(gx_cal_date_valid(2000, 2, 29));
	assert_false(gx_cal_date_valid(2025, 4, 31));
	assert_true(gx_cal_date_valid(2025, 12, 31));
	assert_false(gx_cal_date_valid(2025, 13, 1));
	assert_false(gx_cal_date_valid(2025, 0, 1));
	assert_false(gx_cal_date_valid(2025, 1, 0));
}

/* Before the epoch the weekday stays in 0..6: 1969-12-28 was a Sunday. */
static void test_weekday(void **state)
{
	assert_int_equal(gx_cal_weekday(0), 4);
	assert_int_equal(gx_cal_weekday(gx_cal_days_from_civil(1969, 12, 28)), 0);
	assert_int_equal(gx_cal_weekday(gx_cal_days_from_civil(1969, 12, 27)), 6);
	assert_int_equal(gx_cal_weekday(gx_cal_days_from_civil(2026, 3, 29)), 0);
}

static void test_format(void **state)
{
	char out[11];
	gx_cal_date_format(0, out);
	assert_string_equal(out, "1970-01-01");
	gx_cal_date_format(gx_cal_days_from_civil(2024, 2, 29), out);
	assert_string_equal(out, "2024-02-29");
	gx_cal_date_format(gx_cal_days_from_civil(987, 6, 5), out);
	assert_string_equal(out, "0987-06-05");
}

static void test_years_between(void **state)
{
	int birth = gx_cal_days_from_civil(2000, 2, 29);
	assert_int_equal(gx_cal_years_between(birth, birth), 0);
	assert_int_equal(gx_cal_years_between(birth, gx_cal_days_from_civil(2001, 2, 28)), 0);
	assert_int_equal(gx_cal_years_between(birth, gx_cal_days_from_civil(2001, 3, 1)), 1);
	assert_int_equal(gx_cal_years_between(birth, gx_cal_days_from_civil(2004, 2, 29)), 4);
	int b = gx_cal_days_from_civil(1985, 3, 14);
	assert_int_equal(gx_cal_years_between(b, gx_cal_days_from_civil(2003, 3, 13)), 17);
	assert_int_equal(gx_cal_years_between(b, gx_cal_days_from_civil(2003, 3, 14)), 18);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_days),
		cmocka_unit_test(test_against_gmtime),
		cmocka_unit_test(test_leap_years_and_valid_dates),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_years_between),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

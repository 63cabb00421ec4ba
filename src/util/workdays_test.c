/** Tests of Luxembourg's public holidays and working-day deadlines, against
 *  the dates the government published for 2024 to 2026. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/calendar.h"
#include "util/workdays.h"

#define DAY(y, m, d) gx_cal_days_from_civil(y, m, d)

static void test_easter(void **state)
{
	(void)state;
	assert_int_equal(gx_cal_easter(2024), DAY(2024, 3, 31));
	assert_int_equal(gx_cal_easter(2025), DAY(2025, 4, 20));
	assert_int_equal(gx_cal_easter(2026), DAY(2026, 4, 5));
	assert_int_equal(gx_cal_easter(2038), DAY(2038, 4, 25)); /* the latest possible */
	assert_int_equal(gx_cal_easter(2285), DAY(2285, 3, 22)); /* the earliest possible */
}

static void test_holidays_2026(void **state)
{
	(void)state;
	const int holidays[][2] = {{1, 1}, {4, 6}, {5, 1}, {5, 9}, {5, 14}, {5, 25}, {6, 23}, {8, 15}, {11, 1},
				   {12, 25}, {12, 26}};
	int n = 0;
	for (int d = DAY(2026, 1, 1); d <= DAY(2026, 12, 31); d++) {
		bool expected = false;
		int y, m, dd;
		gx_cal_civil_from_days(d, &y, &m, &dd);
		for (size_t i = 0; i < sizeof(holidays) / sizeof(holidays[0]); i++)
			expected = expected || (holidays[i][0] == m && holidays[i][1] == dd);
		assert_int_equal(gx_lu_public_holiday(d), expected);
		n += expected;
	}
	assert_int_equal(n, 11);
	/* Europe Day only from 2019. */
	assert_false(gx_lu_public_holiday(DAY(2018, 5, 9)));
	assert_true(gx_lu_public_holiday(DAY(2019, 5, 9)));
	/* 2025: Easter Monday 21 April, Ascension 29 May, Whit Monday 9 June. */
	assert_true(gx_lu_public_holiday(DAY(2025, 4, 21)));
	assert_true(gx_lu_public_holiday(DAY(2025, 5, 29)));
	assert_true(gx_lu_public_holiday(DAY(2025, 6, 9)));
	assert_false(gx_lu_public_holiday(DAY(2025, 6, 10)));
}

static void test_working_days(void **state)
{
	(void)state;
	assert_true(gx_lu_working_day(DAY(2026, 3, 2)));   /* a Monday */
	assert_false(gx_lu_working_day(DAY(2026, 3, 7)));  /* a Saturday */
	assert_false(gx_lu_working_day(DAY(2026, 3, 8)));  /* a Sunday */
	assert_false(gx_lu_working_day(DAY(2026, 4, 6)));  /* Easter Monday */
	/* A Monday without holidays: due the next Monday. */
	assert_int_equal(gx_lu_add_working_days(DAY(2026, 3, 2), 5), DAY(2026, 3, 9));
	/* Received on a Saturday: Monday is the first day, due Friday. */
	assert_int_equal(gx_lu_add_working_days(DAY(2026, 3, 7), 5), DAY(2026, 3, 13));
	/* Across Easter Monday 2026 (6 April): Thursday 2 April + 5 = Friday 10 April. */
	assert_int_equal(gx_lu_add_working_days(DAY(2026, 4, 2), 5), DAY(2026, 4, 10));
	/* Across Christmas and New Year: Tuesday 23 December 2025 + 5 working days
	 * (24, 29, 30, 31 December, 2 January) = Friday 2 January 2026. */
	assert_int_equal(gx_lu_add_working_days(DAY(2025, 12, 23), 5), DAY(2026, 1, 2));
	/* May 2026: 1 (Fri), 9 (Sat, none in lieu), 14 (Ascension), 25 (Whit Monday). */
	assert_int_equal(gx_lu_add_working_days(DAY(2026, 4, 30), 5), DAY(2026, 5, 8));
	assert_int_equal(gx_lu_add_working_days(DAY(2026, 5, 11), 5), DAY(2026, 5, 19));
	assert_int_equal(gx_lu_add_working_days(DAY(2026, 6, 1), 0), DAY(2026, 6, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_holidays_2026),
		cmocka_unit_test(test_working_days),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

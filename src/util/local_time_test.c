#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/clock.h"
#include "util/calendar.h"
#include "util/local_time.h"

#define S 1000000LL /* microseconds per second */

static const char *fmt(long long unix_s, bool with_time)
{
	static char out[32];
	gx_local_time_format(unix_s * S, out, sizeof(out), with_time);
	return out;
}

/* 2026: summer time from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC. */
static void test_switch_instants_2026(void **state)
{
	assert_string_equal(fmt(1774745999, true), "2026-03-29 01:59 CET");
	assert_string_equal(fmt(1774746000, true), "2026-03-29 03:00 CEST");
	assert_string_equal(fmt(1792889999, true), "2026-10-25 02:59 CEST");
	assert_string_equal(fmt(1792890000, true), "2026-10-25 02:00 CET");
	/* One microsecond either side of the spring instant. */
	char out[32];
	gx_local_time_format(1774746000 * S - 1, out, sizeof(out), true);
	assert_string_equal(out, "2026-03-29 01:59 CET");
	assert_int_equal(gx_local_time_offset(1774746000 * S - 1), 3600);
	assert_int_equal(gx_local_time_offset(1774746000 * S), 7200);
	assert_int_equal(gx_local_time_offset(1792890000 * S - 1), 7200);
	assert_int_equal(gx_local_time_offset(1792890000 * S), 3600);
}

/* 2024: the last Sundays are the 31st of March and the 27th of October. */
static void test_switch_instants_2024(void **state)
{
	assert_string_equal(fmt(1711846799, true), "2024-03-31 01:59 CET");
	assert_string_equal(fmt(1711846800, true), "2024-03-31 03:00 CEST");
	assert_string_equal(fmt(1729990799, true), "2024-10-27 02:59 CEST");
	assert_string_equal(fmt(1729990800, true), "2024-10-27 02:00 CET");
}

/* The local date differs from the UTC date around midnight. */
static void test_dates_cross_midnight(void **state)
{
	assert_string_equal(fmt(1769902200, false), "2026-02-01");  /* 2026-01-31 23:30 UTC, winter */
	assert_string_equal(fmt(1782945000, false), "2026-07-02");  /* 2026-07-01 22:30 UTC, summer */
	assert_string_equal(fmt(1782945000, true), "2026-07-02 00:30 CEST");
	assert_string_equal(fmt(1709247600, true), "2024-03-01 00:00 CET"); /* after a leap day */
	assert_string_equal(fmt(0, true), "1970-01-01 01:00 CET");
	char out[32];
	gx_local_time_format(-1, out, sizeof(out), true);                 /* before the epoch */
	assert_string_equal(out, "1970-01-01 00:59 CET");
}

/* Over a century, each switch falls on a Sunday in the last week of its month at 01:00 UTC. */
static void test_rule_every_year(void **state)
{
	int switches = 0;
	for (long long t = 820454400; t < 4133980800; t += 3600) { /* 1996 to 2100, hourly */
		int before = gx_local_time_offset((t - 1) * S), now = gx_local_time_offset(t * S);
		if (before == now)
			continue;
		switches++;
		char day[16];
		gx_local_time_format(t * S, day, sizeof(day), false); /* 02:00 or 03:00 local: the same date as UTC */
		long long secs_of_day = t % 86400;
		assert_int_equal(secs_of_day, 3600);
		assert_int_equal(((t / 86400) + 4) % 7, 0); /* a Sunday */
		int dd = (day[8] - '0') * 10 + (day[9] - '0');
		assert_true(dd >= 25);
		assert_true(memcmp(day + 5, now == 7200 ? "03" : "10", 2) == 0);
	}
	assert_int_equal(switches, 2 * 105);
}

static void test_truncation(void **state)
{
	char out[5];
	gx_local_time_format(1769902200 * S, out, sizeof(out), true);
	assert_string_equal(out, "2026");
	char big[32] = "untouched";
	gx_local_time_format(0, big, 0, true);
	assert_string_equal(big, "untouched");
}

/* The calendar date and year in Luxembourg: UTC's date is a day behind from
 * 23:00 UTC in winter and 22:00 UTC in summer, and New Year comes an hour
 * (in winter) before it does in UTC. */
static void test_local_date(void **state)
{
	char day[11];
	/* New Year's Eve, 23:30 UTC: already 2027 in Luxembourg. */
	assert_int_equal(gx_local_date(1798759800 * S, day), 2027);
	assert_string_equal(day, "2027-01-01");
	/* One second before local midnight: still 2026. */
	assert_int_equal(gx_local_date(1798757999 * S, day), 2026);
	assert_string_equal(day, "2026-12-31");
	assert_int_equal(gx_local_date(1798758000 * S, day), 2027);
	assert_string_equal(day, "2027-01-01");
	assert_int_equal(gx_local_date(1798758000 * S - 1, day), 2026);
	/* Summer: midnight is 22:00 UTC. */
	assert_int_equal(gx_local_date(1784066399 * S, day), 2026);
	assert_string_equal(day, "2026-07-14");
	gx_local_date(1784066400 * S, day);
	assert_string_equal(day, "2026-07-15");
	/* Into a leap day, and the end of 2025. */
	gx_local_date(1709161200 * S, day);
	assert_string_equal(day, "2024-02-29");
	assert_int_equal(gx_local_date(1767222000 * S, day), 2026);
	assert_string_equal(day, "2026-01-01");
	/* The same date as the formatter's. */
	char fmt_day[16];
	for (long long t = 1767222000; t < 1767222000 + 366 * 86400LL; t += 3599) {
		gx_local_time_format(t * S, fmt_day, sizeof(fmt_day), false);
		gx_local_date(t * S, day);
		assert_string_equal(day, fmt_day);
	}
}

/* Today is the local date of the wall clock (between two readings of it). */
static void test_local_today(void **state)
{
	char before[11], today[11], after[11];
	int y0 = gx_local_date(gx_wall_us(), before);
	int y = gx_local_today(today);
	int y1 = gx_local_date(gx_wall_us(), after);
	assert_true(strcmp(today, before) == 0 || strcmp(today, after) == 0);
	assert_true(y == y0 || y == y1);
	assert_int_equal(strlen(today), 10);
}

/* A day begins at Luxembourg's midnight: the local date there, one
 * microsecond before it the day before; in winter, in summer and on the
 * days the clocks change, every day from 2000 to 2040. */
static void test_local_midnight(void **state)
{
	assert_int_equal(gx_local_midnight_us(gx_cal_days_from_civil(2026, 1, 15)), 1768431600000000LL); /* 14 Jan 23:00 Z */
	assert_int_equal(gx_local_midnight_us(gx_cal_days_from_civil(2026, 7, 15)), 1784066400000000LL); /* 14 Jul 22:00 Z */
	for (int days = gx_cal_days_from_civil(2000, 1, 1); days < gx_cal_days_from_civil(2040, 1, 1); days++) {
		long long m = gx_local_midnight_us(days);
		char at[11], before[11], want[11];
		gx_cal_date_format(days, want);
		gx_local_date(m, at);
		gx_local_date(m - 1, before);
		assert_string_equal(at, want);
		assert_string_not_equal(before, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_switch_instants_2026),
		cmocka_unit_test(test_switch_instants_2024),
		cmocka_unit_test(test_dates_cross_midnight),
		cmocka_unit_test(test_rule_every_year),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_local_date),
		cmocka_unit_test(test_local_today),
		cmocka_unit_test(test_local_midnight),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

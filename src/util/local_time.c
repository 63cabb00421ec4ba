/* Luxembourg's local time without the C library's time zone machinery:
 * the EU summer-time rule (Directive 2000/84/EC) and the proleptic Gregorian
 * calendar, both computed here. */

#include "util/local_time.h"

#include <stdio.h>

#include "util/clock.h"

#define DAY 86400LL

/* Days since 1970-01-01 of a civil date (month 1-12). */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil date of a day number. */
static void civil_from_days(long long z, long long *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static long long floor_div(long long a, long long b)
{
	long long q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The day number of the last Sunday of month m (1-12) of year y. */
static long long last_sunday(long long y, int m)
{
	long long next_first = m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1);
	long long last = next_first - 1;
	/* 1970-01-01 was a Thursday: weekday 0 = Sunday is (day + 4) mod 7. */
	long long wd = ((last + 4) % 7 + 7) % 7;
	return last - wd;
}

int gx_local_time_offset(long long unix_us)
{
	long long t = floor_div(unix_us, 1000000);
	long long y;
	int m, d;
	civil_from_days(floor_div(t, DAY), &y, &m, &d);
	long long start = last_sunday(y, 3) * DAY + 3600;   /* 01:00 UTC */
	long long end = last_sunday(y, 10) * DAY + 3600;
	return t >= start && t < end ? 7200 : 3600;
}

void gx_local_time_format(long long unix_us, char *out, size_t outlen, bool with_time)
{
	if (outlen == 0)
		return;
	int offset = gx_local_time_offset(unix_us);
	long long t = floor_div(unix_us, 1000000) + offset;
	long long days = floor_div(t, DAY), secs = t - days * DAY;
	long long y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	if (with_time)
		snprintf(out, outlen, "%04lld-%02d-%02d %02lld:%02lld %s", y, m, d, secs / 3600, secs % 3600 / 60,
			 offset == 7200 ? "CEST" : "CET");
	else
		snprintf(out, outlen, "%04lld-%02d-%02d", y, m, d);
}

int gx_local_date(long long unix_us, char out[11])
{
	long long t = floor_div(unix_us, 1000000) + gx_local_time_offset(unix_us);
	long long y;
	int m, d;
	civil_from_days(floor_div(t, DAY), &y, &m, &d);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999; /* "YYYY" stays four digits; out of any real use */
	snprintf(out, 11, "%04d-%02d-%02d", (int)y, m, d);
	return (int)y;
}

int gx_local_today(char out[11])
{
	return gx_local_date(gx_wall_us(), out);
}

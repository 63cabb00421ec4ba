/* Luxembourg's local time without the C library's time zone machinery:
 * the EU summer-time rule (Directive 2000/84/EC) computed here, the
 * proleptic Gregorian calendar from util/calendar.h. Any long long of
 * microseconds is within ±292,278 years of 1970, inside the calendar's range,
 * so its day number fits an int. */

#include "util/local_time.h"

#include <stdio.h>

#include "util/calendar.h"
#include "util/clock.h"

#define DAY 86400LL

static long long floor_div(long long a, long long b)
{
	long long q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The day number of the last Sunday of month m (1-12) of year y. */
static long long last_sunday(int y, int m)
{
	int next_first = m == 12 ? gx_cal_days_from_civil(y + 1, 1, 1) : gx_cal_days_from_civil(y, m + 1, 1);
	int last = next_first - 1;
	return last - gx_cal_weekday(last);
}

/* The civil date of a day number given as long long (see the top). */
static void civil(long long days, int *y, int *m, int *d)
{
	gx_cal_civil_from_days((int)days, y, m, d);
}

int gx_local_time_offset(long long unix_us)
{
	long long t = floor_div(unix_us, 1000000);
	int y, m, d;
	civil(floor_div(t, DAY), &y, &m, &d);
	long long start = last_sunday(y, 3) * DAY + 3600;   /* 01:00 UTC */
	long long end = last_sunday(y, 10) * DAY + 3600;
	return t >= start && t < end ? 7200 : 3600;
}

long long gx_local_midnight_us(long long days)
{
	/* Summer time changes at 01:00 UTC, never between 22:00 and 24:00 UTC:
	 * the offset at 23:00 UTC the day before is the offset at midnight. */
	long long winter = (days * DAY - 3600) * 1000000;
	return gx_local_time_offset(winter) == 7200 ? winter - 3600LL * 1000000 : winter;
}

void gx_local_time_format(long long unix_us, char *out, size_t outlen, bool with_time)
{
	if (outlen == 0)
		return;
	int offset = gx_local_time_offset(unix_us);
	long long t = floor_div(unix_us, 1000000) + offset;
	long long days = floor_div(t, DAY), secs = t - days * DAY;
	int y, m, d;
	civil(days, &y, &m, &d);
	if (with_time)
		snprintf(out, outlen, "%04d-%02d-%02d %02lld:%02lld %s", y, m, d, secs / 3600, secs % 3600 / 60,
			 offset == 7200 ? "CEST" : "CET");
	else
		snprintf(out, outlen, "%04d-%02d-%02d", y, m, d);
}

int gx_local_date(long long unix_us, char out[11])
{
	long long t = floor_div(unix_us, 1000000) + gx_local_time_offset(unix_us);
	int y, m, d;
	civil(floor_div(t, DAY), &y, &m, &d);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999; /* "YYYY" stays four digits; out of any real use */
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return y;
}

int gx_local_today(char out[11])
{
	return gx_local_date(gx_now_us(), out);
}

/** Dates of submissions and of definitions' bounds ("today-18y"), as day
 *  numbers so that bounds compare and ages count without time zones. */

#include <string.h>

#include "procedures/validate_int.h"
#include "util/calendar.h"

static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool gx_sv_date_parse(const char *s, int *days)
{
	int y, m, d;
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return false;
	if (y < 1 || !gx_cal_date_valid(y, m, d))
		return false;
	*days = gx_cal_days_from_civil(y, m, d);
	return true;
}

/* Moves day by n months, keeping the day of the month where it exists
 * (29 February minus a year is 28 February). */
static bool add_months(int day, long n, int *out)
{
	int y, m, d;
	gx_cal_civil_from_days(day, &y, &m, &d);
	long total = (long)y * 12 + (m - 1) + n;
	if (total < 12 || total > 9999L * 12 + 11)
		return false;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	while (d > 28 && !gx_cal_date_valid(y, m, d))
		d--;
	*out = gx_cal_days_from_civil(y, m, d);
	return true;
}

bool gx_sv_date_bound(const struct gx_sv *c, const char *s, int *days)
{
	if (s == NULL)
		return false;
	if (strncmp(s, "today", 5) != 0)
		return gx_sv_date_parse(s, days);
	if (!c->has_today)
		return false;
	if (s[5] == '\0') {
		*days = c->today;
		return true;
	}
	if (s[5] != '+' && s[5] != '-')
		return false;
	size_t n = strlen(s + 6);
	if (n < 2 || n > 6)
		return false;
	int v;
	if (!digits(s + 6, n - 1, &v))
		return false;
	long signed_v = s[5] == '-' ? -(long)v : v;
	switch (s[5 + n]) {
	case 'd':
		*days = c->today + (int)signed_v;
		return true;
	case 'm':
		return add_months(c->today, signed_v, days);
	case 'y':
		return add_months(c->today, signed_v * 12, days);
	default:
		return false;
	}
}

void gx_sv_date_format(int days, enum gx_sv_lang l, char out[11])
{
	char iso[11];
	gx_cal_date_format(days, iso);
	if (l == GX_SV_EN) {
		memcpy(out, iso, 11);
		return;
	}
	/* 01/03/2026 in French, 01.03.2026 in German */
	char sep = l == GX_SV_DE ? '.' : '/';
	memcpy(out, iso + 8, 2);
	out[2] = sep;
	memcpy(out + 3, iso + 5, 2);
	out[5] = sep;
	memcpy(out + 6, iso, 4);
	out[10] = '\0';
}

int gx_sv_age(int birth, int day)
{
	return gx_cal_years_between(birth, day);
}

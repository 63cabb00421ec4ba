/** Day-number arithmetic (Howard Hinnant's days-from-civil method). */

#include "util/calendar.h"

bool gx_cal_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool gx_cal_date_valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && gx_cal_leap_year(y));
}

int gx_cal_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void gx_cal_civil_from_days(int days, int *y, int *m, int *d)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int gx_cal_weekday(int days)
{
	/* 1970-01-01 was a Thursday. */
	return ((days + 4) % 7 + 7) % 7;
}

void gx_cal_date_format(int days, char out[11])
{
	int y, m, d;
	gx_cal_civil_from_days(days, &y, &m, &d);
	unsigned v[3] = {(unsigned)y % 10000u, (unsigned)m, (unsigned)d};
	out[0] = (char)('0' + v[0] / 1000);
	out[1] = (char)('0' + v[0] / 100 % 10);
	out[2] = (char)('0' + v[0] / 10 % 10);
	out[3] = (char)('0' + v[0] % 10);
	out[4] = '-';
	out[5] = (char)('0' + v[1] / 10);
	out[6] = (char)('0' + v[1] % 10);
	out[7] = '-';
	out[8] = (char)('0' + v[2] / 10);
	out[9] = (char)('0' + v[2] % 10);
	out[10] = '\0';
}

int gx_cal_years_between(int birth, int day)
{
	int by, bm, bd, y, m, d;
	gx_cal_civil_from_days(birth, &by, &bm, &bd);
	gx_cal_civil_from_days(day, &y, &m, &d);
	int age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

/* Luxembourg's working days and public holidays (workdays.h). */

#include "util/workdays.h"

#include "util/calendar.h"

int gx_cal_easter(int y)
{
	/* The anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
	return gx_cal_days_from_civil(y, month, day);
}

bool gx_lu_public_holiday(int days)
{
	int y, m, d;
	gx_cal_civil_from_days(days, &y, &m, &d);
	if ((m == 1 && d == 1) || (m == 5 && d == 1) || (m == 6 && d == 23) || (m == 8 && d == 15) ||
	    (m == 11 && d == 1) || (m == 12 && (d == 25 || d == 26)))
		return true;
	if (m == 5 && d == 9 && y >= 2019)
		return true;
	if (m < 3 || m > 6)
		return false; /* Easter Monday, Ascension and Whit Monday fall from March to June */
	int easter = gx_cal_easter(y);
	return days == easter + 1 || days == easter + 39 || days == easter + 50;
}

bool gx_lu_working_day(int days)
{
	int wd = gx_cal_weekday(days);
	return wd != 0 && wd != 6 && !gx_lu_public_holiday(days);
}

int gx_lu_add_working_days(int day, int n)
{
	while (n > 0) {
		day++;
		if (gx_lu_working_day(day))
			n--;
	}
	return day;
}

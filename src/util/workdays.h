#ifndef GX_UTIL_WORKDAYS_H
#define GX_UTIL_WORKDAYS_H

/** Luxembourg's working days, for deadlines counted in them (a register
 *  takes a correction request up within 5 working days): Monday to Friday,
 *  but its legal public holidays (Code du travail, art. L.232-2, with
 *  Europe Day since 2019): 1 January, Easter Monday, 1 May, 9 May (from
 *  2019), Ascension Day, Whit Monday, 23 June, 15 August, 1 November,
 *  25 and 26 December. A holiday on a weekend gives no day off in lieu
 *  here. Day numbers as util/calendar.h counts them. Pure. */

#include <stdbool.h>

/** Easter Sunday of year y (Gregorian, y >= 1583) as a day number. */
int gx_cal_easter(int y);

/** True when the day is one of Luxembourg's legal public holidays. */
bool gx_lu_public_holiday(int days);

/** True when the day is a working day in Luxembourg: Monday to Friday and
 *  not a public holiday. */
bool gx_lu_working_day(int days);

/** The day n working days after day (n >= 0): with n = 5, a request
 *  received on a Monday without holidays is due the next Monday. n = 0
 *  gives day itself. */
int gx_lu_add_working_days(int day, int n);

#endif

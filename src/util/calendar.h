#ifndef GX_UTIL_CALENDAR_H
#define GX_UTIL_CALENDAR_H

/** Calendar dates as day numbers: days since 1970-01-01 in the proleptic
 *  Gregorian calendar, so dates compare, add days and count years without
 *  the C library's time zones. The one copy of the calendar arithmetic
 *  (local_time.c, the population generator and the procedures' date checks
 *  all use it). Pure; exact for years within ±1,000,000 (day numbers within
 *  ±365,000,000). */

#include <stdbool.h>

/** True when y has a 29 February. */
bool gx_cal_leap_year(int y);
/** True when y-m-d (month 1-12) is a real date: 2025-02-29 is not. */
bool gx_cal_date_valid(int y, int m, int d);
/** Day number of y-m-d (month 1-12): 1970-01-01 is 0, the day before -1. */
int gx_cal_days_from_civil(int y, int m, int d);
/** Year, month (1-12) and day of a day number. */
void gx_cal_civil_from_days(int days, int *y, int *m, int *d);
/** Day of the week of a day number: 0 Sunday, 1 Monday … 6 Saturday. */
int gx_cal_weekday(int days);
/** Writes "YYYY-MM-DD" into out[11] (the year modulo 10000). */
void gx_cal_date_format(int days, char out[11]);
/** Whole years from birth to day (an age; a 29 February birthday counts on 1 March). */
int gx_cal_years_between(int birth, int day);

#endif

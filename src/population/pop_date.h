#ifndef GX_POPULATION_POP_DATE_H
#define GX_POPULATION_POP_DATE_H

/** Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian),
 *  so the generator can add years and days without the C library's time zones. */

#include <stdbool.h>

bool gx_pop_date_valid(int y, int m, int d);
/** Day number of y-m-d. */
int gx_pop_days_from_civil(int y, int m, int d);
/** Year, month, day of a day number. */
void gx_pop_civil_from_days(int days, int *y, int *m, int *d);
/** Writes "YYYY-MM-DD" into out[11]. */
void gx_pop_date_format(int days, char out[11]);
/** Whole years between birth and day (an age). */
int gx_pop_years_between(int birth, int day);

#endif

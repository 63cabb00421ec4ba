#ifndef GX_UTIL_LOCAL_TIME_H
#define GX_UTIL_LOCAL_TIME_H

/** Luxembourg's local time (CET, UTC+1; CEST, UTC+2 in summer) for what the
 *  pages show people and the dates it decides by. It reads neither TZ nor
 *  the system's zone files; all but gx_local_today are pure.
 *  Summer time runs from the last Sunday of March 01:00 UTC to the last
 *  Sunday of October 01:00 UTC, as Directive 2000/84/EC sets it for the
 *  whole EU. */

#include <stdbool.h>
#include <stddef.h>

/** The UTC offset in seconds (3600 or 7200) in Luxembourg at unix_us
 *  (microseconds since 1970-01-01 UTC). */
int gx_local_time_offset(long long unix_us);

/** The instant (microseconds since 1970-01-01 UTC) at which the day
 *  numbered days (days since 1970-01-01, as gx_cal_days_from_civil counts)
 *  begins in Luxembourg: 23:00 UTC the day before in winter, 22:00 in
 *  summer. */
long long gx_local_midnight_us(long long days);

/** Writes unix_us as Luxembourg's local date "YYYY-MM-DD", or with_time
 *  "YYYY-MM-DD HH:MM CET" / "… CEST" (the zone names the hour that occurs
 *  twice in October), into out. At most 24 bytes with the NUL; a shorter
 *  out gets a truncated, still terminated string. */
void gx_local_time_format(long long unix_us, char *out, size_t outlen, bool with_time);

/** Luxembourg's calendar date at unix_us as "YYYY-MM-DD" into out, and its
 *  year as the return value: 31 December 23:30 UTC is already 1 January of
 *  the next year there. */
int gx_local_date(long long unix_us, char out[11]);

/** Today in Luxembourg ("YYYY-MM-DD", from the wall clock): the one "today"
 *  of the platform, for date rules ("today-18y", "not in the future") and
 *  ages. Returns the year. */
int gx_local_today(char out[11]);

#endif

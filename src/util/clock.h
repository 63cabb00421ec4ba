#ifndef GX_UTIL_CLOCK_H
#define GX_UTIL_CLOCK_H

/** The two clocks: the wall clock for what is recorded (the store's times),
 *  the monotonic clock for durations and deadlines (it never jumps when the
 *  system's time is set). */

#include <time.h>

/** Wall-clock time in microseconds since the epoch: what the store records. */
static inline long long gx_wall_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/** CLOCK_MONOTONIC in nanoseconds from an unspecified start: only differences
 *  mean something. The clock group commit's condition variable waits on. */
static inline long long gx_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/** The same clock in microseconds (gx_mono_ns() / 1000). */
static inline long long gx_mono_us(void)
{
	return gx_mono_ns() / 1000;
}

/** The platform's clock: what it decides by and records in the domain
 *  (core's now, the authorization decision, "today" of date rules, a
 *  mandate's validity, a child's 18th birthday). The wall clock, moved ahead
 *  by gx_clock_set_offset_us: tests set guichetd's clock that way
 *  (testing.clock_offset_s, 0 in production). Sessions, tokens and timeouts
 *  keep the wall clock. */
long long gx_now_us(void);

/** Moves gx_now_us by offset_us; set once at start, before any thread. */
void gx_clock_set_offset_us(long long offset_us);

#endif

#ifndef GX_UTIL_CLOCK_H
#define GX_UTIL_CLOCK_H

/** Wall-clock time in microseconds since the epoch: what the store records. */

#include <time.h>

static inline long long gx_wall_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

#endif

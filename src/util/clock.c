/* The platform's clock (clock.h): the wall clock and a fixed offset, which
 * only tests set (testing.clock_offset_s). */

#include "util/clock.h"

static long long offset_us; /* written once at start, before the threads; read after */

long long gx_now_us(void)
{
	return gx_wall_us() + offset_us;
}

void gx_clock_set_offset_us(long long v)
{
	offset_us = v;
}

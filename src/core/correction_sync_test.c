/** Unit tests of the corrections' sync that need no network: the backoff
 *  between attempts to tell a register that is down. */

#include "core/correction_sync.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static void test_backoff(void **state)
{
	(void)state;
	struct gx_correction_sync_config cfg = {.retry_initial_ms = 10000, .retry_max_ms = 3600000};
	assert_int_equal(gx_correction_backoff_us(&cfg, 0), 10000LL * 1000);
	assert_int_equal(gx_correction_backoff_us(&cfg, 1), 20000LL * 1000);
	assert_int_equal(gx_correction_backoff_us(&cfg, 3), 80000LL * 1000);
	/* Capped, however many attempts (no overflow). */
	assert_int_equal(gx_correction_backoff_us(&cfg, 9), 3600000LL * 1000);
	assert_int_equal(gx_correction_backoff_us(&cfg, 1000000), 3600000LL * 1000);
	/* A cap below the first step wins. */
	cfg = (struct gx_correction_sync_config){.retry_initial_ms = 500, .retry_max_ms = 400};
	assert_int_equal(gx_correction_backoff_us(&cfg, 0), 400LL * 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

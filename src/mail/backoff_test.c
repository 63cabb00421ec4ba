/** Tests of the retry backoff: doubling from the initial wait, capped,
 *  jittered within [step/2, step), no overflow for any attempt. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mail/backoff.h"

static void test_steps_and_cap(void **state)
{
	/* r = 0: the floor, half the step */
	assert_int_equal(gx_mail_backoff_ms(1000, 60000, 1, 0), 500);
	assert_int_equal(gx_mail_backoff_ms(1000, 60000, 2, 0), 1000);
	assert_int_equal(gx_mail_backoff_ms(1000, 60000, 3, 0), 2000);
	assert_int_equal(gx_mail_backoff_ms(1000, 60000, 6, 0), 16000);
	assert_int_equal(gx_mail_backoff_ms(1000, 60000, 7, 0), 30000);  /* 64 s capped to 60 */
	assert_int_equal(gx_mail_backoff_ms(1000, 60000, 1000, 0), 30000);
	assert_int_equal(gx_mail_backoff_ms(1000, 60000, UINT32_MAX, UINT32_MAX), 59999);
	/* r at its largest: just under the step */
	assert_int_equal(gx_mail_backoff_ms(1000, 60000, 1, UINT32_MAX), 999);
	assert_int_equal(gx_mail_backoff_ms(1000, 60000, 3, UINT32_MAX), 3999);
	/* attempt 0 counts as the first */
	assert_int_equal(gx_mail_backoff_ms(1000, 60000, 0, 0), 500);
	/* the production defaults: 30 s, then up to an hour */
	assert_int_equal(gx_mail_backoff_ms(30000, 3600000, 1, 1u << 31), 22500);
	assert_int_equal(gx_mail_backoff_ms(30000, 3600000, 48, 0), 1800000);
	/* degenerate settings end */
	assert_int_equal(gx_mail_backoff_ms(0, 1000, 100, 0), 0);
	assert_int_equal(gx_mail_backoff_ms(5000, 1000, 1, 0), 500);
}

static void test_jitter_spreads(void **state)
{
	long long lo = -1, hi = -1;
	int distinct = 0;
	long long prev = -1;
	for (int i = 0; i < 200; i++) {
		long long d = gx_mail_backoff_random_ms(1000, 60000, 4);
		assert_true(d >= 4000 && d < 8000);
		if (lo < 0 || d < lo)
			lo = d;
		if (hi < 0 || d > hi)
			hi = d;
		distinct += d != prev;
		prev = d;
	}
	/* 200 draws over 4000 values: spread, not one value */
	assert_true(hi - lo > 1000);
	assert_true(distinct > 100);
}

static void test_monotone_floor(void **state)
{
	long long prev = 0;
	for (unsigned a = 1; a < 64; a++) {
		long long d = gx_mail_backoff_ms(250, 10000, a, 0);
		assert_true(d >= prev);
		assert_true(d <= 10000);
		prev = d;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps_and_cap),
		cmocka_unit_test(test_jitter_spreads),
		cmocka_unit_test(test_monotone_floor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

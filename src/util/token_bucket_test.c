#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/token_bucket.h"

#define S 1000000LL

static void test_burst_then_refused(void **state)
{
	(void)state;
	struct gx_token_bucket b = {0};
	for (int i = 0; i < 5; i++)
		assert_int_equal(gx_token_bucket_take(&b, 10 * S, 1.0, 5.0), 0);
	assert_int_equal(gx_token_bucket_take(&b, 10 * S, 1.0, 5.0), 1);
	/* A refused request takes nothing: half a second later, half a token is missing. */
	assert_int_equal(gx_token_bucket_take(&b, 10 * S + S / 2, 1.0, 5.0), 1);
	assert_int_equal(gx_token_bucket_take(&b, 11 * S, 1.0, 5.0), 0);
	assert_int_equal(gx_token_bucket_take(&b, 11 * S, 1.0, 5.0), 1);
}

static void test_refill_caps_at_burst(void **state)
{
	(void)state;
	struct gx_token_bucket b = {0};
	assert_int_equal(gx_token_bucket_take(&b, 1 * S, 2.0, 3.0), 0);
	/* An hour later the bucket holds 3, not 7,200. */
	for (int i = 0; i < 3; i++)
		assert_int_equal(gx_token_bucket_take(&b, 3601 * S, 2.0, 3.0), 0);
	assert_int_not_equal(gx_token_bucket_take(&b, 3601 * S, 2.0, 3.0), 0);
}

static void test_retry_after_in_whole_seconds(void **state)
{
	(void)state;
	/* Ten a minute: an empty bucket waits six seconds for its next token. */
	struct gx_token_bucket b = {0};
	assert_int_equal(gx_token_bucket_take(&b, 5 * S, 10.0 / 60, 1.0), 0);
	assert_int_equal(gx_token_bucket_take(&b, 5 * S, 10.0 / 60, 1.0), 6);
	assert_int_equal(gx_token_bucket_take(&b, 8 * S, 10.0 / 60, 1.0), 3);
	assert_int_equal(gx_token_bucket_take(&b, 11 * S, 10.0 / 60, 1.0), 0);
}

static void test_clock_going_back_refills_nothing(void **state)
{
	(void)state;
	struct gx_token_bucket b = {0};
	assert_int_equal(gx_token_bucket_take(&b, 100 * S, 1.0, 1.0), 0);
	assert_int_equal(gx_token_bucket_take(&b, 50 * S, 1.0, 1.0), 1);
	assert_int_equal(gx_token_bucket_take(&b, 100 * S, 1.0, 1.0), 1);
	assert_int_equal(gx_token_bucket_take(&b, 101 * S, 1.0, 1.0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst_then_refused),
		cmocka_unit_test(test_refill_caps_at_burst),
		cmocka_unit_test(test_retry_after_in_whole_seconds),
		cmocka_unit_test(test_clock_going_back_refills_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

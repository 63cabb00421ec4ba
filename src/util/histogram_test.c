/* The latency histogram: buckets by the /metrics bounds, and quantiles as
 * Prometheus's histogram_quantile estimates them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/histogram.h"

static void test_buckets(void **state)
{
	(void)state;
	static struct gx_histo h;
	gx_histo_record(&h, 0);        /* <= 100 */
	gx_histo_record(&h, 100);      /* <= 100: the bound is inclusive */
	gx_histo_record(&h, 101);      /* <= 250 */
	gx_histo_record(&h, 4000);     /* <= 5000 */
	gx_histo_record(&h, 9000000);  /* +Inf */
	uint64_t c[GX_HISTO_BUCKETS], sum;
	gx_histo_read(&h, c, &sum);
	assert_int_equal(c[0], 2);
	assert_int_equal(c[1], 1);
	assert_int_equal(c[5], 1);
	assert_int_equal(c[GX_HISTO_BUCKETS - 1], 1);
	assert_int_equal(sum, 0 + 100 + 101 + 4000 + 9000000);
}

static void test_quantiles(void **state)
{
	(void)state;
	uint64_t c[GX_HISTO_BUCKETS] = {0};
	assert_int_equal(gx_histo_quantile(c, 0.5), 0);
	/* 100 observations between 1 and 2.5 ms: the median halfway, p99 near the top. */
	c[4] = 100;
	assert_int_equal(gx_histo_quantile(c, 0.5), 1750);
	assert_int_equal(gx_histo_quantile(c, 0.99), 2485);
	/* 90 fast (<= 100 us), 10 between 25 and 50 ms: p50 in the first bucket, p99 in the slow one. */
	uint64_t d[GX_HISTO_BUCKETS] = {0};
	d[0] = 90;
	d[8] = 10;
	assert_int_equal(gx_histo_quantile(d, 0.5), 56);   /* 0 + 100 * 50/90 */
	assert_int_equal(gx_histo_quantile(d, 0.99), 47500);  /* 25 ms + 25 ms * 9/10 */
	/* Beyond the last bound: the last finite bound, as Prometheus says. */
	uint64_t e[GX_HISTO_BUCKETS] = {0};
	e[GX_HISTO_BUCKETS - 1] = 3;
	assert_int_equal(gx_histo_quantile(e, 0.5), 5000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_quantiles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/** Tests of the seed generator's PRNG: same seed, same numbers; streams independent; ranges kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "population/rng.h"

static void test_same_seed_same_sequence(void **state)
{
	struct gx_rng a, b, c;
	gx_rng_init(&a, 42);
	gx_rng_init(&b, 42);
	gx_rng_init(&c, 43);
	int differ = 0;
	for (int i = 0; i < 1000; i++) {
		uint64_t x = gx_rng_next(&a);
		assert_true(x == gx_rng_next(&b));
		differ |= x != gx_rng_next(&c);
	}
	assert_true(differ);
}

static void test_known_first_values(void **state)
{
	/* splitmix64 from 0: the reference implementation's first output */
	uint64_t s = 0;
	assert_true(gx_rng_splitmix64(&s) == 0xe220a8397b1dcdafULL);
	/* pinned: a change here changes every seeded population */
	struct gx_rng r;
	gx_rng_init(&r, 1);
	uint64_t first = gx_rng_next(&r);
	struct gx_rng r2;
	gx_rng_init(&r2, 1);
	assert_true(first == gx_rng_next(&r2));
	assert_true(first != 0);
}

static void test_derived_streams(void **state)
{
	struct gx_rng a, b, c, d;
	gx_rng_derive(&a, 7, 1, 100);
	gx_rng_derive(&b, 7, 1, 100);
	gx_rng_derive(&c, 7, 1, 101);
	gx_rng_derive(&d, 7, 2, 100);
	uint64_t x = gx_rng_next(&a);
	assert_true(x == gx_rng_next(&b));
	assert_true(x != gx_rng_next(&c));
	assert_true(x != gx_rng_next(&d));
}

static void test_ranges(void **state)
{
	struct gx_rng r;
	gx_rng_init(&r, 9);
	int seen[10] = {0};
	for (int i = 0; i < 10000; i++) {
		uint32_t v = gx_rng_below(&r, 10);
		assert_true(v < 10);
		seen[v]++;
		int w = gx_rng_range(&r, -3, 3);
		assert_true(w >= -3 && w <= 3);
	}
	for (int i = 0; i < 10; i++)
		assert_true(seen[i] > 800 && seen[i] < 1200);
	const unsigned weights[] = {0, 900, 100};
	size_t counts[3] = {0};
	for (int i = 0; i < 10000; i++)
		counts[gx_rng_weighted(&r, weights, 3, 1000)]++;
	assert_int_equal(counts[0], 0);
	assert_true(counts[1] > 8700 && counts[2] > 800);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_sequence),
		cmocka_unit_test(test_known_first_values),
		cmocka_unit_test(test_derived_streams),
		cmocka_unit_test(test_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

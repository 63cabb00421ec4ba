#include "util/histogram.h"

const uint64_t gx_histo_bounds_us[GX_HISTO_BUCKETS - 1] = {100,   250,    500,    1000,    2500,    5000,   10000,
							   25000, 50000, 100000, 250000, 1000000, 5000000};

void gx_histo_record(struct gx_histo *h, uint64_t us)
{
	unsigned b = 0;
	while (b < GX_HISTO_BUCKETS - 1 && us > gx_histo_bounds_us[b])
		b++;
	atomic_fetch_add_explicit(&h->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->sum_us, us, memory_order_relaxed);
}

void gx_histo_read(const struct gx_histo *h, uint64_t counts[GX_HISTO_BUCKETS], uint64_t *sum_us)
{
	for (unsigned b = 0; b < GX_HISTO_BUCKETS; b++)
		counts[b] = atomic_load_explicit(&h->bucket[b], memory_order_relaxed);
	*sum_us = atomic_load_explicit(&h->sum_us, memory_order_relaxed);
}

uint64_t gx_histo_quantile(const uint64_t counts[GX_HISTO_BUCKETS], double q)
{
	uint64_t total = 0;
	for (unsigned b = 0; b < GX_HISTO_BUCKETS; b++)
		total += counts[b];
	if (total == 0)
		return 0;
	double rank = q * (double)total, below = 0;
	for (unsigned b = 0; b < GX_HISTO_BUCKETS; b++) {
		if (counts[b] == 0 || below + (double)counts[b] < rank) {
			below += (double)counts[b];
			continue;
		}
		if (b == GX_HISTO_BUCKETS - 1)
			return gx_histo_bounds_us[GX_HISTO_BUCKETS - 2];
		double lo = b == 0 ? 0 : (double)gx_histo_bounds_us[b - 1], hi = (double)gx_histo_bounds_us[b];
		return (uint64_t)(lo + (hi - lo) * (rank - below) / (double)counts[b] + 0.5);
	}
	return gx_histo_bounds_us[GX_HISTO_BUCKETS - 2];
}

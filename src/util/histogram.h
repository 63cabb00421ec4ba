#ifndef GX_UTIL_HISTOGRAM_H
#define GX_UTIL_HISTOGRAM_H

/** A latency histogram any thread may record into without a lock (relaxed
 *  atomics), with the bucket bounds /metrics uses, and the quantile
 *  Prometheus's histogram_quantile would estimate from its buckets: the
 *  dashboard's p50 and p99 are the figures a Prometheus would compute from
 *  the same counters. */

#include <stdatomic.h>
#include <stdint.h>

#define GX_HISTO_BUCKETS 14   /* 13 upper bounds, then +Inf */

/** The upper bounds of the finite buckets, in microseconds (as /metrics's). */
extern const uint64_t gx_histo_bounds_us[GX_HISTO_BUCKETS - 1];

struct gx_histo {
	_Atomic uint64_t bucket[GX_HISTO_BUCKETS];  /* not cumulative */
	_Atomic uint64_t sum_us;
};

/** Counts one observation of us microseconds. */
void gx_histo_record(struct gx_histo *h, uint64_t us);

/** Copies the counts (not cumulative) and the sum. */
void gx_histo_read(const struct gx_histo *h, uint64_t counts[GX_HISTO_BUCKETS], uint64_t *sum_us);

/** The q-quantile (0 < q < 1) of counts, in microseconds: found in its
 *  bucket by linear interpolation between the bucket's bounds (the first
 *  bucket's lower bound is 0); in the +Inf bucket, the largest finite
 *  bound. 0 when counts are all 0. */
uint64_t gx_histo_quantile(const uint64_t counts[GX_HISTO_BUCKETS], double q);

#endif

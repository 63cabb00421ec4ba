#ifndef GX_HTTP_METRICS_H
#define GX_HTTP_METRICS_H

/** Operational metrics in Prometheus text format. Each worker thread writes
 *  its own shard (relaxed atomics, no locks on the request path); /metrics
 *  sums the shards. Labels are route patterns and status codes, never paths
 *  or values, so no personal data can reach a metric. */

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"

#define GX_METRICS_NBUCKETS 14
#define GX_METRICS_NSTATUS 24

struct gx_route_table;

struct gx_metrics_series {
	_Atomic uint64_t by_status[GX_METRICS_NSTATUS];
	_Atomic uint64_t bucket[GX_METRICS_NBUCKETS]; /* non-cumulative; last is +Inf */
	_Atomic uint64_t sum_ns;
};

struct gx_metrics_shard {
	struct gx_metrics_series *routes;     /* nroutes + 1; the last is "unmatched" */
	_Atomic int64_t in_flight;
	_Atomic uint64_t rejected_by_status[GX_METRICS_NSTATUS]; /* refused before routing */
	_Atomic uint64_t durable_bucket[GX_METRICS_NBUCKETS];
	_Atomic uint64_t durable_sum_ns;
	_Atomic uint64_t durable_failed;
};

struct gx_metrics {
	const struct gx_route_table *routes;
	size_t nshards;
	struct gx_metrics_shard *shards;
};

int gx_metrics_init(struct gx_metrics *m, const struct gx_route_table *routes, size_t nshards);
void gx_metrics_free(struct gx_metrics *m);

/** Records one finished request; route_index == routes->count for unmatched. */
void gx_metrics_request(struct gx_metrics_shard *s, size_t route_index, int status, uint64_t duration_ns);
/** Records a request refused by the HTTP layer before it reached routing. */
void gx_metrics_rejected(struct gx_metrics_shard *s, int status);
/** Records how long a request waited for its durable write. */
void gx_metrics_durable(struct gx_metrics_shard *s, uint64_t wait_ns, int ok);

static inline void gx_metrics_add(_Atomic uint64_t *c, uint64_t v)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + v, memory_order_relaxed);
}

struct gx_metrics_store_stats {
	uint64_t batches;
	uint64_t items;
	uint64_t failed;
	uint64_t queued;
	uint64_t refused;   /* writes the queue did not take (full or closing) */
	uint64_t batch_sizes[GX_STORE_BATCH_BUCKETS];  /* committed batches by size (store.h's buckets) */
};

/** Renders every metric. store may be NULL. */
void gx_metrics_render(const struct gx_metrics *m, const struct gx_metrics_store_stats *store, struct gx_buf *out);

#endif

#include "http/metrics.h"

#include <stdio.h>
#include <stdlib.h>

#include "http/route.h"

static const int statuses[GX_METRICS_NSTATUS - 1] = {200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405,
						      409, 413, 414, 415, 417, 422, 429, 431, 500, 502, 503};
/* upper bounds in microseconds */
static const uint64_t bounds_us[GX_METRICS_NBUCKETS - 1] = {100, 250, 500, 1000, 2500, 5000, 10000,
							    25000, 50000, 100000, 250000, 1000000, 5000000};

static size_t status_slot(int status)
{
	for (size_t i = 0; i < GX_METRICS_NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return GX_METRICS_NSTATUS - 1;
}

static size_t bucket_slot(uint64_t ns)
{
	uint64_t us = ns / 1000;
	for (size_t i = 0; i < GX_METRICS_NBUCKETS - 1; i++)
		if (us <= bounds_us[i])
			return i;
	return GX_METRICS_NBUCKETS - 1;
}

int gx_metrics_init(struct gx_metrics *m, const struct gx_route_table *routes, size_t nshards)
{
	m->routes = routes;
	m->nshards = nshards;
	m->shards = calloc(nshards, sizeof(*m->shards));
	if (m->shards == NULL)
		return -1;
	for (size_t i = 0; i < nshards; i++) {
		m->shards[i].routes = calloc(routes->count + 1, sizeof(struct gx_metrics_series));
		if (m->shards[i].routes == NULL) {
			gx_metrics_free(m);
			return -1;
		}
	}
	return 0;
}

void gx_metrics_free(struct gx_metrics *m)
{
	for (size_t i = 0; m->shards != NULL && i < m->nshards; i++)
		free(m->shards[i].routes);
	free(m->shards);
	m->shards = NULL;
}

void gx_metrics_request(struct gx_metrics_shard *s, size_t route_index, int status, uint64_t duration_ns)
{
	struct gx_metrics_series *r = &s->routes[route_index];
	gx_metrics_add(&r->by_status[status_slot(status)], 1);
	gx_metrics_add(&r->bucket[bucket_slot(duration_ns)], 1);
	gx_metrics_add(&r->sum_ns, duration_ns);
}

void gx_metrics_rejected(struct gx_metrics_shard *s, int status)
{
	gx_metrics_add(&s->rejected_by_status[status_slot(status)], 1);
}

void gx_metrics_durable(struct gx_metrics_shard *s, uint64_t wait_ns, int ok)
{
	gx_metrics_add(&s->durable_bucket[bucket_slot(wait_ns)], 1);
	gx_metrics_add(&s->durable_sum_ns, wait_ns);
	if (!ok)
		gx_metrics_add(&s->durable_failed, 1);
}

static uint64_t load(const _Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

static void status_label(int slot, char out[8])
{
	if (slot == GX_METRICS_NSTATUS - 1)
		snprintf(out, 8, "other");
	else
		snprintf(out, 8, "%d", statuses[slot]);
}

static void render_histogram(struct gx_buf *out, const char *name, const char *labels, const uint64_t *buckets,
			     uint64_t sum_ns)
{
	uint64_t cumulative = 0;
	const char *sep = labels[0] ? "," : "";
	for (size_t b = 0; b < GX_METRICS_NBUCKETS; b++) {
		cumulative += buckets[b];
		if (b < GX_METRICS_NBUCKETS - 1)
			gx_buf_appendf(out, "%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels, sep,
				       (double)bounds_us[b] / 1e6, (unsigned long long)cumulative);
		else
			gx_buf_appendf(out, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, sep,
				       (unsigned long long)cumulative);
	}
	gx_buf_appendf(out, "%s_sum{%s} %.9f\n", name, labels, (double)sum_ns / 1e9);
	gx_buf_appendf(out, "%s_count{%s} %llu\n", name, labels, (unsigned long long)cumulative);
}

static void render_routes(const struct gx_metrics *m, struct gx_buf *out)
{
	size_t nroutes = m->routes->count;
	gx_buf_append_str(out, "# HELP guichet_http_requests_total Requests answered, by route pattern and status.\n"
			       "# TYPE guichet_http_requests_total counter\n");
	for (size_t r = 0; r <= nroutes; r++) {
		const char *method = r < nroutes ? m->routes->routes[r].method : "";
		const char *pattern = r < nroutes ? m->routes->routes[r].pattern : "unmatched";
		for (int st = 0; st < GX_METRICS_NSTATUS; st++) {
			uint64_t n = 0;
			for (size_t i = 0; i < m->nshards; i++)
				n += load(&m->shards[i].routes[r].by_status[st]);
			if (n == 0)
				continue;
			char sl[8];
			status_label(st, sl);
			gx_buf_appendf(out, "guichet_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %llu\n",
				       method, pattern, sl, (unsigned long long)n);
		}
	}
	gx_buf_append_str(out, "# HELP guichet_http_request_duration_seconds Time from routing to the end of the response.\n"
			       "# TYPE guichet_http_request_duration_seconds histogram\n");
	for (size_t r = 0; r <= nroutes; r++) {
		uint64_t buckets[GX_METRICS_NBUCKETS] = {0}, sum = 0, total = 0;
		for (size_t i = 0; i < m->nshards; i++) {
			for (size_t b = 0; b < GX_METRICS_NBUCKETS; b++)
				buckets[b] += load(&m->shards[i].routes[r].bucket[b]);
			sum += load(&m->shards[i].routes[r].sum_ns);
		}
		for (size_t b = 0; b < GX_METRICS_NBUCKETS; b++)
			total += buckets[b];
		if (total == 0)
			continue;
		char labels[256];
		snprintf(labels, sizeof(labels), "method=\"%s\",route=\"%s\"", r < nroutes ? m->routes->routes[r].method : "",
			 r < nroutes ? m->routes->routes[r].pattern : "unmatched");
		render_histogram(out, "guichet_http_request_duration_seconds", labels, buckets, sum);
	}
}

void gx_metrics_render(const struct gx_metrics *m, const struct gx_metrics_store_stats *store, struct gx_buf *out)
{
	render_routes(m, out);

	int64_t in_flight = 0;
	uint64_t rejected[GX_METRICS_NSTATUS] = {0}, durable[GX_METRICS_NBUCKETS] = {0}, durable_sum = 0,
		 durable_failed = 0;
	for (size_t i = 0; i < m->nshards; i++) {
		const struct gx_metrics_shard *s = &m->shards[i];
		in_flight += atomic_load_explicit(&s->in_flight, memory_order_relaxed);
		for (int st = 0; st < GX_METRICS_NSTATUS; st++)
			rejected[st] += load(&s->rejected_by_status[st]);
		for (size_t b = 0; b < GX_METRICS_NBUCKETS; b++)
			durable[b] += load(&s->durable_bucket[b]);
		durable_sum += load(&s->durable_sum_ns);
		durable_failed += load(&s->durable_failed);
	}
	gx_buf_appendf(out, "# HELP guichet_http_in_flight_requests Requests being handled now.\n"
			    "# TYPE guichet_http_in_flight_requests gauge\n"
			    "guichet_http_in_flight_requests %lld\n",
		       (long long)in_flight);
	gx_buf_append_str(out, "# HELP guichet_http_rejected_total Requests refused by the HTTP layer before routing.\n"
			       "# TYPE guichet_http_rejected_total counter\n");
	for (int st = 0; st < GX_METRICS_NSTATUS; st++) {
		if (rejected[st] == 0)
			continue;
		char sl[8];
		status_label(st, sl);
		gx_buf_appendf(out, "guichet_http_rejected_total{status=\"%s\"} %llu\n", sl,
			       (unsigned long long)rejected[st]);
	}
	gx_buf_append_str(out, "# HELP guichet_store_durable_wait_seconds Time a request waited for its group commit.\n"
			       "# TYPE guichet_store_durable_wait_seconds histogram\n");
	render_histogram(out, "guichet_store_durable_wait_seconds", "", durable, durable_sum);
	gx_buf_appendf(out, "# HELP guichet_store_durable_failed_total Durable writes that did not commit.\n"
			    "# TYPE guichet_store_durable_failed_total counter\n"
			    "guichet_store_durable_failed_total %llu\n",
		       (unsigned long long)durable_failed);
	if (store != NULL) {
		gx_buf_appendf(out,
			       "# HELP guichet_store_commit_batches_total Group-commit transactions committed.\n"
			       "# TYPE guichet_store_commit_batches_total counter\n"
			       "guichet_store_commit_batches_total %llu\n"
			       "# HELP guichet_store_committed_items_total Durable writes committed.\n"
			       "# TYPE guichet_store_committed_items_total counter\n"
			       "guichet_store_committed_items_total %llu\n"
			       "# HELP guichet_store_queued_items Durable writes waiting for the writer.\n"
			       "# TYPE guichet_store_queued_items gauge\n"
			       "guichet_store_queued_items %llu\n"
			       "# HELP guichet_store_refused_items_total Durable writes refused: the queue was full "
			       "(answered 503).\n"
			       "# TYPE guichet_store_refused_items_total counter\n"
			       "guichet_store_refused_items_total %llu\n",
			       (unsigned long long)store->batches, (unsigned long long)store->items,
			       (unsigned long long)store->queued, (unsigned long long)store->refused);
		gx_buf_append_str(out, "# HELP guichet_store_commit_batch_size Durable writes per group-commit transaction.\n"
				       "# TYPE guichet_store_commit_batch_size histogram\n");
		/* The sum is of the writes committed (an item undone in its
		 * savepoint is in its batch's size, not in the sum). */
		uint64_t cumulative = 0;
		for (size_t b = 0; b < GX_STORE_BATCH_BUCKETS; b++) {
			cumulative += store->batch_sizes[b];
			if (b < GX_STORE_BATCH_BUCKETS - 1)
				gx_buf_appendf(out, "guichet_store_commit_batch_size_bucket{le=\"%u\"} %llu\n",
					       gx_store_batch_bounds[b], (unsigned long long)cumulative);
		}
		gx_buf_appendf(out, "guichet_store_commit_batch_size_bucket{le=\"+Inf\"} %llu\n"
				    "guichet_store_commit_batch_size_sum %llu\n"
				    "guichet_store_commit_batch_size_count %llu\n",
			       (unsigned long long)cumulative, (unsigned long long)store->items,
			       (unsigned long long)cumulative);
	}
}

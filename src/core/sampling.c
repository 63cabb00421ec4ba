/* The operator dashboard's sampling thread (sampling.h). */

#include "core/sampling.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/httpc.h"
#include "core/activity.h"
#include "core/ops.h"
#include "core/sampler.h"
#include "log/oplog.h"
#include "sources/register_stats.h"
#include "store/operators.h"
#include "util/clock.h"

struct gx_sampling {
	struct gx_sampling_config cfg;
	char instance[GX_SAMPLE_INSTANCE_MAX];
	struct gx_store *store;
	const struct gx_domain *domain;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake;   /* CLOCK_REALTIME: the intervals are the wall clock's */
	bool stopping;
};

/* --- probes ------------------------------------------------------------------------ */

struct probe {
	const struct gx_register *reg;
	size_t *pending;
};

static void on_probe(void *arg, const struct gx_httpc_response *res)
{
	struct probe *p = arg;
	bool up = res->error == GX_HTTPC_OK && res->status == 200;
	struct gx_register_figures was;
	gx_register_stats_read(p->reg, &was);
	if (was.up != (up ? 1 : 0))  /* a change, not every interval */
		gx_oplog_event(up ? GX_LOG_INFO : GX_LOG_WARN, up ? "register_up" : "register_down", NULL,
			       "register %s: %s, status %d", p->reg->name, gx_httpc_error_name(res->error), res->status);
	gx_register_stats_probed(p->reg, up);
	(*p->pending)--;
}

/* Asks every register at once whether it is ready; returns when each has
 * answered or given up. */
static void probe_registers(struct gx_sampling *s, struct gx_httpc *httpc, h2o_evloop_t *loop)
{
	const struct gx_registers *regs = &s->domain->registers;
	struct probe *probes = calloc(regs->count + 1, sizeof(*probes));
	if (probes == NULL)
		return;
	size_t pending = 0;
	/* The loop slept since the last interval: one turn brings its clock up to
	 * date, or each deadline would start from then (and end at once). */
	h2o_evloop_run(loop, 0);
	for (size_t i = 0; i < regs->count; i++) {
		const struct gx_register *r = &regs->items[i];
		char url[600];
		snprintf(url, sizeof(url), "%s/readyz", r->url);
		struct gx_httpc_request req = {.method = "GET", .url = url, .deadline_ms = s->cfg.probe_timeout_ms,
					       .max_response_bytes = 4096};
		probes[i] = (struct probe){r, &pending};
		if (gx_httpc_start(httpc, &req, on_probe, &probes[i]) != NULL)
			pending++;
		else
			gx_register_stats_probed(r, false);
	}
	/* Every request ends within its deadline: the loop runs until then. */
	while (pending > 0)
		h2o_evloop_run(loop, 100);
	free(probes);
}

/* --- one interval ------------------------------------------------------------------- */

struct write {
	const struct gx_sample *rows;
	size_t n;
	const char *instance;
	long long hour_s;          /* the hour the rows are in: its rollup is written again */
	long long rows_before_s;   /* rows older are deleted */
	long long rollups_before_s;
	long long purged;
};

static enum gx_db_status write_rows(struct gx_store_conn *conn, void *arg)
{
	struct write *w = arg;
	enum gx_db_status st = gx_store_samples_put(conn, w->rows, w->n);
	if (st < 0 || (st = gx_store_samples_rollup(conn, w->instance, w->hour_s)) < 0)
		return st;
	st = gx_store_samples_purge(conn, w->rows_before_s, w->rollups_before_s, &w->purged);
	return st < 0 ? st : GX_DB_ONE_RESULT;
}

static void sample(struct gx_sampling *s, struct gx_store_conn *conn, struct gx_ops_snapshot *prev, long long at_s,
		   struct gx_sample *rows, size_t max)
{
	struct gx_activity *a = s->domain->activity;
	long long bytes;
	struct gx_store_gauges g;
	if (a != NULL && gx_store_size(conn, &bytes) >= 0)
		atomic_store_explicit(&a->store_bytes, bytes, memory_order_relaxed);
	if (a != NULL && gx_store_operator_gauges(conn, gx_wall_us(), &g) >= 0) {
		atomic_store_explicit(&a->outbox_backlog, g.outbox_backlog, memory_order_relaxed);
		atomic_store_explicit(&a->translog_size, g.translog_size, memory_order_relaxed);
		atomic_store_explicit(&a->cosigned_at_us, g.cosigned_at_us, memory_order_relaxed);
	}
	struct gx_ops_snapshot cur;
	if (gx_ops_snapshot_take(s->domain, s->store, true, &cur) != 0) {
		gx_oplog_event(GX_LOG_WARN, "samples_failed", NULL, "out of memory");
		return;
	}
	long n = gx_sampler_rows(prev, &cur, at_s, s->instance, rows, max);
	gx_ops_snapshot_clear(prev);
	*prev = cur;
	if (n < 0) {
		gx_oplog_event(GX_LOG_ERROR, "samples_failed", NULL, "more rows than room for them");
		return;
	}
	struct write w = {rows,
			  (size_t)n,
			  s->instance,
			  at_s - at_s % 3600,
			  at_s - (long long)s->cfg.minute_retention_hours * 3600,
			  at_s - (long long)s->cfg.retention_days * 86400,
			  0};
	enum gx_db_status st = gx_store_run_tx(conn, true, write_rows, &w);
	if (st < 0)
		gx_oplog_event(GX_LOG_WARN, "samples_failed", NULL, "%ld rows at %lld not written (status %d)", n, at_s,
			       (int)st);
}

/* --- the thread ------------------------------------------------------------------------ */

/* Waits until the wall clock reaches at_s or the thread is stopped; true: stopped. */
static bool wait_until(struct gx_sampling *s, long long at_s)
{
	struct timespec ts = {.tv_sec = (time_t)at_s, .tv_nsec = 0};
	pthread_mutex_lock(&s->mu);
	while (!s->stopping && gx_wall_us() < at_s * 1000000)
		if (pthread_cond_timedwait(&s->wake, &s->mu, &ts) == ETIMEDOUT)
			break;
	bool stopping = s->stopping;
	pthread_mutex_unlock(&s->mu);
	return stopping;
}

/* What the thread's loop kept for itself (as a worker's, http/server.c). */
static void free_loop(struct gx_httpc *httpc, h2o_evloop_t *loop)
{
	if (httpc != NULL)
		gx_httpc_free(httpc);
	for (int i = 0; i < 3; i++)
		h2o_evloop_run(loop, 0);
	h2o_evloop_destroy(loop);
	/* h2o 2.2 does not free the thread's recycled socket buffers: a singly
	 * linked list whose first word is the next pointer. */
	h2o_mem_recycle_t *bin = &h2o_socket_buffer_prototype.allocator;
	while (bin->_link != NULL) {
		void **chunk = (void **)bin->_link;
		bin->_link = *chunk;
		bin->cnt--;
		free(chunk);
	}
}

static void *sampling_main(void *arg)
{
	struct gx_sampling *s = arg;
	struct gx_store_conn *conn = gx_store_conn_open(s->store);
	h2o_evloop_t *loop = h2o_evloop_create();
	struct gx_httpc *httpc = gx_httpc_new(loop, NULL);
	size_t max = gx_sampler_max_rows(s->domain->registers.count, s->domain->activity != NULL ? s->domain->activity->norgs : 0);
	struct gx_sample *rows = calloc(max, sizeof(*rows));
	struct gx_ops_snapshot prev;
	bool ok = conn != NULL && httpc != NULL && rows != NULL &&
		  gx_ops_snapshot_take(s->domain, s->store, true, &prev) == 0;
	if (!ok) {
		gx_oplog_event(GX_LOG_ERROR, "sampling_failed", NULL, "the dashboard's sampler cannot start");
	} else {
		long long interval = s->cfg.interval_s;
		for (;;) {
			long long next = (gx_wall_us() / 1000000 / interval + 1) * interval;
			if (wait_until(s, next))
				break;
			probe_registers(s, httpc, loop);
			/* The rows are of the interval that ends at next: stamped with its start. */
			sample(s, conn, &prev, next - interval, rows, max);
		}
		gx_ops_snapshot_clear(&prev);
	}
	free(rows);
	free_loop(httpc, loop);
	if (conn != NULL)
		gx_store_conn_close(conn);
	return NULL;
}

struct gx_sampling *gx_sampling_start(const struct gx_sampling_config *cfg, struct gx_store *store,
				      const struct gx_domain *d, char *err, size_t errlen)
{
	if (cfg->interval_s == 0 || cfg->retention_days == 0 || cfg->minute_retention_hours < 2) {
		snprintf(err, errlen, "the sampling interval and the retention must be positive, the rows kept 2 hours at least");
		return NULL;
	}
	struct gx_sampling *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	snprintf(s->instance, sizeof(s->instance), "%s", cfg->instance != NULL ? cfg->instance : "");
	s->cfg.instance = s->instance;
	if (s->cfg.probe_timeout_ms == 0)
		s->cfg.probe_timeout_ms = 2000;
	s->store = store;
	s->domain = d;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->wake, NULL);
	int rc = pthread_create(&s->thread, NULL, sampling_main, s);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the sampling thread: %s", strerror(rc));
		pthread_cond_destroy(&s->wake);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return NULL;
	}
	return s;
}

void gx_sampling_stop(struct gx_sampling *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&s->mu);
	s->stopping = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

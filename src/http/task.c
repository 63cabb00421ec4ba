/* Background tasks on the first worker's loop (task.h). */

#include "http/task.h"

#include <stdio.h>
#include <stdlib.h>

#include "http/problem.h"
#include "http/worker.h"
#include "log/oplog.h"

struct gx_task {
	struct gx_worker *w;
	const struct gx_server_task *def;
	h2o_timeout_t interval;
	h2o_timeout_entry_t timer;
	h2o_mem_pool_t pool;
	bool running;
	unsigned long long runs;
	char run_id[80];
};

struct gx_store_conn *gx_task_store(struct gx_task *t)
{
	return t->w->db;
}

struct gx_durable *gx_task_durable(struct gx_task *t)
{
	return &t->w->durable_port;
}

struct gx_httpc *gx_task_httpc(struct gx_task *t)
{
	return t->w->httpc;
}

h2o_mem_pool_t *gx_task_pool(struct gx_task *t)
{
	return &t->pool;
}

void *gx_task_data(struct gx_task *t)
{
	return t->def->data;
}

bool gx_task_stopping(struct gx_task *t)
{
	return t->w->stopping;
}

const char *gx_task_run_id(struct gx_task *t)
{
	return t->run_id;
}

static void on_timer(h2o_timeout_entry_t *entry)
{
	struct gx_task *t = H2O_STRUCT_FROM_MEMBER(struct gx_task, timer, entry);
	if (t->w->stopping || t->running)
		return;
	t->running = true;
	t->w->in_flight++;  /* a shutdown waits for it as for a request */
	snprintf(t->run_id, sizeof(t->run_id), "task-%s-%llu", t->def->name, ++t->runs);
	t->def->run(t);
}

void gx_task_done(struct gx_task *t)
{
	h2o_mem_clear_pool(&t->pool);
	t->running = false;
	t->w->in_flight--;
	if (!t->w->stopping)
		h2o_timeout_link(t->w->ctx.loop, &t->interval, &t->timer);
}

struct gx_task *gx_http_task_start(struct gx_worker *w, const struct gx_server_task *def)
{
	struct gx_task *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->w = w;
	t->def = def;
	h2o_mem_init_pool(&t->pool);
	h2o_timeout_init(w->ctx.loop, &t->interval, def->interval_ms);
	t->timer.cb = on_timer;
	h2o_timeout_link(w->ctx.loop, &t->interval, &t->timer);
	gx_oplog_event(GX_LOG_INFO, "task_started", NULL, "task %s every %u ms", def->name, def->interval_ms);
	return t;
}

void gx_http_task_stop(struct gx_task *t)
{
	if (t == NULL)
		return;
	if (h2o_timeout_is_linked(&t->timer))
		h2o_timeout_unlink(&t->timer);
	h2o_timeout_dispose(t->w->ctx.loop, &t->interval);
	h2o_mem_clear_pool(&t->pool);
	free(t);
}

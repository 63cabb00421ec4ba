/* guichetd's background tasks (tasks.h). */

#include "portal/tasks.h"

#include "config/config.h"
#include "core/correction_sync.h"
#include "core/domain.h"
#include "http/task.h"
#include "util/clock.h"

static struct gx_correction_sync_config sync_config;
static struct gx_server_task tasks[1];

static bool stopping(void *arg)
{
	return gx_task_stopping(arg);
}

static void on_synced(void *arg)
{
	gx_task_done(arg);
}

static void corrections_run(struct gx_task *t)
{
	struct gx_core_ctx c = {.domain = &gx_domain, .db = gx_task_store(t), .durable = gx_task_durable(t),
				.httpc = gx_task_httpc(t), .pool = gx_task_pool(t), .request_id = gx_task_run_id(t),
				.now_us = gx_wall_us()};
	struct gx_correction_sync_config cfg = sync_config;
	cfg.stopping = stopping;
	cfg.stopping_arg = t;
	gx_corrections_sync(&c, &cfg, on_synced, t);
}

const struct gx_server_task *gx_portal_tasks(const struct gx_config *c, size_t *n)
{
	sync_config = (struct gx_correction_sync_config){
		.retry_initial_ms = c->corrections.retry_initial_ms, .retry_max_ms = c->corrections.retry_max_ms,
		.deadline_ms = 10000};
	tasks[0] = (struct gx_server_task){.name = "corrections", .interval_ms = c->corrections.sync_ms,
					   .run = corrections_run};
	*n = 1;
	return tasks;
}

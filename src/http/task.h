#ifndef GX_HTTP_TASK_H
#define GX_HTTP_TASK_H

/** Background tasks of a server: work that no request asks for, run on the
 *  first worker's loop with that loop's store connection, group-commit port
 *  and HTTP client (guichetd: telling registers of correction requests and
 *  reading their decisions). A task runs, ends with gx_task_done, and runs
 *  again interval_ms later; never twice at once. At shutdown a running task
 *  is waited for like a request in flight (within the grace period), and
 *  is not started again; one still waiting on the HTTP client after it
 *  sees its calls cancelled and must end on its stopping path (checking
 *  gx_task_stopping before touching the store). */

#include <h2o/memory.h>
#include <stdbool.h>

struct gx_task;
struct gx_store_conn;
struct gx_durable;
struct gx_httpc;

struct gx_server_task {
	const char *name;                 /* for the operational log */
	unsigned interval_ms;             /* from one run's end to the next run's start */
	void (*run)(struct gx_task *t);   /* must end, exactly once, with gx_task_done(t) */
	void *data;                       /* the task's own, borrowed for the server's life */
};

struct gx_store_conn *gx_task_store(struct gx_task *t);
struct gx_durable *gx_task_durable(struct gx_task *t);
struct gx_httpc *gx_task_httpc(struct gx_task *t);
/** Memory for one run: cleared when the run is done. */
h2o_mem_pool_t *gx_task_pool(struct gx_task *t);
void *gx_task_data(struct gx_task *t);
/** True once the server is stopping: a run ends at its next step. */
bool gx_task_stopping(struct gx_task *t);
/** A number for this run, for logs ("task-<name>-<n>"). */
const char *gx_task_run_id(struct gx_task *t);

/** Ends the run: its memory is freed, the next one is scheduled. */
void gx_task_done(struct gx_task *t);

#endif

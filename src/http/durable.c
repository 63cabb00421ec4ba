#include "http/durable.h"

#include <stdlib.h>

#include "http/request.h"
#include "http/worker.h"
#include "log/oplog.h"
#include "util/clock.h"

/* One queued write, from submit to its completion on the worker's loop.
 * Not from a request pool: the writer thread touches it. */
struct durable_msg {
	h2o_multithread_message_t super;  /* first: the queue links it */
	struct gx_worker *worker;
	gx_store_write_fn write;
	gx_durable_done_fn done;
	void *arg;
	enum gx_db_status result;
	long long queued_ns;
};

static enum gx_db_status run_write(struct gx_store_conn *writer, void *p)
{
	struct durable_msg *m = p;
	return m->write(writer, m->arg);
}

/* Writer thread: hand the result back to the worker's loop. */
static void on_committed(void *p, enum gx_db_status result)
{
	struct durable_msg *m = p;
	m->result = result;
	h2o_multithread_send_message(&m->worker->durable, &m->super);
}

static void port_submit(struct gx_durable *self, gx_store_write_fn write, void *arg, gx_durable_done_fn done)
{
	struct gx_worker *w = H2O_STRUCT_FROM_MEMBER(struct gx_worker, durable_port, self);
	struct durable_msg *m = calloc(1, sizeof(*m));
	int rc = GX_STORE_ERR;
	if (m != NULL) {
		*m = (struct durable_msg){.worker = w, .write = write, .done = done, .arg = arg,
					  .queued_ns = gx_mono_ns()};
		rc = gx_store_durable_submit(w->server->store, run_write, on_committed, m);
	}
	if (rc == GX_STORE_OK)
		return;
	free(m);
	gx_oplog_event(GX_LOG_WARN, "durable_queue_refused", NULL, "group-commit queue %s",
		       rc == GX_STORE_QUEUE_FULL ? "full" : rc == GX_STORE_CLOSED ? "closed" : "unreachable (no memory)");
	done(arg, GX_DB_REFUSED);
}

struct gx_durable *gx_req_durable_port(struct gx_req *r)
{
	return &r->worker->durable_port;
}

void gx_http_durable_init(struct gx_worker *w)
{
	w->durable_port.submit = port_submit;
}

/* --- a request's own durable write ------------------------------------------------- */

struct req_write {
	struct gx_req *r;
	gx_store_write_fn write;
	gx_req_durable_done_fn done;
	void *arg;
};

static enum gx_db_status run_req_write(struct gx_store_conn *writer, void *p)
{
	struct req_write *rw = p;
	return rw->write(writer, rw->arg);
}

static void on_req_written(void *p, enum gx_db_status result)
{
	struct req_write *rw = p;
	rw->done(rw->r, rw->arg, result);
}

enum gx_outcome gx_req_durable(struct gx_req *r, gx_store_write_fn write, void *arg, gx_req_durable_done_fn done)
{
	struct req_write *rw = gx_req_alloc(r, sizeof(*rw));
	*rw = (struct req_write){.r = r, .write = write, .done = done, .arg = arg};
	gx_durable_submit(&r->worker->durable_port, run_req_write, rw, on_req_written);
	return GX_DONE;
}

/* --- completions on the loop --------------------------------------------------------- */

void gx_http_on_durable_messages(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
	while (!h2o_linklist_is_empty(messages)) {
		struct durable_msg *m = H2O_STRUCT_FROM_MEMBER(struct durable_msg, super.link, messages->next);
		h2o_linklist_unlink(&m->super.link);
		/* A conflict is the client's (the state changed under it), not a store failure. */
		gx_metrics_durable(m->worker->metrics, (uint64_t)(gx_mono_ns() - m->queued_ns),
				   m->result >= 0 || m->result == GX_DB_CONFLICT);
		m->done(m->arg, m->result);
		free(m);
	}
}

void gx_http_discard_durable_messages(h2o_multithread_receiver_t *receiver)
{
	h2o_linklist_t *messages = &receiver->_messages;
	while (!h2o_linklist_is_empty(messages)) {
		struct durable_msg *m = H2O_STRUCT_FROM_MEMBER(struct durable_msg, super.link, messages->next);
		h2o_linklist_unlink(&m->super.link);
		free(m);
	}
}

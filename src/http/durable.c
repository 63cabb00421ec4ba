#include "http/durable.h"

#include <stdlib.h>

#include "http/request.h"
#include "http/worker.h"
#include "log/oplog.h"

struct durable_msg {
	h2o_multithread_message_t super;  /* first: the queue links it */
	struct gx_req *req;
	gx_store_write_fn write;
	gx_durable_done_fn done;
	void *arg;
	enum gx_db_status result;
	uint64_t queued_ns;
};

static enum gx_db_status run_write(struct gx_store_conn *writer, void *p)
{
	struct durable_msg *m = p;
	return m->write(writer, m->arg);
}

/* Writer thread: hand the result back to the request's loop. */
static void on_committed(void *p, enum gx_db_status result)
{
	struct durable_msg *m = p;
	m->result = result;
	h2o_multithread_send_message(&m->req->worker->durable, &m->super);
}

enum gx_outcome gx_req_durable(struct gx_req *r, gx_store_write_fn write, void *arg, gx_durable_done_fn done)
{
	/* Not from the request pool: the writer thread touches it. */
	struct durable_msg *m = calloc(1, sizeof(*m));
	if (m == NULL)
		return GX_SERVER_FAULT;
	*m = (struct durable_msg){.req = r, .write = write, .done = done, .arg = arg, .queued_ns = gx_now_ns()};
	int rc = gx_store_durable_submit(r->worker->server->store, run_write, on_committed, m);
	if (rc != GX_STORE_OK) {
		free(m);
		gx_oplog_event(GX_LOG_WARN, "durable_queue_refused", r->id, "group-commit queue %s",
			       rc == GX_STORE_QUEUE_FULL ? "full" : "closed");
		gx_reply_problem(r, GX_ERR_UNAVAILABLE, NULL, "too many writes in progress; try again");
		return GX_DONE;
	}
	return GX_DONE;
}

void gx_http_on_durable_messages(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
	while (!h2o_linklist_is_empty(messages)) {
		struct durable_msg *m = H2O_STRUCT_FROM_MEMBER(struct durable_msg, super.link, messages->next);
		h2o_linklist_unlink(&m->super.link);
		struct gx_req *r = m->req;
		/* A conflict is the client's (the state changed under it), not a store failure. */
		gx_metrics_durable(r->worker->metrics, gx_now_ns() - m->queued_ns,
				   m->result >= 0 || m->result == GX_DB_CONFLICT);
		m->done(r, m->arg, m->result);
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

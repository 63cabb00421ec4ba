/* h2o answers a few errors itself before a request reaches routing (a body
 * over max_request_entity_size, broken chunked encoding, an unknown Expect),
 * in text/plain. This filter rewrites those into problem JSON so every error
 * a client sees has the same shape, and counts them. */

#include <string.h>

#include "http/problem.h"
#include "http/worker.h"
#include "log/oplog.h"

struct error_filter {
	h2o_filter_t super;
	struct gx_server *server;
};

struct problem_ostream {
	h2o_ostream_t super;
	h2o_iovec_t body;
	bool sent;
};

static void on_send(h2o_ostream_t *self, h2o_req_t *req, h2o_iovec_t *bufs, size_t bufcnt, h2o_send_state_t state)
{
	struct problem_ostream *os = (void *)self;
	if (os->sent) {
		h2o_ostream_send_next(&os->super, req, NULL, 0, state);
		return;
	}
	os->sent = true;
	h2o_ostream_send_next(&os->super, req, &os->body, 1, state);
}

static bool generated_by_h2o(h2o_req_t *req)
{
	if (req->res.status < 400)
		return false;
	ssize_t i = h2o_find_header(&req->res.headers, H2O_TOKEN_CONTENT_TYPE, -1);
	if (i < 0)
		return false;
	h2o_iovec_t v = req->res.headers.entries[i].value;
	return v.len >= 10 && memcmp(v.base, "text/plain", 10) == 0;
}

static enum gx_err err_for_status(int status)
{
	switch (status) {
	case 413:
		return GX_ERR_BODY_TOO_LARGE;
	case 417:
		return GX_ERR_EXPECTATION_FAILED;
	case 404:
		return GX_ERR_NOT_FOUND;
	case 405:
		return GX_ERR_METHOD_NOT_ALLOWED;
	case 400:
		return GX_ERR_BAD_REQUEST;
	default:
		return status >= 500 ? GX_ERR_INTERNAL : GX_ERR_BAD_REQUEST;
	}
}

static void on_setup_ostream(h2o_filter_t *self, h2o_req_t *req, h2o_ostream_t **slot)
{
	if (generated_by_h2o(req)) {
		enum gx_err e = err_for_status(req->res.status);
		const struct gx_err_info *info = gx_err_info(e);
		json_t *p = gx_problem_new(e, "refused by the HTTP layer before routing", NULL, NULL);
		size_t len = p != NULL ? json_dumpb(p, NULL, 0, JSON_COMPACT) : 0;
		char *buf = len > 0 ? h2o_mem_alloc_pool(&req->pool, len) : NULL;
		if (buf != NULL && json_dumpb(p, buf, len, JSON_COMPACT) == len) {
			struct problem_ostream *os = (void *)h2o_add_ostream(req, sizeof(*os), slot);
			os->body = h2o_iovec_init(buf, len);
			os->sent = false;
			os->super.do_send = on_send;
			slot = &os->super.next;
			req->res.status = info->status;
			req->res.content_length = len;
			h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE,
				       H2O_STRLIT("application/problem+json"), 1);
		}
		json_decref(p);
		struct gx_worker *w = H2O_STRUCT_FROM_MEMBER(struct gx_worker, ctx, req->conn->ctx);
		gx_metrics_rejected(w->metrics, req->res.status);
		gx_oplog_event(GX_LOG_INFO, "rejected", NULL, "HTTP layer answered %d before routing",
			       req->res.status);
	}
	h2o_setup_next_ostream(req, slot);
}

void gx_http_register_error_filter(h2o_pathconf_t *pathconf, struct gx_server *server)
{
	struct error_filter *f = (void *)h2o_create_filter(pathconf, sizeof(*f));
	f->server = server;
	f->super.on_setup_ostream = on_setup_ostream;
}

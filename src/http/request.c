#include "http/request.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/gate.h"
#include "http/multipart.h"
#include "util/buf.h"
#include "util/clock.h"
#include "http/query.h"
#include "json/spec.h"
#include "http/throttle.h"
#include "util/alloc_fault.h"
#include "http/worker.h"
#include "log/oplog.h"
#include "store/store.h"

void *gx_req_alloc(struct gx_req *r, size_t size)
{
	return h2o_mem_alloc_pool(&r->h2o->pool, size);
}

struct gx_store_conn *gx_req_store(struct gx_req *r)
{
	return r->worker->db;
}

struct gx_server *gx_req_server(struct gx_req *r)
{
	return r->worker->server;
}

struct gx_httpc *gx_req_httpc(struct gx_req *r)
{
	return r->worker->httpc;
}

const char *gx_req_param(struct gx_req *r, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < r->match.nparams; i++) {
		const struct gx_route_param *p = &r->match.params[i];
		if (p->name_len != n || memcmp(p->name, name, n) != 0)
			continue;
		char *out = gx_req_alloc(r, p->len + 1);
		return gx_route_param_decode(p->value, p->len, out, p->len + 1) < 0 ? NULL : out;
	}
	return NULL;
}

long long gx_req_param_id(struct gx_req *r, const char *name)
{
	const char *p = gx_req_param(r, name);
	if (p == NULL || *p == '\0' || strlen(p) > 18)
		return 0;
	long long id = 0;
	for (const char *c = p; *c != '\0'; c++) {
		if (*c < '0' || *c > '9')
			return 0;
		id = id * 10 + (*c - '0');
	}
	return id;
}

static void start(struct gx_req *r, int status, const char *content_type, size_t len)
{
	h2o_req_t *req = r->h2o;
	r->replied = true;
	r->status = status;
	req->res.status = status;
	req->res.reason = gx_http_reason(status);
	/* h2o sends no Content-Length (and no body) for SIZE_MAX: what 204 and 304 need. */
	req->res.content_length = status == 204 || status == 304 ? SIZE_MAX : len;
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, content_type, strlen(content_type));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-request-id"), 0, NULL, r->id, strlen(r->id));
	if (r->worker->stopping)
		req->http1_is_persistent = 0;
}

enum gx_outcome gx_reply_redirect(struct gx_req *r, const char *location)
{
	h2o_req_t *req = r->h2o;
	h2o_iovec_t v = h2o_strdup(&req->pool, location, SIZE_MAX);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_LOCATION, NULL, v.base, v.len);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
	return gx_reply_bytes(r, 303, "text/plain; charset=utf-8", "", 0);
}

enum gx_outcome gx_reply_bytes(struct gx_req *r, int status, const char *content_type, const char *body, size_t len)
{
	static h2o_generator_t generator = {NULL, NULL};
	/* An allocation failed while this request was served: what it would
	 * send may lack what could not be allocated (util/alloc_fault.h). */
	if (status < 400 && gx_alloc_faults() > r->alloc_faults)
		return gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL);
	start(r, status, content_type, len);
	h2o_start_response(r->h2o, &generator);
	/* Not h2o_send_inline: it copies the body, and for an empty one it hands
	 * the socket a zero-length buffer, which costs a second writev and two
	 * epoll_ctl calls per response. */
	h2o_iovec_t v = h2o_iovec_init(body, len);
	h2o_send(r->h2o, &v, len > 0 ? 1 : 0, H2O_SEND_STATE_FINAL);
	return GX_DONE;
}

static int dump_to_buf(const char *chunk, size_t len, void *data)
{
	return gx_buf_append(data, chunk, len);
}

/* A copy of the text into the request's pool; the buffer is freed. */
static enum gx_outcome reply_text(struct gx_req *r, int status, const char *content_type, struct gx_buf *text)
{
	if (text->failed || text->len == 0) {
		gx_buf_free(text);
		return GX_SERVER_FAULT;
	}
	char *copy = gx_req_alloc(r, text->len);
	memcpy(copy, text->data, text->len);
	size_t len = text->len;
	gx_buf_free(text);
	return gx_reply_bytes(r, status, content_type, copy, len);
}

enum gx_outcome gx_reply_json_text(struct gx_req *r, int status, struct gx_buf *text)
{
	return reply_text(r, status, "application/json", text);
}

/* One pass of the encoder (json_dumpb would need two: size, then bytes). */
static enum gx_outcome reply_json_typed(struct gx_req *r, int status, const char *content_type, const json_t *body)
{
	struct gx_buf out = GX_BUF_INIT;
	if (json_dump_callback(body, dump_to_buf, &out, JSON_COMPACT) != 0)
		out.failed = true;
	return reply_text(r, status, content_type, &out);
}

enum gx_outcome gx_reply_json(struct gx_req *r, int status, const json_t *body)
{
	return reply_json_typed(r, status, "application/json", body);
}

enum gx_outcome gx_reply_problem_errors(struct gx_req *r, enum gx_err e, const char *detail, json_t *errors)
{
	json_t *p = gx_problem_new(e, detail, NULL, r->id);
	if (p == NULL) {
		json_decref(errors);
		return GX_SERVER_FAULT;
	}
	json_object_set_new(p, "errors", errors);
	enum gx_outcome o = reply_json_typed(r, gx_err_info(e)->status, "application/problem+json", p);
	json_decref(p);
	return o == GX_DONE ? GX_CLIENT_FAULT : o;
}

/* A browser asking for a page (not the API, not an asset) gets HTML errors. */
static bool wants_html(struct gx_req *r)
{
	h2o_req_t *req = r->h2o;
	if (!h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")))
		return false;
	if ((req->path.len >= 5 && memcmp(req->path.base, "/api/", 5) == 0) ||
	    (req->path.len >= 8 && memcmp(req->path.base, "/static/", 8) == 0))
		return false;
	ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_ACCEPT, -1);
	if (i < 0)
		return false;
	h2o_iovec_t v = req->headers.entries[i].value;
	return h2o_strstr(v.base, v.len, H2O_STRLIT("text/html")) != SIZE_MAX;
}

static bool store_unreachable(struct gx_req *r);

enum gx_outcome gx_reply_problem(struct gx_req *r, enum gx_err e, const char *field, const char *detail)
{
	/* A fault during which the store could not be reached or written is
	 * that failure's (passing: 503), whichever layer gave up on it. */
	if (e == GX_ERR_INTERNAL && (store_unreachable(r) || gx_alloc_faults() > r->alloc_faults))
		e = GX_ERR_UNAVAILABLE;
	const struct gx_err_info *info = gx_err_info(e);
	struct gx_server *s = r->worker->server;
	/* Unavailable is passing (a full write queue, a store failure): ask to come back in a second. */
	if (info->status == 503)
		h2o_add_header(&r->h2o->pool, &r->h2o->res.headers, H2O_TOKEN_RETRY_AFTER, NULL, H2O_STRLIT("1"));
	if (s->error_page != NULL && !r->in_error_page && wants_html(r)) {
		r->in_error_page = true;
		enum gx_outcome o = s->error_page(r, e);
		if (r->replied)
			return o;
		/* The page could not be rendered: fall back to problem JSON. */
	}
	json_t *p = gx_problem_new(e, detail, field, r->id);
	if (p == NULL)
		return GX_SERVER_FAULT;
	enum gx_outcome o = reply_json_typed(r, info->status, "application/problem+json", p);
	json_decref(p);
	if (o != GX_DONE)
		return o;
	return info->status < 500 ? GX_CLIENT_FAULT : GX_DONE;
}

enum gx_outcome gx_reply_login_required(struct gx_req *r)
{
	h2o_req_t *req = r->h2o;
	if (!wants_html(r))
		return gx_reply_problem(r, GX_ERR_LOGIN_REQUIRED, NULL, NULL);
	char next[1024];
	if (gx_query_encode(req->path.base, req->path.len, next, sizeof(next)) < 0)
		snprintf(next, sizeof(next), "/");
	char location[1100];
	snprintf(location, sizeof(location), "/login?next=%s", next);
	gx_reply_redirect(r, location);
	return GX_CLIENT_FAULT;
}

/* Runs when the h2o pool is cleared: the response has been written (or the
 * connection is gone). Metrics and the operational log are written here. */
static void on_dispose(void *p)
{
	struct gx_req *r = p;
	struct gx_worker *w = r->worker;
	uint64_t took = (uint64_t)gx_mono_ns() - r->start_ns;
	int status = r->replied ? r->status : r->h2o->res.status;
	gx_metrics_request(w->metrics, r->route_index, status, took);
	gx_oplog_request(r->id, r->def != NULL ? r->def->method : "-", r->def != NULL ? r->def->pattern : "-",
			 status, took);
	if (r->json != NULL)
		json_decref(r->json);
	w->in_flight--;
	atomic_store_explicit(&w->metrics->in_flight, w->in_flight, memory_order_relaxed);
}

static enum gx_outcome check_limits(struct gx_req *r)
{
	const struct gx_config *c = r->worker->server->config;
	h2o_req_t *req = r->h2o;
	if (req->path.len > c->url_length_max)
		return gx_reply_problem(r, GX_ERR_URL_TOO_LONG, NULL, "the address is longer than the limit");
	if (req->headers.size > c->header_count_max)
		return gx_reply_problem(r, GX_ERR_HEADERS_TOO_LARGE, NULL, "too many header fields");
	size_t bytes = 0;
	for (size_t i = 0; i < req->headers.size; i++)
		bytes += req->headers.entries[i].name->len + req->headers.entries[i].value.len + 4;
	if (bytes > c->header_bytes_max)
		return gx_reply_problem(r, GX_ERR_HEADERS_TOO_LARGE, NULL, "the header fields are larger than the limit");
	return GX_DONE;
}

static bool is_json_type(h2o_req_t *req)
{
	ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
	if (i < 0)
		return false;
	h2o_iovec_t v = req->headers.entries[i].value;
	size_t n = 0;
	while (n < v.len && v.base[n] != ';' && v.base[n] != ' ')
		n++;
	return n == 16 && strncasecmp(v.base, "application/json", 16) == 0;
}

static enum gx_err fault_to_err(enum gx_json_fault f)
{
	switch (f) {
	case GX_JSON_MALFORMED:
	case GX_JSON_BAD_UTF8:
	case GX_JSON_NOT_OBJECT:
	case GX_JSON_DUPLICATE_FIELD:
		return GX_ERR_MALFORMED_JSON;
	case GX_JSON_TOO_DEEP:
		return GX_ERR_JSON_TOO_DEEP;
	case GX_JSON_UNKNOWN_FIELD:
		return GX_ERR_UNKNOWN_FIELD;
	case GX_JSON_MISSING_FIELD:
		return GX_ERR_MISSING_FIELD;
	default:
		return GX_ERR_INVALID_FIELD;
	}
}

static enum gx_outcome read_body(struct gx_req *r)
{
	const struct gx_config *c = r->worker->server->config;
	h2o_req_t *req = r->h2o;
	bool has_body = req->entity.base != NULL;
	switch (r->def->body) {
	case GX_BODY_NONE:
		if (has_body && req->entity.len > 0)
			return gx_reply_problem(r, GX_ERR_BODY_TOO_LARGE, NULL, "this endpoint takes no body");
		return GX_DONE;
	case GX_BODY_UPLOAD:
		if (has_body && req->entity.len > c->upload_body_max)
			return gx_reply_problem(r, GX_ERR_BODY_TOO_LARGE, NULL, "the upload is larger than the limit");
		return GX_DONE;
	case GX_BODY_FORM:
		if (has_body && req->entity.len > c->json_body_max)
			return gx_reply_problem(r, GX_ERR_BODY_TOO_LARGE, NULL, "the form is larger than the limit");
		return GX_DONE;
	case GX_BODY_MULTIPART:
		return gx_req_read_multipart(r);
	case GX_BODY_JSON:
		break;
	}
	return gx_req_parse_json(r, r->def->spec);
}

enum gx_outcome gx_req_read_multipart(struct gx_req *r)
{
	if (r->multipart != NULL)
		return GX_DONE;
	const struct gx_config *c = r->worker->server->config;
	h2o_req_t *req = r->h2o;
	size_t len = req->entity.base != NULL ? req->entity.len : 0;
	if (len > c->upload_body_max + GX_MULTIPART_ENVELOPE_MAX)
		return gx_reply_problem(r, GX_ERR_BODY_TOO_LARGE, NULL, "the upload is larger than the limit");
	ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
	h2o_iovec_t ct = i >= 0 ? req->headers.entries[i].value : h2o_iovec_init("", 0);
	const char *boundary, *why = NULL;
	size_t blen;
	int rc = gx_multipart_boundary(ct.base, ct.len, &boundary, &blen, &why);
	if (rc == -2)
		return gx_reply_problem(r, GX_ERR_UNSUPPORTED_MEDIA_TYPE, NULL, why);
	if (rc != 0)
		return gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, why);
	struct gx_multipart *m = gx_req_alloc(r, sizeof(*m));
	if (gx_multipart_parse(len > 0 ? req->entity.base : "", len, boundary, blen, m, &why) != 0) {
		char detail[160];
		snprintf(detail, sizeof(detail), "the multipart body is malformed: %s", why);
		return gx_reply_problem(r, GX_ERR_BAD_REQUEST, NULL, detail);
	}
	r->multipart = m;
	return GX_DONE;
}

enum gx_outcome gx_req_parse_json(struct gx_req *r, const struct gx_json_field *spec)
{
	const struct gx_config *c = r->worker->server->config;
	h2o_req_t *req = r->h2o;
	bool has_body = req->entity.base != NULL;
	if (has_body && req->entity.len > c->json_body_max)
		return gx_reply_problem(r, GX_ERR_BODY_TOO_LARGE, NULL, "the JSON body is larger than the limit");
	if (!is_json_type(req))
		return gx_reply_problem(r, GX_ERR_UNSUPPORTED_MEDIA_TYPE, NULL, "send Content-Type: application/json");
	struct gx_json_error err;
	int parsed = gx_json_parse(has_body ? req->entity.base : "", has_body ? req->entity.len : 0, spec,
				   (int)c->json_depth_max, &r->json, &err);
	if (parsed != 0 && err.fault == GX_JSON_NO_MEMORY)
		return GX_SERVER_FAULT;
	if (parsed != 0)
		return gx_reply_problem(r, fault_to_err(err.fault), err.fault == GX_JSON_MALFORMED ? NULL : err.pointer,
					err.detail);
	return GX_DONE;
}

static void make_id(struct gx_req *r)
{
	struct gx_worker *w = r->worker;
	snprintf(r->id, sizeof(r->id), "%s%02x%010llx", w->server->id_prefix, w->index & 0xff,
		 (unsigned long long)(++w->next_seq & 0xffffffffffULL));
}

/* Whether a statement of this request failed because the database could not be reached. */
static bool store_unreachable(struct gx_req *r)
{
	return gx_store_conn_unreachable(r->worker->db) > r->store_unreachable;
}

static enum gx_outcome route(struct gx_req *r)
{
	h2o_req_t *req = r->h2o;
	enum gx_outcome o = check_limits(r);
	if (o != GX_DONE || r->replied)
		return o;

	size_t plen = 0;
	while (plen < req->path.len && req->path.base[plen] != '?' && req->path.base[plen] != '#')
		plen++;
	enum gx_route_result res = gx_route_match(&r->worker->server->routes, req->method.base, req->method.len,
						  req->path.base, plen, &r->match);
	if (res == GX_ROUTE_NOT_FOUND)
		return gx_reply_problem(r, GX_ERR_NOT_FOUND, NULL, NULL);
	if (res == GX_ROUTE_METHOD_NOT_ALLOWED) {
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_ALLOW, NULL, r->match.allow, strlen(r->match.allow));
		return gx_reply_problem(r, GX_ERR_METHOD_NOT_ALLOWED, NULL, NULL);
	}
	r->def = r->match.route->def;
	r->route_index = r->match.route->index;

	o = gx_throttle_request(r);
	if (o != GX_DONE || r->replied)
		return o;
	o = gx_gate(r);
	if (o != GX_DONE || r->replied)
		return o;
	o = gx_throttle_actor(r);
	if (o != GX_DONE || r->replied)
		return o;
	o = read_body(r);
	if (o != GX_DONE || r->replied)
		return o;
	o = r->def->handler(r);
	if (o == GX_SERVER_FAULT && store_unreachable(r))
		gx_oplog_event(GX_LOG_WARN, "store_unreachable", r->id, "%s %s: the database could not be reached",
			       r->def->method, r->def->pattern);
	else if (o == GX_SERVER_FAULT)
		gx_oplog_event(GX_LOG_ERROR, "server_fault", r->id, "handler for %s %s failed", r->def->method,
			       r->def->pattern);
	return o;
}

int gx_http_on_req(h2o_handler_t *self, h2o_req_t *req)
{
	struct gx_worker *w = H2O_STRUCT_FROM_MEMBER(struct gx_worker, ctx, req->conn->ctx);
	struct gx_req *r = h2o_mem_alloc_shared(&req->pool, sizeof(*r), on_dispose);
	*r = (struct gx_req){.h2o = req, .worker = w, .start_ns = (uint64_t)gx_mono_ns(), .route_index = w->server->routes.count};
	make_id(r);
	r->store_unreachable = gx_store_conn_unreachable(w->db);
	r->alloc_faults = gx_alloc_faults();
	w->in_flight++;
	atomic_store_explicit(&w->metrics->in_flight, w->in_flight, memory_order_relaxed);

	enum gx_outcome o = route(r);
	/* A fault because the database could not be reached is passing: 503, come back later. */
	if (o == GX_SERVER_FAULT && !r->replied)
		gx_reply_problem(r, GX_ERR_INTERNAL, NULL, NULL); /* 503 when the store or memory failed it */
	if (gx_store_conn_in_tx(w->db)) {
		gx_oplog_event(GX_LOG_ERROR, "transaction_left_open", r->id, "%s %s left a transaction open",
			       r->def != NULL ? r->def->method : "-", r->def != NULL ? r->def->pattern : "-");
		gx_store_conn_rollback_if_open(w->db);
	}
	return 0;
}

bool gx_req_server_stopping(struct gx_req *r)
{
	return r->worker->stopping;
}

#include "client/httpc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/url.h"
#include "util/buf.h"
#include "util/clock.h"

/** One h2o timeout per distinct deadline: h2o 2.2 timeouts have a fixed
 *  length, and requests may each name their own. */
struct deadline_q {
	struct deadline_q *next;
	uint64_t ms;
	h2o_timeout_t q;
};

/** One origin (address and port): its socket pool and the requests waiting
 *  for one of its connections. */
struct origin {
	struct origin *next;
	struct gx_httpc *c;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	h2o_socketpool_t pool;
	size_t busy;               /* requests holding or opening a connection */
	h2o_linklist_t waiting;    /* struct gx_httpc_call, by wait_link */
	h2o_timeout_entry_t kick;  /* starts waiting requests on the next turn */
};

struct gx_httpc {
	h2o_loop_t *loop;
	struct gx_httpc_config cfg;
	struct origin *origins;
	struct deadline_q *deadlines;
	h2o_timeout_t soon;        /* 0 ms: work for the loop's next turn */
	h2o_timeout_t connect_q;
	h2o_linklist_t calls;      /* every request in flight */
	int starting;              /* inside gx_httpc_start: defer callbacks */
	int closing;
	struct gx_httpc_call *connecting;  /* inside h2o_socketpool_connect for it */
	struct gx_httpc_stats stats;
};

enum phase { PH_EARLY_ERROR, PH_WAITING, PH_CONNECTING, PH_SENDING, PH_READING };

struct gx_httpc_call {
	struct gx_httpc *c;
	struct origin *o;
	h2o_linklist_t link;       /* in c->calls */
	h2o_linklist_t wait_link;  /* in o->waiting */
	gx_httpc_cb cb;
	void *arg;
	enum phase phase;
	enum gx_httpc_error early; /* PH_EARLY_ERROR: delivered from c->soon */
	h2o_timeout_entry_t deadline;
	h2o_timeout_entry_t timer; /* connect timeout, or the early-error delivery */
	h2o_socketpool_connect_request_t *connect_req;
	h2o_socket_t *sock;
	int holds_slot;
	int reused;                /* the connection came from the pool */
	int retried;
	char *reqbuf;
	size_t reqlen;
	struct gx_resp resp;
	uint64_t started_ns;
};

static const struct gx_httpc_config defaults = {
	.connect_timeout_ms = 2000,
	.deadline_ms = 10000,
	.max_response_bytes = 1024 * 1024,
	.max_head_bytes = 16 * 1024,
	.max_fields = 64,
	.max_conns_per_origin = 16,
	.keepalive_ms = 2000,
};

const char *gx_httpc_error_name(enum gx_httpc_error e)
{
	switch (e) {
	case GX_HTTPC_OK: return "ok";
	case GX_HTTPC_CONNECT_FAILED: return "connect_failed";
	case GX_HTTPC_TIMEOUT: return "timeout";
	case GX_HTTPC_TOO_LARGE: return "too_large";
	case GX_HTTPC_BAD_RESPONSE: return "bad_response";
	case GX_HTTPC_CANCELLED: return "cancelled";
	case GX_HTTPC_BAD_URL: return "bad_url";
	case GX_HTTPC_BAD_REQUEST: return "bad_request";
	}
	return "unknown";
}

struct gx_httpc *gx_httpc_new(h2o_loop_t *loop, const struct gx_httpc_config *cfg)
{
	struct gx_httpc *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->loop = loop;
	c->cfg = cfg != NULL ? *cfg : defaults;
#define DEFAULT(f) if (c->cfg.f == 0) c->cfg.f = defaults.f
	DEFAULT(connect_timeout_ms);
	DEFAULT(deadline_ms);
	DEFAULT(max_response_bytes);
	DEFAULT(max_head_bytes);
	DEFAULT(max_fields);
	DEFAULT(max_conns_per_origin);
	DEFAULT(keepalive_ms);
#undef DEFAULT
	h2o_timeout_init(loop, &c->soon, 0);
	h2o_timeout_init(loop, &c->connect_q, c->cfg.connect_timeout_ms);
	h2o_linklist_init_anchor(&c->calls);
	return c;
}

void gx_httpc_get_stats(const struct gx_httpc *c, struct gx_httpc_stats *out)
{
	*out = c->stats;
	size_t n = 0;
	for (h2o_linklist_t *l = c->calls.next; l != &c->calls; l = l->next)
		n++;
	out->in_flight = n;
}

const struct gx_httpc_field *gx_httpc_header(const struct gx_httpc_response *res, const char *name)
{
	return gx_resp_field(res->headers, res->num_headers, name);
}

/* --- origins and deadlines ------------------------------------------------ */

static void on_kick(h2o_timeout_entry_t *entry);

static struct origin *get_origin(struct gx_httpc *c, const struct sockaddr *sa, socklen_t len)
{
	for (struct origin *o = c->origins; o != NULL; o = o->next)
		if (o->addr_len == len && memcmp(&o->addr, sa, len) == 0)
			return o;
	struct origin *o = calloc(1, sizeof(*o));
	if (o == NULL)
		return NULL;
	o->c = c;
	memcpy(&o->addr, sa, len);
	o->addr_len = len;
	h2o_linklist_init_anchor(&o->waiting);
	o->kick.cb = on_kick;
	h2o_socketpool_init_by_address(&o->pool, (struct sockaddr *)&o->addr, len, 0, c->cfg.max_conns_per_origin);
	/* Mandatory in h2o 2.2.5: connect reads the pool's loop to expire idle
	 * sockets, and a pool without a timeout has none. */
	h2o_socketpool_set_timeout(&o->pool, c->loop, c->cfg.keepalive_ms);
	o->next = c->origins;
	c->origins = o;
	return o;
}

static h2o_timeout_t *get_deadline_q(struct gx_httpc *c, uint64_t ms)
{
	for (struct deadline_q *d = c->deadlines; d != NULL; d = d->next)
		if (d->ms == ms)
			return &d->q;
	struct deadline_q *d = calloc(1, sizeof(*d));
	if (d == NULL)
		return NULL;
	d->ms = ms;
	h2o_timeout_init(c->loop, &d->q, ms);
	d->next = c->deadlines;
	c->deadlines = d;
	return &d->q;
}

/* --- ending a request ----------------------------------------------------- */

static void release_slot(struct gx_httpc_call *call)
{
	struct origin *o = call->o;
	if (!call->holds_slot)
		return;
	call->holds_slot = 0;
	o->busy--;
	if (!h2o_linklist_is_empty(&o->waiting) && !h2o_timeout_is_linked(&o->kick))
		h2o_timeout_link(call->c->loop, &call->c->soon, &o->kick);
}

/* Returns the connection to the pool when the exchange ended cleanly, or
 * closes it; cancels a connect in progress. */
static void release_connection(struct gx_httpc_call *call, int reusable)
{
	if (call->connect_req != NULL) {
		h2o_socketpool_cancel_connect(call->connect_req);
		call->connect_req = NULL;
	}
	if (call->sock != NULL) {
		h2o_socket_t *sock = call->sock;
		call->sock = NULL;
		h2o_socket_read_stop(sock);
		if (reusable && sock->input->size == 0 && !h2o_socket_is_writing(sock) &&
		    call->o->pool._shared.count <= call->c->cfg.max_conns_per_origin) {
			if (h2o_socketpool_return(&call->o->pool, sock) != 0)
				h2o_socket_close(sock);
		} else {
			h2o_socket_close(sock);
		}
	}
}

/* Frees everything of call except the call itself; no callback. */
static void detach(struct gx_httpc_call *call, int reusable)
{
	if (h2o_timeout_is_linked(&call->deadline))
		h2o_timeout_unlink(&call->deadline);
	if (h2o_timeout_is_linked(&call->timer))
		h2o_timeout_unlink(&call->timer);
	if (h2o_linklist_is_linked(&call->wait_link))
		h2o_linklist_unlink(&call->wait_link);
	if (call->o != NULL) {
		release_connection(call, reusable);
		release_slot(call);
	}
	if (h2o_linklist_is_linked(&call->link))
		h2o_linklist_unlink(&call->link);
}

static void destroy(struct gx_httpc_call *call)
{
	gx_resp_free(&call->resp);
	free(call->reqbuf);
	free(call);
}

static void deliver(struct gx_httpc_call *call, enum gx_httpc_error err)
{
	struct gx_httpc_response res = {.error = err, .body = h2o_iovec_init("", 0)};
	if (err == GX_HTTPC_OK) {
		res.status = call->resp.status;
		res.headers = call->resp.fields;
		res.num_headers = call->resp.num_fields;
		if (call->resp.body.len > 0)
			res.body = h2o_iovec_init(call->resp.body.data, call->resp.body.len);
	}
	res.elapsed_us = ((uint64_t)gx_mono_ns() - call->started_ns) / 1000;
	call->cb(call->arg, &res);
	destroy(call);
}

static void on_early_error(h2o_timeout_entry_t *entry)
{
	struct gx_httpc_call *call = H2O_STRUCT_FROM_MEMBER(struct gx_httpc_call, timer, entry);
	h2o_linklist_unlink(&call->link);
	deliver(call, call->early);
}

/* Ends call with err: frees its resources, then runs its callback (on the
 * next turn when inside gx_httpc_start). */
static void finish(struct gx_httpc_call *call, enum gx_httpc_error err)
{
	int reusable = err == GX_HTTPC_OK && call->resp.keep_alive;
	detach(call, reusable);
	if (call->c->starting) {
		call->phase = PH_EARLY_ERROR;
		call->early = err;
		call->timer.cb = on_early_error;
		h2o_linklist_insert(&call->c->calls, &call->link);
		h2o_timeout_link(call->c->loop, &call->c->soon, &call->timer);
		return;
	}
	deliver(call, err);
}

/* --- the exchange --------------------------------------------------------- */

static void start_connect(struct gx_httpc_call *call);

/* A pooled connection the server had closed fails before any byte of the
 * answer: try once more on a new connection. */
static int retry_on_fresh(struct gx_httpc_call *call)
{
	if (!call->reused || call->retried || call->resp.state != GX_RS_HEAD || call->sock->input->size != 0)
		return 0;
	call->retried = 1;
	h2o_socket_t *sock = call->sock;
	call->sock = NULL;
	h2o_socket_close(sock);
	struct gx_resp_limits lim = call->resp.lim;
	int head = call->resp.method_is_head;
	gx_resp_free(&call->resp);
	gx_resp_init(&call->resp, &lim, head);
	start_connect(call);
	return 1;
}

static void on_read(h2o_socket_t *sock, const char *err)
{
	struct gx_httpc_call *call = sock->data;
	size_t used = 0;
	enum gx_resp_status st = GX_RESP_MORE;
	if (sock->input->size > 0) {
		st = gx_resp_feed(&call->resp, sock->input->bytes, sock->input->size, &used);
		h2o_buffer_consume(&sock->input, used);
	}
	if (err != NULL)
		call->resp.keep_alive = 0;
	if (st == GX_RESP_MORE && err != NULL) {
		if (retry_on_fresh(call))
			return;
		st = gx_resp_eof(&call->resp);
	}
	switch (st) {
	case GX_RESP_MORE:
		return;
	case GX_RESP_DONE:
		if (sock->input->size != 0)
			call->resp.keep_alive = 0;  /* bytes nobody asked for */
		finish(call, GX_HTTPC_OK);
		return;
	case GX_RESP_TOO_LARGE:
		finish(call, GX_HTTPC_TOO_LARGE);
		return;
	case GX_RESP_BAD:
		finish(call, GX_HTTPC_BAD_RESPONSE);
		return;
	}
}

static void on_written(h2o_socket_t *sock, const char *err)
{
	struct gx_httpc_call *call = sock->data;
	if (err != NULL) {
		if (!retry_on_fresh(call))
			finish(call, GX_HTTPC_BAD_RESPONSE);
		return;
	}
	call->phase = PH_READING;
	h2o_socket_read_start(sock, on_read);
}

static void on_pool_connect(h2o_socket_t *sock, const char *errstr, void *data)
{
	struct gx_httpc_call *call = data;
	call->connect_req = NULL;
	if (h2o_timeout_is_linked(&call->timer))
		h2o_timeout_unlink(&call->timer);
	if (sock == NULL) {
		finish(call, GX_HTTPC_CONNECT_FAILED);
		return;
	}
	call->sock = sock;
	sock->data = call;
	/* h2o hands out a pooled socket synchronously, a new one on a later turn */
	call->reused = call->c->connecting == call;
	call->c->connecting = NULL;
	if (call->reused)
		call->c->stats.connections_reused++;
	else
		call->c->stats.connections_opened++;
	call->phase = PH_SENDING;
	h2o_iovec_t buf = h2o_iovec_init(call->reqbuf, call->reqlen);
	h2o_socket_write(sock, &buf, 1, on_written);
}

static void on_connect_timeout(h2o_timeout_entry_t *entry)
{
	struct gx_httpc_call *call = H2O_STRUCT_FROM_MEMBER(struct gx_httpc_call, timer, entry);
	finish(call, GX_HTTPC_TIMEOUT);
}

static void start_connect(struct gx_httpc_call *call)
{
	struct origin *o = call->o;
	if (!call->holds_slot) {
		call->holds_slot = 1;
		o->busy++;
	}
	call->phase = PH_CONNECTING;
	call->timer.cb = on_connect_timeout;
	h2o_timeout_link(call->c->loop, &call->c->connect_q, &call->timer);
	struct gx_httpc *c = call->c;
	c->connecting = call;
	h2o_socketpool_connect(&call->connect_req, &o->pool, c->loop, NULL, on_pool_connect, call);
	c->connecting = NULL;  /* call may be gone here: a synchronous failure ends it */
}

static void on_kick(h2o_timeout_entry_t *entry)
{
	struct origin *o = H2O_STRUCT_FROM_MEMBER(struct origin, kick, entry);
	while (o->busy < o->c->cfg.max_conns_per_origin && !h2o_linklist_is_empty(&o->waiting)) {
		struct gx_httpc_call *call = H2O_STRUCT_FROM_MEMBER(struct gx_httpc_call, wait_link, o->waiting.next);
		h2o_linklist_unlink(&call->wait_link);
		start_connect(call);
	}
}

static void on_deadline(h2o_timeout_entry_t *entry)
{
	struct gx_httpc_call *call = H2O_STRUCT_FROM_MEMBER(struct gx_httpc_call, deadline, entry);
	finish(call, GX_HTTPC_TIMEOUT);
}

/* --- building the request ------------------------------------------------- */

static int is_token(const char *s, size_t max)
{
	size_t n = 0;
	for (; s[n] != '\0'; n++) {
		unsigned char ch = (unsigned char)s[n];
		if (n == max || !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				  strchr("!#$%&'*+-.^_`|~", ch) != NULL))
			return 0;
	}
	return n > 0;
}

static int is_field_value(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch != '\t' && (ch < 0x20 || ch == 0x7f))
			return 0;
	}
	return 1;
}

static int reserved_name(const char *n)
{
	return strcasecmp(n, "host") == 0 || strcasecmp(n, "content-length") == 0 ||
	       strcasecmp(n, "connection") == 0 || strcasecmp(n, "transfer-encoding") == 0;
}

static enum gx_httpc_error build_request(struct gx_httpc_call *call, const struct gx_httpc_request *req,
					 const struct gx_url *u)
{
	if (req->method == NULL || !is_token(req->method, 32))
		return GX_HTTPC_BAD_REQUEST;
	if (req->num_headers > 0 && req->headers == NULL)
		return GX_HTTPC_BAD_REQUEST;
	for (size_t i = 0; i < req->num_headers; i++) {
		const struct gx_httpc_header *h = &req->headers[i];
		if (h->name == NULL || h->value == NULL || !is_token(h->name, 256) || reserved_name(h->name) ||
		    !is_field_value(h->value))
			return GX_HTTPC_BAD_REQUEST;
	}
	if (req->body.len > 0 && req->body.base == NULL)
		return GX_HTTPC_BAD_REQUEST;
	struct gx_buf b = GX_BUF_INIT;
	gx_buf_appendf(&b, "%s %s%.*s HTTP/1.1\r\nHost: %.*s\r\n", req->method, u->target[0] == '?' ? "/" : "",
		       (int)u->target_len, u->target, (int)u->authority_len, u->authority);
	for (size_t i = 0; i < req->num_headers; i++)
		gx_buf_appendf(&b, "%s: %s\r\n", req->headers[i].name, req->headers[i].value);
	int bodyless = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0 ||
		       strcmp(req->method, "DELETE") == 0 || strcmp(req->method, "OPTIONS") == 0;
	if (req->body.len > 0 || !bodyless)
		gx_buf_appendf(&b, "Content-Length: %zu\r\n", req->body.len);
	gx_buf_append(&b, "\r\n", 2);
	if (req->body.len > 0)
		gx_buf_append(&b, req->body.base, req->body.len);
	if (b.failed) {
		gx_buf_free(&b);
		return GX_HTTPC_BAD_REQUEST;
	}
	call->reqbuf = b.data;
	call->reqlen = b.len;
	return GX_HTTPC_OK;
}

/* Numeric addresses and "localhost" only: no resolver call on the loop. */
static int address_of(const struct gx_url *u, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64];
	memset(ss, 0, sizeof(*ss));
	if (u->host_kind == GX_URL_HOST_NAME) {
		if (u->host_len != 9 || strncasecmp(u->host, "localhost", 9) != 0)
			return -1;
		memcpy(host, "127.0.0.1", 10);
	} else {
		if (u->host_len >= sizeof(host))
			return -1;
		memcpy(host, u->host, u->host_len);
		host[u->host_len] = '\0';
	}
	if (u->host_kind == GX_URL_HOST_IPV6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(u->port);
		*len = sizeof(*s6);
		return inet_pton(AF_INET6, host, &s6->sin6_addr) == 1 ? 0 : -1;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_port = htons(u->port);
	*len = sizeof(*s4);
	return inet_pton(AF_INET, host, &s4->sin_addr) == 1 ? 0 : -1;
}

static enum gx_httpc_error prepare(struct gx_httpc_call *call, const struct gx_httpc_request *req)
{
	struct gx_httpc *c = call->c;
	struct gx_url u;
	struct sockaddr_storage ss;
	socklen_t sslen;
	if (req->url == NULL || gx_url_parse(req->url, strlen(req->url), &u) != 0 || address_of(&u, &ss, &sslen) != 0)
		return GX_HTTPC_BAD_URL;
	enum gx_httpc_error e = build_request(call, req, &u);
	if (e != GX_HTTPC_OK)
		return e;
	struct gx_resp_limits lim = {
		.max_head = c->cfg.max_head_bytes,
		.max_fields = c->cfg.max_fields,
		.max_body = req->max_response_bytes > 0 ? req->max_response_bytes : c->cfg.max_response_bytes,
	};
	gx_resp_init(&call->resp, &lim, strcmp(req->method, "HEAD") == 0);
	h2o_timeout_t *dq = get_deadline_q(c, req->deadline_ms > 0 ? req->deadline_ms : c->cfg.deadline_ms);
	call->o = get_origin(c, (struct sockaddr *)&ss, sslen);
	if (dq == NULL || call->o == NULL)
		return GX_HTTPC_BAD_REQUEST;  /* out of memory */
	call->deadline.cb = on_deadline;
	h2o_timeout_link(c->loop, dq, &call->deadline);
	return GX_HTTPC_OK;
}

struct gx_httpc_call *gx_httpc_start(struct gx_httpc *c, const struct gx_httpc_request *req, gx_httpc_cb cb,
				     void *arg)
{
	if (c == NULL || req == NULL || cb == NULL || c->closing)
		return NULL;
	struct gx_httpc_call *call = calloc(1, sizeof(*call));
	if (call == NULL)
		return NULL;
	*call = (struct gx_httpc_call){.c = c, .cb = cb, .arg = arg, .started_ns = (uint64_t)gx_mono_ns()};
	call->resp.body = (struct gx_buf)GX_BUF_INIT;
	c->starting = 1;
	enum gx_httpc_error e = prepare(call, req);
	if (e != GX_HTTPC_OK) {
		finish(call, e);
	} else {
		h2o_linklist_insert(&c->calls, &call->link);
		if (call->o->busy < c->cfg.max_conns_per_origin && h2o_linklist_is_empty(&call->o->waiting)) {
			start_connect(call);
		} else {
			call->phase = PH_WAITING;
			h2o_linklist_insert(&call->o->waiting, &call->wait_link);
		}
	}
	c->starting = 0;
	return call;
}

void gx_httpc_cancel(struct gx_httpc_call *call)
{
	if (call == NULL)
		return;
	detach(call, 0);
	destroy(call);
}

void gx_httpc_free(struct gx_httpc *c)
{
	if (c == NULL)
		return;
	c->closing = 1;
	while (!h2o_linklist_is_empty(&c->calls)) {
		struct gx_httpc_call *call = H2O_STRUCT_FROM_MEMBER(struct gx_httpc_call, link, c->calls.next);
		if (call->phase == PH_EARLY_ERROR) {
			detach(call, 0);
			deliver(call, GX_HTTPC_CANCELLED);
		} else {
			finish(call, GX_HTTPC_CANCELLED);
		}
	}
	while (c->origins != NULL) {
		struct origin *o = c->origins;
		c->origins = o->next;
		if (h2o_timeout_is_linked(&o->kick))
			h2o_timeout_unlink(&o->kick);
		h2o_socketpool_dispose(&o->pool);
		free(o);
	}
	while (c->deadlines != NULL) {
		struct deadline_q *d = c->deadlines;
		c->deadlines = d->next;
		h2o_timeout_dispose(c->loop, &d->q);
		free(d);
	}
	h2o_timeout_dispose(c->loop, &c->soon);
	h2o_timeout_dispose(c->loop, &c->connect_q);
	free(c);
}

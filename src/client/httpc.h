#ifndef GX_CLIENT_HTTPC_H
#define GX_CLIENT_HTTPC_H

/** Asynchronous HTTP/1.1 client on a worker's h2o event loop, for the
 *  identity provider (token endpoint, JWKS) and the registers (many
 *  concurrent requests per page). See docs/http-client.md.
 *
 *  Guarantees:
 *  - nothing blocks the loop: connect, write and read are all non-blocking,
 *    and hosts are numeric addresses or "localhost" (no resolver call);
 *  - many requests run at once; each has a deadline (an h2o timeout) covering
 *    connect, send and receive, and a cap on the response it checks while
 *    reading (a longer body is never kept; the connection is then closed);
 *  - connections are kept alive and reused per origin through an h2o
 *    socket pool, at most max_conns_per_origin at once (more requests wait
 *    for a free connection, within their deadline);
 *  - the callback runs exactly once per started request, on the loop's
 *    thread, never inside gx_httpc_start, unless the request is cancelled
 *    with gx_httpc_cancel (then never).
 *  One struct gx_httpc per loop; not thread-safe (the loop's thread only). */

#include <h2o.h>
#include <stddef.h>
#include <stdint.h>

#include "client/response.h"

struct gx_httpc_config {
	uint64_t connect_timeout_ms;   /* to establish a TCP connection; 0: 2000 */
	uint64_t deadline_ms;          /* default total time per request; 0: 10000 */
	size_t max_response_bytes;     /* default cap on the decoded body; 0: 1 MiB */
	size_t max_head_bytes;         /* status line + header fields; 0: 16 KiB */
	size_t max_fields;             /* header fields per response; 0: 64 */
	size_t max_conns_per_origin;   /* busy + idle connections; 0: 16 */
	uint64_t keepalive_ms;         /* an idle pooled connection is closed after; 0: 2000 */
};

enum gx_httpc_error {
	GX_HTTPC_OK,               /* a complete response (any status) */
	GX_HTTPC_CONNECT_FAILED,   /* refused, unreachable, or no socket */
	GX_HTTPC_TIMEOUT,          /* the deadline or the connect timeout passed */
	GX_HTTPC_TOO_LARGE,        /* body, head, header count or trailers over the cap */
	GX_HTTPC_BAD_RESPONSE,     /* not HTTP/1.x, bad framing, or cut short */
	GX_HTTPC_CANCELLED,        /* gx_httpc_free ran with the request in flight */
	GX_HTTPC_BAD_URL,          /* unparsable, not http, or a host name we do not resolve */
	GX_HTTPC_BAD_REQUEST,      /* bad method, header name or value (e.g. CR/LF in it) */
};

/** A request field; name and value are NUL-terminated. Host, Content-Length,
 *  Connection and Transfer-Encoding are the client's and refused here. */
struct gx_httpc_header {
	const char *name;
	const char *value;
};

struct gx_httpc_request {
	const char *method;                     /* "GET", "POST", ... (a token) */
	const char *url;                        /* http://host[:port]/path?query */
	const struct gx_httpc_header *headers;
	size_t num_headers;
	h2o_iovec_t body;                       /* may be empty; sent with Content-Length */
	uint64_t deadline_ms;                   /* 0: the config's; each distinct value
	                                         * gets an h2o timeout kept until free:
	                                         * take it from configuration, not data */
	size_t max_response_bytes;              /* 0: the config's */
};

/** Everything here is valid only during the callback. */
struct gx_httpc_response {
	enum gx_httpc_error error;
	int status;                             /* 0 unless error == GX_HTTPC_OK */
	const struct gx_httpc_field *headers;   /* names lower-case */
	size_t num_headers;
	h2o_iovec_t body;                       /* decoded (de-chunked); base never NULL */
	uint64_t elapsed_us;                    /* from gx_httpc_start */
};

typedef void (*gx_httpc_cb)(void *arg, const struct gx_httpc_response *res);

struct gx_httpc;
struct gx_httpc_call;

/** Creates a client for loop; cfg may be NULL (all defaults). NULL when out
 *  of memory. */
struct gx_httpc *gx_httpc_new(h2o_loop_t *loop, const struct gx_httpc_config *cfg);

/** Ends every request in flight (each callback runs, inside this call, with
 *  GX_HTTPC_CANCELLED), closes pooled connections and frees c. Call it on
 *  the loop's thread, outside of a gx_httpc callback; socket closes finish on
 *  the loop's next turn, so run the loop once more before destroying it. */
void gx_httpc_free(struct gx_httpc *c);

/** Starts a request: copies what it needs from req (req and its strings
 *  may go away on return), never blocks, never calls cb before returning.
 *  Errors found at once (GX_HTTPC_BAD_URL, GX_HTTPC_BAD_REQUEST) are
 *  delivered through cb on the loop's next turn. Returns a handle valid
 *  until cb runs or gx_httpc_cancel; NULL only when out of memory (then cb
 *  never runs). */
struct gx_httpc_call *gx_httpc_start(struct gx_httpc *c, const struct gx_httpc_request *req, gx_httpc_cb cb,
				     void *arg);

/** Abandons a request whose callback has not run yet: its connection is
 *  closed (never pooled) and its callback will never run, so the caller may
 *  free arg right after. Do not call it once the callback has run. */
void gx_httpc_cancel(struct gx_httpc_call *call);

/** Finds the first response header named name (lower case), or NULL. */
const struct gx_httpc_field *gx_httpc_header(const struct gx_httpc_response *res, const char *name);

/** A short constant name for e: "ok", "timeout", ... (for logs). */
const char *gx_httpc_error_name(enum gx_httpc_error e);

/** Counters for tests and metrics. */
struct gx_httpc_stats {
	uint64_t connections_opened;   /* TCP connections established */
	uint64_t connections_reused;   /* requests sent on a pooled connection */
	size_t in_flight;
};
void gx_httpc_get_stats(const struct gx_httpc *c, struct gx_httpc_stats *out);

#endif

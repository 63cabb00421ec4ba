#ifndef GX_HTTP_REQUEST_H
#define GX_HTTP_REQUEST_H

/** The request context handed to handlers. It lives in the h2o request pool
 *  and dies with the request: everything request-scoped is allocated with
 *  gx_req_alloc. Replies go through the gx_reply_* functions. */

#include <h2o.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/handler.h"
#include "http/problem.h"
#include "http/route.h"
#include "util/buf.h"

struct gx_worker;
struct gx_server;
struct gx_store_conn;
struct gx_json_field;
struct gx_httpc;
struct gx_multipart;

struct gx_req {
	h2o_req_t *h2o;
	struct gx_worker *worker;
	const struct gx_route_def *def;      /* NULL until routed */
	size_t route_index;                  /* metrics slot */
	struct gx_route_match match;
	json_t *json;                        /* the parsed body, for GX_BODY_JSON routes */
	struct gx_multipart *multipart;      /* the parsed body, for GX_BODY_MULTIPART routes (request pool) */
	struct gx_actor actor;               /* who asks (anonymous unless a session was found) */
	void *state;                         /* a handler's own, across its callbacks (request pool memory) */
	uint64_t start_ns;
	uint64_t store_unreachable;          /* gx_store_conn_unreachable when the request came */
	uint64_t alloc_faults;               /* gx_alloc_faults when the request came (test builds) */
	bool replied;
	bool in_error_page;
	int status;
	char id[20];
};

void *gx_req_alloc(struct gx_req *r, size_t size);

/** This thread's store connection. */
struct gx_store_conn *gx_req_store(struct gx_req *r);
struct gx_server *gx_req_server(struct gx_req *r);
/** This thread's outgoing HTTP client (src/client). */
struct gx_httpc *gx_req_httpc(struct gx_req *r);
/** True once the server has been asked to stop: a handler that waits
 *  (a long poll) answers now instead of later. */
bool gx_req_server_stopping(struct gx_req *r);
/** This thread's way into the group commit (http/durable.h), for layers that know no request. */
struct gx_durable *gx_req_durable_port(struct gx_req *r);

/** The decoded value of a path parameter, or NULL when it is absent or not
 *  a valid encoding (the handler should answer GX_ERR_BAD_PARAMETER). */
const char *gx_req_param(struct gx_req *r, const char *name);

/** A path parameter that names a row: a positive decimal id of at most 18
 *  digits, else 0 (absent, or anything else: the caller answers 404). */
long long gx_req_param_id(struct gx_req *r, const char *name);

/** 303 See Other to location (copied; "/path" on this site), not cached. */
enum gx_outcome gx_reply_redirect(struct gx_req *r, const char *location);

/** Sends body (not stolen) as JSON with the given status. */
enum gx_outcome gx_reply_json(struct gx_req *r, int status, const json_t *body);
/** Sends JSON text written into text (json/write.h); the buffer is freed. */
enum gx_outcome gx_reply_json_text(struct gx_req *r, int status, struct gx_buf *text);
/** Sends bytes that stay valid for the request's life (constants, or memory
 *  from gx_req_alloc); they are not copied. */
enum gx_outcome gx_reply_bytes(struct gx_req *r, int status, const char *content_type, const char *body, size_t len);
/** Sends bytes (copied) as a file to download: Content-Disposition:
 *  attachment with its name (ASCII fallback and UTF-8, RFC 6266/8187),
 *  nosniff, and never cached outside the browser (reply_file.c). */
enum gx_outcome gx_reply_file(struct gx_req *r, const char *name, const char *content_type, const void *bytes,
			      size_t len);

/** Sends an RFC 9457 problem; field is a JSON Pointer or NULL. Returns
 *  GX_CLIENT_FAULT for 4xx, GX_SERVER_FAULT never (5xx are sent as GX_DONE). */
enum gx_outcome gx_reply_problem(struct gx_req *r, enum gx_err e, const char *field, const char *detail);

/** A problem carrying a list of errors (each {field, code, message}), e.g.
 *  every fault of a form at once. errors is stolen. */
enum gx_outcome gx_reply_problem_errors(struct gx_req *r, enum gx_err e, const char *detail, json_t *errors);

/** Parses the body as JSON checked against spec into r->json (freed with the
 *  request). On a fault the 4xx problem naming the field is queued. For
 *  handlers that must look at something else before the body (registryd
 *  checks the caller's key first); routes declared GX_BODY_JSON get this
 *  before their handler runs. */
enum gx_outcome gx_req_parse_json(struct gx_req *r, const struct gx_json_field *spec);

/** Checks and parses a multipart/form-data body into r->multipart (once:
 *  later calls return GX_DONE at once). Refuses a body over
 *  limits.upload_body plus GX_MULTIPART_ENVELOPE_MAX (413), another
 *  Content-Type (415) and a malformed body (400, the detail saying what is
 *  wrong). The gate calls it to read the CSRF token; routes declared
 *  GX_BODY_MULTIPART get it before their handler runs. */
enum gx_outcome gx_req_read_multipart(struct gx_req *r);

/** Log in first: a browser asking for a page is sent to /login and back
 *  here afterwards (303); the API answers 401 problem JSON. */
enum gx_outcome gx_reply_login_required(struct gx_req *r);

#endif

#ifndef GX_CLIENT_RESPONSE_H
#define GX_CLIENT_RESPONSE_H

/** The HTTP/1.1 response reader of the client: a pure state machine (no
 *  sockets) that takes the bytes a server sent and yields status, header
 *  fields and the decoded body, with caps on the head, the number of fields
 *  and the body that it checks before it stores anything. Its own parser,
 *  not h2o's: h2o 2.2.5's client buffers a head without limit and takes a
 *  chunked body cut at a chunk boundary for a complete one. Fuzzed by
 *  fuzz/httpc_response.c. */

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/** One header field. Names are lower-cased; values have no surrounding
 *  whitespace. Not NUL-terminated. */
struct gx_httpc_field {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
};

struct gx_resp_limits {
	size_t max_head;     /* status line + fields, bytes (also bounds trailers) */
	size_t max_fields;   /* header fields */
	size_t max_body;     /* decoded body bytes */
};

enum gx_resp_status {
	GX_RESP_MORE,        /* feed more bytes */
	GX_RESP_DONE,        /* the response is complete */
	GX_RESP_BAD,         /* not HTTP/1.x, or framing we refuse */
	GX_RESP_TOO_LARGE,   /* a cap was hit: head, trailers or body */
};

enum gx_resp_state {
	GX_RS_HEAD,
	GX_RS_LENGTH,
	GX_RS_UNTIL_CLOSE,
	GX_RS_CHUNK_SIZE,
	GX_RS_CHUNK_DATA,
	GX_RS_CHUNK_END,
	GX_RS_TRAILER,
	GX_RS_DONE,
	GX_RS_FAILED,
};

struct gx_resp {
	struct gx_resp_limits lim;
	int method_is_head;
	enum gx_resp_state state;
	int minor_version;
	int status;
	int keep_alive;           /* the connection may carry another request */
	char *head;               /* copy of the final head; fields point into it */
	struct gx_httpc_field *fields;
	size_t num_fields;
	uint64_t remaining;       /* content-length or chunk bytes still due */
	size_t trailer_bytes;
	struct gx_buf body;
};

/** Prepares r for one response; method_is_head: the request was HEAD, so
 *  the response has no body whatever its fields say. */
void gx_resp_init(struct gx_resp *r, const struct gx_resp_limits *lim, int method_is_head);

/** Reads from data[0..len). *used is set to how many bytes were consumed;
 *  the caller keeps the rest and passes it again, with what arrives next,
 *  on the following call (a head or a chunk-size line is parsed only once
 *  it is whole). Bytes after a complete response are left unused.
 *  After DONE, BAD or TOO_LARGE every further call returns the same. */
enum gx_resp_status gx_resp_feed(struct gx_resp *r, const char *data, size_t len, size_t *used);

/** The server closed the connection: DONE when the body was delimited by
 *  the close (no length, not chunked) or the response was already
 *  complete, BAD otherwise (a cut response). */
enum gx_resp_status gx_resp_eof(struct gx_resp *r);

/** Finds the first field named name (lower case), or NULL. */
const struct gx_httpc_field *gx_resp_field(const struct gx_httpc_field *fields, size_t n, const char *name);

void gx_resp_free(struct gx_resp *r);

#endif

#ifndef GX_HTTP_MULTIPART_H
#define GX_HTTP_MULTIPART_H

/** multipart/form-data bodies (RFC 7578, framed as RFC 2046 §5.1.1): what
 *  an HTML form with a file input sends. A pure parser over a body already
 *  in memory: the parts point into it, nothing is copied or decoded. It is
 *  strict where browsers are exact (CRLF line ends, a boundary line is
 *  followed by CRLF or "--") and bounded: at most GX_MULTIPART_MAX_PARTS
 *  parts, each with at most GX_MULTIPART_MAX_HEADERS header fields in at most
 *  GX_MULTIPART_HEADERS_MAX bytes. Unit-tested (multipart_test.c) and fuzzed
 *  (fuzz/multipart.c). */

#include <stdbool.h>
#include <stddef.h>

#define GX_MULTIPART_BOUNDARY_MAX 70
#define GX_MULTIPART_MAX_PARTS 16
#define GX_MULTIPART_MAX_HEADERS 8
#define GX_MULTIPART_HEADERS_MAX 2048
/** What framing (boundary lines, part headers) may add to the largest file
 *  a multipart route accepts: the body limit is the upload limit plus this. */
#define GX_MULTIPART_ENVELOPE_MAX 16384

struct gx_multipart_part {
	const char *name;       /* Content-Disposition's name, as sent (quotes removed) */
	size_t name_len;
	const char *filename;   /* its filename, as sent; NULL for a plain field, "" for no file chosen */
	size_t filename_len;
	const char *type;       /* the part's Content-Type, or NULL */
	size_t type_len;
	const char *data;       /* the content, exactly */
	size_t len;
};

struct gx_multipart {
	size_t nparts;
	struct gx_multipart_part parts[GX_MULTIPART_MAX_PARTS];
};

/** The boundary of a Content-Type value "multipart/form-data; boundary=…"
 *  (type and parameter names case-insensitive; other parameters ignored; the
 *  boundary a token or quoted string of 1–70 of RFC 2046's bchars, not
 *  ending in a space). Returns 0 and points *boundary into ct; -2 when the
 *  type is not multipart/form-data (a 415), -1 when its parameters are wrong
 *  (a 400); *why is then a constant sentence for the detail. */
int gx_multipart_boundary(const char *ct, size_t len, const char **boundary, size_t *blen, const char **why);

/** Parses body into out. A preamble before the first boundary line and an
 *  epilogue after the last are ignored (RFC 2046). Returns 0, or -1 with
 *  *why (a constant sentence naming what is wrong, for a 400 detail). */
int gx_multipart_parse(const char *body, size_t len, const char *boundary, size_t blen, struct gx_multipart *out,
		       const char **why);

/** The first part whose name is name, or NULL. */
const struct gx_multipart_part *gx_multipart_find(const struct gx_multipart *m, const char *name);

#endif

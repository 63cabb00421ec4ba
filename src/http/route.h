#ifndef GX_HTTP_ROUTE_H
#define GX_HTTP_ROUTE_H

/** The route table: method + path pattern → handler. Patterns are literal
 *  segments and {name} parameters, one per segment: "/api/v1/drafts/{id}".
 *  Matching is a pure function of the table and the request line, so it is
 *  unit-tested and fuzzed on its own (fuzz/route_match.c). */

#include <stdbool.h>
#include <stddef.h>

#define GX_ROUTE_MAX_SEGMENTS 16
#define GX_ROUTE_MAX_PARAMS 8

struct gx_route_def;  /* the caller's: whatever a route carries (handler, body kind …) */

struct gx_route_segment {
	const char *text;  /* literal text, or the parameter's name */
	size_t len;
	bool is_param;
};

struct gx_route {
	const char *method;
	const char *pattern;
	const void *def;   /* the caller's route definition */
	unsigned index;    /* position in the table: metrics use it */
	size_t nsegments;
	struct gx_route_segment segments[GX_ROUTE_MAX_SEGMENTS];
};

struct gx_route_table {
	struct gx_route *routes;
	size_t count;
};

struct gx_route_param {
	const char *name;    /* points into the pattern; not NUL-terminated */
	size_t name_len;
	const char *value;   /* raw (still percent-encoded) slice of the path */
	size_t len;
};

enum gx_route_result { GX_ROUTE_FOUND, GX_ROUTE_NOT_FOUND, GX_ROUTE_METHOD_NOT_ALLOWED };

struct gx_route_match {
	const struct gx_route *route;
	size_t nparams;
	struct gx_route_param params[GX_ROUTE_MAX_PARAMS];
	char allow[128];     /* for METHOD_NOT_ALLOWED: "GET, POST" */
};

/** Adds a route; the strings must outlive the table. Returns -1 and says why
 *  in err for a malformed pattern (bad parameter syntax, too many segments,
 *  a duplicate method + pattern). */
int gx_route_add(struct gx_route_table *t, const char *method, const char *pattern, const void *def,
		 char *err, size_t errlen);
void gx_route_table_free(struct gx_route_table *t);

/** Matches a request. path is the path part only (no query), not NUL-terminated. */
enum gx_route_result gx_route_match(const struct gx_route_table *t, const char *method, size_t method_len,
				    const char *path, size_t path_len, struct gx_route_match *m);

/** Percent-decodes a parameter into out (capacity outlen, NUL-terminated).
 *  Refuses bad escapes, NUL and '/' (encoded or not). Returns the length or -1. */
long gx_route_param_decode(const char *raw, size_t len, char *out, size_t outlen);

#endif

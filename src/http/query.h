#ifndef GX_HTTP_QUERY_H
#define GX_HTTP_QUERY_H

/** Reading the query string of a request target ("a=1&b=x%20y"), and
 *  percent-encoding a path for use inside one. */

#include <stdbool.h>
#include <stddef.h>

/** The query part of a request target (after '?', before '#'); len 0 when none. */
const char *gx_query_of(const char *target, size_t len, size_t *query_len);

/** Decodes the first parameter called name ('+' is a space) into out
 *  (NUL-terminated). Returns its length, -1 when absent, -2 when present but
 *  badly encoded, containing NUL, or longer than outlen - 1. */
long gx_query_get(const char *query, size_t len, const char *name, char *out, size_t outlen);

/** The same for the nth (0-based) parameter called name: a form's
 *  repeated field (checkboxes). -1 when there are not that many. */
long gx_query_get_nth(const char *query, size_t len, const char *name, size_t nth, char *out, size_t outlen);

/** Percent-encodes s for a query value: everything but unreserved characters
 *  and '/'. Returns the length, or -1 when out is too small. */
long gx_query_encode(const char *s, size_t len, char *out, size_t outlen);

/** True when p is a path on this site that is safe to redirect to: "/x",
 *  never "//host" or "/\\host" (browsers read both as another origin), no
 *  control characters or backslashes. */
bool gx_is_local_path(const char *p);

#endif

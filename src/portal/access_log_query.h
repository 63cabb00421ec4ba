#ifndef GX_PORTAL_ACCESS_LOG_QUERY_H
#define GX_PORTAL_ACCESS_LOG_QUERY_H

/** "Who accessed my data"'s filters as a query string says them, for the
 *  API and the page alike:
 *
 *    register=NAME  organisation=ID (guichet: the platform itself)
 *    from=YYYY-MM-DD  to=YYYY-MM-DD (Luxembourg days, to included)
 *    after=CURSOR (the last record of the page before)  limit=1..200
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/access_log.h"

struct gx_access_log_query_text {
	struct gx_access_log_filter f;   /* its strings point into the buffers below */
	char reg[65], org[65], from[11], to[11], after[48];
};

/** Parses the query string (len bytes): NULL, or the name of the parameter at fault. */
const char *gx_access_log_query_parse(const char *query, size_t len, struct gx_access_log_query_text *q);

/** The cursor of a record (after=): "at_us.id". */
void gx_access_log_cursor(long long at_us, long long id, char *out, size_t outlen);

/** base with q's filters (not after, not limit) and, when cursor is not
 *  NULL, after=cursor: a page's address, into out. */
void gx_access_log_href(const struct gx_access_log_query_text *q, const char *base, const char *cursor, char *out,
			size_t outlen);

#endif

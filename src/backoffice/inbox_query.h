#ifndef GX_BACKOFFICE_INBOX_QUERY_H
#define GX_BACKOFFICE_INBOX_QUERY_H

/** The inbox's filters as a query string says them, for the API and the
 *  pages alike:
 *
 *    procedure=ID  status=STATUS  turn=organisation|person
 *    assignee=NATIONAL_ID|me|none  reference=2026-GX-000123
 *    from=YYYY-MM-DD  to=YYYY-MM-DD (submitted within, Luxembourg days, to included)
 *    after=CURSOR (the last case of the page before)
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/inbox.h"

struct gx_inbox_filter {
	struct gx_inbox_query q;   /* its strings point into the buffers below */
	char procedure[65], status[65], turn[16], assignee[16], reference[32], from[11], to[11], after[48];
	bool mine;                 /* assignee=me: the acting agent's cases */
};

/** Parses the query string (len bytes) for org, me being the acting
 *  agent's national id (NULL for a machine client: assignee=me is then
 *  refused). Returns NULL, or the name of the parameter at fault. */
const char *gx_inbox_filter_parse(const char *query, size_t len, const char *org, const char *me,
				  struct gx_inbox_filter *f);

/** The query string of f (without after) followed by after=the cursor of
 *  last, appended to base: the next page's address, into out. */
void gx_inbox_next_href(const struct gx_inbox_filter *f, const char *base, const struct gx_case *last, char *out,
			size_t outlen);

#endif

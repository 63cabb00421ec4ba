#ifndef GX_CORE_INBOX_H
#define GX_CORE_INBOX_H

/** An organisation's inbox: its cases, newest first, filtered and paged by
 *  key (a page is an index range however many cases there are), with the
 *  count of cases in each status. */

#include <jansson.h>

#include "core/ctx.h"

#define GX_INBOX_PAGE_MAX 100

/** Up to limit (at most GX_INBOX_PAGE_MAX) cases of q->org matching q;
 *  *more says whether more follow (ask again after the last one). */
enum gx_db_status gx_inbox_page(struct gx_store_conn *db, const struct gx_inbox_query *q, struct gx_case *rows,
				size_t limit, size_t *n, bool *more);

/** {status: count} of org's cases (new reference; NULL on a store error). */
json_t *gx_inbox_counts(struct gx_store_conn *db, const char *org);

/** A page's cursor: "SUBMITTED_AT_US.ID" of the last case shown, into out. */
void gx_inbox_cursor(const struct gx_case *last, char *out, size_t outlen);
/** Parses one into q's keyset position: 0, or -1 when it is not one. */
int gx_inbox_cursor_parse(const char *s, struct gx_inbox_query *q);

#endif

#ifndef GX_CORE_OVERVIEW_H
#define GX_CORE_OVERVIEW_H

/** A space's overview: its drafts and its procedures with their latest
 *  status, newest first, filtered, a page at a time from the previous
 *  page's last item (keyset: as fast on the thousandth page as on the
 *  first), with the count of each filter (kept by the store). A reader
 *  limited to some procedures (a member limited to them, a mandatary for a
 *  list or an organisation) sees only those, and their counts. */

#include <stdbool.h>

#include "core/ctx.h"

#define GX_OVERVIEW_CURSOR_MAX 48

/** True for the filters the overview knows: "all", "drafts", "active"
 *  (submitted, not completed or rejected), "completed" (completed or
 *  rejected) and "action" (an organisation waits for the person's answer). */
bool gx_overview_filter_known(const char *filter);

/** Reads a page position, "<updated_at_us>.<id>.<d|s>" (a draft or a
 *  submission), into q's after_*; "" is the first page. 0, or -1 when the
 *  text is not one (fuzzed: fuzz/overview_cursor.c). */
int gx_overview_cursor_parse(const char *text, struct gx_overview_query *q);
/** The position after item it, for the next page's link. */
void gx_overview_cursor_format(const struct gx_space_item *it, char out[GX_OVERVIEW_CURSOR_MAX]);

/** The procedures the acting person may see in the space acted in, as a
 *  JSON array text in c's pool (an organisation's expanded to its loaded
 *  procedures), or NULL for every one. */
const char *gx_overview_scope(const struct gx_core_ctx *c);

/** Up to limit items of space from q's position (q->space_id and
 *  q->procedures_json are set here) into items[], their number into *n,
 *  *more when more follow. filter must be known. */
enum gx_db_status gx_overview_read(const struct gx_core_ctx *c, struct gx_space_id space,
				   struct gx_overview_query *q, size_t limit, struct gx_space_item *items, size_t *n,
				   bool *more);

/** The count of each filter, for what the acting person may see. */
enum gx_db_status gx_overview_counts(const struct gx_core_ctx *c, struct gx_space_id space,
				     struct gx_overview_counts *out);

/** One read transaction for everything a page of a space reads (its lists,
 *  the person's membership and requests): one snapshot, so the lists
 *  agree, and one lock instead of one per statement (SQLite). <0 when the
 *  store failed; after success, gx_overview_snapshot_end on every path. */
enum gx_db_status gx_overview_snapshot_begin(struct gx_store_conn *db);
void gx_overview_snapshot_end(struct gx_store_conn *db);

#endif

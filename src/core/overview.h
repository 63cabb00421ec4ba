#ifndef GX_CORE_OVERVIEW_H
#define GX_CORE_OVERVIEW_H

/** A space's overview: its drafts and its procedures with their latest
 *  status, newest first, filtered and paged (the store keeps the rows:
 *  space_items). */

#include <stdbool.h>

#include "core/ctx.h"

/** True for the filters the overview knows: "all", "drafts", "active"
 *  (submitted, not completed or rejected), "completed" (completed or
 *  rejected) and "action" (an organisation waits for the person's answer). */
bool gx_overview_filter_known(const char *filter);

/** Up to limit items of space after offset into items[], their number into
 *  *n; *total receives the count before paging (the store may skip
 *  counting when the first page holds everything). filter must be known. */
enum gx_db_status gx_overview_read(struct gx_store_conn *db, struct gx_space_id space, const char *filter,
				   long long offset, size_t limit, struct gx_space_item *items, size_t *n,
				   long long *total);

/** One read transaction for everything a page of a space reads (its lists,
 *  the person's membership and requests): one snapshot, so the lists
 *  agree, and one lock instead of one per statement (SQLite). <0 when the
 *  store failed; after success, gx_overview_snapshot_end on every path. */
enum gx_db_status gx_overview_snapshot_begin(struct gx_store_conn *db);
void gx_overview_snapshot_end(struct gx_store_conn *db);

#endif

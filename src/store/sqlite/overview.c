/** What a space holds: its drafts and submissions, with the latest status. */

#include "store/sqlite/sqlite_int.h"

#include <string.h>

/* space_items (migration 0007) is kept by triggers; ?2 is the filter. */
#define ITEMS                                                                                                      \
	" FROM space_items WHERE space_id = ?1 AND (?2 = 'all' OR (?2 = 'drafts' AND kind = 'draft')"              \
	" OR (?2 = 'active' AND kind = 'submission' AND status NOT IN ('completed', 'rejected'))"                  \
	" OR (?2 = 'completed' AND kind = 'submission' AND status IN ('completed', 'rejected'))"                \
	" OR (?2 = 'action' AND action_needed = 1))"

static const char overview_sql[] =
	"SELECT kind = 'draft', id, procedure_id, procedure_version, reference, status, organisation, created_at_us,"
	" updated_at_us, action_needed" ITEMS " ORDER BY updated_at_us DESC, id DESC LIMIT ?3 OFFSET ?4";
static const char count_sql[] = "SELECT count(*)" ITEMS;

static void bind_filter(sqlite3_stmt *st, long long space_id, const char *filter)
{
	sqlite3_bind_int64(st, 1, space_id);
	sqlite3_bind_text(st, 2, filter, -1, SQLITE_STATIC);
}

static enum gx_db_status count(struct gx_sqlite_conn *c, long long space_id, const char *filter, long long *total)
{
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_OVERVIEW_COUNT, count_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	bind_filter(st, space_id, filter);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*total = sqlite3_column_int64(st, 0);
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	return s == GX_DB_ONE_RESULT ? s : s < 0 ? s : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_sqlite_space_overview(struct gx_store_conn *conn, long long space_id, const char *filter,
					   long long offset, size_t limit, struct gx_space_item *items, size_t *n,
					   long long *total)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_OVERVIEW, overview_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	bind_filter(st, space_id, filter);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
	sqlite3_bind_int64(st, 4, offset);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) { /* LIMIT ?3 keeps *n < limit */
		struct gx_space_item *it = &items[(*n)++];
		it->draft = sqlite3_column_int(st, 0) != 0;
		it->id = sqlite3_column_int64(st, 1);
		gx_sqlite_copy_text(st, 2, it->procedure_id, sizeof(it->procedure_id));
		it->procedure_version = sqlite3_column_int(st, 3);
		gx_sqlite_copy_text(st, 4, it->reference, sizeof(it->reference));
		gx_sqlite_copy_text(st, 5, it->status, sizeof(it->status));
		gx_sqlite_copy_text(st, 6, it->organisation, sizeof(it->organisation));
		it->created_at_us = sqlite3_column_int64(st, 7);
		it->updated_at_us = sqlite3_column_int64(st, 8);
		it->action_needed = sqlite3_column_int(st, 9) != 0;
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s < 0)
		return s;
	/* A first page that is not full holds everything: no need to count. */
	if (offset == 0 && *n < limit) {
		*total = (long long)*n;
		return GX_DB_ONE_RESULT;
	}
	return count(c, space_id, filter, total);
}

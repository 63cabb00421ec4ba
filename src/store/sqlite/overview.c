/** What a space holds: its drafts and submissions, with the latest status. */

#include "store/sqlite/sqlite_int.h"

#include <stdlib.h>

/* space_items (migration 0007) is kept by triggers; ?2 is the filter. */
#define ITEMS                                                                                                      \
	"SELECT * FROM space_items WHERE space_id = ?1 AND (?2 = 'all' OR (?2 = 'drafts' AND kind = 'draft')"      \
	" OR (?2 = 'active' AND kind = 'submission' AND status NOT IN ('completed', 'rejected'))"                  \
	" OR (?2 = 'completed' AND kind = 'submission' AND status IN ('completed', 'rejected')))"

static const char overview_sql[] =
	"SELECT coalesce(json_group_array(json_object('kind', kind, 'id', id, 'procedure', procedure_id, 'version',"
	" procedure_version, 'reference', reference, 'status', status, 'organisation', organisation, 'created_at_us',"
	" created_at_us, 'updated_at_us', updated_at_us)), '[]') FROM (" ITEMS
	" ORDER BY updated_at_us DESC, id DESC LIMIT ?3 OFFSET ?4)";
static const char count_sql[] = "SELECT count(*) FROM (" ITEMS ")";

enum gx_db_status gx_sqlite_space_overview(struct gx_store_conn *conn, long long space_id, const char *filter,
					   long long offset, long long limit, char **out, long long *total)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_OVERVIEW_COUNT, count_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space_id);
	sqlite3_bind_text(st, 2, filter, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*total = sqlite3_column_int64(st, 0);
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s != GX_DB_ONE_RESULT)
		return s < 0 ? s : GX_DB_HARD_ERROR;
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_OVERVIEW, overview_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space_id);
	sqlite3_bind_text(st, 2, filter, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, limit);
	sqlite3_bind_int64(st, 4, offset);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? gx_sqlite_dup_text(st, 0) : NULL;
	s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && *out == NULL)
		return GX_DB_HARD_ERROR;
	return s;
}

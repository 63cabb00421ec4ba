/** What a space holds: its drafts and submissions, with the latest status,
 *  a page at a time from a position (keyset), and the counts the store
 *  keeps per kind, status and "action needed" (migration 0019). */

#include "store/sqlite/sqlite_int.h"

#include <stdint.h>
#include <string.h>

/* One statement per filter, so that each is a range scan of its own index
 * (space_items_recent, _drafts, _active, _completed, _action_needed) from
 * the position ?3 (updated_at_us), ?4 (id), ?5 (kind): newest first, id
 * next, drafts before submissions on a tie. ?2: the procedures the reader
 * may see, or NULL. The persons who started and submitted each item are
 * read for the page only. */
#define PAGE(where)                                                                                                \
	"SELECT i.kind = 'draft', i.id, i.procedure_id, i.procedure_version, i.reference, i.status, i.organisation,"  \
	" i.created_at_us, i.updated_at_us, i.action_needed, coalesce(i.started_by, 0), coalesce(i.submitted_by, 0)," \
	" coalesce(a.given_name || ' ' || a.family_name, ''), coalesce(b.given_name || ' ' || b.family_name, '')"   \
	" FROM (SELECT * FROM space_items WHERE space_id = ?1 AND " where                                             \
	" AND updated_at_us <= ?3 AND (updated_at_us < ?3 OR id < ?4 OR (id = ?4 AND kind > ?5))"                    \
	" AND (?2 IS NULL OR procedure_id IN (SELECT value FROM json_each(?2)))"                                     \
	" ORDER BY updated_at_us DESC, id DESC, kind LIMIT ?6) i"                                                     \
	" LEFT JOIN persons a ON a.id = i.started_by LEFT JOIN persons b ON b.id = i.submitted_by"                   \
	" ORDER BY i.updated_at_us DESC, i.id DESC, i.kind"

static const struct {
	const char *filter;
	enum gx_sqlite_stmt_id id;
	const char *sql;
} pages[] = {
	{"all", GX_SQLITE_OVERVIEW_ALL, PAGE("1")},
	{"drafts", GX_SQLITE_OVERVIEW_DRAFTS, PAGE("kind = 'draft'")},
	{"active", GX_SQLITE_OVERVIEW_ACTIVE, PAGE("kind = 'submission' AND status NOT IN ('completed', 'rejected')")},
	{"completed", GX_SQLITE_OVERVIEW_COMPLETED, PAGE("kind = 'submission' AND status IN ('completed', 'rejected')")},
	{"action", GX_SQLITE_OVERVIEW_ACTION, PAGE("action_needed = 1")},
};

static const char counts_sql[] =
	"SELECT kind, status, action_needed, n FROM space_item_counts WHERE space_id = ?1 AND n > 0";
static const char counts_scoped_sql[] =
	"SELECT kind, status, action_needed, n FROM space_item_counts WHERE space_id = ?1 AND n > 0"
	" AND procedure_id IN (SELECT value FROM json_each(?2))";

enum gx_db_status gx_sqlite_space_overview(struct gx_store_conn *conn, const struct gx_overview_query *q, size_t limit,
					   struct gx_space_item *items, size_t *n, bool *more)
{
	size_t f = 0;
	while (f < sizeof(pages) / sizeof(pages[0]) && strcmp(pages[f].filter, q->filter) != 0)
		f++;
	if (f == sizeof(pages) / sizeof(pages[0]))
		return GX_DB_HARD_ERROR;
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), pages[f].id, pages[f].sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, q->space_id);
	if (q->procedures_json != NULL)
		sqlite3_bind_text(st, 2, q->procedures_json, -1, SQLITE_STATIC);
	bool first = q->after_id <= 0;
	sqlite3_bind_int64(st, 3, first ? INT64_MAX : q->after_at_us);
	sqlite3_bind_int64(st, 4, first ? INT64_MAX : q->after_id);
	sqlite3_bind_text(st, 5, gx_overview_after_kind(q), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)limit + 1);
	*n = 0;
	*more = false;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == limit) {
			*more = true;
			continue;
		}
		struct gx_space_item *it = &items[(*n)++];
		memset(it, 0, sizeof(*it));
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
		it->started_by = sqlite3_column_int64(st, 10);
		it->submitted_by = sqlite3_column_int64(st, 11);
		gx_sqlite_copy_text(st, 12, it->started_by_name, sizeof(it->started_by_name));
		gx_sqlite_copy_text(st, 13, it->submitted_by_name, sizeof(it->submitted_by_name));
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_space_counts(struct gx_store_conn *conn, long long space_id, const char *procedures_json,
					 struct gx_overview_counts *out)
{
	sqlite3_stmt *st = procedures_json == NULL
				   ? gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_OVERVIEW_COUNTS, counts_sql)
				   : gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_OVERVIEW_COUNTS_SCOPED,
						    counts_scoped_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, space_id);
	if (procedures_json != NULL)
		sqlite3_bind_text(st, 2, procedures_json, -1, SQLITE_STATIC);
	*out = (struct gx_overview_counts){0};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char kind[16], status[GX_STORE_PROCEDURE_ID_MAX];
		gx_sqlite_copy_text(st, 0, kind, sizeof(kind));
		gx_sqlite_copy_text(st, 1, status, sizeof(status));
		gx_overview_counts_add(out, kind, status, sqlite3_column_int(st, 2) != 0, sqlite3_column_int64(st, 3));
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

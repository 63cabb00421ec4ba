/** What a space holds: its drafts and submissions, with the latest status,
 *  a page at a time from a position (keyset), and the counts the store
 *  keeps per kind, status and "action needed" (migration 0019). */

#include "store/pg/pg_int.h"

#include <stdint.h>
#include <string.h>

/* As the SQLite backend's: one statement per filter, each a range scan of
 * its own index from the position $3 (updated_at_us), $4 (id), $5 (kind);
 * $2: the procedures the reader may see, or NULL. */
#define PAGE(where)                                                                                                \
	"SELECT i.kind = 'draft', i.id, i.procedure_id, i.procedure_version, i.reference, i.status, i.organisation,"  \
	" i.created_at_us, i.updated_at_us, i.action_needed, coalesce(i.started_by, 0), coalesce(i.submitted_by, 0)," \
	" coalesce(a.given_name || ' ' || a.family_name, ''), coalesce(b.given_name || ' ' || b.family_name, '')"   \
	" FROM (SELECT * FROM space_items WHERE space_id = $1 AND " where                                             \
	" AND updated_at_us <= $3 AND (updated_at_us < $3 OR id < $4 OR (id = $4 AND kind > $5::text))" \
	" AND ($2::text IS NULL OR procedure_id IN (SELECT json_array_elements_text($2::json)))"                     \
	" ORDER BY updated_at_us DESC, id DESC, kind LIMIT $6) i"                                      \
	" LEFT JOIN persons a ON a.id = i.started_by LEFT JOIN persons b ON b.id = i.submitted_by"                   \
	" ORDER BY i.updated_at_us DESC, i.id DESC, i.kind"

static const struct {
	const char *filter;
	enum gx_pg_stmt_id id;
	const char *sql;
} pages[] = {
	{"all", GX_PG_OVERVIEW_ALL, PAGE("true")},
	{"drafts", GX_PG_OVERVIEW_DRAFTS, PAGE("kind = 'draft'")},
	{"active", GX_PG_OVERVIEW_ACTIVE, PAGE("kind = 'submission' AND status NOT IN ('completed', 'rejected')")},
	{"completed", GX_PG_OVERVIEW_COMPLETED, PAGE("kind = 'submission' AND status IN ('completed', 'rejected')")},
	{"action", GX_PG_OVERVIEW_ACTION, PAGE("action_needed = 1")},
};

static const char counts_sql[] =
	"SELECT kind, status, action_needed, n FROM space_item_counts WHERE space_id = $1 AND n > 0";
static const char counts_scoped_sql[] =
	"SELECT kind, status, action_needed, n FROM space_item_counts WHERE space_id = $1 AND n > 0"
	" AND procedure_id IN (SELECT json_array_elements_text($2::json))";

enum gx_db_status gx_pg_space_overview(struct gx_store_conn *conn, const struct gx_overview_query *q, size_t limit,
				       struct gx_space_item *items, size_t *n, bool *more)
{
	size_t f = 0;
	while (f < sizeof(pages) / sizeof(pages[0]) && strcmp(pages[f].filter, q->filter) != 0)
		f++;
	if (f == sizeof(pages) / sizeof(pages[0]))
		return GX_DB_HARD_ERROR;
	struct gx_pg_params p = {0};
	PGresult *r;
	bool first = q->after_id <= 0;
	gx_pg_param_int(&p, q->space_id);
	gx_pg_param_text(&p, q->procedures_json);
	gx_pg_param_int(&p, first ? INT64_MAX : q->after_at_us);
	gx_pg_param_int(&p, first ? INT64_MAX : q->after_id);
	gx_pg_param_text(&p, gx_overview_after_kind(q));
	gx_pg_param_int(&p, (long long)limit + 1);
	*n = 0;
	*more = false;
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), pages[f].id, pages[f].sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	int rows = s == GX_DB_ONE_RESULT ? PQntuples(r) : 0;
	for (int row = 0; row < rows; row++) {
		if (*n == limit) {
			*more = true;
			break;
		}
		struct gx_space_item *it = &items[(*n)++];
		memset(it, 0, sizeof(*it));
		it->draft = PQgetvalue(r, row, 0)[0] == 't';
		it->id = gx_pg_int(r, row, 1);
		gx_pg_copy_text(r, row, 2, it->procedure_id, sizeof(it->procedure_id));
		it->procedure_version = (int)gx_pg_int(r, row, 3);
		gx_pg_copy_text(r, row, 4, it->reference, sizeof(it->reference));
		gx_pg_copy_text(r, row, 5, it->status, sizeof(it->status));
		gx_pg_copy_text(r, row, 6, it->organisation, sizeof(it->organisation));
		it->created_at_us = gx_pg_int(r, row, 7);
		it->updated_at_us = gx_pg_int(r, row, 8);
		it->action_needed = gx_pg_int(r, row, 9) != 0;
		it->started_by = gx_pg_int(r, row, 10);
		it->submitted_by = gx_pg_int(r, row, 11);
		gx_pg_copy_text(r, row, 12, it->started_by_name, sizeof(it->started_by_name));
		gx_pg_copy_text(r, row, 13, it->submitted_by_name, sizeof(it->submitted_by_name));
	}
	PQclear(r);
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_space_counts(struct gx_store_conn *conn, long long space_id, const char *procedures_json,
				     struct gx_overview_counts *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, space_id);
	if (procedures_json != NULL)
		gx_pg_param_text(&p, procedures_json);
	enum gx_db_status s =
		procedures_json == NULL
			? gx_pg_run(gx_pg_conn(conn), GX_PG_OVERVIEW_COUNTS, counts_sql, GX_PG_READ, &p, 0, &r)
			: gx_pg_run(gx_pg_conn(conn), GX_PG_OVERVIEW_COUNTS_SCOPED, counts_scoped_sql, GX_PG_READ, &p, 0, &r);
	*out = (struct gx_overview_counts){0};
	if (s < 0)
		return s;
	int rows = s == GX_DB_ONE_RESULT ? PQntuples(r) : 0;
	for (int row = 0; row < rows; row++) {
		char kind[16], status[GX_STORE_PROCEDURE_ID_MAX];
		gx_pg_copy_text(r, row, 0, kind, sizeof(kind));
		gx_pg_copy_text(r, row, 1, status, sizeof(status));
		gx_overview_counts_add(out, kind, status, gx_pg_int(r, row, 2) != 0, gx_pg_int(r, row, 3));
	}
	PQclear(r);
	return GX_DB_ONE_RESULT;
}

/** What a space holds: its drafts and submissions, with the latest status. */

#include "store/pg/pg_int.h"

/* space_items (migration 0007) is kept by triggers; $2 is the filter. */
#define ITEMS                                                                                                      \
	" FROM space_items WHERE space_id = $1 AND ($2::text = 'all' OR ($2 = 'drafts' AND kind = 'draft')"        \
	" OR ($2 = 'active' AND kind = 'submission' AND status NOT IN ('completed', 'rejected'))"                  \
	" OR ($2 = 'completed' AND kind = 'submission' AND status IN ('completed', 'rejected'))"                  \
	" OR ($2 = 'action' AND action_needed = 1))"

static const char overview_sql[] =
	"SELECT kind = 'draft', id, procedure_id, procedure_version, reference, status, organisation, created_at_us,"
	" updated_at_us, action_needed" ITEMS " ORDER BY updated_at_us DESC, id DESC LIMIT $3 OFFSET $4";
static const char count_sql[] = "SELECT count(*)" ITEMS;

enum gx_db_status gx_pg_space_overview(struct gx_store_conn *conn, long long space_id, const char *filter,
				       long long offset, size_t limit, struct gx_space_item *items, size_t *n,
				       long long *total)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, space_id);
	gx_pg_param_text(&p, filter);
	gx_pg_param_int(&p, (long long)limit);
	gx_pg_param_int(&p, offset);
	*n = 0;
	enum gx_db_status s = gx_pg_run(c, GX_PG_OVERVIEW, overview_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	for (int row = 0; row < PQntuples(r) && *n < limit; row++) { /* LIMIT $3 keeps *n < limit */
		struct gx_space_item *it = &items[(*n)++];
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
	}
	PQclear(r);
	/* A first page that is not full holds everything: no need to count. */
	if (offset == 0 && *n < limit) {
		*total = (long long)*n;
		return GX_DB_ONE_RESULT;
	}
	p.n = 2;
	s = gx_pg_run(c, GX_PG_OVERVIEW_COUNT, count_sql, GX_PG_READ, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*total = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s == GX_DB_ONE_RESULT ? s : s < 0 ? s : GX_DB_HARD_ERROR;
}

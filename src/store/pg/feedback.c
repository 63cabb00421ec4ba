/** Page feedback rows. */

#include "store/pg/pg_int.h"

static const char insert_sql[] =
	"INSERT INTO feedback (at_us, page, useful, comment) VALUES ($1, $2, $3, $4) RETURNING id";

enum gx_db_status gx_pg_feedback_append(struct gx_store_conn *conn, const struct gx_feedback *fb, long long *id)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, fb->at_us);
	gx_pg_param_text(&p, fb->page);
	gx_pg_param_int(&p, fb->useful ? 1 : 0);
	gx_pg_param_text(&p, fb->comment);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_FEEDBACK_INSERT, insert_sql, GX_PG_WRITE, &p, 0, &r);
	if (s == GX_DB_ONE_RESULT)
		*id = gx_pg_int(r, 0, 0);
	PQclear(r);
	return s < 0 ? s : s == GX_DB_ONE_RESULT ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

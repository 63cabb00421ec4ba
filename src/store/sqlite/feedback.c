/** Page feedback rows. */

#include "store/sqlite/sqlite_int.h"

static const char insert_sql[] = "INSERT INTO feedback (at_us, page, useful, comment) VALUES (?1, ?2, ?3, ?4)";

enum gx_db_status gx_sqlite_feedback_append(struct gx_store_conn *conn, const struct gx_feedback *fb, long long *id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_FEEDBACK_INSERT, insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, fb->at_us);
	sqlite3_bind_text(st, 2, fb->page, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, fb->useful ? 1 : 0);
	if (fb->comment != NULL)
		sqlite3_bind_text(st, 4, fb->comment, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	*id = sqlite3_last_insert_rowid(c->db);
	return GX_DB_ONE_RESULT;
}

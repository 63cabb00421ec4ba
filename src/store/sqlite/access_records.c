/** The access log's rows: append one, count a subject's. */

#include "store/sqlite/sqlite_int.h"

static const char insert_sql[] =
	"INSERT INTO access_records (subject, at_us, actor_kind, actor_id, on_behalf_of,"
	" source, attributes, purpose, legal_basis, request_id, actor_role)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char count_sql[] = "SELECT count(*) FROM access_records WHERE subject = ?1";

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

enum gx_db_status gx_sqlite_access_record_append(struct gx_store_conn *conn, const struct gx_access_record *rec,
						 long long *id)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_ACCESS_RECORD_INSERT, insert_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	/* NULL in a required field reaches the NOT NULL constraint: a hard error, as it should. */
	bind_text_or_null(st, 1, rec->subject);
	sqlite3_bind_int64(st, 2, rec->at_us);
	bind_text_or_null(st, 3, rec->actor_kind);
	bind_text_or_null(st, 4, rec->actor_id);
	bind_text_or_null(st, 5, rec->on_behalf_of);
	bind_text_or_null(st, 6, rec->source);
	bind_text_or_null(st, 7, rec->attributes_json);
	bind_text_or_null(st, 8, rec->purpose);
	bind_text_or_null(st, 9, rec->legal_basis);
	bind_text_or_null(st, 10, rec->request_id);
	bind_text_or_null(st, 11, rec->actor_role);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	*id = sqlite3_last_insert_rowid(gx_sqlite_conn(conn)->db);
	return GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_access_records_count(struct gx_store_conn *conn, const char *subject, long long *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_ACCESS_RECORDS_COUNT, count_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_ROW ? GX_DB_ONE_RESULT : gx_sqlite_status(rc);
}

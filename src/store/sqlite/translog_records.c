/** Access records read back for the transparency log: a person's, newest
 *  first and filtered; the log's, by leaf (the verifier's); and erased. */

#include "store/sqlite/translog_int.h"

#include <string.h>

static const char by_leaf_sql[] = "SELECT " GX_SQLITE_ACCESS_ROW("l.idx", "s.salt")
				  " FROM tlog_leaves l JOIN access_records r ON r.id = l.record_id"
				  " LEFT JOIN tlog_salts s ON s.subject = r.subject"
				  " WHERE l.idx >= ?1 ORDER BY l.idx LIMIT ?2";
/* A person's page: an index range of (subject, at_us) however many records
 * they have; the other filters are checked on the rows (NULL or 0: any). */
static const char records_of_sql[] =
	"SELECT " GX_SQLITE_ACCESS_ROW("l.idx", "NULL") " FROM access_records r LEFT JOIN tlog_leaves l ON l.record_id = r.id"
	" WHERE r.subject = ?1 AND (?2 IS NULL OR r.source = ?2) AND (?3 IS NULL OR r.actor_id = ?3)"
	" AND (?4 = 0 OR r.at_us >= ?4) AND (?5 = 0 OR r.at_us < ?5)"
	" AND (?7 = 0 OR r.at_us < ?6 OR (r.at_us = ?6 AND r.id < ?7))"
	" ORDER BY r.at_us DESC, r.id DESC LIMIT ?8";
static const char erase_records_sql[] = "DELETE FROM access_records WHERE subject = ?1";
static const char erase_salt_sql[] = "DELETE FROM tlog_salts WHERE subject = ?1";

static int read_row(sqlite3_stmt *st, struct gx_access_row *r)
{
	const char *cols[10];
	size_t lens[10];
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->at_us = sqlite3_column_int64(st, 1);
	for (int i = 0; i < 10; i++) {
		cols[i] = (const char *)sqlite3_column_text(st, 2 + i);
		lens[i] = cols[i] != NULL ? (size_t)sqlite3_column_bytes(st, 2 + i) : 0;
	}
	r->leaf_index = sqlite3_column_type(st, 12) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 12);
	if (sqlite3_column_type(st, 13) != SQLITE_NULL && sqlite3_column_bytes(st, 13) == GX_TLOG_STORE_HASH) {
		r->has_salt = true;
		memcpy(r->salt, sqlite3_column_blob(st, 13), GX_TLOG_STORE_HASH);
	}
	return gx_access_row_set_strings(r, cols, lens);
}

enum gx_db_status gx_sqlite_access_rows_read(sqlite3_stmt *st, struct gx_access_row *rows, size_t max, size_t *n,
					     bool *more)
{
	int rc;
	enum gx_db_status s = GX_DB_NO_RESULTS;
	*n = 0;
	if (more != NULL)
		*more = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == max) {
			if (more != NULL)
				*more = true;
			break;
		}
		if (read_row(st, &rows[*n]) != 0) {
			s = GX_DB_HARD_ERROR;
			break;
		}
		(*n)++;
		s = GX_DB_ONE_RESULT;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = gx_sqlite_status(rc);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (s < 0) {
		gx_access_rows_clear(rows, *n);
		*n = 0;
	}
	return s;
}

enum gx_db_status gx_sqlite_tlog_records_by_leaf(struct gx_store_conn *conn, uint64_t from, size_t max,
						 struct gx_access_row *rows, size_t *n)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_BY_LEAF, by_leaf_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	return gx_sqlite_access_rows_read(st, rows, max, n, NULL);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

enum gx_db_status gx_sqlite_tlog_records_of(struct gx_store_conn *conn, const struct gx_access_query *q,
					    struct gx_access_row *rows, size_t limit, size_t *n, bool *more)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_RECORDS_OF, records_of_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, q->subject, -1, SQLITE_STATIC);
	bind_text_or_null(st, 2, q->source);
	bind_text_or_null(st, 3, q->actor_id);
	sqlite3_bind_int64(st, 4, q->from_us);
	sqlite3_bind_int64(st, 5, q->to_us);
	sqlite3_bind_int64(st, 6, q->before_at_us);
	sqlite3_bind_int64(st, 7, q->before_id);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)limit + 1);
	return gx_sqlite_access_rows_read(st, rows, limit, n, more);
}

enum gx_db_status gx_sqlite_tlog_records_erase(struct gx_store_conn *conn, const char *subject, long long *n)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *records = gx_sqlite_stmt(c, GX_SQLITE_TLOG_ERASE_RECORDS, erase_records_sql);
	sqlite3_stmt *salt = gx_sqlite_stmt(c, GX_SQLITE_TLOG_ERASE_SALT, erase_salt_sql);
	if (records == NULL || salt == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(records, 1, subject, -1, SQLITE_STATIC);
	enum gx_db_status s = gx_sqlite_run(records);
	if (s < 0)
		return s;
	*n = sqlite3_changes(c->db);
	sqlite3_bind_text(salt, 1, subject, -1, SQLITE_STATIC);
	s = gx_sqlite_run(salt);
	if (s < 0)
		return s;
	return *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

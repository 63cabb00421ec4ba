/** Access records read back for the transparency log (PostgreSQL; see
 *  sqlite/translog_records.c): a person's, the log's by leaf, erased. */

#include "store/pg/translog_int.h"

#include <stdlib.h>
#include <string.h>

static const char by_leaf_sql[] = "SELECT " GX_PG_ACCESS_ROW_COLUMNS ", l.idx, s.salt"
				  " FROM tlog_leaves l JOIN access_records r ON r.id = l.record_id"
				  " LEFT JOIN tlog_salts s ON s.subject = r.subject"
				  " WHERE l.idx >= $1 ORDER BY l.idx LIMIT $2";
static const char records_of_sql[] =
	"SELECT " GX_PG_ACCESS_ROW_COLUMNS ", l.idx FROM access_records r LEFT JOIN tlog_leaves l ON l.record_id = r.id"
	" WHERE r.subject = $1 AND ($2::text IS NULL OR r.source = $2) AND ($3::text IS NULL OR r.actor_id = $3)"
	" AND ($4::bigint = 0 OR r.at_us >= $4) AND ($5::bigint = 0 OR r.at_us < $5)"
	" AND ($7::bigint = 0 OR r.at_us < $6::bigint OR (r.at_us = $6 AND r.id < $7))"
	" ORDER BY r.at_us DESC, r.id DESC LIMIT $8";
static const char erase_sql[] =
	"WITH gone AS (DELETE FROM access_records WHERE subject = $1 RETURNING 1),"
	" salt AS (DELETE FROM tlog_salts WHERE subject = $1)"
	" SELECT count(*) FROM gone";

static int read_row(const PGresult *r, int row, int salt_col, struct gx_access_row *out)
{
	const char *cols[10];
	size_t lens[10];
	memset(out, 0, sizeof(*out));
	out->id = gx_pg_int8_binary(r, row, 0);
	out->at_us = gx_pg_int8_binary(r, row, 1);
	for (int i = 0; i < 10; i++) {
		bool null = PQgetisnull(r, row, 2 + i);
		cols[i] = null ? NULL : PQgetvalue(r, row, 2 + i);
		lens[i] = null ? 0 : (size_t)PQgetlength(r, row, 2 + i);
	}
	out->leaf_index = PQgetisnull(r, row, 12) ? -1 : gx_pg_int8_binary(r, row, 12);
	if (salt_col >= 0 && !PQgetisnull(r, row, salt_col) && PQgetlength(r, row, salt_col) == GX_TLOG_STORE_HASH) {
		out->has_salt = true;
		memcpy(out->salt, PQgetvalue(r, row, salt_col), GX_TLOG_STORE_HASH);
	}
	return gx_access_row_set_strings(out, cols, lens);
}

enum gx_db_status gx_pg_access_rows_read(const PGresult *r, int salt_col, struct gx_access_row *rows, size_t max,
					 size_t *n, bool *more)
{
	size_t total = (size_t)PQntuples(r);
	*n = 0;
	if (more != NULL)
		*more = total > max;
	for (size_t i = 0; i < total && i < max; i++) {
		if (read_row(r, (int)i, salt_col, &rows[i]) != 0) {
			gx_access_rows_clear(rows, *n);
			*n = 0;
			return GX_DB_HARD_ERROR;
		}
		(*n)++;
	}
	return *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_pg_tlog_records_by_leaf(struct gx_store_conn *conn, uint64_t from, size_t max,
					     struct gx_access_row *rows, size_t *n)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, (long long)from);
	gx_pg_param_int(&p, (long long)max);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_BY_LEAF, by_leaf_sql, GX_PG_READ, &p, 1, &r);
	if (s < 0)
		return s;
	s = gx_pg_access_rows_read(r, 13, rows, max, n, NULL);
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_tlog_records_of(struct gx_store_conn *conn, const struct gx_access_query *q,
					struct gx_access_row *rows, size_t limit, size_t *n, bool *more)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, q->subject);
	gx_pg_param_text(&p, q->source);
	gx_pg_param_text(&p, q->actor_id);
	gx_pg_param_int(&p, q->from_us);
	gx_pg_param_int(&p, q->to_us);
	gx_pg_param_int(&p, q->before_at_us);
	gx_pg_param_int(&p, q->before_id);
	gx_pg_param_int(&p, (long long)limit + 1);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_RECORDS_OF, records_of_sql, GX_PG_READ, &p, 1, &r);
	if (s < 0)
		return s;
	s = gx_pg_access_rows_read(r, -1, rows, limit, n, more);
	PQclear(r);
	return s;
}

enum gx_db_status gx_pg_tlog_records_erase(struct gx_store_conn *conn, const char *subject, long long *n)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, subject);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_ERASE, erase_sql, GX_PG_WRITE, &p, 1, &r);
	if (s < 0)
		return s;
	*n = gx_pg_int8_binary(r, 0, 0);
	PQclear(r);
	return *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

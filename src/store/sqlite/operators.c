/** The operator dashboard: platform operators, its time series, the store's size. */

#include "store/sqlite/sqlite_int.h"

#include <string.h>
#include <sys/stat.h>

static const char set_sql[] =
	"INSERT INTO platform_operators (national_id, added_at_us) VALUES (?1, ?2) ON CONFLICT (national_id) DO NOTHING";
static const char remove_sql[] = "DELETE FROM platform_operators WHERE national_id = ?1";
static const char is_sql[] =
	"SELECT 1 FROM platform_operators o JOIN persons p ON p.national_id = o.national_id WHERE p.id = ?1";
static const char list_sql[] =
	"SELECT coalesce(json_group_array(json_object('national_id', national_id, 'added_at_us', added_at_us,"
	" 'given_name', given_name, 'family_name', family_name)), '[]') FROM (SELECT o.national_id, o.added_at_us,"
	" p.given_name, p.family_name FROM platform_operators o LEFT JOIN persons p ON p.national_id = o.national_id"
	" ORDER BY o.national_id)";
static const char put_sql[] =
	"INSERT INTO operator_samples (series, label, instance, at_s, value) VALUES (?1, ?2, ?3, ?4, ?5)"
	" ON CONFLICT (series, at_s, label, instance) DO UPDATE SET value = excluded.value";
static const char purge_sql[] = "DELETE FROM operator_samples WHERE at_s < ?1";
static const char rollups_purge_sql[] = "DELETE FROM operator_rollups WHERE at_s < ?1";
static const char rollup_sql[] =
	"INSERT INTO operator_rollups (series, label, instance, at_s, value_sum, value_max, samples)"
	" SELECT series, label, instance, ?2, sum(value), max(value), count(*) FROM operator_samples"
	" WHERE instance = ?1 AND at_s >= ?2 AND at_s < ?2 + 3600 GROUP BY series, label"
	" ON CONFLICT (series, at_s, label, instance) DO UPDATE SET value_sum = excluded.value_sum,"
	" value_max = excluded.value_max, samples = excluded.samples";
/* A bucket starts at a multiple of ?4: at_s - at_s % ?4 (at_s is never negative). */
static const char read_sql[] =
	"SELECT label, at_s - at_s % ?4 AS b, sum(value), max(value), count(*) FROM operator_samples"
	" WHERE series = ?1 AND at_s >= ?2 AND at_s < ?3 GROUP BY label, b ORDER BY label, b LIMIT ?5";
static const char rollups_read_sql[] =
	"SELECT label, at_s - at_s % ?4 AS b, sum(value_sum), max(value_max), sum(samples) FROM operator_rollups"
	" WHERE series = ?1 AND at_s >= ?2 AND at_s < ?3 GROUP BY label, b ORDER BY label, b LIMIT ?5";

enum gx_db_status gx_sqlite_operator_set(struct gx_store_conn *conn, const char *national_id, long long at_us)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_OPERATOR_SET, set_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, national_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_sqlite_operator_remove(struct gx_store_conn *conn, const char *national_id)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_OPERATOR_REMOVE, remove_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, national_id, -1, SQLITE_STATIC);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_operator_is(struct gx_store_conn *conn, struct gx_person_id person)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_OPERATOR_IS, is_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, person.v);
	return gx_sqlite_finish(st, sqlite3_step(st));
}

enum gx_db_status gx_sqlite_operators_list(struct gx_store_conn *conn, char **out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_OPERATORS_LIST, list_sql);
	*out = NULL;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? gx_sqlite_dup_text(st, 0) : NULL;
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s == GX_DB_ONE_RESULT && *out == NULL)
		return GX_DB_HARD_ERROR;
	return s;
}

enum gx_db_status gx_sqlite_samples_put(struct gx_store_conn *conn, const struct gx_sample *samples, size_t n)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SAMPLE_PUT, put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	for (size_t i = 0; i < n; i++) {
		const struct gx_sample *x = &samples[i];
		sqlite3_bind_text(st, 1, x->series, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, x->label, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, x->instance, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, x->at_s);
		sqlite3_bind_int64(st, 5, x->value);
		enum gx_db_status s = gx_sqlite_run(st);
		if (s < 0)
			return s;
	}
	return n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_samples_purge(struct gx_store_conn *conn, long long samples_before_s,
					 long long rollups_before_s, long long *deleted)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_SAMPLES_PURGE, purge_sql);
	*deleted = 0;
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, samples_before_s);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	*deleted = sqlite3_changes(c->db);
	if ((st = gx_sqlite_stmt(c, GX_SQLITE_ROLLUPS_PURGE, rollups_purge_sql)) == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, rollups_before_s);
	if ((s = gx_sqlite_run(st)) < 0)
		return s;
	*deleted += sqlite3_changes(c->db);
	return *deleted > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_samples_rollup(struct gx_store_conn *conn, const char *instance, long long hour_s)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_ROLLUP, rollup_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, instance, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, hour_s);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(c->db) > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_sqlite_samples_read(struct gx_store_conn *conn, const struct gx_sample_query *q,
					 struct gx_sample_bucket *out, size_t max, size_t *n, bool *more)
{
	sqlite3_stmt *st = q->hourly ? gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_ROLLUPS_READ, rollups_read_sql)
				     : gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SAMPLES_READ, read_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, q->series, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, q->from_s);
	sqlite3_bind_int64(st, 3, q->to_s);
	sqlite3_bind_int64(st, 4, q->bucket_s);
	sqlite3_bind_int64(st, 5, (long long)max + 1);  /* one more: is there more? */
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == max) {
			*more = true;
			continue;
		}
		struct gx_sample_bucket *b = &out[(*n)++];
		gx_sqlite_copy_text(st, 0, b->label, sizeof(b->label));
		b->at_s = sqlite3_column_int64(st, 1);
		b->sum = sqlite3_column_int64(st, 2);
		b->max = sqlite3_column_int64(st, 3);
		b->count = sqlite3_column_int64(st, 4);
	}
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	if (s < 0)
		return s;
	return *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

/* A file's size; 0 when it does not exist (a write-ahead log checkpointed away). */
static long long file_size(const char *path)
{
	struct stat sb;
	return path != NULL && stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

enum gx_db_status gx_sqlite_store_size(struct gx_store_conn *conn, long long *bytes)
{
	const char *path = sqlite3_db_filename(gx_sqlite_conn(conn)->db, "main");
	if (path == NULL || path[0] == '\0')
		return GX_DB_HARD_ERROR;
	char wal[4200];
	if (strlen(path) + 5 > sizeof(wal))
		return GX_DB_HARD_ERROR;
	memcpy(wal, path, strlen(path));
	memcpy(wal + strlen(path), "-wal", 5);
	*bytes = file_size(path) + file_size(wal);
	return GX_DB_ONE_RESULT;
}

/* The outbox's due rows by its partial index, the log's head, the latest
 * cosigned checkpoint's cosignatures by the primary key. */
static const char gauges_sql[] =
	"SELECT (SELECT count(*) FROM mail_outbox WHERE state = 'pending' AND due_at_us <= ?1),"
	" (SELECT size FROM tlog_head WHERE id = 1),"
	" coalesce((SELECT max(at_us) FROM tlog_cosignatures WHERE size = (SELECT max(size) FROM tlog_cosignatures)), 0)";

enum gx_db_status gx_sqlite_operator_gauges(struct gx_store_conn *conn, long long now_us, struct gx_store_gauges *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_OPERATOR_GAUGES, gauges_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now_us);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->outbox_backlog = sqlite3_column_int64(st, 0);
		out->translog_size = sqlite3_column_int64(st, 1);
		out->cosigned_at_us = sqlite3_column_int64(st, 2);
	}
	return gx_sqlite_finish(st, rc);
}

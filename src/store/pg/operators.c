/** The operator dashboard: platform operators, its time series, the store's size. */

#include "store/pg/pg_int.h"

#include <stdlib.h>

static const char set_sql[] =
	"INSERT INTO platform_operators (national_id, added_at_us) VALUES ($1, $2) ON CONFLICT (national_id) DO NOTHING";
static const char remove_sql[] = "DELETE FROM platform_operators WHERE national_id = $1";
static const char is_sql[] =
	"SELECT 1 FROM platform_operators o JOIN persons p ON p.national_id = o.national_id WHERE p.id = $1";
static const char list_sql[] =
	"SELECT o.national_id, o.added_at_us, p.given_name, p.family_name FROM platform_operators o"
	" LEFT JOIN persons p ON p.national_id = o.national_id ORDER BY o.national_id COLLATE \"C\"";
static const char put_sql[] =
	"INSERT INTO operator_samples (series, label, instance, at_s, value) VALUES ($1, $2, $3, $4, $5)"
	" ON CONFLICT (series, at_s, label, instance) DO UPDATE SET value = EXCLUDED.value";
static const char purge_sql[] = "DELETE FROM operator_samples WHERE at_s < $1";
static const char rollups_purge_sql[] = "DELETE FROM operator_rollups WHERE at_s < $1";
static const char rollup_sql[] =
	"INSERT INTO operator_rollups (series, label, instance, at_s, value_sum, value_max, samples)"
	" SELECT series, label, instance, $2::bigint, sum(value), max(value), count(*) FROM operator_samples"
	" WHERE instance = $1 AND at_s >= $2::bigint AND at_s < $2::bigint + 3600 GROUP BY series, label, instance"
	" ON CONFLICT (series, at_s, label, instance) DO UPDATE SET value_sum = EXCLUDED.value_sum,"
	" value_max = EXCLUDED.value_max, samples = EXCLUDED.samples";
/* A bucket starts at a multiple of $4: at_s - at_s % $4 (at_s is never negative). */
static const char read_sql[] =
	"SELECT label, at_s - at_s % $4::bigint AS b, sum(value)::bigint, max(value), count(*) FROM operator_samples"
	" WHERE series = $1 AND at_s >= $2 AND at_s < $3 GROUP BY label, b ORDER BY label COLLATE \"C\", b LIMIT $5";
static const char rollups_read_sql[] =
	"SELECT label, at_s - at_s % $4::bigint AS b, sum(value_sum)::bigint, max(value_max), sum(samples)::bigint"
	" FROM operator_rollups WHERE series = $1 AND at_s >= $2 AND at_s < $3 GROUP BY label, b"
	" ORDER BY label COLLATE \"C\", b LIMIT $5";
/* The store's own tables (with their indexes and TOAST), in its schema: a
 * database may hold other schemas (the tests' do). */
static const char size_sql[] =
	"SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c"
	" JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')";

enum gx_db_status gx_pg_operator_set(struct gx_store_conn *conn, const char *national_id, long long at_us)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, national_id);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_OPERATOR_SET, set_sql, GX_PG_WRITE, &p, 0, NULL);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

enum gx_db_status gx_pg_operator_remove(struct gx_store_conn *conn, const char *national_id)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, national_id);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_OPERATOR_REMOVE, remove_sql, GX_PG_WRITE, &p, 0, NULL);
}

enum gx_db_status gx_pg_operator_is(struct gx_store_conn *conn, struct gx_person_id person)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, person.v);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_OPERATOR_IS, is_sql, GX_PG_READ, &p, 0, &r);
	if (s >= 0)
		PQclear(r);
	return s;
}

enum gx_db_status gx_pg_operators_list(struct gx_store_conn *conn, char **out)
{
	static const struct gx_pg_json_member members[] = {{"national_id", GX_PG_JSON_STRING},
							   {"added_at_us", GX_PG_JSON_NUMBER},
							   {"given_name", GX_PG_JSON_STRING},
							   {"family_name", GX_PG_JSON_STRING}};
	PGresult *r;
	*out = NULL;
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_OPERATORS_LIST, list_sql, GX_PG_READ, NULL, 0, &r);
	if (s < 0)
		return s;
	*out = gx_pg_json_rows(r, members, 4);
	PQclear(r);
	return *out != NULL ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
}

enum gx_db_status gx_pg_samples_put(struct gx_store_conn *conn, const struct gx_sample *samples, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct gx_sample *x = &samples[i];
		struct gx_pg_params p = {0};
		gx_pg_param_text(&p, x->series);
		gx_pg_param_text(&p, x->label);
		gx_pg_param_text(&p, x->instance);
		gx_pg_param_int(&p, x->at_s);
		gx_pg_param_int(&p, x->value);
		enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SAMPLE_PUT, put_sql, GX_PG_WRITE, &p, 0, NULL);
		if (s < 0)
			return s;
	}
	return n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_pg_samples_purge(struct gx_store_conn *conn, long long samples_before_s,
				     long long rollups_before_s, long long *deleted)
{
	struct gx_pg_params p = {0}, q = {0};
	PGresult *r;
	*deleted = 0;
	gx_pg_param_int(&p, samples_before_s);
	gx_pg_param_int(&q, rollups_before_s);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_SAMPLES_PURGE, purge_sql, GX_PG_WRITE, &p, 0, &r);
	if (s < 0)
		return s;
	*deleted = strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	s = gx_pg_run(gx_pg_conn(conn), GX_PG_ROLLUPS_PURGE, rollups_purge_sql, GX_PG_WRITE, &q, 0, &r);
	if (s < 0)
		return s;
	*deleted += strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return *deleted > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_pg_samples_rollup(struct gx_store_conn *conn, const char *instance, long long hour_s)
{
	struct gx_pg_params p = {0};
	gx_pg_param_text(&p, instance);
	gx_pg_param_int(&p, hour_s);
	return gx_pg_run(gx_pg_conn(conn), GX_PG_ROLLUP, rollup_sql, GX_PG_WRITE, &p, 0, NULL);
}

enum gx_db_status gx_pg_samples_read(struct gx_store_conn *conn, const struct gx_sample_query *q,
				     struct gx_sample_bucket *out, size_t max, size_t *n, bool *more)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, q->series);
	gx_pg_param_int(&p, q->from_s);
	gx_pg_param_int(&p, q->to_s);
	gx_pg_param_int(&p, q->bucket_s);
	gx_pg_param_int(&p, (long long)max + 1);  /* one more: is there more? */
	enum gx_db_status s = q->hourly ? gx_pg_run(gx_pg_conn(conn), GX_PG_ROLLUPS_READ, rollups_read_sql, GX_PG_READ,
						     &p, 0, &r)
					: gx_pg_run(gx_pg_conn(conn), GX_PG_SAMPLES_READ, read_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	int rows = PQntuples(r);
	for (int i = 0; i < rows; i++) {
		if (*n == max) {
			*more = true;
			break;
		}
		struct gx_sample_bucket *b = &out[(*n)++];
		gx_pg_copy_text(r, i, 0, b->label, sizeof(b->label));
		b->at_s = gx_pg_int(r, i, 1);
		b->sum = gx_pg_int(r, i, 2);
		b->max = gx_pg_int(r, i, 3);
		b->count = gx_pg_int(r, i, 4);
	}
	PQclear(r);
	return *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

enum gx_db_status gx_pg_store_size(struct gx_store_conn *conn, long long *bytes)
{
	PGresult *r;
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_STORE_SIZE, size_sql, GX_PG_READ, NULL, 0, &r);
	if (s < 0)
		return s;
	*bytes = s == GX_DB_ONE_RESULT ? gx_pg_int(r, 0, 0) : 0;
	PQclear(r);
	return GX_DB_ONE_RESULT;
}

/* The outbox's due rows by its partial index, the log's head, the latest
 * cosigned checkpoint's cosignatures by the primary key. */
static const char gauges_sql[] =
	"SELECT (SELECT count(*) FROM mail_outbox WHERE state = 'pending' AND due_at_us <= $1),"
	" (SELECT size FROM tlog_head WHERE id = 1),"
	" coalesce((SELECT max(at_us) FROM tlog_cosignatures WHERE size = (SELECT max(size) FROM tlog_cosignatures)), 0)";

enum gx_db_status gx_pg_operator_gauges(struct gx_store_conn *conn, long long now_us, struct gx_store_gauges *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, now_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_OPERATOR_GAUGES, gauges_sql, GX_PG_READ, &p, 0, &r);
	if (s < 0)
		return s;
	if (s == GX_DB_ONE_RESULT) {
		out->outbox_backlog = gx_pg_int(r, 0, 0);
		out->translog_size = gx_pg_int(r, 0, 1);
		out->cosigned_at_us = gx_pg_int(r, 0, 2);
	}
	PQclear(r);
	return s;
}

/** The transparency log's tree in PostgreSQL: appending (the head, taken
 *  with a row lock so writers of several guichetd take turns; the records
 *  not yet logged; salts; a batch's leaves and subtrees in one statement
 *  each) and reading subtrees. See sqlite/translog.c. */

#include "store/pg/translog_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static const char head_lock_sql[] = "SELECT size FROM tlog_head WHERE id = 1 FOR UPDATE";
static const char head_sql[] = "SELECT size FROM tlog_head WHERE id = 1";
static const char head_set_sql[] = "UPDATE tlog_head SET size = $2 WHERE id = 1 AND size = $1";
static const char unlogged_sql[] = "SELECT " GX_PG_ACCESS_ROW_COLUMNS ", s.salt"
				   " FROM access_records r LEFT JOIN tlog_salts s ON s.subject = r.subject"
				   " WHERE r.leaf_index IS NULL ORDER BY r.id LIMIT $1";
static const char unlogged_count_sql[] = "SELECT count(*) FROM access_records WHERE leaf_index IS NULL";
/* The stored salt, new or not, in one round trip. */
static const char salt_put_sql[] =
	"WITH ins AS (INSERT INTO tlog_salts (subject, salt, created_at_us) VALUES ($1, $2, $3)"
	" ON CONFLICT (subject) DO NOTHING RETURNING salt)"
	" SELECT salt FROM ins UNION ALL SELECT salt FROM tlog_salts WHERE subject = $1 LIMIT 1";
static const char salt_get_sql[] = "SELECT salt FROM tlog_salts WHERE subject = $1";
/* A batch's leaves: the records' ids in order, numbered from $1. */
static const char leaves_set_sql[] =
	"UPDATE access_records a SET leaf_index = $1::bigint + v.o - 1"
	" FROM unnest($2::bigint[]) WITH ORDINALITY AS v (id, o) WHERE a.id = v.id AND a.leaf_index IS NULL";
/* A batch's subtrees: levels and indexes as arrays, the hashes one after another. */
static const char nodes_put_sql[] =
	"INSERT INTO tlog_subtrees (level, idx, hash) SELECT v.l, v.i, substring($3::bytea FROM ((v.o - 1) * 32 + 1)::int FOR 32)"
	" FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS v (l, i, o)";
static const char subtree_sql[] = "SELECT hash FROM tlog_subtrees WHERE level = $1 AND idx = $2";
static const char subtrees_sql[] =
	"SELECT idx, hash FROM tlog_subtrees WHERE level = $1 AND idx >= $2 ORDER BY idx LIMIT $3";

static enum gx_db_status size_by(struct gx_store_conn *conn, enum gx_pg_stmt_id id, const char *sql,
				 enum gx_pg_access access, uint64_t *size)
{
	PGresult *r;
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), id, sql, access, NULL, 1, &r);
	if (s == GX_DB_ONE_RESULT)
		*size = (uint64_t)gx_pg_int8_binary(r, 0, 0);
	if (s >= 0)
		PQclear(r);
	/* The row is made by the migration: without it the log is broken. */
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

static enum gx_db_status head_lock(struct gx_store_conn *conn, uint64_t *size)
{
	return size_by(conn, GX_PG_TLOG_HEAD_LOCK, head_lock_sql, GX_PG_WRITE, size);
}

static enum gx_db_status read_size(struct gx_store_conn *conn, uint64_t *size)
{
	return size_by(conn, GX_PG_TLOG_HEAD, head_sql, GX_PG_READ, size);
}

static enum gx_db_status unlogged(struct gx_store_conn *conn, size_t max, struct gx_access_row *rows, size_t *n,
				  bool *more)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, (long long)max + 1);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_UNLOGGED, unlogged_sql, GX_PG_READ, &p, 1, &r);
	if (s < 0)
		return s;
	s = gx_pg_access_rows_read(r, 13, rows, max, n, more);
	PQclear(r);
	return s;
}

static enum gx_db_status unlogged_count(struct gx_store_conn *conn, long long *n)
{
	PGresult *r;
	enum gx_db_status s =
		gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_UNLOGGED_COUNT, unlogged_count_sql, GX_PG_READ, NULL, 1, &r);
	if (s == GX_DB_ONE_RESULT)
		*n = gx_pg_int8_binary(r, 0, 0);
	if (s >= 0)
		PQclear(r);
	return s;
}

/* Copies a 32-byte bytea of a binary result: -1 when it is not one. */
static int hash_of(const PGresult *r, int row, int col, unsigned char *out)
{
	if (PQgetisnull(r, row, col) || PQgetlength(r, row, col) != GX_TLOG_STORE_HASH)
		return -1;
	memcpy(out, PQgetvalue(r, row, col), GX_TLOG_STORE_HASH);
	return 0;
}

static enum gx_db_status salt_get(struct gx_store_conn *conn, const char *subject, unsigned char *salt)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, subject);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_SALT_GET, salt_get_sql, GX_PG_READ, &p, 1, &r);
	if (s == GX_DB_ONE_RESULT && hash_of(r, 0, 0, salt) != 0)
		s = GX_DB_HARD_ERROR;
	PQclear(r); /* NULL when the statement failed */
	return s;
}

static enum gx_db_status salt_put(struct gx_store_conn *conn, const char *subject, const unsigned char *salt,
				  long long at_us, unsigned char *out)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_text(&p, subject);
	gx_pg_param_bytes(&p, salt, GX_TLOG_STORE_HASH);
	gx_pg_param_int(&p, at_us);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_SALT_PUT, salt_put_sql, GX_PG_WRITE, &p, 1, &r);
	if (s < 0)
		return s;
	if (s != GX_DB_ONE_RESULT || hash_of(r, 0, 0, out) != 0)
		s = GX_DB_HARD_ERROR;
	PQclear(r);
	return s;
}

/* "{a,b,c}" of n numbers read through at(i). */
static int int_array(struct gx_buf *b, size_t n, long long (*at)(const void *ctx, size_t i), const void *ctx)
{
	gx_buf_append(b, "{", 1);
	for (size_t i = 0; i < n; i++)
		gx_buf_appendf(b, "%s%lld", i ? "," : "", at(ctx, i));
	gx_buf_append(b, "}", 1);
	return b->failed ? -1 : 0;
}

static long long id_at(const void *ctx, size_t i)
{
	return ((const long long *)ctx)[i];
}

static long long level_at(const void *ctx, size_t i)
{
	return ((const struct gx_tlog_node *)ctx)[i].level;
}

static long long index_at(const void *ctx, size_t i)
{
	return (long long)((const struct gx_tlog_node *)ctx)[i].index;
}

static enum gx_db_status append(struct gx_store_conn *conn, uint64_t old_size, const long long *record_ids, size_t n,
				const struct gx_tlog_node *nodes, size_t nnodes)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	struct gx_buf ids = GX_BUF_INIT, levels = GX_BUF_INIT, idxs = GX_BUF_INIT, hashes = GX_BUF_INIT;
	enum gx_db_status s = GX_DB_HARD_ERROR;
	struct gx_pg_params p = {0};

	gx_pg_param_int(&p, (long long)old_size);
	gx_pg_param_int(&p, (long long)(old_size + n));
	s = gx_pg_run(c, GX_PG_TLOG_HEAD_SET, head_set_sql, GX_PG_WRITE, &p, 0, NULL);
	if (s == GX_DB_NO_RESULTS)
		s = GX_DB_CONFLICT; /* another writer moved the size: nothing written */
	if (s < 0)
		goto done;
	s = GX_DB_HARD_ERROR;
	if (n > 0 && record_ids != NULL) {
		if (int_array(&ids, n, id_at, record_ids) != 0)
			goto done;
		p = (struct gx_pg_params){0};
		gx_pg_param_int(&p, (long long)old_size);
		gx_pg_param_text(&p, gx_buf_cstr(&ids));
		PGresult *r;
		s = gx_pg_run(c, GX_PG_TLOG_LEAVES_SET, leaves_set_sql, GX_PG_WRITE, &p, 0, &r);
		if (s < 0)
			goto done;
		bool all = strtoull(PQcmdTuples(r), NULL, 10) == n;
		PQclear(r);
		if (!all) {
			s = GX_DB_HARD_ERROR; /* a record gone, or already in the log: a bug */
			goto done;
		}
	}
	if (nnodes > 0) {
		s = GX_DB_HARD_ERROR;
		if (int_array(&levels, nnodes, level_at, nodes) != 0 || int_array(&idxs, nnodes, index_at, nodes) != 0)
			goto done;
		for (size_t i = 0; i < nnodes; i++)
			gx_buf_append(&hashes, nodes[i].hash, GX_TLOG_STORE_HASH);
		if (hashes.failed)
			goto done;
		p = (struct gx_pg_params){0};
		gx_pg_param_text(&p, gx_buf_cstr(&levels));
		gx_pg_param_text(&p, gx_buf_cstr(&idxs));
		gx_pg_param_bytes(&p, hashes.data, hashes.len);
		s = gx_pg_run(c, GX_PG_TLOG_NODES_PUT, nodes_put_sql, GX_PG_WRITE, &p, 0, NULL);
		if (s < 0)
			goto done;
	}
	s = GX_DB_ONE_RESULT;
done:
	gx_buf_free(&ids);
	gx_buf_free(&levels);
	gx_buf_free(&idxs);
	gx_buf_free(&hashes);
	return s;
}

static enum gx_db_status subtree(struct gx_store_conn *conn, unsigned level, uint64_t index, unsigned char *hash)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, level);
	gx_pg_param_int(&p, (long long)index);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_SUBTREE, subtree_sql, GX_PG_READ, &p, 1, &r);
	if (s < 0)
		return s;
	if (s == GX_DB_ONE_RESULT && hash_of(r, 0, 0, hash) != 0)
		s = GX_DB_HARD_ERROR;
	PQclear(r);
	return s;
}

static enum gx_db_status subtrees(struct gx_store_conn *conn, unsigned level, uint64_t from, size_t max,
				  struct gx_tlog_node *out, size_t *n)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, level);
	gx_pg_param_int(&p, (long long)from);
	gx_pg_param_int(&p, (long long)max);
	enum gx_db_status s = gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_SUBTREES, subtrees_sql, GX_PG_READ, &p, 1, &r);
	if (s < 0)
		return s;
	for (int i = 0; i < PQntuples(r) && *n < max; i++) {
		struct gx_tlog_node *x = &out[*n];
		x->level = level;
		x->index = (uint64_t)gx_pg_int8_binary(r, i, 0);
		/* A hash of another length is reported as zeros: whoever checks it sees a mismatch. */
		if (hash_of(r, i, 1, x->hash) != 0)
			memset(x->hash, 0, GX_TLOG_STORE_HASH);
		(*n)++;
	}
	PQclear(r);
	return s;
}

const struct gx_store_tlog_ops gx_pg_tlog_ops = {
	.head_lock = head_lock,
	.unlogged = unlogged,
	.salt_put = salt_put,
	.append = append,
	.size = read_size,
	.subtree = subtree,
	.subtrees = subtrees,
	.records_by_leaf = gx_pg_tlog_records_by_leaf,
	.unlogged_count = unlogged_count,
	.checkpoint_put = gx_pg_tlog_checkpoint_put,
	.checkpoints = gx_pg_tlog_checkpoints,
	.checkpoint_get = gx_pg_tlog_checkpoint_get,
	.cosignature_put = gx_pg_tlog_cosignature_put,
	.records_of = gx_pg_tlog_records_of,
	.salt_get = salt_get,
	.records_erase = gx_pg_tlog_records_erase,
};

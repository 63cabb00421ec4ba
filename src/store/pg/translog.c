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
/* A batch's records: its range of ids, less those already leaves (another
 * writer's, committed meanwhile; uncommitted ones are not seen). */
static const char unlogged_sql[] = "SELECT " GX_PG_ACCESS_ROW_COLUMNS ", NULL::bigint, s.salt"
				   " FROM access_records r"
				   " LEFT JOIN tlog_salts s ON s.subject = r.subject"
				   " WHERE r.id BETWEEN $1 AND $2"
				   " AND NOT EXISTS (SELECT 1 FROM tlog_leaves x WHERE x.record_id = r.id)"
				   " ORDER BY r.id LIMIT $3";
static const char unlogged_count_sql[] =
	"SELECT count(*) FROM access_records r WHERE NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.record_id = r.id)";
/* The stored salt, new or not, in one round trip. */
static const char salt_put_sql[] =
	"WITH ins AS (INSERT INTO tlog_salts (subject, salt, created_at_us) VALUES ($1, $2, $3)"
	" ON CONFLICT (subject) DO NOTHING RETURNING salt)"
	" SELECT salt FROM ins UNION ALL SELECT salt FROM tlog_salts WHERE subject = $1 LIMIT 1";
static const char salt_get_sql[] = "SELECT salt FROM tlog_salts WHERE subject = $1";
/* A batch's leaves, numbered from $1: their records' ids (NULLs for a bulk
 * load) and hashes, one after another. */
static const char leaves_put_sql[] =
	"INSERT INTO tlog_leaves (idx, hash, record_id)"
	" SELECT $1::bigint + v.o - 1, substring($3::bytea FROM ((v.o - 1) * 32 + 1)::int FOR 32), v.id"
	" FROM unnest($2::bigint[]) WITH ORDINALITY AS v (id, o)";
/* A batch's subtrees: levels and indexes as arrays, the hashes one after another. */
static const char nodes_put_sql[] =
	"INSERT INTO tlog_subtrees (level, idx, hash) SELECT v.l, v.i, substring($3::bytea FROM ((v.o - 1) * 32 + 1)::int FOR 32)"
	" FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS v (l, i, o)";
static const char subtree_sql[] = "SELECT hash FROM tlog_subtrees WHERE level = $1 AND idx = $2";
static const char leaf_sql[] = "SELECT hash FROM tlog_leaves WHERE idx = $2 AND $1::bigint = 0";
static const char subtrees_sql[] =
	"SELECT idx, hash FROM tlog_subtrees WHERE level = $1 AND idx >= $2 ORDER BY idx LIMIT $3";
static const char leaves_sql[] =
	"SELECT idx, hash FROM tlog_leaves WHERE idx >= $2 AND $1::bigint = 0 ORDER BY idx LIMIT $3";

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

static enum gx_db_status unlogged(struct gx_store_conn *conn, long long min_id, long long max_id, size_t max,
				  struct gx_access_row *rows, size_t *n, bool *more)
{
	struct gx_pg_params p = {0};
	PGresult *r;
	gx_pg_param_int(&p, min_id);
	gx_pg_param_int(&p, max_id);
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

static enum gx_db_status append(struct gx_store_conn *conn, uint64_t old_size, const long long *record_ids, size_t n,
				const struct gx_tlog_node *nodes, size_t nnodes)
{
	struct gx_pg_conn *c = gx_pg_conn(conn);
	struct gx_buf ids = GX_BUF_INIT, leaf_hashes = GX_BUF_INIT, levels = GX_BUF_INIT, idxs = GX_BUF_INIT,
		      hashes = GX_BUF_INIT;
	enum gx_db_status s = GX_DB_HARD_ERROR;
	struct gx_pg_params p = {0};

	gx_pg_param_int(&p, (long long)old_size);
	gx_pg_param_int(&p, (long long)(old_size + n));
	s = gx_pg_run(c, GX_PG_TLOG_HEAD_SET, head_set_sql, GX_PG_WRITE, &p, 0, NULL);
	if (s == GX_DB_NO_RESULTS)
		s = GX_DB_CONFLICT; /* another writer moved the size: nothing written */
	if (s < 0)
		goto done;
	/* The leaves (level 0, in index order: the frontier reports them so) and the subtrees above. */
	s = GX_DB_HARD_ERROR;
	size_t nleaves = 0, nup = 0;
	gx_buf_append(&ids, "{", 1);
	gx_buf_append(&levels, "{", 1);
	gx_buf_append(&idxs, "{", 1);
	for (size_t i = 0; i < nnodes; i++) {
		const struct gx_tlog_node *x = &nodes[i];
		if (x->level == 0) {
			if (x->index != old_size + nleaves)
				goto done;
			if (record_ids != NULL)
				gx_buf_appendf(&ids, "%s%lld", nleaves ? "," : "", record_ids[nleaves]);
			else
				gx_buf_appendf(&ids, "%sNULL", nleaves ? "," : "");
			gx_buf_append(&leaf_hashes, x->hash, GX_TLOG_STORE_HASH);
			nleaves++;
		} else {
			gx_buf_appendf(&levels, "%s%u", nup ? "," : "", x->level);
			gx_buf_appendf(&idxs, "%s%llu", nup ? "," : "", (unsigned long long)x->index);
			gx_buf_append(&hashes, x->hash, GX_TLOG_STORE_HASH);
			nup++;
		}
	}
	gx_buf_append(&ids, "}", 1);
	gx_buf_append(&levels, "}", 1);
	gx_buf_append(&idxs, "}", 1);
	if (nleaves != n || ids.failed || leaf_hashes.failed || levels.failed || idxs.failed || hashes.failed)
		goto done;
	if (nleaves > 0) {
		p = (struct gx_pg_params){0};
		gx_pg_param_int(&p, (long long)old_size);
		gx_pg_param_text(&p, gx_buf_cstr(&ids));
		gx_pg_param_bytes(&p, leaf_hashes.data, leaf_hashes.len);
		if ((s = gx_pg_run(c, GX_PG_TLOG_LEAVES_PUT, leaves_put_sql, GX_PG_WRITE, &p, 0, NULL)) < 0)
			goto done;
	}
	if (nup > 0) {
		p = (struct gx_pg_params){0};
		gx_pg_param_text(&p, gx_buf_cstr(&levels));
		gx_pg_param_text(&p, gx_buf_cstr(&idxs));
		gx_pg_param_bytes(&p, hashes.data, hashes.len);
		if ((s = gx_pg_run(c, GX_PG_TLOG_NODES_PUT, nodes_put_sql, GX_PG_WRITE, &p, 0, NULL)) < 0)
			goto done;
	}
	s = GX_DB_ONE_RESULT;
done:
	gx_buf_free(&ids);
	gx_buf_free(&leaf_hashes);
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
	enum gx_db_status s = level == 0 ? gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_LEAF, leaf_sql, GX_PG_READ, &p, 1, &r)
					 : gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_SUBTREE, subtree_sql, GX_PG_READ, &p, 1, &r);
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
	enum gx_db_status s = level == 0
				      ? gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_LEAVES, leaves_sql, GX_PG_READ, &p, 1, &r)
				      : gx_pg_run(gx_pg_conn(conn), GX_PG_TLOG_SUBTREES, subtrees_sql, GX_PG_READ, &p, 1, &r);
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

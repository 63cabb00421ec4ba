/** The transparency log's tree in SQLite: appending (the head, the records
 *  not yet logged, salts, leaves and subtrees) and reading subtrees. */

#include "store/sqlite/sqlite_int.h"
#include "store/sqlite/translog_int.h"

#include <string.h>

static const char head_sql[] = "SELECT size FROM tlog_head WHERE id = 1";
static const char head_set_sql[] = "UPDATE tlog_head SET size = ?2 WHERE id = 1 AND size = ?1";
/* A batch's records: its range of ids, less those already leaves (another writer's). */
static const char unlogged_sql[] = "SELECT " GX_SQLITE_ACCESS_ROW("NULL", "s.salt")
				   " FROM access_records r LEFT JOIN tlog_salts s ON s.subject = r.subject"
				   " WHERE r.id BETWEEN ?1 AND ?2"
				   " AND NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.record_id = r.id)"
				   " ORDER BY r.id LIMIT ?3";
static const char unlogged_count_sql[] =
	"SELECT count(*) FROM access_records r WHERE NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.record_id = r.id)";
static const char salt_put_sql[] =
	"INSERT INTO tlog_salts (subject, salt, created_at_us) VALUES (?1, ?2, ?3) ON CONFLICT (subject) DO NOTHING";
static const char salt_get_sql[] = "SELECT salt FROM tlog_salts WHERE subject = ?1";
static const char leaf_put_sql[] = "INSERT INTO tlog_leaves (idx, hash, record_id) VALUES (?1, ?2, ?3)";
static const char node_put_sql[] = "INSERT INTO tlog_subtrees (level, idx, hash) VALUES (?1, ?2, ?3)";
/* Sixteen at a time: a batch completes about two subtrees per record. */
#define NODES_PER_STMT 16
static const char nodes_put16_sql[] =
	"INSERT INTO tlog_subtrees (level, idx, hash) VALUES (?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?),"
	"(?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?)";
static const char subtree_sql[] = "SELECT hash FROM tlog_subtrees WHERE level = ?1 AND idx = ?2";
static const char leaf_sql[] = "SELECT hash FROM tlog_leaves WHERE idx = ?2 AND ?1 = 0";
static const char subtrees_sql[] =
	"SELECT idx, hash FROM tlog_subtrees WHERE level = ?1 AND idx >= ?2 ORDER BY idx LIMIT ?3";
static const char leaves_sql[] = "SELECT idx, hash FROM tlog_leaves WHERE idx >= ?2 AND ?1 = 0 ORDER BY idx LIMIT ?3";

static enum gx_db_status read_size(struct gx_store_conn *conn, uint64_t *size)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_HEAD, head_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*size = (uint64_t)sqlite3_column_int64(st, 0);
	enum gx_db_status s = gx_sqlite_finish(st, rc);
	/* The row is made by the migration: without it the log is broken. */
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

/* The writer's transaction holds SQLite's one write lock (BEGIN IMMEDIATE):
 * reading the size is taking the right to append. */
static enum gx_db_status head_lock(struct gx_store_conn *conn, uint64_t *size)
{
	return read_size(conn, size);
}

static enum gx_db_status unlogged(struct gx_store_conn *conn, long long min_id, long long max_id, size_t max,
				  struct gx_access_row *rows, size_t *n, bool *more)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_UNLOGGED, unlogged_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, min_id);
	sqlite3_bind_int64(st, 2, max_id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)max + 1);
	return gx_sqlite_access_rows_read(st, rows, max, n, more);
}

static enum gx_db_status unlogged_count(struct gx_store_conn *conn, long long *n)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_UNLOGGED_COUNT, unlogged_count_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status salt_get(struct gx_store_conn *conn, const char *subject, unsigned char *salt)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_SALT_GET, salt_get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) != GX_TLOG_STORE_HASH) {
			gx_sqlite_finish(st, rc);
			return GX_DB_HARD_ERROR;
		}
		memcpy(salt, sqlite3_column_blob(st, 0), GX_TLOG_STORE_HASH);
	}
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status salt_put(struct gx_store_conn *conn, const char *subject, const unsigned char *salt,
				  long long at_us, unsigned char *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_SALT_PUT, salt_put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, salt, GX_TLOG_STORE_HASH, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	s = salt_get(conn, subject, out);
	return s == GX_DB_NO_RESULTS ? GX_DB_HARD_ERROR : s;
}

static enum gx_db_status append(struct gx_store_conn *conn, uint64_t old_size, const long long *record_ids, size_t n,
				const struct gx_tlog_node *nodes, size_t nnodes)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *head = gx_sqlite_stmt(c, GX_SQLITE_TLOG_HEAD_SET, head_set_sql);
	sqlite3_stmt *leaf = gx_sqlite_stmt(c, GX_SQLITE_TLOG_LEAF_PUT, leaf_put_sql);
	sqlite3_stmt *node = gx_sqlite_stmt(c, GX_SQLITE_TLOG_NODE_PUT, node_put_sql);
	sqlite3_stmt *nodes16 = gx_sqlite_stmt(c, GX_SQLITE_TLOG_NODES_PUT16, nodes_put16_sql);
	if (head == NULL || leaf == NULL || node == NULL || nodes16 == NULL)
		return GX_DB_HARD_ERROR;
	/* The size first: when another writer moved it, nothing else is written. */
	sqlite3_bind_int64(head, 1, (sqlite3_int64)old_size);
	sqlite3_bind_int64(head, 2, (sqlite3_int64)(old_size + n));
	enum gx_db_status s = gx_sqlite_run(head);
	if (s < 0)
		return s;
	if (sqlite3_changes(c->db) != 1)
		return GX_DB_CONFLICT;
	/* The leaves (level 0), each with its record; the subtrees above, sixteen a statement. */
	size_t nup = 0;
	const struct gx_tlog_node *up[NODES_PER_STMT];
	for (size_t i = 0; i < nnodes; i++) {
		const struct gx_tlog_node *x = &nodes[i];
		if (x->level == 0) {
			if (x->index < old_size || x->index >= old_size + n)
				return GX_DB_HARD_ERROR;
			sqlite3_bind_int64(leaf, 1, (sqlite3_int64)x->index);
			sqlite3_bind_blob(leaf, 2, x->hash, GX_TLOG_STORE_HASH, SQLITE_STATIC);
			if (record_ids != NULL)
				sqlite3_bind_int64(leaf, 3, record_ids[x->index - old_size]);
			else
				sqlite3_bind_null(leaf, 3);
			if ((s = gx_sqlite_run(leaf)) < 0)
				return s;
			continue;
		}
		up[nup++] = x;
		if (nup < NODES_PER_STMT)
			continue;
		for (int k = 0; k < NODES_PER_STMT; k++) {
			sqlite3_bind_int64(nodes16, 3 * k + 1, up[k]->level);
			sqlite3_bind_int64(nodes16, 3 * k + 2, (sqlite3_int64)up[k]->index);
			sqlite3_bind_blob(nodes16, 3 * k + 3, up[k]->hash, GX_TLOG_STORE_HASH, SQLITE_STATIC);
		}
		if ((s = gx_sqlite_run(nodes16)) < 0)
			return s;
		nup = 0;
	}
	for (size_t i = 0; i < nup; i++) {
		sqlite3_bind_int64(node, 1, up[i]->level);
		sqlite3_bind_int64(node, 2, (sqlite3_int64)up[i]->index);
		sqlite3_bind_blob(node, 3, up[i]->hash, GX_TLOG_STORE_HASH, SQLITE_STATIC);
		if ((s = gx_sqlite_run(node)) < 0)
			return s;
	}
	return GX_DB_ONE_RESULT;
}

static enum gx_db_status subtree(struct gx_store_conn *conn, unsigned level, uint64_t index, unsigned char *hash)
{
	sqlite3_stmt *st = level == 0 ? gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_LEAF, leaf_sql)
				      : gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_SUBTREE, subtree_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, level);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)index);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) != GX_TLOG_STORE_HASH) {
			gx_sqlite_finish(st, rc);
			return GX_DB_HARD_ERROR;
		}
		memcpy(hash, sqlite3_column_blob(st, 0), GX_TLOG_STORE_HASH);
	}
	return gx_sqlite_finish(st, rc);
}

static enum gx_db_status subtrees(struct gx_store_conn *conn, unsigned level, uint64_t from, size_t max,
				  struct gx_tlog_node *out, size_t *n)
{
	sqlite3_stmt *st = level == 0 ? gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_LEAVES, leaves_sql)
				      : gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_SUBTREES, subtrees_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, level);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)from);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		struct gx_tlog_node *x = &out[*n];
		x->level = level;
		x->index = (uint64_t)sqlite3_column_int64(st, 0);
		/* A hash of another length is reported as zeros: whoever checks it sees a mismatch. */
		memset(x->hash, 0, GX_TLOG_STORE_HASH);
		if (sqlite3_column_bytes(st, 1) == GX_TLOG_STORE_HASH)
			memcpy(x->hash, sqlite3_column_blob(st, 1), GX_TLOG_STORE_HASH);
		(*n)++;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return gx_sqlite_status(rc);
	return *n > 0 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

const struct gx_store_tlog_ops gx_sqlite_tlog_ops = {
	.head_lock = head_lock,
	.unlogged = unlogged,
	.salt_put = salt_put,
	.append = append,
	.size = read_size,
	.subtree = subtree,
	.subtrees = subtrees,
	.records_by_leaf = gx_sqlite_tlog_records_by_leaf,
	.unlogged_count = unlogged_count,
	.checkpoint_put = gx_sqlite_tlog_checkpoint_put,
	.checkpoints = gx_sqlite_tlog_checkpoints,
	.checkpoint_get = gx_sqlite_tlog_checkpoint_get,
	.cosignature_put = gx_sqlite_tlog_cosignature_put,
	.records_of = gx_sqlite_tlog_records_of,
	.salt_get = salt_get,
	.records_erase = gx_sqlite_tlog_records_erase,
};

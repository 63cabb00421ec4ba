/** The transparency log's signed checkpoints and their witnesses'
 *  cosignatures, in SQLite. */

#include "store/sqlite/translog_int.h"

#include <stdlib.h>
#include <string.h>

static const char put_sql[] = "INSERT INTO tlog_checkpoints (size, root, note, signed_at_us) VALUES (?1, ?2, ?3, ?4)"
			      " ON CONFLICT (size) DO NOTHING";
/* Each checkpoint with its cosignature lines, in the order of their keys. */
#define CHECKPOINT_COLUMNS                                                                                       \
	"c.size, c.root, c.note, c.signed_at_us, (SELECT coalesce(group_concat(line, ''), '') FROM"             \
	" (SELECT line FROM tlog_cosignatures s WHERE s.size = c.size ORDER BY s.key_name, s.key_id))"
static const char asc_sql[] =
	"SELECT " CHECKPOINT_COLUMNS " FROM tlog_checkpoints c WHERE c.size >= ?1 ORDER BY c.size LIMIT ?2";
static const char desc_sql[] =
	"SELECT " CHECKPOINT_COLUMNS " FROM tlog_checkpoints c WHERE c.size <= ?1 ORDER BY c.size DESC LIMIT ?2";
static const char get_sql[] = "SELECT " CHECKPOINT_COLUMNS " FROM tlog_checkpoints c WHERE c.size = ?1";
static const char cosignature_sql[] =
	"INSERT INTO tlog_cosignatures (size, key_name, key_id, line, at_us) VALUES (?1, ?2, ?3, ?4, ?5)"
	" ON CONFLICT (size, key_name, key_id) DO UPDATE SET line = excluded.line, at_us = excluded.at_us";

enum gx_db_status gx_sqlite_tlog_checkpoint_put(struct gx_store_conn *conn, const struct gx_tlog_checkpoint_row *c)
{
	struct gx_sqlite_conn *sc = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(sc, GX_SQLITE_TLOG_CHECKPOINT_PUT, put_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->size);
	sqlite3_bind_blob(st, 2, c->root, GX_TLOG_STORE_HASH, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, c->signed_at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	if (s < 0)
		return s;
	return sqlite3_changes(sc->db) == 1 ? GX_DB_ONE_RESULT : GX_DB_NO_RESULTS;
}

static int read_checkpoint(sqlite3_stmt *st, struct gx_tlog_checkpoint_row *r)
{
	memset(r, 0, sizeof(*r));
	r->size = (uint64_t)sqlite3_column_int64(st, 0);
	/* A root of another length reads as zeros: it matches no tree. */
	if (sqlite3_column_bytes(st, 1) == GX_TLOG_STORE_HASH)
		memcpy(r->root, sqlite3_column_blob(st, 1), GX_TLOG_STORE_HASH);
	r->note = gx_sqlite_dup_text(st, 2);
	r->signed_at_us = sqlite3_column_int64(st, 3);
	r->cosignatures = gx_sqlite_dup_text(st, 4);
	if (r->note == NULL || r->cosignatures == NULL) {
		gx_tlog_checkpoint_row_clear(r);
		return -1;
	}
	return 0;
}

static enum gx_db_status read_checkpoints(sqlite3_stmt *st, struct gx_tlog_checkpoint_row *out, size_t max, size_t *n)
{
	int rc = SQLITE_DONE;
	enum gx_db_status s = GX_DB_NO_RESULTS;
	while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (read_checkpoint(st, &out[*n]) != 0) {
			s = GX_DB_HARD_ERROR;
			break;
		}
		(*n)++;
		s = GX_DB_ONE_RESULT;
	}
	if (*n < max && s >= 0 && rc != SQLITE_DONE)
		s = gx_sqlite_status(rc);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (s < 0) {
		for (size_t i = 0; i < *n; i++)
			gx_tlog_checkpoint_row_clear(&out[i]);
		*n = 0;
	}
	return s;
}

enum gx_db_status gx_sqlite_tlog_checkpoints(struct gx_store_conn *conn, bool ascending, uint64_t from, size_t max,
					     struct gx_tlog_checkpoint_row *out, size_t *n)
{
	sqlite3_stmt *st = ascending ? gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_CHECKPOINTS_ASC, asc_sql)
				     : gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_CHECKPOINTS_DESC, desc_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	return read_checkpoints(st, out, max, n);
}

enum gx_db_status gx_sqlite_tlog_checkpoint_get(struct gx_store_conn *conn, uint64_t size,
						struct gx_tlog_checkpoint_row *out)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_CHECKPOINT_GET, get_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)size);
	size_t n = 0;
	return read_checkpoints(st, out, 1, &n);
}

enum gx_db_status gx_sqlite_tlog_cosignature_put(struct gx_store_conn *conn, uint64_t size, const char *key_name,
						 uint32_t key_id, const char *line, long long at_us)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_TLOG_COSIGNATURE_PUT, cosignature_sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)size);
	sqlite3_bind_text(st, 2, key_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, key_id);
	sqlite3_bind_text(st, 4, line, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, at_us);
	enum gx_db_status s = gx_sqlite_run(st);
	return s < 0 ? s : GX_DB_ONE_RESULT;
}

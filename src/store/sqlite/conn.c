/** SQLite connections: pragmas, the per-connection statement cache, transaction control. */

#include "store/sqlite/sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Statements of this thread that failed on the disk (each thread uses one
 * connection at a time: a worker its own, the writer its own). */
static _Thread_local uint64_t io_failures;

uint64_t gx_sqlite_io_failures(struct gx_store_conn *conn)
{
	(void)conn;
	return io_failures;
}

enum gx_db_status gx_sqlite_status(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
		/* The disk failed it (EIO, ENOSPC): SQLite rolled the statement
		 * back, and its transaction is rolled back by the caller, so
		 * nothing of it is stored; passing, answered 503. */
		io_failures++;
		return GX_DB_REFUSED;
	case SQLITE_OK:
	case SQLITE_DONE:
		return GX_DB_NO_RESULTS;
	case SQLITE_ROW:
		return GX_DB_ONE_RESULT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return GX_DB_SOFT_ERROR;
	default:
		return GX_DB_HARD_ERROR;
	}
}

static int pragma(sqlite3 *db, const char *sql, const char *want, char *err, size_t err_size)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto fail;
	if (want != NULL) {
		const unsigned char *got = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
		if (got == NULL || strcmp((const char *)got, want) != 0) {
			snprintf(err, err_size, "store: \"%s\" answered \"%s\", expected \"%s\"", sql,
				 got ? (const char *)got : "", want);
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
fail:
	snprintf(err, err_size, "store: \"%s\": %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return -1;
}

int gx_sqlite_open_db(const char *path, int busy_timeout_ms, sqlite3 **out, char *err, size_t err_size)
{
	sqlite3 *db = NULL;
	/* NOMUTEX: a connection belongs to one thread, so SQLite's per-connection mutex is waste. */
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, err_size, "store: cannot open %s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, busy_timeout_ms);
	if (pragma(db, "PRAGMA journal_mode=WAL", "wal", err, err_size) != 0)
		goto fail;
	/* FULL: in WAL mode every COMMIT is fsynced, so an acknowledged write survives power loss. */
	if (pragma(db, "PRAGMA synchronous=FULL", NULL, err, err_size) != 0)
		goto fail;
	if (pragma(db, "PRAGMA foreign_keys=ON", NULL, err, err_size) != 0)
		goto fail;
	*out = db;
	return 0;
fail:
	sqlite3_close(db);
	*out = NULL;
	return -1;
}

sqlite3_stmt *gx_sqlite_stmt(struct gx_sqlite_conn *c, enum gx_sqlite_stmt_id id, const char *sql)
{
	if (c->stmts[id] == NULL) {
		int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->stmts[id], NULL);
		if (rc != SQLITE_OK) {
			/* Preparing reads the schema: a disk that failed it is counted as such. */
			(void)gx_sqlite_status(sqlite3_extended_errcode(c->db));
			c->stmts[id] = NULL;
			return NULL;
		}
	}
	return c->stmts[id];
}

enum gx_db_status gx_sqlite_run(sqlite3_stmt *st)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return gx_sqlite_status(rc);
}

struct gx_store_conn *gx_sqlite_conn_open(void *state, bool writer)
{
	struct gx_sqlite_state *s = state;
	char err[256];
	struct gx_sqlite_conn *c = calloc(1, sizeof(*c));
	/* Every connection is synchronous=FULL; the writer leaves checkpoints to checkpoint.c. */
	if (c == NULL)
		return NULL;
	/* gx_store_open already reported why a path cannot be opened; the caller logs this failure. */
	if (gx_sqlite_open_db(s->path, s->busy_timeout_ms, &c->db, err, sizeof(err)) != 0) {
		free(c);
		return NULL;
	}
	if (writer)
		gx_sqlite_writer_attach(c, s->checkpoint_pages);
	return &c->base;
}

void gx_sqlite_conn_close(struct gx_store_conn *conn)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	if (sqlite3_get_autocommit(c->db) == 0)
		gx_sqlite_tx_rollback(conn);
	/* The writer leaves an empty log behind when nobody else reads. */
	if (c->checkpoint_pages > 0)
		sqlite3_wal_checkpoint_v2(c->db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	for (int i = 0; i < GX_SQLITE_STMT_COUNT; i++)
		sqlite3_finalize(c->stmts[i]);
	sqlite3_close(c->db);
	free(c);
}

static enum gx_db_status run_cached(struct gx_store_conn *conn, enum gx_sqlite_stmt_id id, const char *sql)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, id, sql);
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	return gx_sqlite_run(st);
}

enum gx_db_status gx_sqlite_tx_begin(struct gx_store_conn *conn, bool write)
{
	if (write)
		return run_cached(conn, GX_SQLITE_BEGIN_IMMEDIATE, "BEGIN IMMEDIATE");
	return run_cached(conn, GX_SQLITE_BEGIN, "BEGIN");
}

enum gx_db_status gx_sqlite_tx_commit(struct gx_store_conn *conn)
{
	/* On BUSY the transaction stays open: the caller may retry COMMIT or roll back. */
	return run_cached(conn, GX_SQLITE_COMMIT, "COMMIT");
}

void gx_sqlite_tx_rollback(struct gx_store_conn *conn)
{
	/* SQLite may already have rolled back on its own (after IOERR, FULL, NOMEM). */
	if (sqlite3_get_autocommit(gx_sqlite_conn(conn)->db) == 0)
		run_cached(conn, GX_SQLITE_ROLLBACK, "ROLLBACK");
}

bool gx_sqlite_in_tx(struct gx_store_conn *conn)
{
	return sqlite3_get_autocommit(gx_sqlite_conn(conn)->db) == 0;
}

enum gx_db_status gx_sqlite_savepoint(struct gx_store_conn *conn)
{
	return run_cached(conn, GX_SQLITE_SAVEPOINT, "SAVEPOINT gx_item");
}

enum gx_db_status gx_sqlite_savepoint_release(struct gx_store_conn *conn)
{
	return run_cached(conn, GX_SQLITE_RELEASE, "RELEASE gx_item");
}

enum gx_db_status gx_sqlite_savepoint_rollback(struct gx_store_conn *conn)
{
	enum gx_db_status st = run_cached(conn, GX_SQLITE_ROLLBACK_TO, "ROLLBACK TO gx_item");
	if (st < 0)
		return st;
	return run_cached(conn, GX_SQLITE_RELEASE, "RELEASE gx_item");
}

enum gx_db_status gx_sqlite_ping(struct gx_store_conn *conn)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	sqlite3_stmt *st = gx_sqlite_stmt(c, GX_SQLITE_PING, "SELECT 1");
	if (st == NULL)
		return GX_DB_HARD_ERROR;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return gx_sqlite_status(rc);
}

enum gx_db_status gx_sqlite_finish(sqlite3_stmt *st, int rc)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return GX_DB_ONE_RESULT;
	return rc == SQLITE_DONE ? GX_DB_NO_RESULTS : gx_sqlite_status(rc);
}

void gx_sqlite_copy_text(sqlite3_stmt *st, int col, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t n = t != NULL ? (size_t)sqlite3_column_bytes(st, col) : 0;
	if (size == 0)
		return;
	if (n >= size)
		n = size - 1;
	if (n > 0)
		memcpy(out, t, n);
	out[n] = '\0';
}

char *gx_sqlite_dup_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return strdup(t != NULL ? (const char *)t : "");
}

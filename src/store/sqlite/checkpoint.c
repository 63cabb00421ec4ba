/** The group-commit writer's connection: set up for batches (its page cache
 *  and temporary store, in gx_sqlite_writer_attach), and its WAL
 *  checkpoints. SQLite's automatic
 *  checkpoint runs inside COMMIT: every request of the batch that crossed
 *  the threshold would wait for the log to be copied into the database file.
 *  The writer turns it off; a WAL hook counts the log's pages, and once the
 *  batch's requests have been answered the writer checkpoints (PASSIVE) when
 *  the log has passed the threshold. Doing it on the writer, between batches,
 *  lets the checkpoint finish, so the next write starts the log over and it
 *  stays bounded. A larger threshold copies each often-rewritten page (index
 *  leaves) once instead of many times. */

#include "store/sqlite/sqlite_int.h"

int gx_sqlite_wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct gx_sqlite_conn *c = arg;
	c->wal_pages = pages;
	return SQLITE_OK;
}

void gx_sqlite_writer_attach(struct gx_sqlite_conn *c, unsigned checkpoint_pages)
{
	c->checkpoint_pages = checkpoint_pages;
	sqlite3_wal_autocheckpoint(c->db, 0);
	/* A batch's dirty pages stay in memory until its COMMIT: with SQLite's
	 * default 2 MB cache a large batch spills pages into the log mid-way and
	 * writes some of them twice. */
	sqlite3_exec(c->db, "PRAGMA cache_size=-65536", NULL, NULL, NULL);
	/* Each item of a batch runs in a savepoint, whose undo journal is a
	 * temporary file unless kept in memory: a pwrite per first change of a
	 * page, for nothing durable. */
	sqlite3_exec(c->db, "PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
	sqlite3_wal_hook(c->db, gx_sqlite_wal_hook, c);
}

void gx_sqlite_between_batches(struct gx_store_conn *conn)
{
	struct gx_sqlite_conn *c = gx_sqlite_conn(conn);
	if (c->checkpoint_pages == 0 || c->wal_pages < (int)c->checkpoint_pages)
		return;
	/* A reader still on old frames can keep it from finishing: the hook
	 * counts on and the next batch tries again. */
	int log = 0, done = 0;
	if (sqlite3_wal_checkpoint_v2(c->db, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &done) == SQLITE_OK &&
	    log == done)
		c->wal_pages = 0;
}

/** guichetctl backup and restore on SQLite: the online backup API, reading
 *  the live store in one read transaction, and writing a restored copy
 *  through the destination's own journal. */

#include "store/backup.h"
#include "store/migrations.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int fail(char *err, size_t err_size, const char *what, const char *detail)
{
	snprintf(err, err_size, "%s: %s", what, detail);
	return -1;
}

static int not_sqlite(const struct gx_store_config *cfg, const char *verb, char *err, size_t err_size)
{
	if (cfg->backend == NULL || strcmp(cfg->backend, "sqlite") == 0)
		return 0;
	snprintf(err, err_size,
		 "store.backend is %s: %s a PostgreSQL store with pg_basebackup and WAL archiving "
		 "(docs/operations.md), not with guichetctl",
		 cfg->backend, verb);
	return -1;
}

/* One integer from a query, or -1. */
static long long query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* 0 when quick_check says ok. */
static int quick_check(sqlite3 *db, char *err, size_t err_size, const char *what)
{
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
		return fail(err, err_size, what, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		ok = r != NULL && strcmp(r, "ok") == 0;
	}
	sqlite3_finalize(st);
	return ok ? 0 : fail(err, err_size, what, "damaged (PRAGMA quick_check failed)");
}

/* The highest migration db holds, or -1 when it is no platform store. */
static int schema_version(sqlite3 *db)
{
	if (query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'") != 1)
		return -1;
	return (int)query_int(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
}

static int sync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* fsync of the folder holding path, so that a rename into it is durable. */
static int sync_parent(const char *path)
{
	char *copy = strdup(path);
	if (copy == NULL)
		return -1;
	int rc = sync_path(dirname(copy), O_RDONLY | O_DIRECTORY);
	free(copy);
	return rc;
}

static long long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* Copies src's main database into dst in one step; 0 or -1. */
static int copy_all(sqlite3 *dst, sqlite3 *src, long long *pages)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL)
		return -1;
	int rc = sqlite3_backup_step(b, -1);
	*pages = sqlite3_backup_pagecount(b);
	return sqlite3_backup_finish(b) == SQLITE_OK && rc == SQLITE_DONE ? 0 : -1;
}

int gx_store_backup(const struct gx_store_config *cfg, const char *to, struct gx_store_copy_info *info, char *err,
		    size_t err_size)
{
	sqlite3 *src = NULL, *dst = NULL;
	char partial[4096];
	int ret = -1;

	memset(info, 0, sizeof(*info));
	if (not_sqlite(cfg, "back up", err, err_size) != 0)
		return -1;
	if (access(to, F_OK) == 0)
		return fail(err, err_size, to, "exists; a backup never overwrites a file");
	if ((size_t)snprintf(partial, sizeof(partial), "%s.partial", to) >= sizeof(partial))
		return fail(err, err_size, "backup", "the path is too long");
	unlink(partial);
	/* Read-write without create: the live store must exist, and a WAL
	 * database is read through its shared-memory index. */
	if (sqlite3_open_v2(cfg->sqlite_path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fail(err, err_size, "the store", src ? sqlite3_errmsg(src) : "cannot be opened");
		goto out;
	}
	sqlite3_busy_timeout(src, cfg->busy_timeout_ms);
	/* One read transaction: the copy and the version read come from the
	 * same snapshot, and writers go on beside it (WAL). */
	if (sqlite3_exec(src, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		fail(err, err_size, "the store", sqlite3_errmsg(src));
		goto out;
	}
	info->as_of_us = now_us();
	info->schema_version = schema_version(src);
	if (info->schema_version < 0) {
		fail(err, err_size, cfg->sqlite_path, "is not a Guichet store (no schema_migrations)");
		goto out;
	}
	if (sqlite3_open_v2(partial, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		fail(err, err_size, partial, dst ? sqlite3_errmsg(dst) : "cannot be created");
		goto out;
	}
	if (copy_all(dst, src, &info->pages) != 0) {
		fail(err, err_size, "copying the store", sqlite3_errmsg(dst));
		goto out;
	}
	sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	/* One self-contained file: no write-ahead log beside it. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK ||
	    quick_check(dst, err, err_size, partial) != 0)
		goto out;
	if (sqlite3_close(dst) != SQLITE_OK) {
		fail(err, err_size, partial, "cannot be closed");
		goto out;
	}
	dst = NULL;
	if (sync_path(partial, O_RDONLY) != 0 || rename(partial, to) != 0 || sync_parent(to) != 0) {
		fail(err, err_size, to, strerror(errno));
		goto out;
	}
	info->bytes = file_size(to);
	ret = 0;
out:
	if (dst != NULL)
		sqlite3_close(dst);
	if (ret != 0)
		unlink(partial);
	if (src != NULL)
		sqlite3_close(src);
	return ret;
}

int gx_store_restore(const struct gx_store_config *cfg, const char *from, bool replace,
		     struct gx_store_copy_info *info, char *err, size_t err_size)
{
	sqlite3 *src = NULL, *dst = NULL;
	int ret = -1;

	memset(info, 0, sizeof(*info));
	if (not_sqlite(cfg, "restore", err, err_size) != 0)
		return -1;
	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fail(err, err_size, from, src ? sqlite3_errmsg(src) : "cannot be opened");
		goto out;
	}
	if (quick_check(src, err, err_size, from) != 0)
		goto out;
	info->schema_version = schema_version(src);
	if (info->schema_version < 0) {
		fail(err, err_size, from, "is not a Guichet store (no schema_migrations)");
		goto out;
	}
	if (info->schema_version > gx_store_migration_set_latest(GX_STORE_SCHEMA_PLATFORM)) {
		snprintf(err, err_size, "%s: schema version %d is newer than this binary knows (%d)", from,
			 info->schema_version, gx_store_migration_set_latest(GX_STORE_SCHEMA_PLATFORM));
		goto out;
	}
	if (sqlite3_open_v2(cfg->sqlite_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		fail(err, err_size, cfg->sqlite_path, dst ? sqlite3_errmsg(dst) : "cannot be opened");
		goto out;
	}
	/* An exclusive lock held until the end: it cannot be taken while any
	 * other connection has the store open, even idle (WAL), and keeps
	 * everyone out while the copy is written. */
	sqlite3_busy_timeout(dst, 0);
	if (sqlite3_exec(dst, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fail(err, err_size, cfg->sqlite_path, "is in use (is guichetd running on it?): stop it first");
		goto out;
	}
	if (!replace && schema_version(dst) >= 0) {
		fail(err, err_size, cfg->sqlite_path, "already holds a store; restore --replace overwrites it");
		goto out;
	}
	if (copy_all(dst, src, &info->pages) != 0) {
		fail(err, err_size, "restoring the copy", sqlite3_errmsg(dst));
		goto out;
	}
	if (quick_check(dst, err, err_size, cfg->sqlite_path) != 0)
		goto out;
	info->bytes = file_size(cfg->sqlite_path);
	ret = 0;
out:
	if (dst != NULL)
		sqlite3_close(dst);
	if (src != NULL)
		sqlite3_close(src);
	return ret;
}

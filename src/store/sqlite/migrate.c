/** Applies the embedded numbered migrations in order, each in its own transaction, and records them. */

#include "store/migrations.h"
#include "store/sqlite/sqlite_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char create_sql[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" applied_at INTEGER NOT NULL)";  /* microseconds since the epoch */
static const char applied_sql[] = "SELECT version, name FROM schema_migrations ORDER BY version";
static const char is_applied_sql[] = "SELECT 1 FROM schema_migrations WHERE version = ?1";
static const char record_sql[] = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)";
static const char max_version_sql[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";

static const struct gx_store_migration *find(const struct gx_store_migration *set, size_t n, int version)
{
	for (size_t i = 0; i < n; i++)
		if (set[i].version == version)
			return &set[i];
	return NULL;
}

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/** Refuses a database migrated by a newer binary, or by one whose migration history differs
 *  (which is also how a platform database opened as a register, or the reverse, is refused). */
static int check_applied(sqlite3 *db, enum gx_store_schema schema, char *err, size_t err_size)
{
	size_t n;
	const struct gx_store_migration *set = gx_store_migration_set(schema, &n);
	int latest = gx_store_migration_set_latest(schema);
	int ret = GX_STORE_ERR;
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, applied_sql, -1, &st, NULL) != SQLITE_OK)
		goto db_fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int version = sqlite3_column_int(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const struct gx_store_migration *m = find(set, n, version);
		if (version > latest) {
			snprintf(err, err_size,
				 "store: database schema version %d is newer than this binary knows (%d); "
				 "run a newer guichet or restore a matching backup",
				 version, latest);
			ret = GX_STORE_SCHEMA_NEWER;
			goto fail;
		}
		if (m == NULL || name == NULL || strcmp(m->name, name) != 0) {
			snprintf(err, err_size, "store: applied migration %04d \"%s\" is not one this binary knows",
				 version, name ? name : "");
			goto fail;
		}
	}
	if (rc != SQLITE_DONE)
		goto db_fail;
	sqlite3_finalize(st);
	return GX_STORE_OK;
db_fail:
	snprintf(err, err_size, "store: reading schema_migrations: %s", sqlite3_errmsg(db));
fail:
	sqlite3_finalize(st);
	return ret;
}

/** Applies m unless another process did first; the check and the change share one write transaction. */
static int apply_one(sqlite3 *db, const struct gx_store_migration *m, char *err, size_t err_size)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db, is_applied_sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int(st, 1, m->version);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_ROW)
		return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? GX_STORE_OK : GX_STORE_ERR;
	if (rc != SQLITE_DONE)
		goto fail;
	if (sqlite3_exec(db, m->sql, NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db, record_sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int(st, 1, m->version);
	sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now_us());
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return GX_STORE_OK;
fail:
	snprintf(err, err_size, "store: migration %04d_%s failed: %s", m->version, m->name, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (sqlite3_get_autocommit(db) == 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return GX_STORE_ERR;
}

int gx_sqlite_migrate(sqlite3 *db, enum gx_store_schema schema, char *err, size_t err_size)
{
	int rc;
	size_t n;
	const struct gx_store_migration *set = gx_store_migration_set(schema, &n);

	if (gx_store_migration_set_check(GX_STORE_DIALECT_SQLITE, schema, err, err_size) != 0)
		return GX_STORE_ERR;
	if (sqlite3_exec(db, create_sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, err_size, "store: creating schema_migrations: %s", sqlite3_errmsg(db));
		return GX_STORE_ERR;
	}
	rc = check_applied(db, schema, err, err_size);
	if (rc != GX_STORE_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		rc = apply_one(db, &set[i], err, err_size);
		if (rc != GX_STORE_OK)
			return rc;
	}
	return GX_STORE_OK;
}

int gx_sqlite_schema_ready(struct gx_store_conn *conn)
{
	sqlite3_stmt *st = gx_sqlite_stmt(gx_sqlite_conn(conn), GX_SQLITE_SCHEMA_VERSION, max_version_sql);
	if (st == NULL)
		return -1;
	int rc = sqlite3_step(st);
	int version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return -1;
	return version >= gx_store_migration_set_latest(conn->store->cfg.schema) ? 1 : 0;
}

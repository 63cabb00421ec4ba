/** Applies the embedded numbered migrations (PostgreSQL's dialect) in order,
 *  each in its own transaction, and records them; the schema's readiness. */

#include "store/migrations.h"
#include "store/pg/pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Processes opening the same database at once (guichetd and guichetctl)
 * take turns: every migration transaction first takes this advisory lock. */
static const char lock_sql[] = "SELECT pg_advisory_xact_lock(7390152046123)";
static const char create_sql[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version bigint PRIMARY KEY,"
	" name text NOT NULL,"
	" applied_at bigint NOT NULL)";  /* microseconds since the epoch */
static const char applied_sql[] = "SELECT version, name FROM schema_migrations ORDER BY version";
static const char is_applied_sql[] = "SELECT 1 FROM schema_migrations WHERE version = $1";
static const char record_sql[] = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
static const char max_version_sql[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Runs sql (no parameters or the given ones); 0 when it succeeded, else -1 with err naming what. */
static int exec(PGconn *pg, const char *sql, int n, const char *const *params, PGresult **out, const char *what,
		char *err, size_t err_size)
{
	PGresult *r = n > 0 || out != NULL ? PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0) : PQexec(pg, sql);
	ExecStatusType es = PQresultStatus(r);
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK) {
		snprintf(err, err_size, "store: %s: %s", what, PQresultErrorMessage(r));
		err[strcspn(err, "\n")] = '\0';
		PQclear(r);
		return -1;
	}
	if (out != NULL)
		*out = r;
	else
		PQclear(r);
	return 0;
}

static void rollback(PGconn *pg)
{
	if (PQtransactionStatus(pg) != PQTRANS_IDLE)
		PQclear(PQexec(pg, "ROLLBACK"));
}

static const struct gx_store_migration *find(const struct gx_store_migration *set, size_t n, int version)
{
	for (size_t i = 0; i < n; i++)
		if (set[i].version == version)
			return &set[i];
	return NULL;
}

/** Refuses a database migrated by a newer binary, or by one whose migration history differs
 *  (which is also how a platform database opened as a register, or the reverse, is refused). */
static int check_applied(PGconn *pg, enum gx_store_schema schema, char *err, size_t err_size)
{
	size_t n;
	const struct gx_store_migration *set = gx_store_migration_set_in(GX_STORE_DIALECT_POSTGRESQL, schema, &n);
	int latest = n == 0 ? 0 : set[n - 1].version;
	PGresult *r = NULL;
	int ret = GX_STORE_ERR;

	if (exec(pg, applied_sql, 0, NULL, &r, "reading schema_migrations", err, err_size) != 0)
		return GX_STORE_ERR;
	for (int i = 0; i < PQntuples(r); i++) {
		int version = (int)strtol(PQgetvalue(r, i, 0), NULL, 10);
		const char *name = PQgetvalue(r, i, 1);
		const struct gx_store_migration *m = find(set, n, version);
		if (version > latest) {
			snprintf(err, err_size,
				 "store: database schema version %d is newer than this binary knows (%d); "
				 "run a newer guichet or restore a matching backup",
				 version, latest);
			ret = GX_STORE_SCHEMA_NEWER;
			goto out;
		}
		if (m == NULL || strcmp(m->name, name) != 0) {
			snprintf(err, err_size, "store: applied migration %04d \"%s\" is not one this binary knows", version,
				 name);
			goto out;
		}
	}
	ret = GX_STORE_OK;
out:
	PQclear(r);
	return ret;
}

/** Applies m unless another process did first; the check and the change share one transaction. */
static int apply_one(PGconn *pg, const struct gx_store_migration *m, char *err, size_t err_size)
{
	char what[160], version[16], at[24];
	snprintf(what, sizeof(what), "migration %04d_%s failed", m->version, m->name);
	snprintf(version, sizeof(version), "%d", m->version);
	snprintf(at, sizeof(at), "%lld", now_us());
	const char *one[1] = {version};
	const char *record[3] = {version, m->name, at};
	PGresult *r = NULL;

	if (exec(pg, "BEGIN", 0, NULL, NULL, what, err, err_size) != 0 ||
	    exec(pg, lock_sql, 0, NULL, NULL, what, err, err_size) != 0 ||
	    exec(pg, is_applied_sql, 1, one, &r, what, err, err_size) != 0)
		goto fail;
	bool applied = PQntuples(r) > 0;
	PQclear(r);
	if (!applied && (exec(pg, m->sql, 0, NULL, NULL, what, err, err_size) != 0 ||
			 exec(pg, record_sql, 3, record, NULL, what, err, err_size) != 0))
		goto fail;
	if (exec(pg, "COMMIT", 0, NULL, NULL, what, err, err_size) != 0)
		goto fail;
	return GX_STORE_OK;
fail:
	rollback(pg);
	return GX_STORE_ERR;
}

int gx_pg_migrate(PGconn *pg, enum gx_store_schema schema, char *err, size_t err_size)
{
	size_t n;
	const struct gx_store_migration *set = gx_store_migration_set_in(GX_STORE_DIALECT_POSTGRESQL, schema, &n);
	if (gx_store_migration_set_check(GX_STORE_DIALECT_POSTGRESQL, schema, err, err_size) != 0)
		return GX_STORE_ERR;
	if (exec(pg, "BEGIN", 0, NULL, NULL, "creating schema_migrations", err, err_size) != 0 ||
	    exec(pg, lock_sql, 0, NULL, NULL, "creating schema_migrations", err, err_size) != 0 ||
	    exec(pg, create_sql, 0, NULL, NULL, "creating schema_migrations", err, err_size) != 0 ||
	    exec(pg, "COMMIT", 0, NULL, NULL, "creating schema_migrations", err, err_size) != 0) {
		rollback(pg);
		return GX_STORE_ERR;
	}
	int rc = check_applied(pg, schema, err, err_size);
	if (rc != GX_STORE_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		rc = apply_one(pg, &set[i], err, err_size);
		if (rc != GX_STORE_OK)
			return rc;
	}
	return GX_STORE_OK;
}

int gx_pg_schema_ready(struct gx_store_conn *conn)
{
	PGresult *r;
	enum gx_db_status st =
		gx_pg_run(gx_pg_conn(conn), GX_PG_SCHEMA_VERSION, max_version_sql, GX_PG_READ, NULL, 0, &r);
	if (st != GX_DB_ONE_RESULT) {
		PQclear(r);
		return -1;
	}
	long long version = gx_pg_int(r, 0, 0);
	PQclear(r);
	return version >= gx_store_migration_set_latest(conn->store->cfg.schema) ? 1 : 0;
}

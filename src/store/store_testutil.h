#ifndef GX_STORE_TESTUTIL_H
#define GX_STORE_TESTUTIL_H

/**
 * Test helpers shared by the unit tests that open a store: a fresh database
 * for each test, on the backend the environment names, and a raw connection
 * to it that bypasses the store (for what a test checks or breaks behind the
 * store's back).
 *
 * GX_TEST_STORE=postgresql (else SQLite) with GX_TEST_PG_CONNINFO, a libpq
 * connection string to a throwaway cluster's maintenance database
 * (tests/pg_cluster.sh starts one; tests/run.sh runs the store's tests on
 * both backends). Each test gets its own schema (an empty namespace: the
 * store's connections find only it, through search_path) in a database the
 * unit tests share, gx_unit, created when missing; the schema is dropped by
 * gx_test_db_remove. (A database per test would cost a checkpoint at each
 * DROP DATABASE.) With SQLite: a file in a mkdtemp folder.
 */

#include "store/store.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GX_TEST_PG_DATABASE "gx_unit"

struct gx_test_db {
	char dir[64];
	char path[96];
	bool pg;               /* PostgreSQL: schema in dbname, reached with conninfo */
	char dbname[64];
	char schema[64];
	char conninfo[1024];   /* the cluster's, then dbname and the schema as search_path */
};

/** True when the tests run on PostgreSQL (GX_TEST_STORE=postgresql). */
static inline bool gx_test_is_pg(void)
{
	const char *b = getenv("GX_TEST_STORE");
	return b != NULL && strcmp(b, "postgresql") == 0;
}

/** The maintenance connection string of the test cluster; aborts when there is none. */
static inline const char *gx_test_pg_conninfo(void)
{
	const char *c = getenv("GX_TEST_PG_CONNINFO");
	if (c == NULL || c[0] == '\0') {
		fprintf(stderr, "GX_TEST_PG_CONNINFO is not set: start a cluster with tests/pg_cluster.sh "
				"(tests/run.sh does)\n");
		abort();
	}
	return c;
}

/** Runs sql on database dbname (NULL: the maintenance database); aborts on
 *  failure unless its SQLSTATE is tolerated (may be NULL). */
static inline void gx_test_pg_run(const char *dbname, const char *sql, const char *tolerated)
{
	const char *keys[] = {"dbname", "dbname", NULL};
	const char *values[] = {gx_test_pg_conninfo(), dbname, NULL};
	if (dbname == NULL)
		keys[1] = NULL;
	PGconn *pg = PQconnectdbParams(keys, values, 1);
	if (PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "test cluster: %s", PQerrorMessage(pg));
		abort();
	}
	PQclear(PQexec(pg, "SET client_min_messages = warning"));
	PGresult *r = PQexec(pg, sql);
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK &&
	    (tolerated == NULL || state == NULL || strcmp(state, tolerated) != 0)) {
		fprintf(stderr, "test cluster: %s: %s", sql, PQresultErrorMessage(r));
		abort();
	}
	PQclear(r);
	PQfinish(pg);
}

/** Runs one command on the cluster's maintenance database; aborts on failure. */
static inline void gx_test_pg_admin(const char *sql)
{
	gx_test_pg_run(NULL, sql, NULL);
}

/** A fresh, empty schema in database dbname (created when missing). */
static inline void gx_test_db_make_in(struct gx_test_db *t, const char *dbname)
{
	static unsigned counter;
	char sql[160];
	memset(t, 0, sizeof(*t));
	t->pg = true;
	snprintf(t->dbname, sizeof(t->dbname), "%s", dbname);
	snprintf(t->schema, sizeof(t->schema), "gx_%ld_%u", (long)getpid(), ++counter);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", t->dbname);
	gx_test_pg_run(NULL, sql, "42P04"); /* duplicate_database: made by an earlier test */
	snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", t->schema);
	gx_test_pg_run(t->dbname, sql, NULL);
	snprintf(t->conninfo, sizeof(t->conninfo), "%s dbname=%s options='-c search_path=%s'", gx_test_pg_conninfo(),
		 t->dbname, t->schema);
}

/** A fresh, empty database on PostgreSQL (pg) or SQLite. */
static inline void gx_test_db_make_on(struct gx_test_db *t, bool pg)
{
	if (pg) {
		gx_test_db_make_in(t, GX_TEST_PG_DATABASE);
		return;
	}
	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/gx_store_test_XXXXXX");
	if (mkdtemp(t->dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	snprintf(t->path, sizeof(t->path), "%s/guichet.db", t->dir);
}

/** A fresh, empty database on the backend the environment names. */
static inline void gx_test_db_make(struct gx_test_db *t)
{
	gx_test_db_make_on(t, gx_test_is_pg());
}

static inline void gx_test_db_remove(struct gx_test_db *t)
{
	if (t->pg) {
		char sql[160];
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE", t->schema);
		gx_test_pg_run(t->dbname, sql, "3D000"); /* the database went with its test: nothing left */
		return;
	}
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char p[128];
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", t->path, suffixes[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

static inline void gx_test_config(struct gx_store_config *cfg, const struct gx_test_db *t)
{
	gx_store_config_defaults(cfg);
	cfg->sqlite_path = t->path;
	if (t->pg) {
		cfg->backend = "postgresql";
		cfg->pg_conninfo = t->conninfo;
		cfg->pg_override = NULL;
	}
}

/** A fresh database (gx_test_db_make) opened as a store with the defaults;
 *  aborts, saying why, when it cannot be opened. */
static inline struct gx_store *gx_test_store_open(struct gx_test_db *t)
{
	struct gx_store_config cfg;
	struct gx_store *store;
	char err[256];
	gx_test_db_make(t);
	gx_test_config(&cfg, t);
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK) {
		fprintf(stderr, "open: %s\n", err);
		abort();
	}
	return store;
}

/* --- a raw connection to the test's database ------------------------------------ */

struct gx_test_raw {
	sqlite3 *db;
	PGconn *pg;
};

/** Opens a raw connection to t's database (SQL in the backend's dialect); aborts on failure. */
static inline struct gx_test_raw gx_test_raw_open(const struct gx_test_db *t)
{
	struct gx_test_raw raw = {0};
	if (t->pg) {
		raw.pg = PQconnectdb(t->conninfo);
		if (PQstatus(raw.pg) != CONNECTION_OK) {
			fprintf(stderr, "raw connection: %s", PQerrorMessage(raw.pg));
			abort();
		}
		PQclear(PQexec(raw.pg, "SET client_min_messages = warning"));
		return raw;
	}
	if (sqlite3_open(t->path, &raw.db) != SQLITE_OK) {
		fprintf(stderr, "raw connection: %s\n", sqlite3_errmsg(raw.db));
		abort();
	}
	sqlite3_busy_timeout(raw.db, 5000);
	return raw;
}

static inline void gx_test_raw_close(struct gx_test_raw *raw)
{
	if (raw->pg != NULL)
		PQfinish(raw->pg);
	if (raw->db != NULL)
		sqlite3_close(raw->db);
	*raw = (struct gx_test_raw){0};
}

/** Runs sql (one or more statements); 0, or -1 with the error in msg (may be NULL). */
static inline int gx_test_raw_try(struct gx_test_raw *raw, const char *sql, char *msg, size_t msg_size)
{
	if (raw->pg != NULL) {
		PGresult *r = PQexec(raw->pg, sql);
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
		if (!ok && msg != NULL)
			snprintf(msg, msg_size, "%s", PQresultErrorMessage(r));
		PQclear(r);
		return ok ? 0 : -1;
	}
	char *err = NULL;
	int rc = sqlite3_exec(raw->db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK && msg != NULL)
		snprintf(msg, msg_size, "%s", err != NULL ? err : sqlite3_errstr(rc));
	sqlite3_free(err);
	return rc == SQLITE_OK ? 0 : -1;
}

/** Runs sql; aborts the test (fail_msg is cmocka's, so this is a macro) when it fails. */
#define gx_test_raw_exec(raw, sql)                                                   \
	do {                                                                         \
		char gx_raw_msg_[512];                                               \
		if (gx_test_raw_try((raw), (sql), gx_raw_msg_, sizeof(gx_raw_msg_)) != 0) \
			fail_msg("%s: %s", (sql), gx_raw_msg_);                      \
	} while (0)

/** The first column of the first row of sql, as a number; -1 with *ok false when it fails. */
static inline long long gx_test_raw_int_try(struct gx_test_raw *raw, const char *sql, bool *ok)
{
	long long v = -1;
	*ok = false;
	if (raw->pg != NULL) {
		PGresult *r = PQexec(raw->pg, sql);
		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) {
			v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
			*ok = true;
		}
		PQclear(r);
		return v;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(raw->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		*ok = true;
	}
	sqlite3_finalize(st);
	return v;
}

#define gx_test_raw_int(raw, sql)                                                    \
	({                                                                           \
		bool gx_raw_ok_;                                                     \
		long long gx_raw_v_ = gx_test_raw_int_try((raw), (sql), &gx_raw_ok_); \
		if (!gx_raw_ok_)                                                     \
			fail_msg("%s: no value", (sql));                             \
		gx_raw_v_;                                                           \
	})

static inline struct gx_access_record gx_test_record(const char *subject)
{
	struct gx_access_record r = {
		.subject = subject,
		.at_us = 1700000000000000LL,
		.actor_kind = "platform",
		.actor_id = "guichet",
		.on_behalf_of = subject,
		.source = "persons",
		.attributes_json = "[\"address.street\",\"address.city\"]",
		.purpose = "procedure:test",
		.legal_basis = NULL,
		.request_id = "req-test",
	};
	return r;
}

#endif

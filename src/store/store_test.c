/** Unit tests of the store: migrations, connections, the transaction runner, the access log. */

#include "store/migrations.h"
#include "store/store.h"
#include "store/store_testutil.h"

#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#include <cmocka.h>

static struct gx_test_db tdb;

static int setup(void **state)
{
	gx_test_db_make(&tdb);
	return 0;
}

static int teardown(void **state)
{
	gx_test_db_remove(&tdb);
	return 0;
}

static struct gx_store *open_store(const struct gx_store_config *cfg)
{
	struct gx_store *store = NULL;
	char err[256];
	int rc = gx_store_open(cfg, &store, err, sizeof(err));
	if (rc != GX_STORE_OK)
		fail_msg("gx_store_open: %s", err);
	return store;
}

static struct gx_store *open_default(void)
{
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	return open_store(&cfg);
}

/* A raw connection to the test's database (SQLite or PostgreSQL: store_testutil.h). */
static struct gx_test_raw raw_open(void)
{
	return gx_test_raw_open(&tdb);
}

static long long raw_int(struct gx_test_raw *db, const char *sql)
{
	return gx_test_raw_int(db, sql);
}

static void raw_exec(struct gx_test_raw *db, const char *sql)
{
	gx_test_raw_exec(db, sql);
}

static void raw_close(struct gx_test_raw *db)
{
	gx_test_raw_close(db);
}

/* The same question in each backend's dialect. */
static const char *dialect(const char *sqlite, const char *postgresql)
{
	return tdb.pg ? postgresql : sqlite;
}

/* --- migrations --------------------------------------------------------- */

static void test_embedded_migrations_match_sql_dir(void **state)
{
	size_t files = 0;
	DIR *d = opendir("src/store/sql");
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		size_t n = strlen(e->d_name);
		if (n > 4 && strcmp(e->d_name + n - 4, ".sql") == 0)
			files++;
	}
	closedir(d);
	assert_int_equal(gx_store_migrations_count, files);
	assert_true(gx_store_migrations_count >= 1);
	assert_int_equal(gx_store_migrations[0].version, 1);
	assert_string_equal(gx_store_migrations[0].name, "access_records");
	for (size_t i = 1; i < gx_store_migrations_count; i++)
		assert_true(gx_store_migrations[i].version > gx_store_migrations[i - 1].version);
	assert_int_equal(gx_store_migrations_latest(), gx_store_migrations[gx_store_migrations_count - 1].version);

	/* One numbered sequence: PostgreSQL's dialect has a file for each, same version and name. */
	files = 0;
	d = opendir("src/store/sql/pg");
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		size_t n = strlen(e->d_name);
		if (n > 4 && strcmp(e->d_name + n - 4, ".sql") == 0)
			files++;
	}
	closedir(d);
	assert_int_equal(gx_store_pg_migrations_count, files);
	char err[256] = "";
	if (gx_store_migration_set_check(GX_STORE_DIALECT_POSTGRESQL, GX_STORE_SCHEMA_PLATFORM, err, sizeof(err)) != 0 ||
	    gx_store_migration_set_check(GX_STORE_DIALECT_POSTGRESQL, GX_STORE_SCHEMA_REGISTRY, err, sizeof(err)) != 0)
		fail_msg("%s", err);
}

static void test_migrations_applied_and_recorded(void **state)
{
	struct gx_store *store = open_default();
	struct gx_store_conn *c = gx_store_conn_open(store);
	assert_non_null(c);
	assert_int_equal(gx_store_ping(c), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_schema_ready(c), 1);
	gx_store_conn_close(c);
	gx_store_close(store);

	struct gx_test_raw db = raw_open();
	assert_int_equal(raw_int(&db, "SELECT count(*) FROM schema_migrations"), (long long)gx_store_migrations_count);
	assert_int_equal(raw_int(&db, "SELECT count(*) FROM schema_migrations WHERE version = 1 AND name = 'access_records'"
				      " AND applied_at > 1600000000000000"), 1);
	assert_int_equal(raw_int(&db, dialect("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'access_records'",
					      "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
					      " AND tablename = 'access_records'")), 1);
	assert_int_equal(raw_int(&db, dialect("SELECT count(*) FROM sqlite_master WHERE type = 'index'"
					      " AND name = 'access_records_subject_at'",
					      "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()"
					      " AND indexname = 'access_records_subject_at'")), 1);
	if (!tdb.pg) {
		sqlite3_stmt *st = NULL;
		assert_int_equal(sqlite3_prepare_v2(db.db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
		sqlite3_finalize(st);
	}
	raw_close(&db);
}

static void test_reopen_is_idempotent(void **state)
{
	gx_store_close(open_default());
	struct gx_test_raw db = raw_open();
	long long first = raw_int(&db, "SELECT applied_at FROM schema_migrations WHERE version = 1");
	raw_close(&db);

	struct gx_store *store = open_default();
	struct gx_store_conn *c = gx_store_conn_open(store);
	struct gx_access_record r = gx_test_record("subject-a");
	assert_int_equal(gx_store_access_record_append(c, &r), GX_DB_ONE_RESULT);
	gx_store_conn_close(c);
	gx_store_close(store);
	gx_store_close(open_default());

	db = raw_open();
	assert_int_equal(raw_int(&db, "SELECT count(*) FROM schema_migrations"), (long long)gx_store_migrations_count);
	assert_int_equal(raw_int(&db, "SELECT applied_at FROM schema_migrations WHERE version = 1"), first);
	assert_int_equal(raw_int(&db, "SELECT count(*) FROM access_records"), 1);
	raw_close(&db);
}

static void test_newer_schema_refused(void **state)
{
	gx_store_close(open_default());
	struct gx_test_raw db = raw_open();
	raw_exec(&db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_the_future', 1)");
	raw_close(&db);

	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	struct gx_store *store = (struct gx_store *)1;
	char err[256] = "";
	assert_int_equal(gx_store_open(&cfg, &store, err, sizeof(err)), GX_STORE_SCHEMA_NEWER);
	assert_null(store);
	assert_non_null(strstr(err, "9999"));
	assert_non_null(strstr(err, "newer"));
}

static void test_unknown_applied_migration_refused(void **state)
{
	gx_store_close(open_default());
	struct gx_test_raw db = raw_open();
	raw_exec(&db, "UPDATE schema_migrations SET name = 'something_else' WHERE version = 1");
	raw_close(&db);

	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	struct gx_store *store = NULL;
	char err[256] = "";
	assert_int_equal(gx_store_open(&cfg, &store, err, sizeof(err)), GX_STORE_ERR);
	assert_non_null(strstr(err, "something_else"));
}

static void test_schema_not_ready(void **state)
{
	struct gx_store *store = open_default();
	struct gx_store_conn *c = gx_store_conn_open(store);
	assert_int_equal(gx_store_schema_ready(c), 1);
	struct gx_test_raw db = raw_open();
	raw_exec(&db, "DELETE FROM schema_migrations");
	raw_close(&db);
	assert_int_equal(gx_store_schema_ready(c), 0);
	gx_store_conn_close(c);
	gx_store_close(store);
}

static void test_bad_config_refused(void **state)
{
	struct gx_store_config cfg;
	struct gx_store *store = NULL;
	char err[256] = "";
	gx_test_config(&cfg, &tdb);
	cfg.backend = "oracle";
	assert_int_equal(gx_store_open(&cfg, &store, err, sizeof(err)), GX_STORE_ERR);
	assert_non_null(strstr(err, "oracle"));
	gx_test_config(&cfg, &tdb);
	cfg.sqlite_path = "/nonexistent-dir/x/guichet.db";
	cfg.pg_override = "gx_no_such_database";
	assert_int_equal(gx_store_open(&cfg, &store, err, sizeof(err)), GX_STORE_ERR);
	assert_null(store);
}

/* --- access records ------------------------------------------------------- */

static void test_access_records_append_and_count(void **state)
{
	struct gx_store *store = open_default();
	struct gx_store_conn *c = gx_store_conn_open(store);
	struct gx_access_record a = gx_test_record("subject-a"), b = gx_test_record("subject-b");
	long long n = -1;

	for (int i = 0; i < 3; i++)
		assert_int_equal(gx_store_access_record_append(c, &a), GX_DB_ONE_RESULT);
	b.actor_kind = "organisation";
	b.on_behalf_of = NULL;
	b.legal_basis = "law 2019-1 art. 4";
	assert_int_equal(gx_store_access_record_append(c, &b), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_access_records_count(c, "subject-a", &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 3);
	assert_int_equal(gx_store_access_records_count(c, "subject-b", &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(gx_store_access_records_count(c, "nobody", &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 0);

	/* Refused: values instead of a JSON array of names, unknown actor kind, missing subject. */
	struct gx_access_record bad = gx_test_record("subject-a");
	bad.attributes_json = "{\"street\":\"x\"}";
	assert_int_equal(gx_store_access_record_append(c, &bad), GX_DB_HARD_ERROR);
	bad = gx_test_record("subject-a");
	bad.actor_kind = "someone";
	assert_int_equal(gx_store_access_record_append(c, &bad), GX_DB_HARD_ERROR);
	bad = gx_test_record(NULL);
	assert_int_equal(gx_store_access_record_append(c, &bad), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_access_records_count(c, "subject-a", &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 3);
	gx_store_conn_close(c);
	gx_store_close(store);
}

/* --- transactions ------------------------------------------------------------- */

static void test_in_tx_detection(void **state)
{
	struct gx_store *store = open_default();
	struct gx_store_conn *c = gx_store_conn_open(store);
	long long n = -1;

	assert_false(gx_store_conn_in_tx(c));
	assert_false(gx_store_conn_rollback_if_open(c));
	assert_int_equal(gx_store_tx_begin(c, true), GX_DB_NO_RESULTS);
	assert_true(gx_store_conn_in_tx(c));
	struct gx_access_record r = gx_test_record("subject-a");
	assert_int_equal(gx_store_access_record_append(c, &r), GX_DB_ONE_RESULT);
	assert_true(gx_store_conn_rollback_if_open(c));
	assert_false(gx_store_conn_in_tx(c));
	assert_int_equal(gx_store_access_records_count(c, "subject-a", &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 0);

	assert_int_equal(gx_store_tx_begin(c, false), GX_DB_NO_RESULTS);
	assert_true(gx_store_conn_in_tx(c));
	assert_int_equal(gx_store_tx_commit(c), GX_DB_NO_RESULTS);
	assert_false(gx_store_conn_in_tx(c));
	gx_store_conn_close(c);
	gx_store_close(store);
}

struct tx_probe {
	int calls;
	int soft_failures;     /* return SOFT this many times first */
	enum gx_db_status then;
	bool saw_tx;
};

static enum gx_db_status probe_fn(struct gx_store_conn *c, void *arg)
{
	struct tx_probe *p = arg;
	p->calls++;
	p->saw_tx = gx_store_conn_in_tx(c);
	struct gx_access_record r = gx_test_record("subject-tx");
	enum gx_db_status st = gx_store_access_record_append(c, &r);
	if (st != GX_DB_ONE_RESULT)
		return st < 0 ? st : GX_DB_HARD_ERROR; /* a lock timeout (PostgreSQL) is soft: retried */
	if (p->calls <= p->soft_failures)
		return GX_DB_SOFT_ERROR;
	return p->then;
}

static long long count_subject(struct gx_store_conn *c, const char *subject)
{
	long long n = -1;
	assert_int_equal(gx_store_access_records_count(c, subject, &n), GX_DB_ONE_RESULT);
	return n;
}

static void test_run_tx_commits_and_retries_soft(void **state)
{
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	cfg.tx_max_attempts = 4;
	struct gx_store *store = open_store(&cfg);
	struct gx_store_conn *c = gx_store_conn_open(store);

	struct tx_probe p = {.soft_failures = 0, .then = GX_DB_ONE_RESULT};
	assert_int_equal(gx_store_run_tx(c, true, probe_fn, &p), GX_DB_ONE_RESULT);
	assert_int_equal(p.calls, 1);
	assert_true(p.saw_tx);
	assert_false(gx_store_conn_in_tx(c));
	assert_int_equal(count_subject(c, "subject-tx"), 1);

	/* Two soft failures, then success: the failed attempts' rows were rolled back. */
	p = (struct tx_probe){.soft_failures = 2, .then = GX_DB_ONE_RESULT};
	assert_int_equal(gx_store_run_tx(c, true, probe_fn, &p), GX_DB_ONE_RESULT);
	assert_int_equal(p.calls, 3);
	assert_int_equal(count_subject(c, "subject-tx"), 2);

	/* Always soft: exactly tx_max_attempts calls, then the soft error, nothing written. */
	p = (struct tx_probe){.soft_failures = 1000, .then = GX_DB_ONE_RESULT};
	assert_int_equal(gx_store_run_tx(c, true, probe_fn, &p), GX_DB_SOFT_ERROR);
	assert_int_equal(p.calls, 4);
	assert_false(gx_store_conn_in_tx(c));
	assert_int_equal(count_subject(c, "subject-tx"), 2);

	/* Hard: no retry, rolled back. */
	p = (struct tx_probe){.soft_failures = 0, .then = GX_DB_HARD_ERROR};
	assert_int_equal(gx_store_run_tx(c, true, probe_fn, &p), GX_DB_HARD_ERROR);
	assert_int_equal(p.calls, 1);
	assert_false(gx_store_conn_in_tx(c));
	assert_int_equal(count_subject(c, "subject-tx"), 2);
	gx_store_conn_close(c);
	gx_store_close(store);
}

struct lock_holder {
	struct gx_test_raw db;
	int hold_ms;
};

static void *release_later(void *arg)
{
	struct lock_holder *h = arg;
	struct timespec ts = {h->hold_ms / 1000, (h->hold_ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
	raw_exec(&h->db, "COMMIT");
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/** Runs one write transaction on a store with the given bound while another
 *  connection holds the write lock (SQLite's; on PostgreSQL, a lock on the
 *  table that keeps the insert waiting past lock_timeout). */
static enum gx_db_status write_under_lock(unsigned attempts, int hold_ms, struct tx_probe *p, double *elapsed)
{
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	cfg.busy_timeout_ms = 20;
	cfg.tx_max_attempts = attempts;
	struct gx_store *store = open_store(&cfg);
	struct gx_store_conn *c = gx_store_conn_open(store);
	struct lock_holder h = {raw_open(), hold_ms};
	pthread_t t;

	raw_exec(&h.db, dialect("BEGIN IMMEDIATE", "BEGIN; LOCK TABLE access_records IN EXCLUSIVE MODE"));
	if (hold_ms > 0)
		assert_int_equal(pthread_create(&t, NULL, release_later, &h), 0);
	double t0 = now_s();
	*p = (struct tx_probe){.then = GX_DB_ONE_RESULT};
	enum gx_db_status st = gx_store_run_tx(c, true, probe_fn, p);
	*elapsed = now_s() - t0;
	assert_false(gx_store_conn_in_tx(c));
	if (hold_ms > 0)
		pthread_join(t, NULL);
	else
		raw_exec(&h.db, "ROLLBACK");
	raw_close(&h.db);
	gx_store_conn_close(c);
	gx_store_close(store);
	return st;
}

static void test_run_tx_retries_on_real_lock(void **state)
{
	struct tx_probe p;
	double elapsed;

	/* SQLite's BEGIN IMMEDIATE waits for the lock, so fn never runs until it
	 * has it; on PostgreSQL BEGIN succeeds and fn's insert waits, then
	 * fails softly: each attempt runs fn once. */
	/* Lock held 200 ms, busy timeout 20 ms: one attempt is not enough … */
	assert_int_equal(write_under_lock(1, 200, &p, &elapsed), GX_DB_SOFT_ERROR);
	assert_int_equal(p.calls, tdb.pg ? 1 : 0);
	/* … the retries are what get through. */
	assert_int_equal(write_under_lock(50, 200, &p, &elapsed), GX_DB_ONE_RESULT);
	if (tdb.pg)
		assert_true(p.calls > 1);
	else
		assert_int_equal(p.calls, 1);
	assert_true(elapsed >= 0.15);

	/* Lock never released: gives up after the bound, in bounded time. */
	assert_int_equal(write_under_lock(3, 0, &p, &elapsed), GX_DB_SOFT_ERROR);
	assert_int_equal(p.calls, tdb.pg ? 3 : 0);
	assert_true(elapsed >= 0.06);
	assert_true(elapsed < 2.0);
}

static enum gx_db_status read_fn(struct gx_store_conn *c, void *arg)
{
	long long *n = arg;
	return gx_store_access_records_count(c, "subject-tx", n);
}

static void test_reads_not_blocked_by_writer(void **state)
{
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	cfg.busy_timeout_ms = 20;
	cfg.tx_max_attempts = 1;
	struct gx_store *store = open_store(&cfg);
	struct gx_store_conn *c = gx_store_conn_open(store);
	struct gx_test_raw db = raw_open();
	long long n = -1;

	raw_exec(&db, dialect("BEGIN IMMEDIATE", "BEGIN"));
	raw_exec(&db, "INSERT INTO access_records (subject, at_us, actor_kind, actor_id, source, attributes, purpose,"
		      " request_id) VALUES ('subject-tx', 1, 'platform', 'g', 'persons', '[]', 'p', 'r')");
	assert_int_equal(gx_store_run_tx(c, false, read_fn, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 0);  /* WAL (MVCC): the reader sees the last commit, not the open write */
	raw_exec(&db, "COMMIT");
	assert_int_equal(gx_store_run_tx(c, false, read_fn, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	raw_close(&db);
	gx_store_conn_close(c);
	gx_store_close(store);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_migrations_match_sql_dir),
		cmocka_unit_test_setup_teardown(test_migrations_applied_and_recorded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_is_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_applied_migration_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_not_ready, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_config_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_records_append_and_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_tx_detection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_tx_commits_and_retries_soft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_tx_retries_on_real_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads_not_blocked_by_writer, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

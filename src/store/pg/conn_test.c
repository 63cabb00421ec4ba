/** A lost PostgreSQL connection (server restarted, backend terminated):
 *  reads run again once on a new connection; a write outside a transaction
 *  fails (its outcome is unknown); a transaction that did not commit runs
 *  again (the runner's and the group commit's); a COMMIT whose answer was
 *  lost fails and is not run again; while the server refuses connections,
 *  everything fails and the ping says so, and all comes back with it.
 *  Needs the test cluster (GX_TEST_PG_CONNINFO). */

#include "store/pg/pg_int.h"
#include "store/store.h"
#include "store/store_testutil.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>

#include <cmocka.h>

static struct gx_test_db tdb;
static struct gx_store *store;
/* This file's own database: a test makes it refuse connections. */
static char database[64];

static int group_setup(void **state)
{
	char sql[128];
	snprintf(database, sizeof(database), "gx_conn_%ld", (long)getpid());
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", database);
	gx_test_pg_admin(sql);
	return 0;
}

static int group_teardown(void **state)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", database);
	gx_test_pg_admin(sql);
	return 0;
}

static int setup(void **state)
{
	struct gx_store_config cfg;
	char err[256];
	gx_test_db_make_in(&tdb, database);
	gx_test_config(&cfg, &tdb);
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("open: %s", err);
	return 0;
}

static int teardown(void **state)
{
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

/* Terminates every backend connected to the test's database (from the
 * cluster's maintenance database): the store's connections die under it, as
 * when the server restarts. Returns once they are gone. */
static void terminate_all(void)
{
	PGconn *pg = PQconnectdb(gx_test_pg_conninfo());
	assert_int_equal(PQstatus(pg), CONNECTION_OK);
	const char *params[1] = {tdb.dbname};
	PGresult *r = PQexecParams(pg, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", 1,
				   NULL, params, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	PQclear(r);
	for (int i = 0; i < 500; i++) {
		r = PQexecParams(pg, "SELECT count(*) FROM pg_stat_activity WHERE datname = $1", 1, NULL, params, NULL,
				 NULL, 0);
		assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
		bool gone = strcmp(PQgetvalue(r, 0, 0), "0") == 0;
		PQclear(r);
		if (gone)
			break;
		usleep(10000);
	}
	PQfinish(pg);
}

static void allow_connections(bool allow)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "ALTER DATABASE %s ALLOW_CONNECTIONS %s", tdb.dbname, allow ? "true" : "false");
	gx_test_pg_admin(sql);
}

static long long count(struct gx_store_conn *c, const char *subject)
{
	long long n = -1;
	assert_int_equal(gx_store_access_records_count(c, subject, &n), GX_DB_ONE_RESULT);
	return n;
}

static int backend_pid(struct gx_store_conn *c)
{
	return PQbackendPID(gx_pg_conn(c)->pg);
}

/* --- outside a transaction -------------------------------------------------------- */

static void test_read_runs_again_on_a_new_connection(void **state)
{
	struct gx_store_conn *c = gx_store_conn_open(store);
	struct gx_access_record r = gx_test_record("s1");
	assert_int_equal(gx_store_access_record_append(c, &r), GX_DB_ONE_RESULT);
	assert_int_equal(count(c, "s1"), 1);
	int before = backend_pid(c);
	terminate_all();
	/* The read finds the connection dead, and gets its answer from a new one. */
	assert_int_equal(count(c, "s1"), 1);
	assert_int_not_equal(backend_pid(c), before);
	assert_int_equal(gx_store_ping(c), GX_DB_ONE_RESULT);
	gx_store_conn_close(c);
}

static void test_write_outside_a_transaction_fails(void **state)
{
	struct gx_store_conn *c = gx_store_conn_open(store);
	struct gx_access_record r = gx_test_record("s2"), other = gx_test_record("other");
	assert_int_equal(count(c, "s2"), 0);
	/* Prepared on this connection already (a statement that finds the
	 * connection dead at its PREPARE has executed nothing: it is sent again). */
	assert_int_equal(gx_store_access_record_append(c, &other), GX_DB_ONE_RESULT);
	/* A refused write is the caller's fault or a bug, not the database gone (500, not 503). */
	struct gx_access_record bad = gx_test_record("s2");
	bad.actor_kind = "someone";
	assert_int_equal(gx_store_access_record_append(c, &bad), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_conn_unreachable(c), 0);
	terminate_all();
	/* Sent on a dead connection: whether it happened is not known, so it is not sent again. */
	assert_int_equal(gx_store_access_record_append(c, &r), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_conn_unreachable(c), 1); /* answered 503 */
	/* The next statement opens a new connection (nothing was sent on the dead one). */
	assert_int_equal(gx_store_access_record_append(c, &r), GX_DB_ONE_RESULT);
	assert_int_equal(count(c, "s2"), 1);
	gx_store_conn_close(c);
}

/* --- the transaction runner ------------------------------------------------------------ */

struct killed_once {
	int calls;
};

static enum gx_db_status insert_kill_insert(struct gx_store_conn *c, void *arg)
{
	struct killed_once *k = arg;
	struct gx_access_record r = gx_test_record("s3");
	enum gx_db_status st = gx_store_access_record_append(c, &r);
	if (st < 0)
		return st;
	if (++k->calls == 1)
		terminate_all(); /* mid-transaction, after its first insert */
	return gx_store_access_record_append(c, &r);
}

static void test_transaction_lost_before_commit_runs_again(void **state)
{
	struct gx_store_conn *c = gx_store_conn_open(store);
	struct killed_once k = {0};
	assert_int_equal(gx_store_run_tx(c, true, insert_kill_insert, &k), GX_DB_ONE_RESULT);
	assert_int_equal(k.calls, 2);
	assert_false(gx_store_conn_in_tx(c));
	/* The first run's insert died with its transaction; the second's two are there. */
	assert_int_equal(count(c, "s3"), 2);
	gx_store_conn_close(c);
}

/* A deferred constraint trigger that terminates its own backend: the
 * connection dies during COMMIT, so the client never learns the outcome. */
static void plant_kill_at_commit(void)
{
	struct gx_test_raw raw = gx_test_raw_open(&tdb);
	gx_test_raw_exec(&raw,
			 "CREATE TABLE kill_at_commit (x bigint);"
			 " CREATE FUNCTION kill_self() RETURNS trigger LANGUAGE plpgsql AS $$"
			 " BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(1); RETURN NULL; END; $$;"
			 " CREATE CONSTRAINT TRIGGER kill_self AFTER INSERT ON kill_at_commit"
			 " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kill_self()");
	gx_test_raw_close(&raw);
}

static enum gx_db_status insert_doomed(struct gx_store_conn *c, void *arg)
{
	int *calls = arg;
	(*calls)++;
	PGresult *r = PQexec(gx_pg_conn(c)->pg, "INSERT INTO kill_at_commit VALUES (1)");
	enum gx_db_status st = PQresultStatus(r) == PGRES_COMMAND_OK ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
	PQclear(r);
	return st;
}

static void test_commit_lost_is_not_run_again(void **state)
{
	plant_kill_at_commit();
	struct gx_store_conn *c = gx_store_conn_open(store);
	int calls = 0;
	assert_int_equal(gx_store_run_tx(c, true, insert_doomed, &calls), GX_DB_HARD_ERROR);
	assert_int_equal(calls, 1);
	assert_false(gx_store_conn_in_tx(c));
	assert_int_equal(count(c, "anyone"), 0); /* and the connection comes back for the next one */
	gx_store_conn_close(c);
}

/* --- the group commit ------------------------------------------------------------------- */

struct item {
	char subject[32];
	_Atomic int runs, done_calls, result;
};

static enum gx_db_status item_write(struct gx_store_conn *w, void *arg)
{
	struct item *it = arg;
	atomic_fetch_add(&it->runs, 1);
	struct gx_access_record r = gx_test_record(it->subject);
	return gx_store_access_record_append(w, &r);
}

static void item_done(void *arg, enum gx_db_status result)
{
	struct item *it = arg;
	atomic_store(&it->result, result);
	atomic_fetch_add(&it->done_calls, 1);
}

/* Holds the writer inside its batch; the test kills the connection meanwhile. */
struct blocker {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool started, released;
	int runs;
};

static enum gx_db_status blocker_write(struct gx_store_conn *w, void *arg)
{
	struct blocker *b = arg;
	pthread_mutex_lock(&b->mu);
	b->runs++;
	b->started = true;
	pthread_cond_broadcast(&b->cv);
	while (!b->released)
		pthread_cond_wait(&b->cv, &b->mu);
	pthread_mutex_unlock(&b->mu);
	return GX_DB_NO_RESULTS;
}

static void ignore_done(void *arg, enum gx_db_status result)
{
	(void)arg;
	(void)result;
}

/* The store again, its writer waiting up to 300 ms for a batch to fill. */
static void reopen_gathering(void)
{
	struct gx_store_config cfg;
	char err[256];
	gx_store_close(store);
	gx_test_config(&cfg, &tdb);
	cfg.group_commit_max_wait_us = 300000;
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("open: %s", err);
}

static void test_batch_lost_before_commit_runs_again(void **state)
{
	struct blocker b = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
	struct item items[4];
	memset(items, 0, sizeof(items));
	reopen_gathering();
	/* One batch: the blocker first, then four writes, all in one transaction. */
	assert_int_equal(gx_store_durable_submit(store, blocker_write, ignore_done, &b), GX_STORE_OK);
	for (int i = 0; i < 4; i++) {
		snprintf(items[i].subject, sizeof(items[i].subject), "lost-%d", i);
		assert_int_equal(gx_store_durable_submit(store, item_write, item_done, &items[i]), GX_STORE_OK);
	}
	pthread_mutex_lock(&b.mu);
	while (!b.started)
		pthread_cond_wait(&b.cv, &b.mu);
	pthread_mutex_unlock(&b.mu);
	/* The writer is inside the batch's transaction: its connection dies. */
	terminate_all();
	pthread_mutex_lock(&b.mu);
	b.released = true;
	pthread_cond_broadcast(&b.cv);
	pthread_mutex_unlock(&b.mu);
	gx_store_durable_drain(store);
	struct gx_store_durable_stats st;
	gx_store_durable_stats(store, &st);
	/* The next item's first statement found the connection dead: nothing was
	 * committed, so the whole batch ran again on a new connection, once. */
	struct gx_store_conn *c = gx_store_conn_open(store);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(atomic_load(&items[i].done_calls), 1);
		assert_int_equal(atomic_load(&items[i].result), GX_DB_ONE_RESULT);
		assert_int_equal(count(c, items[i].subject), 1);
	}
	assert_int_equal(b.runs, 2);
	assert_int_equal(st.batches, 1);
	assert_int_equal(st.items, 5);
	assert_int_equal(st.failed, 0);
	gx_store_conn_close(c);
}

struct doomed {
	_Atomic int runs, done_calls, result;
};

static enum gx_db_status doomed_write(struct gx_store_conn *w, void *arg)
{
	struct doomed *d = arg;
	atomic_fetch_add(&d->runs, 1);
	PGresult *r = PQexec(gx_pg_conn(w)->pg, "INSERT INTO kill_at_commit VALUES (1)");
	enum gx_db_status st = PQresultStatus(r) == PGRES_COMMAND_OK ? GX_DB_ONE_RESULT : GX_DB_HARD_ERROR;
	PQclear(r);
	return st;
}

static void doomed_done(void *arg, enum gx_db_status result)
{
	struct doomed *d = arg;
	atomic_store(&d->result, result);
	atomic_fetch_add(&d->done_calls, 1);
}

static void test_batch_whose_commit_was_lost_fails(void **state)
{
	plant_kill_at_commit();
	struct doomed d = {0};
	assert_int_equal(gx_store_durable_submit(store, doomed_write, doomed_done, &d), GX_STORE_OK);
	gx_store_durable_drain(store);
	assert_int_equal(atomic_load(&d.runs), 1); /* not run again: it may have committed */
	assert_int_equal(atomic_load(&d.done_calls), 1);
	assert_int_equal(atomic_load(&d.result), GX_DB_HARD_ERROR); /* answered 503 */
	/* The writer carries on with a new connection. */
	struct item it = {.subject = "after"};
	assert_int_equal(gx_store_durable_submit(store, item_write, item_done, &it), GX_STORE_OK);
	gx_store_durable_drain(store);
	assert_int_equal(atomic_load(&it.result), GX_DB_ONE_RESULT);
	struct gx_store_conn *c = gx_store_conn_open(store);
	assert_int_equal(count(c, "after"), 1);
	gx_store_conn_close(c);
}

/* --- the server refusing connections (down) -------------------------------------------------- */

static void test_unreachable_then_back(void **state)
{
	struct gx_store_conn *c = gx_store_conn_open(store);
	assert_int_equal(gx_store_ping(c), GX_DB_ONE_RESULT);
	allow_connections(false);
	terminate_all();
	/* Not ready: the ping's second try cannot connect either. */
	assert_int_not_equal(gx_store_ping(c), GX_DB_ONE_RESULT);
	long long n;
	uint64_t unreachable = gx_store_conn_unreachable(c);
	assert_int_equal(gx_store_access_records_count(c, "x", &n), GX_DB_HARD_ERROR);
	assert_true(gx_store_conn_unreachable(c) > unreachable);
	struct item it = {.subject = "down"};
	assert_int_equal(gx_store_durable_submit(store, item_write, item_done, &it), GX_STORE_OK);
	gx_store_durable_drain(store);
	assert_int_equal(atomic_load(&it.done_calls), 1);
	assert_true(atomic_load(&it.result) < 0); /* answered 503 */
	allow_connections(true);
	assert_int_equal(gx_store_ping(c), GX_DB_ONE_RESULT);
	struct item again = {.subject = "up"};
	assert_int_equal(gx_store_durable_submit(store, item_write, item_done, &again), GX_STORE_OK);
	gx_store_durable_drain(store);
	assert_int_equal(atomic_load(&again.result), GX_DB_ONE_RESULT);
	assert_int_equal(count(c, "down"), 0);
	assert_int_equal(count(c, "up"), 1);
	gx_store_conn_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read_runs_again_on_a_new_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_outside_a_transaction_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transaction_lost_before_commit_runs_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_lost_is_not_run_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_lost_before_commit_runs_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_whose_commit_was_lost_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreachable_then_back, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

/** Unit tests of group commit: durability before done, batching, isolation of failures, back-pressure. */

#include "store/pg/pg_int.h"
#include "store/sqlite/sqlite_int.h"
#include "store/store.h"
#include "store/store_testutil.h"

#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>

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
	if (gx_store_open(cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("gx_store_open: %s", err);
	return store;
}

static long long count_subject(struct gx_store *store, const char *subject)
{
	struct gx_store_conn *c = gx_store_conn_open(store);
	long long n = -1;
	assert_non_null(c);
	assert_int_equal(gx_store_access_records_count(c, subject, &n), GX_DB_ONE_RESULT);
	gx_store_conn_close(c);
	return n;
}

/** One simulated request's durable write. */
struct item {
	char subject[32];
	bool fail_after_insert;          /* insert, then report a hard error */
	struct gx_store *check_store;    /* when set, done checks visibility from a fresh connection */
	_Atomic int done_calls;
	_Atomic int result;
	_Atomic int *done_ok;            /* shared counters, may be NULL */
	_Atomic int *done_failed;
	_Atomic int *not_visible_in_done;
};

static enum gx_db_status item_write(struct gx_store_conn *w, void *arg)
{
	struct item *it = arg;
	struct gx_access_record r = gx_test_record(it->subject);
	enum gx_db_status st = gx_store_access_record_append(w, &r);
	if (st < 0)
		return st;
	return it->fail_after_insert ? GX_DB_HARD_ERROR : st;
}

static void item_done(void *arg, enum gx_db_status result)
{
	struct item *it = arg;
	if (it->check_store != NULL && result >= 0) {
		/* Durable means committed: a fresh connection must already see the row. */
		if (count_subject(it->check_store, it->subject) != 1)
			atomic_fetch_add(it->not_visible_in_done, 1);
	}
	atomic_store(&it->result, result);
	atomic_fetch_add(&it->done_calls, 1);
	if (result >= 0 && it->done_ok != NULL)
		atomic_fetch_add(it->done_ok, 1);
	if (result < 0 && it->done_failed != NULL)
		atomic_fetch_add(it->done_failed, 1);
}

/** A write that holds the writer thread until the test releases it, to line up the next batch. */
struct blocker {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool started, released;
	_Atomic int done_calls;
};

static enum gx_db_status blocker_write(struct gx_store_conn *w, void *arg)
{
	struct blocker *b = arg;
	pthread_mutex_lock(&b->mu);
	b->started = true;
	pthread_cond_broadcast(&b->cv);
	while (!b->released)
		pthread_cond_wait(&b->cv, &b->mu);
	pthread_mutex_unlock(&b->mu);
	return GX_DB_NO_RESULTS;
}

static void blocker_done(void *arg, enum gx_db_status result)
{
	struct blocker *b = arg;
	atomic_fetch_add(&b->done_calls, 1);
}

static void blocker_init(struct blocker *b)
{
	memset(b, 0, sizeof(*b));
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
}

/** Submits the blocker and returns once the writer is inside it (so the queue is empty). */
static void blocker_engage(struct gx_store *store, struct blocker *b)
{
	assert_int_equal(gx_store_durable_submit(store, blocker_write, blocker_done, b), GX_STORE_OK);
	pthread_mutex_lock(&b->mu);
	while (!b->started)
		pthread_cond_wait(&b->cv, &b->mu);
	pthread_mutex_unlock(&b->mu);
}

static void blocker_release(struct blocker *b)
{
	pthread_mutex_lock(&b->mu);
	b->released = true;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
}

static void blocker_destroy(struct blocker *b)
{
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->cv);
}

/* --- 10,000 writes from 4 threads ---------------------------------------------- */

#define THREADS 4
#define PER_THREAD 2500

struct submitter {
	struct gx_store *store;
	struct item *items;
	int index;
	_Atomic int *ok, *failed;
	int full_retries;
};

static void *submit_all(void *arg)
{
	struct submitter *s = arg;
	for (int i = 0; i < PER_THREAD; i++) {
		struct item *it = &s->items[i];
		snprintf(it->subject, sizeof(it->subject), "subject-%d", s->index);
		it->done_ok = s->ok;
		it->done_failed = s->failed;
		int rc;
		while ((rc = gx_store_durable_submit(s->store, item_write, item_done, it)) == GX_STORE_QUEUE_FULL) {
			s->full_retries++;
			sched_yield();
		}
		if (rc != GX_STORE_OK)
			abort();
	}
	return NULL;
}

static void test_many_writes_from_threads_all_durable(void **state)
{
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	struct gx_store *store = open_store(&cfg);
	struct item *items = calloc(THREADS * PER_THREAD, sizeof(*items));
	struct submitter subs[THREADS];
	pthread_t threads[THREADS];
	_Atomic int ok = 0, failed = 0;

	assert_non_null(items);
	for (int t = 0; t < THREADS; t++) {
		subs[t] = (struct submitter){store, items + t * PER_THREAD, t, &ok, &failed, 0};
		assert_int_equal(pthread_create(&threads[t], NULL, submit_all, &subs[t]), 0);
	}
	for (int t = 0; t < THREADS; t++)
		pthread_join(threads[t], NULL);
	gx_store_durable_drain(store);
	assert_int_equal(atomic_load(&ok), THREADS * PER_THREAD);

	struct gx_store_durable_stats st;
	gx_store_durable_stats(store, &st);
	gx_store_close(store);

	assert_int_equal(atomic_load(&failed), 0);
	for (int i = 0; i < THREADS * PER_THREAD; i++) {
		assert_int_equal(atomic_load(&items[i].done_calls), 1);
		assert_int_equal(atomic_load(&items[i].result), GX_DB_ONE_RESULT);
	}
	assert_int_equal(st.items, THREADS * PER_THREAD);
	assert_int_equal(st.failed, 0);
	assert_int_equal(st.queued, 0);
	/* Batches really group: far fewer commits than writes. */
	print_message("group commit: %llu items in %llu batches (largest %llu)\n", (unsigned long long)st.items,
		      (unsigned long long)st.batches, (unsigned long long)st.largest_batch);
	assert_true(st.batches >= 1);
	assert_true(st.batches * 2 <= st.items);
	assert_true(st.largest_batch > 1);
	assert_true(st.largest_batch <= cfg.group_commit_max_batch);

	/* Everything is on disk: reopen and count. */
	store = open_store(&cfg);
	for (int t = 0; t < THREADS; t++) {
		char subject[32];
		snprintf(subject, sizeof(subject), "subject-%d", t);
		assert_int_equal(count_subject(store, subject), PER_THREAD);
	}
	gx_store_close(store);
	free(items);
}

/* --- a failing item is isolated in its batch --------------------------------------- */

static void test_failing_item_rolled_back_alone(void **state)
{
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	struct gx_store *store = open_store(&cfg);
	struct blocker b;
	struct item items[5];
	struct gx_store_durable_stats before, after;

	blocker_init(&b);
	memset(items, 0, sizeof(items));
	blocker_engage(store, &b);
	gx_store_durable_stats(store, &before);
	for (int i = 0; i < 5; i++) {
		snprintf(items[i].subject, sizeof(items[i].subject), "batchmate-%d", i);
		items[i].fail_after_insert = i == 2;
		assert_int_equal(gx_store_durable_submit(store, item_write, item_done, &items[i]), GX_STORE_OK);
	}
	blocker_release(&b);
	gx_store_durable_drain(store);
	gx_store_durable_stats(store, &after);

	assert_int_equal(atomic_load(&b.done_calls), 1);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(atomic_load(&items[i].done_calls), 1);
		assert_int_equal(atomic_load(&items[i].result), i == 2 ? GX_DB_HARD_ERROR : GX_DB_ONE_RESULT);
		assert_int_equal(count_subject(store, items[i].subject), i == 2 ? 0 : 1);
	}
	/* The blocker's batch, then one batch for all five. */
	assert_int_equal(after.batches - before.batches, 2);
	assert_int_equal(after.largest_batch, 5);
	assert_int_equal(after.items - before.items, 1 + 4);
	assert_int_equal(after.failed - before.failed, 1);
	/* The batches by size (the blocker's 1, then 5: up to 8), and the peaks the dashboard's sampler takes. */
	assert_int_equal(after.batch_sizes[0] - before.batch_sizes[0], 1);
	assert_int_equal(after.batch_sizes[3] - before.batch_sizes[3], 1);
	struct gx_store_durable_stats peaks;
	gx_store_durable_peaks_take(store, &peaks);
	assert_int_equal(peaks.batch_peak, 5);
	assert_int_equal(peaks.queue_peak, 5);
	gx_store_durable_peaks_take(store, &peaks);
	assert_int_equal(peaks.batch_peak, 0);
	assert_int_equal(peaks.queue_peak, 0);
	assert_int_equal(peaks.batches, after.batches);
	gx_store_close(store);
	blocker_destroy(&b);
}

/* --- back-pressure ---------------------------------------------------------------- */

static void test_queue_full_refused_then_drained(void **state)
{
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	cfg.group_commit_queue_cap = 4;
	struct gx_store *store = open_store(&cfg);
	struct blocker b;
	struct item items[5];
	struct gx_store_durable_stats st;

	blocker_init(&b);
	memset(items, 0, sizeof(items));
	blocker_engage(store, &b);
	for (int i = 0; i < 4; i++) {
		snprintf(items[i].subject, sizeof(items[i].subject), "queued-%d", i);
		assert_int_equal(gx_store_durable_submit(store, item_write, item_done, &items[i]), GX_STORE_OK);
	}
	snprintf(items[4].subject, sizeof(items[4].subject), "refused");
	assert_int_equal(gx_store_durable_submit(store, item_write, item_done, &items[4]), GX_STORE_QUEUE_FULL);
	gx_store_durable_stats(store, &st);
	assert_int_equal(st.rejected_full, 1);
	assert_int_equal(st.queued, 4);

	blocker_release(&b);
	gx_store_close(store);  /* drains: the four queued items commit */

	for (int i = 0; i < 4; i++)
		assert_int_equal(atomic_load(&items[i].done_calls), 1);
	assert_int_equal(atomic_load(&items[4].done_calls), 0);
	store = open_store(&cfg);
	assert_int_equal(count_subject(store, "queued-3"), 1);
	assert_int_equal(count_subject(store, "refused"), 0);
	gx_store_close(store);
	blocker_destroy(&b);
}

/* --- done only after COMMIT --------------------------------------------------------- */

static void test_done_sees_committed_row(void **state)
{
	enum { N = 300 };
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	struct gx_store *store = open_store(&cfg);
	struct item *items = calloc(N, sizeof(*items));
	_Atomic int not_visible = 0, ok = 0;

	assert_non_null(items);
	for (int i = 0; i < N; i++) {
		snprintf(items[i].subject, sizeof(items[i].subject), "visible-%d", i);
		items[i].check_store = store;
		items[i].not_visible_in_done = &not_visible;
		items[i].done_ok = &ok;
		assert_int_equal(gx_store_durable_submit(store, item_write, item_done, &items[i]), GX_STORE_OK);
	}
	gx_store_close(store);
	assert_int_equal(atomic_load(&ok), N);
	assert_int_equal(atomic_load(&not_visible), 0);
	free(items);
}

/* --- batch size 1: one transaction per write (the baseline) ------------------------------ */

static void test_max_batch_one(void **state)
{
	enum { N = 50 };
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	cfg.group_commit_max_batch = 1;
	struct gx_store *store = open_store(&cfg);
	struct item items[N];
	struct gx_store_durable_stats st;

	memset(items, 0, sizeof(items));
	for (int i = 0; i < N; i++) {
		snprintf(items[i].subject, sizeof(items[i].subject), "single");
		assert_int_equal(gx_store_durable_submit(store, item_write, item_done, &items[i]), GX_STORE_OK);
	}
	gx_store_durable_drain(store);
	gx_store_durable_stats(store, &st);
	assert_int_equal(st.batches, N);
	assert_int_equal(st.items, N);
	assert_int_equal(st.largest_batch, 1);
	assert_int_equal(count_subject(store, "single"), N);
	gx_store_close(store);
}

/* --- max wait gathers a partial batch ---------------------------------------------------- */

static void test_max_wait_fills_partial_batch(void **state)
{
	enum { N = 10 };
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	cfg.group_commit_max_wait_us = 200000;
	struct gx_store *store = open_store(&cfg);
	struct item items[N];
	struct gx_store_durable_stats st;

	memset(items, 0, sizeof(items));
	for (int i = 0; i < N; i++) {
		snprintf(items[i].subject, sizeof(items[i].subject), "waited");
		assert_int_equal(gx_store_durable_submit(store, item_write, item_done, &items[i]), GX_STORE_OK);
	}
	gx_store_durable_drain(store);
	gx_store_durable_stats(store, &st);
	assert_int_equal(st.items, N);
	assert_int_equal(st.batches, 1);
	gx_store_close(store);
}

/* --- close drains ------------------------------------------------------------------------- */

static void test_close_commits_everything_submitted(void **state)
{
	enum { N = 2000 };
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	struct gx_store *store = open_store(&cfg);
	struct item *items = calloc(N, sizeof(*items));
	_Atomic int ok = 0;

	assert_non_null(items);
	for (int i = 0; i < N; i++) {
		snprintf(items[i].subject, sizeof(items[i].subject), "closing");
		items[i].done_ok = &ok;
		assert_int_equal(gx_store_durable_submit(store, item_write, item_done, &items[i]), GX_STORE_OK);
	}
	gx_store_close(store);
	assert_int_equal(atomic_load(&ok), N);
	store = open_store(&cfg);
	assert_int_equal(count_subject(store, "closing"), N);
	gx_store_close(store);
	free(items);
}

/* The writer leaves checkpoints to the checkpoint thread: the log must not
 * grow with everything ever written, and closing leaves it empty. */
static void test_wal_checkpointed_off_the_writer(void **state)
{
	enum { N = 40000 };
	if (tdb.pg)
		skip(); /* SQLite's log; PostgreSQL checkpoints by itself */
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	cfg.wal_checkpoint_pages = 1000;
	struct gx_store *store = open_store(&cfg);
	struct item *items = calloc(N, sizeof(*items));
	_Atomic int ok = 0;

	assert_non_null(items);
	for (int i = 0; i < N; i++) {
		snprintf(items[i].subject, sizeof(items[i].subject), "s%06d", (i * 7919) % N);
		items[i].done_ok = &ok;
		while (gx_store_durable_submit(store, item_write, item_done, &items[i]) == GX_STORE_QUEUE_FULL)
			usleep(1000);
	}
	gx_store_durable_drain(store);
	assert_int_equal(atomic_load(&ok), N);

	sqlite3 *db;
	assert_int_equal(sqlite3_open(tdb.path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	sqlite3_int64 pages = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	int log_frames = -1, done_frames = -1;
	int rc, tries = 0;
	/* PASSIVE does not wait: SQLITE_BUSY while the checkpoint thread is at work. */
	while ((rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &log_frames, &done_frames)) ==
		       SQLITE_BUSY &&
	       ++tries < 500)
		usleep(10000);
	assert_int_equal(rc, SQLITE_OK);
	sqlite3_close(db);
	/* Everything written went through the log: without checkpoints it would
	 * hold every frame since the start (many times the database's pages);
	 * with them, only what came since the last one (about 1000 frames). */
	print_message("database %lld pages, log %d frames\n", (long long)pages, log_frames);
	assert_true(pages > 1000);
	assert_in_range(log_frames, 0, 3000);

	gx_store_close(store);
	char wal[160];
	snprintf(wal, sizeof(wal), "%s-wal", tdb.path);
	struct stat sb;
	assert_true(stat(wal, &sb) != 0 || sb.st_size == 0);
	free(items);
}

/* --- the writer's commits wait for the disk ----------------------------------------- */

struct sync_probe {
	char setting[32];
};

/* Reads, on the writer's own connection inside its batch, how it commits. */
static enum gx_db_status read_sync_setting(struct gx_store_conn *w, void *arg)
{
	struct sync_probe *probe = arg;
	if (tdb.pg) {
		PGresult *r = PQexec(gx_pg_conn(w)->pg, "SHOW synchronous_commit");
		if (PQresultStatus(r) == PGRES_TUPLES_OK)
			snprintf(probe->setting, sizeof(probe->setting), "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
	} else {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(gx_sqlite_conn(w)->db, "PRAGMA synchronous", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			snprintf(probe->setting, sizeof(probe->setting), "%d", sqlite3_column_int(st, 0));
		sqlite3_finalize(st);
	}
	return GX_DB_NO_RESULTS;
}

static void probe_done(void *arg, enum gx_db_status result)
{
	(void)arg;
	(void)result;
}

/* "Acknowledged" means on disk: SQLite's synchronous=FULL (2), PostgreSQL's
 * synchronous_commit=on, whatever the connection string asks for. */
static void test_writer_commits_synchronously(void **state)
{
	struct gx_store_config cfg;
	char asks_off[1200];
	gx_test_config(&cfg, &tdb);
	if (tdb.pg) {
		snprintf(asks_off, sizeof(asks_off), "%s dbname=%s options='-c search_path=%s -c synchronous_commit=off'",
			 gx_test_pg_conninfo(), tdb.dbname, tdb.schema);
		cfg.pg_conninfo = asks_off;
	}
	struct gx_store *store = open_store(&cfg);
	struct sync_probe probe = {""};
	assert_int_equal(gx_store_durable_submit(store, read_sync_setting, probe_done, &probe), GX_STORE_OK);
	gx_store_durable_drain(store);
	gx_store_close(store);
	assert_string_equal(probe.setting, tdb.pg ? "on" : "2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_many_writes_from_threads_all_durable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failing_item_rolled_back_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_full_refused_then_drained, setup, teardown),
		cmocka_unit_test_setup_teardown(test_done_sees_committed_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_batch_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_wait_fills_partial_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_commits_everything_submitted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_checkpointed_off_the_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_commits_synchronously, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

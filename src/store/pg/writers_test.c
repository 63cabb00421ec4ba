/** Several guichetd on one PostgreSQL database: each has a group-commit
 *  writer, and their batches all take the year's reference (one row). A
 *  batch takes the writers' lock before its snapshot (pg/conn.c), so another
 *  store's batch waits for it to commit instead of running beside it and
 *  failing with a serialization failure: its write runs once, and the
 *  references follow each other. Needs the test cluster (GX_TEST_PG_CONNINFO). */

#include "store/pg/pg_int.h"
#include "store/store.h"
#include "store/store_testutil.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include <cmocka.h>

static struct gx_test_db tdb;
static struct gx_store *a, *b;

static int setup(void **state)
{
	struct gx_store_config cfg;
	char err[256];
	gx_test_db_make_on(&tdb, true);
	gx_test_config(&cfg, &tdb);
	if (gx_store_open(&cfg, &a, err, sizeof(err)) != GX_STORE_OK || gx_store_open(&cfg, &b, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("open: %s", err);
	return 0;
}

static int teardown(void **state)
{
	gx_store_close(a);
	gx_store_close(b);
	gx_test_db_remove(&tdb);
	return 0;
}

/* A write that takes the next reference; the first store's also waits, inside its batch, until released. */
struct ref_write {
	bool hold;
	atomic_int runs;
	atomic_int inside;
	atomic_int released;
	long long seq;
	atomic_int done;
	enum gx_db_status result;
};

static enum gx_db_status take_reference(struct gx_store_conn *w, void *arg)
{
	struct ref_write *rw = arg;
	atomic_fetch_add(&rw->runs, 1);
	enum gx_db_status s = gx_store_reference_next(w, 2026, &rw->seq);
	atomic_store(&rw->inside, 1);
	while (rw->hold && !atomic_load(&rw->released)) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	return s;
}

static void written(void *arg, enum gx_db_status result)
{
	struct ref_write *rw = arg;
	rw->result = result;
	atomic_store(&rw->done, 1);
}

static void wait_for(atomic_int *flag)
{
	for (int i = 0; i < 20000 && !atomic_load(flag); i++) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	assert_true(atomic_load(flag));
}

/* Static: a failed assertion leaves the writer threads with something to write into. */
static struct ref_write first, second;

static void test_another_writer_waits_for_the_batch(void **state)
{
	first = (struct ref_write){.hold = true};
	second = (struct ref_write){0};
	assert_int_equal(gx_store_durable_submit(a, take_reference, written, &first), GX_STORE_OK);
	wait_for(&first.inside);
	assert_int_equal(gx_store_durable_submit(b, take_reference, written, &second), GX_STORE_OK);
	/* While the first batch is open, the second's write does not even start. */
	struct timespec ts = {0, 300 * 1000000};
	nanosleep(&ts, NULL);
	int early = atomic_load(&second.runs);
	atomic_store(&first.released, 1);
	assert_int_equal(early, 0);
	wait_for(&first.done);
	wait_for(&second.done);
	assert_true(first.result >= 0);
	assert_true(second.result >= 0);
	assert_int_equal(atomic_load(&first.runs), 1);
	assert_int_equal(atomic_load(&second.runs), 1); /* never run again after a serialization failure */
	assert_int_equal(second.seq, first.seq + 1);
}

/* Many writes from both stores at once: every one commits, each reference once. */
enum { MANY = 200 };
static struct ref_write many_a[MANY], many_b[MANY];

static void test_two_writers_under_load(void **state)
{
	for (int i = 0; i < MANY; i++) {
		assert_int_equal(gx_store_durable_submit(a, take_reference, written, &many_a[i]), GX_STORE_OK);
		assert_int_equal(gx_store_durable_submit(b, take_reference, written, &many_b[i]), GX_STORE_OK);
	}
	gx_store_durable_drain(a);
	gx_store_durable_drain(b);
	static bool seen[2 * MANY + 1];
	int reruns = 0;
	for (int i = 0; i < MANY; i++) {
		struct ref_write *w[2] = {&many_a[i], &many_b[i]};
		for (int k = 0; k < 2; k++) {
			assert_true(atomic_load(&w[k]->done));
			assert_true(w[k]->result >= 0);
			assert_true(w[k]->seq >= 1 && w[k]->seq <= 2 * MANY);
			assert_false(seen[w[k]->seq]);
			seen[w[k]->seq] = true;
			reruns += atomic_load(&w[k]->runs) - 1;
		}
	}
	assert_int_equal(reruns, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_another_writer_waits_for_the_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_writers_under_load, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

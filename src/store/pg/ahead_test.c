/** Statements sent ahead in the writer's batch (pg/ahead.c): they really go
 *  without waiting (the connection is in pipeline mode, answers pending);
 *  what they did is read before COMMIT; and when one did not do what was
 *  meant (no row changed, an error), every item of the batch still gets its
 *  own status, as without pipelining: the batch runs again with savepoints.
 *  Needs the test cluster (GX_TEST_PG_CONNINFO). */

#include "store/pg/pg_int.h"
#include "store/store.h"
#include "store/store_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include <cmocka.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;
static long long space;

static int setup(void **state)
{
	struct gx_store_config cfg;
	char err[256];
	gx_test_db_make_on(&tdb, true);
	gx_test_config(&cfg, &tdb);
	/* A batch waits up to a second for its items: the tests' items share one. */
	cfg.group_commit_max_wait_us = 1000000;
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("open: %s", err);
	conn = gx_store_conn_open(store);
	struct gx_person_login in = {"1985031410148", "Marie", "Schmit", 1};
	long long person;
	assert_int_equal(gx_store_person_login(conn, &in, &person, &space), GX_DB_ONE_RESULT);
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static long long new_draft(void)
{
	struct gx_draft d = {.space_id = space, .procedure_id = "dog-registration", .procedure_version = 1,
			     .data_json = "{}", .provenance_json = "{}", .created_at_us = 10};
	long long id;
	assert_int_equal(gx_store_draft_create(conn, &d, &id), GX_DB_ONE_RESULT);
	return id;
}

/* One item: removes a draft; says whether the removal was sent ahead. */
struct removal {
	long long draft;
	atomic_int runs;
	atomic_int went_ahead;
	atomic_int done;
	enum gx_db_status result;
};

static enum gx_db_status remove_draft(struct gx_store_conn *w, void *arg)
{
	struct removal *rm = arg;
	atomic_fetch_add(&rm->runs, 1);
	enum gx_db_status s = gx_store_draft_delete(w, rm->draft);
	if (gx_pg_conn(w)->ahead > 0)
		atomic_store(&rm->went_ahead, 1);
	return s;
}

static void removed(void *arg, enum gx_db_status result)
{
	struct removal *rm = arg;
	rm->result = result;
	atomic_store(&rm->done, 1);
}

enum { N = 5 };
static struct removal items[N];

static void submit_all(void)
{
	for (int i = 0; i < N; i++)
		assert_int_equal(gx_store_durable_submit(store, remove_draft, removed, &items[i]), GX_STORE_OK);
	gx_store_durable_drain(store);
	for (int i = 0; i < N; i++)
		assert_true(atomic_load(&items[i].done));
}

static void test_writes_go_ahead_and_commit(void **state)
{
	for (int i = 0; i < N; i++)
		items[i] = (struct removal){.draft = new_draft()};
	submit_all();
	struct gx_draft got = {0};
	for (int i = 0; i < N; i++) {
		assert_int_equal(items[i].result, GX_DB_ONE_RESULT);
		assert_int_equal(atomic_load(&items[i].runs), 1);
		/* The first is prepared on the writer's connection (a round trip of its own); the others go ahead. */
		if (i > 0)
			assert_true(atomic_load(&items[i].went_ahead));
		assert_int_equal(gx_store_draft_get(conn, items[i].draft, &got), GX_DB_NO_RESULTS);
	}
}

/* A draft already gone: its removal, sent ahead, changes no row. The batch
 * runs again with savepoints, where that item answers "no row" (the caller's
 * "submitted meanwhile") and the others are removed as they should be. */
static void test_a_write_that_changed_nothing_gets_its_own_answer(void **state)
{
	for (int i = 0; i < N; i++)
		items[i] = (struct removal){.draft = new_draft()};
	assert_int_equal(gx_store_draft_delete(conn, items[2].draft), GX_DB_ONE_RESULT);
	submit_all();
	struct gx_draft got = {0};
	for (int i = 0; i < N; i++) {
		assert_int_equal(items[i].result, i == 2 ? GX_DB_NO_RESULTS : GX_DB_ONE_RESULT);
		assert_int_equal(atomic_load(&items[i].runs), 2); /* optimistically, then each in its savepoint */
		assert_int_equal(gx_store_draft_get(conn, items[i].draft, &got), GX_DB_NO_RESULTS);
	}
}

/* A write sent ahead that fails (a session whose id is already taken): that
 * item fails alone, the others commit. */
struct session_item {
	struct gx_session_row row;
	atomic_int done;
	enum gx_db_status result;
};

static enum gx_db_status insert_session(struct gx_store_conn *w, void *arg)
{
	struct session_item *it = arg;
	return gx_store_session_insert(w, &it->row, NULL);
}

static void inserted(void *arg, enum gx_db_status result)
{
	struct session_item *it = arg;
	it->result = result;
	atomic_store(&it->done, 1);
}

static struct session_item sessions[N];

static void test_a_failing_write_fails_alone(void **state)
{
	long long person = 0;
	struct gx_person_login in = {"1985031410148", "Marie", "Schmit", 2};
	long long s;
	assert_int_equal(gx_store_person_login(conn, &in, &person, &s), GX_DB_ONE_RESULT);
	for (int i = 0; i < N; i++) {
		sessions[i] = (struct session_item){0};
		sessions[i].row.id_hash[0] = (unsigned char)(i == 3 ? 1 : i); /* the fourth repeats the second's id */
		sessions[i].row.person_id = person;
		sessions[i].row.space_id = space;
		snprintf(sessions[i].row.csrf_token, sizeof(sessions[i].row.csrf_token), "t%d", i);
		sessions[i].row.created_at_us = sessions[i].row.last_seen_at_us = 1;
		sessions[i].row.expires_at_us = 1000000000;
	}
	for (int i = 0; i < N; i++)
		assert_int_equal(gx_store_durable_submit(store, insert_session, inserted, &sessions[i]), GX_STORE_OK);
	gx_store_durable_drain(store);
	for (int i = 0; i < N; i++) {
		assert_true(atomic_load(&sessions[i].done));
		if (i == 3)
			assert_true(sessions[i].result < 0);
		else
			assert_true(sessions[i].result >= 0);
	}
	struct gx_session_row got;
	assert_int_equal(gx_store_session_get(conn, sessions[4].row.id_hash, &got), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_session_get(conn, sessions[1].row.id_hash, &got), GX_DB_ONE_RESULT);
	assert_string_equal(got.csrf_token, "t1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writes_go_ahead_and_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_write_that_changed_nothing_gets_its_own_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_failing_write_fails_alone, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

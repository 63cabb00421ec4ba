/* Drafts, references and submissions in the store. */
#include "store/store.h"
#include "store/store_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;
static long long space;

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
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

static void test_draft_lifecycle(void **state)
{
	struct gx_draft d = {.space_id = space, .procedure_id = "dog-registration", .procedure_version = 2,
			     .data_json = "{\"name\":\"Rex\"}", .provenance_json = "{}", .created_at_us = 10};
	long long id;
	assert_int_equal(gx_store_draft_create(conn, &d, &id), GX_DB_ONE_RESULT);
	struct gx_draft got = {0};
	assert_int_equal(gx_store_draft_get(conn, id, &got), GX_DB_ONE_RESULT);
	assert_string_equal(got.data_json, "{\"name\":\"Rex\"}");
	assert_int_equal(got.procedure_version, 2);
	assert_int_equal(got.space_id, space);
	gx_draft_clear(&got);
	assert_int_equal(gx_store_draft_save(conn, id, "{\"name\":\"Max\"}", 1, 20), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_draft_get(conn, id, &got), GX_DB_ONE_RESULT);
	assert_string_equal(got.data_json, "{\"name\":\"Max\"}");
	assert_int_equal(got.step, 1);
	assert_int_equal(got.updated_at_us, 20);
	gx_draft_clear(&got);
	assert_true(gx_store_draft_save(conn, id, "[1]", 1, 30) < 0); /* data must be an object */
	assert_int_equal(gx_store_draft_delete(conn, id), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_draft_get(conn, id, &got), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_draft_save(conn, id, "{}", 1, 40), GX_DB_NO_RESULTS);
}

static void test_references_count_per_year(void **state)
{
	long long a, b, c;
	assert_int_equal(gx_store_reference_next(conn, 2026, &a), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_reference_next(conn, 2026, &b), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_reference_next(conn, 2027, &c), GX_DB_ONE_RESULT);
	assert_int_equal(a, 1);
	assert_int_equal(b, 2);
	assert_int_equal(c, 1);
}

static void test_submission_immutable_with_timeline(void **state)
{
	struct gx_submission s = {.space_id = space, .reference = "2026-GX-000001", .procedure_id = "p",
				  .procedure_version = 1, .organisation = "commune", .data_json = "{}",
				  .receipt_json = "{\"r\":1}", .signature = "sig", .submitted_at_us = 5};
	long long id;
	assert_int_equal(gx_store_submission_insert(conn, &s, &id), GX_DB_ONE_RESULT);
	assert_true(gx_store_submission_insert(conn, &s, &id) < 0); /* the reference is unique */
	struct gx_submission got = {0};
	assert_int_equal(gx_store_submission_get(conn, id, &got), GX_DB_ONE_RESULT);
	assert_string_equal(got.reference, "2026-GX-000001");
	assert_string_equal(got.receipt_json, "{\"r\":1}");
	gx_submission_clear(&got);

	assert_int_equal(gx_store_submission_event(conn, id, 6, "received", "{\"en\":\"Thank you\"}"), GX_DB_ONE_RESULT);
	char *timeline = NULL;
	assert_int_equal(gx_store_submission_timeline(conn, id, &timeline), GX_DB_ONE_RESULT);
	assert_non_null(strstr(timeline, "\"status\":\"submitted\""));
	assert_non_null(strstr(timeline, "\"status\":\"received\""));
	assert_true(strstr(timeline, "submitted") < strstr(timeline, "received"));
	free(timeline);

	struct gx_test_raw db = gx_test_raw_open(&tdb);
	assert_int_not_equal(gx_test_raw_try(&db, "UPDATE submissions SET data = '{\"x\":1}'", NULL, 0), 0);
	gx_test_raw_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_draft_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_references_count_per_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submission_immutable_with_timeline, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

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
	struct gx_store_config cfg;
	char err[256];
	gx_test_db_make(&tdb);
	gx_test_config(&cfg, &tdb);
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

/* The overview: newest first, filters, paging with and without the count,
 * and a later event moving a submission to "completed". */
static void test_space_overview(void **state)
{
	long long drafts[3], sub;
	for (int i = 0; i < 3; i++) {
		struct gx_draft d = {.space_id = space, .procedure_id = "dog-registration", .procedure_version = 1,
				     .data_json = "{}", .provenance_json = "{}", .created_at_us = 100 + i};
		assert_int_equal(gx_store_draft_create(conn, &d, &drafts[i]), GX_DB_ONE_RESULT);
	}
	struct gx_submission s = {.space_id = space, .reference = "2026-GX-000042", .procedure_id = "birth-allowance",
				  .procedure_version = 3, .organisation = "cae", .data_json = "{}",
				  .receipt_json = "{}", .signature = "sig", .submitted_at_us = 200};
	assert_int_equal(gx_store_submission_insert(conn, &s, &sub), GX_DB_ONE_RESULT);

	struct gx_space_item items[10];
	size_t n;
	long long total;
	assert_int_equal(gx_store_space_overview(conn, space, "all", 0, 10, items, &n, &total), GX_DB_ONE_RESULT);
	assert_int_equal(n, 4);
	assert_int_equal(total, 4);
	assert_false(items[0].draft); /* the newest: the submission */
	assert_int_equal(items[0].id, sub);
	assert_string_equal(items[0].reference, "2026-GX-000042");
	assert_string_equal(items[0].status, "submitted");
	assert_string_equal(items[0].organisation, "cae");
	assert_int_equal(items[0].procedure_version, 3);
	assert_true(items[1].draft);
	assert_int_equal(items[1].id, drafts[2]);
	assert_string_equal(items[1].reference, "");
	assert_int_equal(items[3].id, drafts[0]);

	/* A full page counts; a page after the first counts too. */
	assert_int_equal(gx_store_space_overview(conn, space, "all", 0, 2, items, &n, &total), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_int_equal(total, 4);
	assert_int_equal(gx_store_space_overview(conn, space, "all", 3, 2, items, &n, &total), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(total, 4);
	assert_int_equal(gx_store_space_overview(conn, space, "all", 8, 2, items, &n, &total), GX_DB_ONE_RESULT);
	assert_int_equal(n, 0);
	assert_int_equal(total, 4);

	assert_int_equal(gx_store_space_overview(conn, space, "drafts", 0, 10, items, &n, &total), GX_DB_ONE_RESULT);
	assert_int_equal(total, 3);
	assert_int_equal(gx_store_space_overview(conn, space, "active", 0, 10, items, &n, &total), GX_DB_ONE_RESULT);
	assert_int_equal(total, 1);
	assert_int_equal(gx_store_space_overview(conn, space, "completed", 0, 10, items, &n, &total), GX_DB_ONE_RESULT);
	assert_int_equal(total, 0);

	/* The first event said nothing new; a later one moves the row. */
	assert_int_equal(gx_store_submission_event(conn, sub, 300, "completed", NULL), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_space_overview(conn, space, "completed", 0, 10, items, &n, &total), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].status, "completed");
	assert_int_equal(items[0].updated_at_us, 300);
	assert_int_equal(items[0].created_at_us, 200);
	assert_int_equal(gx_store_space_overview(conn, space, "active", 0, 10, items, &n, &total), GX_DB_ONE_RESULT);
	assert_int_equal(total, 0);

	/* Another space sees none of it. */
	struct gx_person_login other = {"1990122300157", "Luc", "Weber", 2};
	long long op, os;
	assert_int_equal(gx_store_person_login(conn, &other, &op, &os), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_space_overview(conn, os, "all", 0, 10, items, &n, &total), GX_DB_ONE_RESULT);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_draft_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_references_count_per_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submission_immutable_with_timeline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_space_overview, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Submissions without logging in, in the store, on SQLite and PostgreSQL:
 * an unowned space each, the form token's record (once), the reference it
 * gives back, and the abuse limits' counts per window, old ones forgotten. */
#include "store/store.h"
#include "store/store_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
	conn = gx_store_conn_open(store);
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static void test_guest_submission(void **state)
{
	unsigned char token[32], other[32];
	memset(token, 7, sizeof(token));
	memset(other, 8, sizeof(other));
	char ref[32];
	assert_int_equal(gx_store_guest_reference(conn, token, ref, sizeof(ref)), GX_DB_NO_RESULTS);
	long long space = 0, space2 = 0, id = 0;
	assert_int_equal(gx_store_tx_begin(conn, true), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_guest_space_create(conn, 100, &space), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_guest_space_create(conn, 100, &space2), GX_DB_ONE_RESULT);
	assert_true(space > 0 && space2 != space); /* one each: nothing in common */
	struct gx_submission s = {.space_id = space, .reference = "2026-GX-000001", .procedure_id = "lost-property",
				  .procedure_version = 1, .organisation = "police", .data_json = "{}",
				  .receipt_json = "{}", .signature = "sig", .submitted_at_us = 100};
	assert_int_equal(gx_store_submission_insert(conn, &s, &id), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_guest_submission_put(conn, id, token, 100), GX_DB_ONE_RESULT);
	assert_true(gx_store_tx_commit(conn) >= 0);
	assert_int_equal(gx_store_guest_reference(conn, token, ref, sizeof(ref)), GX_DB_ONE_RESULT);
	assert_string_equal(ref, "2026-GX-000001");
	assert_int_equal(gx_store_guest_reference(conn, other, ref, sizeof(ref)), GX_DB_NO_RESULTS);
	/* the same token again: a conflict, nothing written */
	assert_int_equal(gx_store_guest_submission_put(conn, id, token, 200), GX_DB_CONFLICT);
	/* the space has no owner: no person comes with it */
	struct gx_person owner;
	assert_int_equal(gx_store_space_owner(conn, space, &owner), GX_DB_NO_RESULTS);
}

static void test_limits(void **state)
{
	unsigned char a[32], b[32];
	memset(a, 1, sizeof(a));
	memset(b, 2, sizeof(b));
	long long n = 0;
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(gx_store_guest_limit_add(conn, a, 3600, 0, &n), GX_DB_ONE_RESULT);
		assert_int_equal(n, i);
	}
	assert_int_equal(gx_store_guest_limit_add(conn, b, 3600, 0, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);                               /* another key */
	assert_int_equal(gx_store_guest_limit_add(conn, a, 7200, 0, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);                               /* another window */
	/* windows that started before 7200 are forgotten: a's first starts over */
	assert_int_equal(gx_store_guest_limit_add(conn, a, 3600, 7200, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest_submission),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

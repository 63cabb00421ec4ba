/** Unit tests of self-declared data: the store round trip and one person's
 *  values never another's. Their use in a draft: draft_prefill_test.c. */

#include "core/self_declared.h"
#include "store/store.h"
#include "store/store_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;
static long long anne, ben;

struct login {
	const char *national_id;
	long long person_id;
};

static enum gx_db_status do_login(struct gx_store_conn *c, void *arg)
{
	struct login *l = arg;
	struct gx_person_login in = {.national_id = l->national_id, .given_name = "A", .family_name = "B", .at_us = 1};
	long long space;
	return gx_store_person_login(c, &in, &l->person_id, &space);
}

static int setup(void **state)
{
	gx_test_db_make(&tdb);
	struct gx_store_config cfg;
	gx_test_config(&cfg, &tdb);
	char err[256];
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		return -1;
	conn = gx_store_conn_open(store);
	struct login a = {"1985031410148", 0}, b = {"1972110213859", 0};
	if (conn == NULL || gx_store_run_tx(conn, true, do_login, &a) < 0 || gx_store_run_tx(conn, true, do_login, &b) < 0)
		return -1;
	anne = a.person_id;
	ben = b.person_id;
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static void test_store_round_trip(void **state)
{
	/* 2024-03-01T10:00:00Z */
	const long long at = 1709287200000000LL;
	assert_int_equal(gx_store_self_declared_set(conn, anne, "phone", "+352 621 000 001", at), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_self_declared_set(conn, anne, "phone", "+352 621 000 002", at + 1), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_self_declared_set(conn, anne, "email", "anne@example.lu", at), GX_DB_ONE_RESULT);
	json_t *v = gx_self_declared_load(conn, GX_ID(gx_person_id, anne));
	assert_non_null(v);
	assert_int_equal(json_object_size(v), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "phone"), "value")), "+352 621 000 002");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "phone"), "updated_at_us")), at + 1);
	json_t *api = gx_self_declared_values(v);
	assert_string_equal(json_string_value(json_object_get(json_object_get(api, "email"), "as_of")), "2024-03-01");
	json_decref(api);
	json_decref(v);

	/* Ben sees none of Anne's. */
	v = gx_self_declared_load(conn, GX_ID(gx_person_id, ben));
	assert_non_null(v);
	assert_int_equal(json_object_size(v), 0);
	json_decref(v);
	/* Ben's delete does not touch Anne's. */
	assert_int_equal(gx_store_self_declared_set(conn, ben, "email", NULL, at), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_self_declared_set(conn, anne, "email", NULL, at), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_self_declared_set(conn, anne, "email", NULL, at), GX_DB_NO_RESULTS);
	v = gx_self_declared_load(conn, GX_ID(gx_person_id, anne));
	assert_int_equal(json_object_size(v), 1);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_round_trip),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

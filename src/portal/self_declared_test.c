/** Unit tests of self-declared data: the store round trip, one person's
 *  values never another's, and the prefill rule: a register's value wins
 *  over a self-declared one unless the field says "prefer": "self". */

#include "portal/self_declared.h"
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
	json_t *v = gx_self_declared_load(conn, anne);
	assert_non_null(v);
	assert_int_equal(json_object_size(v), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "phone"), "value")), "+352 621 000 002");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "phone"), "updated_at_us")), at + 1);
	json_t *api = gx_self_declared_api_values(v);
	assert_string_equal(json_string_value(json_object_get(json_object_get(api, "email"), "as_of")), "2024-03-01");
	json_decref(api);
	json_decref(v);

	/* Ben sees none of Anne's. */
	v = gx_self_declared_load(conn, ben);
	assert_non_null(v);
	assert_int_equal(json_object_size(v), 0);
	json_decref(v);
	/* Ben's delete does not touch Anne's. */
	assert_int_equal(gx_store_self_declared_set(conn, ben, "email", NULL, at), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_self_declared_set(conn, anne, "email", NULL, at), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_self_declared_set(conn, anne, "email", NULL, at), GX_DB_NO_RESULTS);
	v = gx_self_declared_load(conn, anne);
	assert_int_equal(json_object_size(v), 1);
	json_decref(v);
}

static const char definition_text[] =
	"{\"steps\": [{\"id\": \"you\", \"fields\": ["
	" {\"id\": \"by_default\", \"kind\": \"phone\", \"prefill\": {\"self\": \"phone\"}},"
	" {\"id\": \"prefer_self\", \"kind\": \"phone\", \"prefill\": {\"self\": \"phone\"}, \"prefer\": \"self\"},"
	" {\"id\": \"prefer_register\", \"kind\": \"phone\", \"prefill\": {\"self\": \"phone\"}, \"prefer\": \"register\"},"
	" {\"id\": \"empty\", \"kind\": \"phone\", \"prefill\": {\"self\": \"phone\"}},"
	" {\"id\": \"undeclared\", \"kind\": \"email\", \"prefill\": {\"self\": \"email\"}},"
	" {\"id\": \"language\", \"kind\": \"choice\", \"prefill\": {\"self\": \"preferred_language\"},"
	"  \"options\": [{\"value\": \"fr\"}, {\"value\": \"de\"}]},"
	" {\"id\": \"street\", \"kind\": \"text\", \"prefill\": {\"source\": \"persons\", \"attribute\": \"address.street\"}}"
	"]}]}";

static void test_prefill_precedence(void **state)
{
	const long long at = 1709287200000000LL;
	assert_int_equal(gx_store_self_declared_set(conn, anne, "phone", "+352 621 999 999", at), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_self_declared_set(conn, anne, "preferred_language", "lb", at), GX_DB_ONE_RESULT);
	json_error_t err;
	json_t *def = json_loads(definition_text, 0, &err);
	assert_non_null(def);
	/* What the registers filled (as on_prefilled does before). */
	json_t *data = json_pack("{s:s, s:s, s:s, s:s}", "by_default", "+352 111 111 111", "prefer_self", "+352 111 111 111",
				 "prefer_register", "+352 111 111 111", "street", "Rue Large");
	json_t *provenance = json_pack("{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}", "by_default", "source", "persons",
				       "prefer_self", "source", "persons", "prefer_register", "source", "persons",
				       "street", "source", "persons");
	assert_int_equal(gx_self_declared_prefill(conn, anne, def, data, provenance), 0);

	/* The authentic value wins by default and with "prefer": "register". */
	assert_string_equal(json_string_value(json_object_get(data, "by_default")), "+352 111 111 111");
	assert_string_equal(json_string_value(json_object_get(json_object_get(provenance, "by_default"), "source")), "persons");
	assert_string_equal(json_string_value(json_object_get(data, "prefer_register")), "+352 111 111 111");
	/* "prefer": "self": the person's own value. */
	assert_string_equal(json_string_value(json_object_get(data, "prefer_self")), "+352 621 999 999");
	json_t *p = json_object_get(provenance, "prefer_self");
	assert_string_equal(json_string_value(json_object_get(p, "source")), "self");
	assert_string_equal(json_string_value(json_object_get(p, "attribute")), "phone");
	assert_string_equal(json_string_value(json_object_get(p, "as_of")), "2024-03-01");
	/* No register value: the self-declared one. */
	assert_string_equal(json_string_value(json_object_get(data, "empty")), "+352 621 999 999");
	assert_string_equal(json_string_value(json_object_get(json_object_get(provenance, "empty"), "source")), "self");
	/* Nothing declared, or not an option of the choice: left empty. */
	assert_null(json_object_get(data, "undeclared"));
	assert_null(json_object_get(data, "language"));
	assert_null(json_object_get(provenance, "language"));
	/* Register fields are not touched. */
	assert_string_equal(json_string_value(json_object_get(data, "street")), "Rue Large");

	/* Ben, with nothing declared, gets nothing from Anne. */
	json_t *ben_data = json_object(), *ben_prov = json_object();
	assert_int_equal(gx_self_declared_prefill(conn, ben, def, ben_data, ben_prov), 0);
	assert_int_equal(json_object_size(ben_data), 0);
	assert_int_equal(json_object_size(ben_prov), 0);
	json_decref(ben_data);
	json_decref(ben_prov);
	json_decref(data);
	json_decref(provenance);
	json_decref(def);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_round_trip),
		cmocka_unit_test(test_prefill_precedence),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/** Unit tests of a register's store (schema REGISTRY): records, access log, and the
 *  separation from the platform's schema. */

#include "store/migrations.h"
#include "store/store.h"
#include "store/store_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
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

static struct gx_store *open_schema(enum gx_store_schema schema)
{
	struct gx_store_config cfg;
	struct gx_store *store = NULL;
	char err[256];
	gx_test_config(&cfg, &tdb);
	cfg.schema = schema;
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("gx_store_open: %s", err);
	return store;
}

static struct gx_registry_access test_access(void)
{
	struct gx_registry_access a = {
		.at_us = 1700000000000000LL,
		.client = "guichet",
		.organisation = "guichet",
		.on_behalf_of = "1985031410148",
		.subject_type = "national_id",
		.subject = "1985031410148",
		.attributes_json = "[\"address.street\"]",
		.procedure = "my-data",
		.legal_basis = NULL,
		.request_id = "req-1",
	};
	return a;
}

static void test_default_schema_is_platform(void **state)
{
	struct gx_store_config cfg;
	gx_store_config_defaults(&cfg);
	assert_int_equal(cfg.schema, GX_STORE_SCHEMA_PLATFORM);
	size_t n = 0;
	const struct gx_store_migration *set = gx_store_migration_set(GX_STORE_SCHEMA_REGISTRY, &n);
	assert_true(n >= 1);
	assert_int_equal(set[0].version, 1);
	assert_string_equal(set[0].name, "registry");
	assert_int_equal(gx_store_migration_set_latest(GX_STORE_SCHEMA_REGISTRY), set[n - 1].version);
}

static void test_put_get_replace(void **state)
{
	struct gx_store *store = open_schema(GX_STORE_SCHEMA_REGISTRY);
	struct gx_store_conn *conn = gx_store_conn_open(store);
	struct gx_registry_record rec;
	assert_non_null(conn);
	assert_int_equal(gx_store_schema_ready(conn), 1);

	assert_int_equal(gx_store_registry_get(conn, "national_id", "1985031410148", &rec), GX_DB_NO_RESULTS);
	assert_null(rec.data_json);
	assert_int_equal(gx_store_registry_put(conn, "national_id", "1985031410148",
					       "{\"given_name\":\"Anne\"}", "2026-01-03", 4),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_registry_get(conn, "national_id", "1985031410148", &rec), GX_DB_ONE_RESULT);
	assert_string_equal(rec.data_json, "{\"given_name\":\"Anne\"}");
	assert_string_equal(rec.as_of, "2026-01-03");
	assert_int_equal(rec.version, 4);
	free(rec.data_json);

	/* insert or replace */
	assert_int_equal(gx_store_registry_put(conn, "national_id", "1985031410148",
					       "{\"given_name\":\"Anna\"}", "2026-02-01", 5),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_registry_get(conn, "national_id", "1985031410148", &rec), GX_DB_ONE_RESULT);
	assert_string_equal(rec.data_json, "{\"given_name\":\"Anna\"}");
	assert_int_equal(rec.version, 5);
	free(rec.data_json);

	/* the key type is part of the key */
	assert_int_equal(gx_store_registry_get(conn, "rcs_number", "1985031410148", &rec), GX_DB_NO_RESULTS);

	/* data must be a JSON object; as_of a date */
	assert_int_equal(gx_store_registry_put(conn, "national_id", "x", "not json", "2026-01-03", 1),
			 GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_registry_put(conn, "national_id", "x", "[1]", "2026-01-03", 1), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_registry_put(conn, "national_id", "x", "{}", "2026", 1), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_registry_put(conn, "national_id", NULL, "{}", "2026-01-03", 1), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_registry_get(conn, "national_id", "x", &rec), GX_DB_NO_RESULTS);

	gx_store_conn_close(conn);
	gx_store_close(store);
}

static void test_access_log(void **state)
{
	struct gx_store *store = open_schema(GX_STORE_SCHEMA_REGISTRY);
	struct gx_store_conn *conn = gx_store_conn_open(store);
	long long n = -1;
	assert_int_equal(gx_store_registry_access_count(conn, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 0);

	struct gx_registry_access a = test_access();
	assert_int_equal(gx_store_registry_access_append(conn, &a), GX_DB_ONE_RESULT);
	a.on_behalf_of = NULL;
	a.procedure = NULL;
	assert_int_equal(gx_store_registry_access_append(conn, &a), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_registry_access_count(conn, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);

	/* required fields, and a JSON array of names */
	a = test_access();
	a.client = NULL;
	assert_int_equal(gx_store_registry_access_append(conn, &a), GX_DB_HARD_ERROR);
	a = test_access();
	a.attributes_json = "{\"address.street\":\"Rue\"}";
	assert_int_equal(gx_store_registry_access_append(conn, &a), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_registry_access_count(conn, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);

	/* survives a reopen */
	gx_store_conn_close(conn);
	gx_store_close(store);
	store = open_schema(GX_STORE_SCHEMA_REGISTRY);
	conn = gx_store_conn_open(store);
	assert_int_equal(gx_store_registry_access_count(conn, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	gx_store_conn_close(conn);
	gx_store_close(store);
}

static void test_platform_methods_fail_on_registry(void **state)
{
	struct gx_store *store = open_schema(GX_STORE_SCHEMA_REGISTRY);
	struct gx_store_conn *conn = gx_store_conn_open(store);
	struct gx_access_record rec = gx_test_record("1985031410148");
	struct gx_person_login login = {"1985031410148", "Anne", "Muller", 1};
	struct gx_person p;
	long long n = 0, pid = 0, sid = 0;

	assert_int_equal(gx_store_access_record_append(conn, &rec), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_access_records_count(conn, "1985031410148", &n), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_person_login(conn, &login, &pid, &sid), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_person_get(conn, 1, &p), GX_DB_HARD_ERROR);
	assert_false(gx_store_conn_in_tx(conn));
	gx_store_conn_close(conn);
	gx_store_close(store);
}

static void test_registry_methods_fail_on_platform(void **state)
{
	struct gx_store *store = open_schema(GX_STORE_SCHEMA_PLATFORM);
	struct gx_store_conn *conn = gx_store_conn_open(store);
	struct gx_registry_record rec;
	struct gx_registry_access a = test_access();
	long long n = 0;

	assert_int_equal(gx_store_registry_put(conn, "national_id", "1", "{}", "2026-01-03", 1), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_registry_get(conn, "national_id", "1", &rec), GX_DB_HARD_ERROR);
	assert_null(rec.data_json);
	assert_int_equal(gx_store_registry_access_append(conn, &a), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_registry_access_count(conn, &n), GX_DB_HARD_ERROR);
	gx_store_conn_close(conn);
	gx_store_close(store);
}

static void test_schemas_refuse_each_others_database(void **state)
{
	struct gx_store_config cfg;
	struct gx_store *store = open_schema(GX_STORE_SCHEMA_PLATFORM);
	char err[256];
	gx_store_close(store);

	gx_test_config(&cfg, &tdb);
	cfg.schema = GX_STORE_SCHEMA_REGISTRY;
	store = NULL;
	assert_int_not_equal(gx_store_open(&cfg, &store, err, sizeof(err)), GX_STORE_OK);
	assert_null(store);

	cfg.schema = (enum gx_store_schema)7;
	assert_int_equal(gx_store_open(&cfg, &store, err, sizeof(err)), GX_STORE_ERR);
	assert_null(store);
}

static void test_registry_database_refused_as_platform(void **state)
{
	struct gx_store_config cfg;
	struct gx_store *store = open_schema(GX_STORE_SCHEMA_REGISTRY);
	char err[256];
	gx_store_close(store);
	gx_test_config(&cfg, &tdb);
	store = NULL;
	assert_int_not_equal(gx_store_open(&cfg, &store, err, sizeof(err)), GX_STORE_OK);
	assert_null(store);
}

/* The subject's reads come back newest first, as JSON, the limit saying when there were more. */
static void test_access_of_a_subject(void **state)
{
	struct gx_store *store = open_schema(GX_STORE_SCHEMA_REGISTRY);
	struct gx_store_conn *conn = gx_store_conn_open(store);
	struct gx_registry_access a = test_access();
	assert_int_equal(gx_store_registry_access_append(conn, &a), GX_DB_ONE_RESULT);
	a.at_us += 10;
	a.request_id = "req-2";
	a.client = "other";
	a.organisation = "police";
	a.on_behalf_of = NULL;
	a.legal_basis = "Law \"x\"";
	assert_int_equal(gx_store_registry_access_append(conn, &a), GX_DB_ONE_RESULT);
	a.subject = "1972110213859";
	a.request_id = "req-3";
	assert_int_equal(gx_store_registry_access_append(conn, &a), GX_DB_ONE_RESULT);

	char *json = NULL;
	bool more = true;
	assert_int_equal(gx_store_registry_access_of(conn, "national_id", "1985031410148", 10, &json, &more),
			 GX_DB_ONE_RESULT);
	assert_false(more);
	assert_string_equal(json,
			    "[{\"at_us\":1700000000000010,\"client\":\"other\",\"organisation\":\"police\","
			    "\"on_behalf_of\":null,\"attributes\":[\"address.street\"],\"procedure\":\"my-data\","
			    "\"legal_basis\":\"Law \\\"x\\\"\",\"request_id\":\"req-2\"},"
			    "{\"at_us\":1700000000000000,\"client\":\"guichet\",\"organisation\":\"guichet\","
			    "\"on_behalf_of\":\"1985031410148\",\"attributes\":[\"address.street\"],\"procedure\":"
			    "\"my-data\",\"legal_basis\":null,\"request_id\":\"req-1\"}]");
	free(json);
	assert_int_equal(gx_store_registry_access_of(conn, "national_id", "1985031410148", 1, &json, &more),
			 GX_DB_ONE_RESULT);
	assert_true(more);
	assert_non_null(strstr(json, "req-2"));
	assert_null(strstr(json, "req-1"));
	free(json);
	assert_int_equal(gx_store_registry_access_of(conn, "national_id", "1990122300157", 10, &json, &more),
			 GX_DB_ONE_RESULT);
	assert_string_equal(json, "[]");
	assert_false(more);
	free(json);
	gx_store_conn_close(conn);
	gx_store_close(store);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_schema_is_platform),
		cmocka_unit_test_setup_teardown(test_put_get_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_of_a_subject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_platform_methods_fail_on_registry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry_methods_fail_on_platform, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schemas_refuse_each_others_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry_database_refused_as_platform, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

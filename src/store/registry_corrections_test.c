/** Unit tests of a register's correction queue (store/corrections.h,
 *  schema REGISTRY), on the backend GX_TEST_STORE names: filing with files
 *  and the client's request id unique, reading back, the queue's lists,
 *  status moves that only go forward, the feed numbered per client in
 *  order, and the methods refused on a platform store. */

#include "store/corrections.h"
#include "store/store.h"
#include "store/store_testutil.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;

static struct gx_store *open_schema(enum gx_store_schema schema)
{
	struct gx_store_config cfg;
	struct gx_store *s = NULL;
	char err[256];
	gx_test_config(&cfg, &tdb);
	cfg.schema = schema;
	if (gx_store_open(&cfg, &s, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("gx_store_open: %s", err);
	return s;
}

static int setup(void **state)
{
	(void)state;
	gx_test_db_make(&tdb);
	store = open_schema(GX_STORE_SCHEMA_REGISTRY);
	conn = gx_store_conn_open(store);
	return conn != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

#define HASH "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static struct gx_registry_correction_new filing(const char *client, const char *request_id, long long at)
{
	return (struct gx_registry_correction_new){
		.client = client, .request_id = request_id, .request_hash = HASH, .subject_type = "national_id",
		.subject = "1985031410148", .attribute = "address.street",
		.request_json = "{\"proposed\":\"Rue Neuve\",\"explanation\":\"moved\"}", .received_at_us = at,
		.due = "2026-03-09"};
}

static json_t *load(char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	free(text);
	assert_non_null(j);
	return j;
}

static void test_file_read_and_evidence(void **state)
{
	(void)state;
	struct gx_registry_correction_new c = filing("guichet", "cor_1", 1000);
	struct gx_store_evidence files[2] = {{.seq = 1, .name = "lease.pdf", .content_type = "application/pdf",
						 .size = 9, .sha256 = HASH, .data = "%PDF-1.7\n"},
						{.seq = 2, .name = "photo.png", .content_type = "image/png",
						 .size = 0, .sha256 = HASH, .data = NULL}};
	long long id = 0, again = 0;
	assert_int_equal(gx_store_registry_correction_insert(conn, &c, files, 2, &id), GX_DB_ONE_RESULT);
	assert_true(id > 0);
	/* The same request id again: refused, nothing stored. */
	assert_int_equal(gx_store_registry_correction_insert(conn, &c, NULL, 0, &again), GX_DB_CONFLICT);
	/* Another client may use the same id. */
	struct gx_registry_correction_new other = filing("other", "cor_1", 1001);
	assert_int_equal(gx_store_registry_correction_insert(conn, &other, NULL, 0, &again), GX_DB_ONE_RESULT);
	assert_true(again != id);

	char *text = NULL;
	assert_int_equal(gx_store_registry_correction_get(conn, id, NULL, &text), GX_DB_ONE_RESULT);
	json_t *row = load(text);
	assert_int_equal(json_integer_value(json_object_get(row, "id")), id);
	assert_string_equal(json_string_value(json_object_get(row, "status")), "open");
	assert_string_equal(json_string_value(json_object_get(row, "due")), "2026-03-09");
	assert_string_equal(json_string_value(json_object_get(row, "request_hash")), HASH);
	assert_true(json_is_null(json_object_get(row, "decision")));
	assert_true(json_is_null(json_object_get(row, "decided_at_us")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(row, "request"), "proposed")), "Rue Neuve");
	json_decref(row);
	/* Only the client's own, when one is named. */
	assert_int_equal(gx_store_registry_correction_get(conn, id, "guichet", &text), GX_DB_ONE_RESULT);
	free(text);
	assert_int_equal(gx_store_registry_correction_get(conn, id, "other", &text), GX_DB_NO_RESULTS);
	assert_null(text);
	assert_int_equal(gx_store_registry_correction_get(conn, id + 100, NULL, &text), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_registry_correction_by_request(conn, "guichet", "cor_1", &text), GX_DB_ONE_RESULT);
	row = load(text);
	assert_int_equal(json_integer_value(json_object_get(row, "id")), id);
	json_decref(row);
	assert_int_equal(gx_store_registry_correction_by_request(conn, "guichet", "cor_2", &text), GX_DB_NO_RESULTS);

	struct gx_store_evidence e;
	assert_int_equal(gx_store_registry_evidence_get(conn, id, 1, &e), GX_DB_ONE_RESULT);
	assert_string_equal(e.name, "lease.pdf");
	assert_string_equal(e.content_type, "application/pdf");
	assert_int_equal(e.size, 9);
	assert_memory_equal(e.data, "%PDF-1.7\n", 9);
	free(e.data);
	assert_int_equal(gx_store_registry_evidence_get(conn, id, 2, &e), GX_DB_ONE_RESULT);
	assert_int_equal(e.size, 0);
	free(e.data);
	assert_int_equal(gx_store_registry_evidence_get(conn, id, 3, &e), GX_DB_NO_RESULTS);
	assert_null(e.data);
}

static void test_statuses_only_go_forward(void **state)
{
	(void)state;
	long long a, b, c;
	struct gx_registry_correction_new f1 = filing("guichet", "cor_a", 10), f2 = filing("guichet", "cor_b", 20),
					  f3 = filing("guichet", "cor_c", 30);
	assert_int_equal(gx_store_registry_correction_insert(conn, &f1, NULL, 0, &a), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_registry_correction_insert(conn, &f2, NULL, 0, &b), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_registry_correction_insert(conn, &f3, NULL, 0, &c), GX_DB_ONE_RESULT);

	assert_int_equal(gx_store_registry_correction_set_status(conn, a, "in_review", NULL, 40), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_registry_correction_set_status(conn, a, "in_review", NULL, 41), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_registry_correction_set_status(conn, a, "accepted", "{\"by\":\"op\",\"version\":5}", 50),
			 GX_DB_ONE_RESULT);
	/* Decided: nothing moves it any more. */
	assert_int_equal(gx_store_registry_correction_set_status(conn, a, "rejected", "{}", 51), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_registry_correction_set_status(conn, a, "withdrawn", "{}", 51), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_registry_correction_set_status(conn, b, "withdrawn", "{\"by\":\"guichet\"}", 60),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_registry_correction_set_status(conn, b, "in_review", NULL, 61), GX_DB_NO_RESULTS);

	char *text;
	assert_int_equal(gx_store_registry_correction_get(conn, a, NULL, &text), GX_DB_ONE_RESULT);
	json_t *row = load(text);
	assert_string_equal(json_string_value(json_object_get(row, "status")), "accepted");
	assert_int_equal(json_integer_value(json_object_get(row, "decided_at_us")), 50);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(row, "decision"), "version")), 5);
	json_decref(row);

	/* The queue: open ones oldest first, decided ones apart. */
	assert_int_equal(gx_store_registry_corrections_list(conn, "open", 10, &text), GX_DB_ONE_RESULT);
	json_t *list = load(text);
	assert_int_equal(json_array_size(list), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), c);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "subject")), "1985031410148");
	json_decref(list);
	assert_int_equal(gx_store_registry_corrections_list(conn, "decided", 10, &text), GX_DB_ONE_RESULT);
	list = load(text);
	assert_int_equal(json_array_size(list), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), a);
	json_decref(list);
	assert_int_equal(gx_store_registry_corrections_list(conn, "all", 2, &text), GX_DB_ONE_RESULT);
	list = load(text);
	assert_int_equal(json_array_size(list), 2);
	json_decref(list);
	assert_int_equal(gx_store_registry_corrections_list(conn, "open ", 2, &text), GX_DB_HARD_ERROR);
}

static void test_feed_per_client_in_order(void **state)
{
	(void)state;
	long long a, b, seq = 0, last = -1;
	struct gx_registry_correction_new f1 = filing("guichet", "cor_a", 10), f2 = filing("other", "cor_b", 20);
	assert_int_equal(gx_store_registry_correction_insert(conn, &f1, NULL, 0, &a), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_registry_correction_insert(conn, &f2, NULL, 0, &b), GX_DB_ONE_RESULT);
	char *text;
	assert_int_equal(gx_store_registry_correction_feed(conn, "guichet", 0, 10, &text, &last), GX_DB_ONE_RESULT);
	assert_int_equal(last, 0);
	json_decref(load(text));
	assert_int_equal(gx_store_registry_correction_feed_append(conn, "guichet", a, 100, "in_review", "{}", &seq),
			 GX_DB_ONE_RESULT);
	assert_int_equal(seq, 1);
	assert_int_equal(gx_store_registry_correction_feed_append(conn, "other", b, 101, "rejected",
								  "{\"reason\":\"no\"}", &seq), GX_DB_ONE_RESULT);
	assert_int_equal(seq, 1);
	assert_int_equal(gx_store_registry_correction_feed_append(conn, "guichet", a, 102, "accepted",
								  "{\"version\":5,\"as_of\":\"2026-03-02\"}", &seq),
			 GX_DB_ONE_RESULT);
	assert_int_equal(seq, 2);

	assert_int_equal(gx_store_registry_correction_feed(conn, "guichet", 0, 10, &text, &last), GX_DB_ONE_RESULT);
	assert_int_equal(last, 2);
	json_t *feed = load(text);
	assert_int_equal(json_array_size(feed), 2);
	json_t *first = json_array_get(feed, 0), *second = json_array_get(feed, 1);
	assert_int_equal(json_integer_value(json_object_get(first, "seq")), 1);
	assert_string_equal(json_string_value(json_object_get(first, "kind")), "in_review");
	assert_string_equal(json_string_value(json_object_get(first, "request_id")), "cor_a");
	assert_string_equal(json_string_value(json_object_get(first, "subject")), "1985031410148");
	assert_string_equal(json_string_value(json_object_get(first, "attribute")), "address.street");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(second, "data"), "version")), 5);
	json_decref(feed);
	/* After 1, at most 1: the second only; after 2: nothing, last stays. */
	assert_int_equal(gx_store_registry_correction_feed(conn, "guichet", 1, 1, &text, &last), GX_DB_ONE_RESULT);
	feed = load(text);
	assert_int_equal(json_array_size(feed), 1);
	assert_int_equal(last, 2);
	json_decref(feed);
	assert_int_equal(gx_store_registry_correction_feed(conn, "guichet", 2, 10, &text, &last), GX_DB_ONE_RESULT);
	assert_int_equal(last, 2);
	json_decref(load(text));
}

static void test_refused_on_a_platform_store(void **state)
{
	(void)state;
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	gx_test_db_make(&tdb);
	store = open_schema(GX_STORE_SCHEMA_PLATFORM);
	conn = gx_store_conn_open(store);
	struct gx_registry_correction_new c = filing("guichet", "cor_1", 1);
	long long id;
	char *text;
	assert_int_equal(gx_store_registry_correction_insert(conn, &c, NULL, 0, &id), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_registry_correction_get(conn, 1, NULL, &text), GX_DB_HARD_ERROR);
	assert_int_equal(gx_store_registry_corrections_list(conn, "all", 1, &text), GX_DB_HARD_ERROR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_file_read_and_evidence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statuses_only_go_forward, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_per_client_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_on_a_platform_store, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

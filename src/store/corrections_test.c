/** Unit tests of a person's correction requests in the platform's store
 *  (store/corrections.h, schema PLATFORM), on the backend GX_TEST_STORE
 *  names: filing with files and the first event, the person's idempotency
 *  key, reads limited to the person, the outbox and its claims, the moves
 *  (sent, withdrawn before and after sending, the register's decisions),
 *  the timeline, the feed positions. */

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
static long long anne, ben;

static long long person(const char *nid)
{
	struct gx_person_login in = {.national_id = nid, .given_name = "A", .family_name = "B", .at_us = 1};
	long long id = 0, space = 0;
	assert_int_equal(gx_store_person_login(conn, &in, &id, &space), GX_DB_ONE_RESULT);
	return id;
}

static int setup(void **state)
{
	(void)state;
	struct gx_store_config cfg;
	char err[256];
	gx_test_db_make(&tdb);
	gx_test_config(&cfg, &tdb);
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("gx_store_open: %s", err);
	conn = gx_store_conn_open(store);
	anne = person("1985031410148");
	ben = person("1972110213859");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

#define HASH "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static struct gx_correction_new request(long long who, const char *key, const char *request_id, const char *ref)
{
	return (struct gx_correction_new){
		.person_id = who, .client_key = key, .request_hash = HASH, .request_id = request_id, .reference = ref,
		.register_name = "persons", .attribute = "address.street", .current_value = "Rue de la Gare",
		.current_version = 4, .proposed = "Rue Neuve", .explanation = "moved", .receipt_json = "{\"a\":1}",
		.signature = "sig", .at_us = 1000};
}

static json_t *load(char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	free(text);
	assert_non_null(j);
	return j;
}

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static json_t *row(long long who, long long id)
{
	char *text = NULL;
	assert_int_equal(gx_store_correction_get(conn, who, id, &text), GX_DB_ONE_RESULT);
	return load(text);
}

static void test_file_and_read(void **state)
{
	(void)state;
	struct gx_correction_new c = request(anne, "key-1", "cor_1", "2026-GX-000001");
	struct gx_store_evidence f = {.seq = 1, .name = "lease.pdf", .content_type = "application/pdf", .size = 5,
				      .sha256 = HASH, .data = "%PDF-"};
	long long id = 0, other = 0;
	assert_int_equal(gx_store_correction_insert(conn, &c, &f, 1, &id), GX_DB_ONE_RESULT);
	/* The same key of the same person: nothing stored. Another person may use it. */
	struct gx_correction_new again = request(anne, "key-1", "cor_2", "2026-GX-000002");
	assert_int_equal(gx_store_correction_insert(conn, &again, NULL, 0, &other), GX_DB_CONFLICT);
	struct gx_correction_new bens = request(ben, "key-1", "cor_3", "2026-GX-000003");
	bens.current_value = NULL;
	assert_int_equal(gx_store_correction_insert(conn, &bens, NULL, 0, &other), GX_DB_ONE_RESULT);

	json_t *r = row(anne, id);
	assert_string_equal(str(r, "status"), "pending");
	assert_string_equal(str(r, "outbox"), "file");
	assert_string_equal(str(r, "current_value"), "Rue de la Gare");
	assert_string_equal(str(r, "reference"), "2026-GX-000001");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "receipt"), "a")), 1);
	assert_true(json_is_null(json_object_get(r, "register_id")));
	assert_true(json_is_null(json_object_get(r, "decision")));
	json_decref(r);
	r = row(0, other);
	assert_true(json_is_null(json_object_get(r, "current_value")));
	json_decref(r);
	char *text = NULL;
	assert_int_equal(gx_store_correction_get(conn, ben, id, &text), GX_DB_NO_RESULTS); /* not Ben's */
	assert_int_equal(gx_store_correction_by_key(conn, anne, "key-1", &text), GX_DB_ONE_RESULT);
	r = load(text);
	assert_int_equal(json_integer_value(json_object_get(r, "id")), id);
	json_decref(r);
	assert_int_equal(gx_store_correction_by_key(conn, anne, "key-9", &text), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_correction_by_request(conn, "cor_1", &text), GX_DB_ONE_RESULT);
	json_decref(load(text));

	assert_int_equal(gx_store_corrections_of(conn, anne, 10, &text), GX_DB_ONE_RESULT);
	json_t *list = load(text);
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(str(json_array_get(list, 0), "attribute"), "address.street");
	json_decref(list);

	assert_int_equal(gx_store_correction_events(conn, id, &text), GX_DB_ONE_RESULT);
	json_t *ev = load(text);
	assert_int_equal(json_array_size(ev), 1);
	assert_string_equal(str(json_array_get(ev, 0), "kind"), "filed");
	json_decref(ev);
	int seq = 0;
	assert_int_equal(gx_store_correction_event_append(conn, id, 2000, "sent", "{\"due\":\"2026-03-09\"}", false, &seq),
			 GX_DB_ONE_RESULT);
	assert_int_equal(seq, 2);
	assert_int_equal(gx_store_correction_events(conn, id, &text), GX_DB_ONE_RESULT);
	ev = load(text);
	assert_string_equal(str(json_object_get(json_array_get(ev, 1), "detail"), "due"), "2026-03-09");
	json_decref(ev);

	assert_int_equal(gx_store_correction_evidence_list(conn, id, &text), GX_DB_ONE_RESULT);
	json_t *files = load(text);
	assert_int_equal(json_array_size(files), 1);
	assert_string_equal(str(json_array_get(files, 0), "name"), "lease.pdf");
	json_decref(files);
	struct gx_store_evidence got;
	assert_int_equal(gx_store_correction_evidence_get(conn, id, 1, &got), GX_DB_ONE_RESULT);
	assert_int_equal(got.size, 5);
	assert_memory_equal(got.data, "%PDF-", 5);
	free(got.data);
	assert_int_equal(gx_store_correction_evidence_get(conn, id, 2, &got), GX_DB_NO_RESULTS);
}

static void test_outbox_and_moves(void **state)
{
	(void)state;
	long long a, b, c;
	struct gx_correction_new ra = request(anne, "k-a", "cor_a", "2026-GX-000010"),
				 rb = request(anne, "k-b", "cor_b", "2026-GX-000011"),
				 rc = request(anne, "k-c", "cor_c", "2026-GX-000012");
	assert_int_equal(gx_store_correction_insert(conn, &ra, NULL, 0, &a), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_correction_insert(conn, &rb, NULL, 0, &b), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_correction_insert(conn, &rc, NULL, 0, &c), GX_DB_ONE_RESULT);
	char *text;
	assert_int_equal(gx_store_corrections_outbox(conn, 5000, 10, &text), GX_DB_ONE_RESULT);
	json_t *due = load(text);
	assert_int_equal(json_array_size(due), 3);
	json_decref(due);

	/* b is withdrawn before it was ever sent: the register need not be told. */
	struct gx_correction_change w = {.kind = GX_CC_WITHDRAW, .id = b, .person_id = anne, .at_us = 3000};
	struct gx_correction_change w_ben = {.kind = GX_CC_WITHDRAW, .id = c, .person_id = ben, .at_us = 3000};
	assert_int_equal(gx_store_correction_change(conn, &w_ben), GX_DB_NO_RESULTS);  /* not Ben's */
	assert_int_equal(gx_store_correction_change(conn, &w), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_correction_change(conn, &w), GX_DB_NO_RESULTS);      /* withdrawn already */
	json_t *r = row(anne, b);
	assert_string_equal(str(r, "status"), "withdrawn");
	assert_string_equal(str(r, "outbox"), "none");
	json_decref(r);

	/* a is claimed (once: a second claim at the same time finds it taken), then sent. */
	struct gx_correction_change claim = {.kind = GX_CC_CLAIM, .id = a, .next_at_us = 9000, .at_us = 5000};
	assert_int_equal(gx_store_correction_change(conn, &claim), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_correction_change(conn, &claim), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_corrections_outbox(conn, 5000, 10, &text), GX_DB_ONE_RESULT);
	due = load(text);
	assert_int_equal(json_array_size(due), 1);  /* c only: a waits until 9000 */
	json_decref(due);
	struct gx_correction_change sent = {.kind = GX_CC_SENT, .id = a, .register_id = 42, .due = "2026-03-09", .at_us = 6000};
	assert_int_equal(gx_store_correction_change(conn, &sent), GX_DB_ONE_RESULT);
	r = row(anne, a);
	assert_string_equal(str(r, "status"), "open");
	assert_string_equal(str(r, "outbox"), "none");
	assert_int_equal(json_integer_value(json_object_get(r, "register_id")), 42);
	assert_string_equal(str(r, "due"), "2026-03-09");
	json_decref(r);

	/* c is claimed, withdrawn while its sending is under way, then the register answers:
	 * the withdrawal is still to be sent. */
	claim.id = c;
	assert_int_equal(gx_store_correction_change(conn, &claim), GX_DB_ONE_RESULT);
	w.id = c;
	assert_int_equal(gx_store_correction_change(conn, &w), GX_DB_ONE_RESULT);
	r = row(anne, c);
	assert_string_equal(str(r, "outbox"), "withdraw");
	json_decref(r);
	sent.id = c;
	assert_int_equal(gx_store_correction_change(conn, &sent), GX_DB_ONE_RESULT);
	r = row(anne, c);
	assert_string_equal(str(r, "status"), "withdrawn");
	assert_string_equal(str(r, "outbox"), "withdraw");
	json_decref(r);
	struct gx_correction_change told = {.kind = GX_CC_WITHDRAW_SENT, .id = c, .at_us = 7000};
	assert_int_equal(gx_store_correction_change(conn, &told), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_correction_change(conn, &told), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_corrections_outbox(conn, 1LL << 60, 10, &text), GX_DB_ONE_RESULT);
	due = load(text);
	assert_int_equal(json_array_size(due), 0);
	json_decref(due);

	/* The register's moves on a: taken up, accepted; nothing after a final decision. */
	struct gx_correction_change d = {.kind = GX_CC_DECIDED, .id = a, .status = "in_review", .at_us = 8000};
	assert_int_equal(gx_store_correction_change(conn, &d), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_correction_change(conn, &d), GX_DB_NO_RESULTS);
	d.status = "accepted";
	d.decision_json = "{\"version\":5,\"as_of\":\"2026-03-02\"}";
	assert_int_equal(gx_store_correction_change(conn, &d), GX_DB_ONE_RESULT);
	d.status = "rejected";
	d.decision_json = "{\"reason\":\"x\"}";
	assert_int_equal(gx_store_correction_change(conn, &d), GX_DB_NO_RESULTS);
	r = row(anne, a);
	assert_string_equal(str(r, "status"), "accepted");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "decision"), "version")), 5);
	json_decref(r);
	/* A decision on a request the person withdrew meanwhile: the register's word stands. */
	d = (struct gx_correction_change){.kind = GX_CC_DECIDED, .id = c, .status = "rejected",
					  .decision_json = "{\"reason\":\"too late\"}", .at_us = 9000};
	assert_int_equal(gx_store_correction_change(conn, &d), GX_DB_ONE_RESULT);
	r = row(anne, c);
	assert_string_equal(str(r, "status"), "rejected");
	assert_string_equal(str(r, "outbox"), "none");
	json_decref(r);
}

static void test_feed_positions(void **state)
{
	(void)state;
	long long last = -1;
	assert_int_equal(gx_store_correction_feed_get(conn, "persons", &last), GX_DB_NO_RESULTS);
	assert_int_equal(last, 0);
	assert_int_equal(gx_store_correction_feed_set(conn, "persons", 7), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_correction_feed_set(conn, "persons", 5), GX_DB_ONE_RESULT); /* never backwards */
	assert_int_equal(gx_store_correction_feed_get(conn, "persons", &last), GX_DB_ONE_RESULT);
	assert_int_equal(last, 7);
	assert_int_equal(gx_store_correction_feed_get(conn, "vehicles", &last), GX_DB_NO_RESULTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_file_and_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_and_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_positions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Cases in the store: opened with their submission, changed only at the
 * revision read (a stale change is a conflict), the inbox filtered and
 * paged by key with its counts, the internal log, the timeline's entries,
 * each organisation's event feed in commit order, idempotency keys and
 * reuse consents. */
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

/* A submission of procedure in org at time at, opened as a case. */
static long long submit(const char *org, const char *procedure, long long at)
{
	static int n;
	struct gx_submission s = {.space_id = space, .procedure_version = 1, .data_json = "{}",
				  .receipt_json = "{}", .signature = "sig", .submitted_at_us = at};
	snprintf(s.reference, sizeof(s.reference), "2026-GX-%06d", ++n);
	snprintf(s.procedure_id, sizeof(s.procedure_id), "%s", procedure);
	snprintf(s.organisation, sizeof(s.organisation), "%s", org);
	long long id;
	assert_int_equal(gx_store_submission_insert(conn, &s, &id), GX_DB_ONE_RESULT);
	struct gx_case c = {.submission_id = id, .final = false, .submitted_at_us = at};
	snprintf(c.org, sizeof(c.org), "%s", org);
	snprintf(c.procedure_id, sizeof(c.procedure_id), "%s", procedure);
	snprintf(c.reference, sizeof(c.reference), "%s", s.reference);
	snprintf(c.status, sizeof(c.status), "submitted");
	snprintf(c.turn, sizeof(c.turn), "organisation");
	assert_int_equal(gx_store_case_open(conn, &c), GX_DB_ONE_RESULT);
	return id;
}

static void test_open_and_change_at_the_revision_read(void **state)
{
	long long id = submit("commune", "dog-registration", 1000);
	struct gx_case c;
	assert_int_equal(gx_store_case_get(conn, id, &c), GX_DB_ONE_RESULT);
	assert_string_equal(c.org, "commune");
	assert_string_equal(c.status, "submitted");
	assert_string_equal(c.turn, "organisation");
	assert_string_equal(c.assignee, "");
	assert_int_equal(c.revision, 1);
	assert_int_equal(gx_store_case_get(conn, id + 1, &c), GX_DB_NO_RESULTS);

	struct gx_case_change ch = {.assignee = "1972110213859", .final = -1, .open_request = -1, .at_us = 2000};
	assert_int_equal(gx_store_case_update(conn, id, 1, &ch), GX_DB_ONE_RESULT);
	/* The same change from someone who read revision 1: refused, nothing changed. */
	ch = (struct gx_case_change){.status = "rejected", .turn = "organisation", .final = 1, .open_request = -1,
				     .at_us = 3000};
	assert_int_equal(gx_store_case_update(conn, id, 1, &ch), GX_DB_CONFLICT);
	assert_int_equal(gx_store_case_get(conn, id, &c), GX_DB_ONE_RESULT);
	assert_string_equal(c.status, "submitted");
	assert_string_equal(c.assignee, "1972110213859");
	assert_int_equal(c.revision, 2);
	assert_int_equal(gx_store_case_update(conn, id, 2, &ch), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_case_get(conn, id, &c), GX_DB_ONE_RESULT);
	assert_string_equal(c.status, "rejected");
	assert_true(c.final);
	assert_string_equal(c.assignee, "1972110213859");  /* unchanged when not named */
	ch = (struct gx_case_change){.assignee = "", .final = -1, .open_request = 7, .at_us = 4000};
	assert_int_equal(gx_store_case_update(conn, id, 3, &ch), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_case_get(conn, id, &c), GX_DB_ONE_RESULT);
	assert_string_equal(c.assignee, "");
	assert_int_equal(c.open_request, 7);
	assert_int_equal(c.updated_at_us, 4000);
}

static void test_inbox_filters_pages_and_counts(void **state)
{
	/* 25 cases of the commune (two procedures), 3 of another organisation. */
	long long ids[25];
	for (int i = 0; i < 25; i++)
		ids[i] = submit("commune", i % 2 == 0 ? "dog-registration" : "bulky-waste-collection", 1000 + i * 10);
	for (int i = 0; i < 3; i++)
		submit("cns", "dog-registration", 5000 + i);
	/* Two moved on, one assigned. */
	struct gx_case_change ch = {.status = "in_processing", .turn = "organisation", .final = 0, .open_request = -1,
				    .at_us = 9000};
	assert_int_equal(gx_store_case_update(conn, ids[3], 1, &ch), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_case_update(conn, ids[4], 1, &ch), GX_DB_ONE_RESULT);
	ch = (struct gx_case_change){.assignee = "1972110213859", .final = -1, .open_request = -1, .at_us = 9001};
	assert_int_equal(gx_store_case_update(conn, ids[4], 2, &ch), GX_DB_ONE_RESULT);

	/* Pages of 10, newest first, by key: every case once, nothing of cns. */
	struct gx_case rows[10];
	size_t n, seen = 0;
	bool more = true;
	struct gx_inbox_query q = {.org = "commune"};
	long long expect = 24;
	while (more) {
		assert_true(gx_store_inbox(conn, &q, rows, 10, &n, &more) >= 0);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(rows[i].submission_id, ids[expect--]);
			assert_string_equal(rows[i].org, "commune");
		}
		seen += n;
		if (n > 0) {
			q.after_at_us = rows[n - 1].submitted_at_us;
			q.after_id = rows[n - 1].submission_id;
		}
	}
	assert_int_equal(seen, 25);

	q = (struct gx_inbox_query){.org = "commune", .status = "in_processing"};
	assert_true(gx_store_inbox(conn, &q, rows, 10, &n, &more) >= 0);
	assert_int_equal(n, 2);
	assert_false(more);
	assert_int_equal(rows[0].submission_id, ids[4]);
	q = (struct gx_inbox_query){.org = "commune", .assignee = "1972110213859"};
	assert_true(gx_store_inbox(conn, &q, rows, 10, &n, &more) >= 0);
	assert_int_equal(n, 1);
	q = (struct gx_inbox_query){.org = "commune", .assignee = "-", .procedure = "dog-registration"};
	assert_true(gx_store_inbox(conn, &q, rows, 10, &n, &more) >= 0);
	assert_int_equal(n, 10);
	assert_true(more);  /* 13 dog registrations, one of them assigned: 12 unassigned */
	q = (struct gx_inbox_query){.org = "commune", .reference = rows[3].reference};
	assert_true(gx_store_inbox(conn, &q, rows, 10, &n, &more) >= 0);
	assert_int_equal(n, 1);
	q = (struct gx_inbox_query){.org = "commune", .from_us = 1100, .to_us = 1200};
	assert_true(gx_store_inbox(conn, &q, rows, 10, &n, &more) >= 0);
	assert_int_equal(n, 10);
	assert_int_equal(rows[0].submitted_at_us, 1190);
	q = (struct gx_inbox_query){.org = "nobody"};
	assert_int_equal(gx_store_inbox(conn, &q, rows, 10, &n, &more), GX_DB_NO_RESULTS);

	char *counts = NULL;
	assert_int_equal(gx_store_inbox_counts(conn, "commune", &counts), GX_DB_ONE_RESULT);
	assert_string_equal(counts, "{\"in_processing\":2,\"submitted\":23}");
	free(counts);
	assert_int_equal(gx_store_inbox_counts(conn, "nobody", &counts), GX_DB_ONE_RESULT);
	assert_string_equal(counts, "{}");
	free(counts);
}

static void test_log_timeline_and_feed(void **state)
{
	long long a = submit("commune", "dog-registration", 1000), b = submit("cns", "dog-registration", 1001);
	assert_int_equal(gx_store_case_log_append(conn, a, 1100, "note", "1972110213859", "{\"text\":\"call back\"}", NULL),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_case_log_append(conn, a, 1200, "assigned", "1972110213859", "{\"to\":null}", NULL),
			 GX_DB_ONE_RESULT);
	char *text = NULL;
	assert_int_equal(gx_store_case_log(conn, a, &text), GX_DB_ONE_RESULT);
	assert_non_null(strstr(text, "\"seq\":1,\"at_us\":1100,\"kind\":\"note\""));
	assert_non_null(strstr(text, "\"detail\":{\"text\":\"call back\"}"));
	assert_true(strstr(text, "\"kind\":\"note\"") < strstr(text, "\"kind\":\"assigned\""));
	free(text);

	struct gx_event e = {.submission_id = a, .at_us = 1300, .kind = "request", .status = "submitted",
			     .actor_json = "{\"kind\":\"agent\",\"org\":\"commune\",\"role\":\"handler\"}",
			     .detail_json = "{\"question\":\"Which dog?\"}"};
	int seq = 0;
	assert_int_equal(gx_store_event_append(conn, &e, &seq), GX_DB_ONE_RESULT);
	assert_int_equal(seq, 2); /* after "submitted" */
	assert_int_equal(gx_store_submission_timeline(conn, a, &text), GX_DB_ONE_RESULT);
	assert_non_null(strstr(text, "\"seq\":2,\"at_us\":1300,\"kind\":\"request\""));
	assert_non_null(strstr(text, "\"actor\":{\"kind\":\"agent\""));
	free(text);

	/* Each organisation's feed, numbered on its own. */
	long long s1 = 0, s2 = 0, last = 0;
	assert_int_equal(gx_store_org_event_append(conn, "commune", 1400, "request.answered", a, "{}", &s1),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_org_event_append(conn, "cns", 1500, "consent.revoked", b, "{}", &s2),
			 GX_DB_ONE_RESULT);
	assert_int_equal(s1, 2); /* after submission.new */
	assert_int_equal(s2, 2);
	assert_int_equal(gx_store_org_events(conn, "commune", 0, 10, &text, &last), GX_DB_ONE_RESULT);
	assert_int_equal(last, 2);
	assert_non_null(strstr(text, "\"seq\":1,\"at_us\":1000,\"kind\":\"submission.new\""));
	assert_non_null(strstr(text, "\"kind\":\"request.answered\""));
	assert_null(strstr(text, "consent.revoked"));
	free(text);
	assert_int_equal(gx_store_org_events(conn, "commune", 1, 10, &text, &last), GX_DB_ONE_RESULT);
	assert_null(strstr(text, "submission.new"));
	free(text);
	assert_int_equal(gx_store_org_events(conn, "commune", 2, 10, &text, &last), GX_DB_ONE_RESULT);
	assert_string_equal(text, "[]");
	assert_int_equal(last, 2);
	free(text);
}

static void test_idempotency_and_consent(void **state)
{
	struct gx_idempotent got;
	assert_int_equal(gx_store_idempotent_get(conn, "client-1", "k1", &got), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_idempotent_put(conn, "client-1", "k1", "hash-a", 201, "{\"id\":1}", 10),
			 GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_idempotent_put(conn, "client-1", "k1", "hash-b", 201, "{\"id\":2}", 11),
			 GX_DB_CONFLICT);
	assert_int_equal(gx_store_idempotent_get(conn, "client-1", "k1", &got), GX_DB_ONE_RESULT);
	assert_string_equal(got.request_hash, "hash-a");
	assert_int_equal(got.status, 201);
	assert_string_equal(got.body, "{\"id\":1}");
	free(got.body);
	/* Keys are each client's own. */
	assert_int_equal(gx_store_idempotent_get(conn, "client-2", "k1", &got), GX_DB_NO_RESULTS);

	long long id = submit("commune", "dog-registration", 1000);
	struct gx_reuse_consent c = {.submission_id = id, .granted = true,
				     .registers_json = "[{\"source\":\"persons\",\"attributes\":[\"address\"]}]",
				     .purpose_json = "{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"}",
				     .legal_basis_json = "{\"fr\":\"a\",\"de\":\"b\",\"en\":\"c\"}",
				     .expires_at_us = 99999};
	snprintf(c.org, sizeof(c.org), "commune");
	assert_int_equal(gx_store_consent_put(conn, &c), GX_DB_ONE_RESULT);
	struct gx_reuse_consent r;
	assert_int_equal(gx_store_consent_get(conn, id, &r), GX_DB_ONE_RESULT);
	assert_true(r.granted);
	assert_int_equal(r.revoked_at_us, 0);
	assert_string_equal(r.registers_json, c.registers_json);
	gx_reuse_consent_clear(&r);
	assert_int_equal(gx_store_consent_revoke(conn, id, 500), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_consent_revoke(conn, id, 600), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_consent_get(conn, id, &r), GX_DB_ONE_RESULT);
	assert_int_equal(r.revoked_at_us, 500);
	gx_reuse_consent_clear(&r);
	assert_int_equal(gx_store_consent_get(conn, id + 100, &r), GX_DB_NO_RESULTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_and_change_at_the_revision_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inbox_filters_pages_and_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_timeline_and_feed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idempotency_and_consent, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

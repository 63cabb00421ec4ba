/* A space's overview in the store: pages from a position (keyset, ties
 * included), each filter's own statement, the counts kept per kind, status
 * and "action needed" through every change, a reader limited to some
 * procedures, who started and submitted each item. */
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
static long long space, person, other;

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
	conn = gx_store_conn_open(store);
	struct gx_person_login in = {"1985031410148", "Marie", "Schmit", 1};
	assert_int_equal(gx_store_person_login(conn, &in, &person, &space), GX_DB_ONE_RESULT);
	struct gx_person_login o = {"1990122300157", "Luc", "Weber", 2};
	long long os;
	assert_int_equal(gx_store_person_login(conn, &o, &other, &os), GX_DB_ONE_RESULT);
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static long long draft(const char *procedure, long long at, long long by)
{
	struct gx_draft d = {.space_id = space, .procedure_version = 1};
	snprintf(d.procedure_id, sizeof(d.procedure_id), "%s", procedure);
	d.data_json = "{}";
	d.provenance_json = "{}";
	d.created_at_us = at;
	d.started_by = by;
	long long id;
	assert_int_equal(gx_store_draft_create(conn, &d, &id), GX_DB_ONE_RESULT);
	return id;
}

static long long submission(const char *procedure, const char *ref, long long at, long long started, long long by)
{
	struct gx_submission s = {.space_id = space, .procedure_version = 1, .data_json = "{}", .receipt_json = "{}",
				  .signature = "sig", .submitted_at_us = at, .started_by = started, .submitted_by = by};
	snprintf(s.reference, sizeof(s.reference), "%s", ref);
	snprintf(s.procedure_id, sizeof(s.procedure_id), "%s", procedure);
	snprintf(s.organisation, sizeof(s.organisation), "commune");
	long long id;
	assert_int_equal(gx_store_submission_insert(conn, &s, &id), GX_DB_ONE_RESULT);
	return id;
}

/* Every item of a filter, a page of size at a time, following the positions. */
static size_t walk(const char *filter, const char *scope, size_t size, struct gx_space_item *all, size_t max)
{
	size_t total = 0;
	struct gx_overview_query q = {.space_id = space, .filter = filter, .procedures_json = scope};
	for (;;) {
		struct gx_space_item page[8];
		size_t n;
		bool more;
		assert_true(size <= 8);
		assert_int_equal(gx_store_space_overview(conn, &q, size, page, &n, &more), GX_DB_ONE_RESULT);
		for (size_t i = 0; i < n; i++) {
			assert_true(total < max);
			all[total++] = page[i];
		}
		if (!more)
			break;
		assert_int_equal(n, size);
		q.after_at_us = page[n - 1].updated_at_us;
		q.after_id = page[n - 1].id;
		q.after_draft = page[n - 1].draft;
	}
	return total;
}

static void test_pages_from_a_position(void **state)
{
	/* Drafts and submissions with equal times and equal ids: the keyset
	 * must neither skip nor repeat any of them. */
	long long d1 = draft("dog-registration", 100, person);
	long long d2 = draft("dog-registration", 100, person);
	long long d3 = draft("rent-subsidy", 50, other);
	long long s1 = submission("birth-allowance", "2026-GX-000001", 100, person, other);
	long long s2 = submission("rent-subsidy", "2026-GX-000002", 300, 0, person);
	struct gx_space_item all[16];
	for (size_t size = 1; size <= 5; size++) {
		size_t n = walk("all", NULL, size, all, 16);
		assert_int_equal(n, 5);
		assert_false(all[0].draft);
		assert_int_equal(all[0].id, s2); /* newest */
		for (size_t i = 1; i < n; i++) {
			const struct gx_space_item *a = &all[i - 1], *b = &all[i];
			bool ordered = a->updated_at_us > b->updated_at_us ||
				       (a->updated_at_us == b->updated_at_us &&
					(a->id > b->id || (a->id == b->id && a->draft && !b->draft)));
			assert_true(ordered);
		}
		assert_int_equal(all[4].id, d3);
	}
	/* Who started and submitted each, by name. */
	walk("all", NULL, 5, all, 16);
	for (size_t i = 0; i < 5; i++) {
		if (!all[i].draft && all[i].id == s1) {
			assert_int_equal(all[i].started_by, person);
			assert_string_equal(all[i].started_by_name, "Marie Schmit");
			assert_string_equal(all[i].submitted_by_name, "Luc Weber");
		}
		if (!all[i].draft && all[i].id == s2)
			assert_string_equal(all[i].started_by_name, "");
		if (all[i].draft && all[i].id == d3)
			assert_string_equal(all[i].started_by_name, "Luc Weber");
	}
	(void)d1;
	(void)d2;

	/* A filter pages through its own rows only. */
	assert_int_equal(walk("drafts", NULL, 2, all, 16), 3);
	for (size_t i = 0; i < 3; i++)
		assert_true(all[i].draft);
	assert_int_equal(walk("active", NULL, 1, all, 16), 2);

	/* A reader limited to some procedures sees those only, and so do their pages. */
	assert_int_equal(walk("all", "[\"rent-subsidy\"]", 1, all, 16), 2);
	assert_int_equal(walk("all", "[\"rent-subsidy\",\"dog-registration\"]", 2, all, 16), 4);
	assert_int_equal(walk("all", "[]", 2, all, 16), 0);
}

static void expect_counts(const char *scope, long long all, long long drafts, long long active, long long completed,
			  long long action)
{
	struct gx_overview_counts c;
	assert_int_equal(gx_store_space_counts(conn, space, scope, &c), GX_DB_ONE_RESULT);
	assert_int_equal(c.all, all);
	assert_int_equal(c.drafts, drafts);
	assert_int_equal(c.active, active);
	assert_int_equal(c.completed, completed);
	assert_int_equal(c.action, action);
}

static void test_counts_follow_every_change(void **state)
{
	expect_counts(NULL, 0, 0, 0, 0, 0);
	long long d = draft("dog-registration", 10, person);
	draft("dog-registration", 11, person);
	long long s = submission("rent-subsidy", "2026-GX-000003", 20, person, person);
	expect_counts(NULL, 3, 2, 1, 0, 0);
	expect_counts("[\"rent-subsidy\"]", 1, 0, 1, 0, 0);
	assert_int_equal(gx_store_draft_delete(conn, d), GX_DB_ONE_RESULT);
	expect_counts(NULL, 2, 1, 1, 0, 0);
	/* A case waiting for the person: action needed, still active. */
	struct gx_case c = {.submission_id = s, .org = "commune", .procedure_id = "rent-subsidy",
			    .reference = "2026-GX-000003", .status = "submitted", .turn = "organisation",
			    .submitted_at_us = 20, .updated_at_us = 20};
	assert_int_equal(gx_store_case_open(conn, &c), GX_DB_ONE_RESULT);
	struct gx_case_change ch = {.turn = "person", .final = -1, .open_request = -1, .at_us = 30};
	assert_int_equal(gx_store_case_update(conn, s, 1, &ch), GX_DB_ONE_RESULT);
	expect_counts(NULL, 2, 1, 1, 0, 1);
	assert_int_equal(gx_store_submission_event(conn, s, 40, "rejected", NULL), GX_DB_ONE_RESULT);
	expect_counts(NULL, 2, 1, 0, 1, 1);
	ch = (struct gx_case_change){.turn = "organisation", .final = -1, .open_request = -1, .at_us = 50};
	assert_int_equal(gx_store_case_update(conn, s, 2, &ch), GX_DB_ONE_RESULT);
	expect_counts(NULL, 2, 1, 0, 1, 0);
	expect_counts("[\"dog-registration\"]", 1, 1, 0, 0, 0);

	/* Another space counts none of it. */
	struct gx_overview_counts none;
	assert_int_equal(gx_store_space_counts(conn, space + 1000, NULL, &none), GX_DB_ONE_RESULT);
	assert_int_equal(none.all, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pages_from_a_position, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts_follow_every_change, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

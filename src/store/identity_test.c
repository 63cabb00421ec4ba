/* Persons, spaces, sessions and login states in the store. */
#include "store/store.h"
#include "store/store_testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
	conn = gx_store_conn_open(store);
	assert_non_null(conn);
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static void test_first_login_creates_person_and_private_space(void **state)
{
	struct gx_person_login in = {"1985031410148", "Marie", "Schmit", 1000};
	long long pid = 0, sid = 0, pid2 = 0, sid2 = 0;
	assert_int_equal(gx_store_person_login(conn, &in, &pid, &sid), GX_DB_ONE_RESULT);
	assert_true(pid > 0 && sid > 0);
	in.given_name = "Marie-Anne";
	in.at_us = 2000;
	assert_int_equal(gx_store_person_login(conn, &in, &pid2, &sid2), GX_DB_ONE_RESULT);
	assert_int_equal(pid2, pid);
	assert_int_equal(sid2, sid);

	struct gx_person p;
	assert_int_equal(gx_store_person_get(conn, pid, &p), GX_DB_ONE_RESULT);
	assert_string_equal(p.given_name, "Marie-Anne");
	assert_string_equal(p.national_id, "1985031410148");
	assert_int_equal(gx_store_person_get(conn, pid + 100, &p), GX_DB_NO_RESULTS);

	struct gx_membership m;
	assert_int_equal(gx_store_membership(conn, GX_ID(gx_space_id, sid), GX_ID(gx_person_id, pid), &m),
			 GX_DB_ONE_RESULT);
	assert_string_equal(m.role, "owner");
	assert_string_equal(m.kind, "private");

	struct gx_person_login other = {"1990122300157", "Luc", "Weber", 3000};
	long long opid, osid;
	assert_int_equal(gx_store_person_login(conn, &other, &opid, &osid), GX_DB_ONE_RESULT);
	assert_true(opid != pid && osid != sid);
	assert_int_equal(gx_store_membership(conn, GX_ID(gx_space_id, sid), GX_ID(gx_person_id, opid), &m),
			 GX_DB_NO_RESULTS);
}

static void test_bad_national_id_refused(void **state)
{
	struct gx_person_login in = {"123", "A", "B", 1};
	long long pid, sid;
	assert_true(gx_store_person_login(conn, &in, &pid, &sid) < 0);
}

static void test_session_lifecycle(void **state)
{
	struct gx_person_login in = {"1985031410148", "Marie", "Schmit", 1000};
	long long pid, sid;
	assert_int_equal(gx_store_person_login(conn, &in, &pid, &sid), GX_DB_ONE_RESULT);

	struct gx_session_row row = {.person_id = pid, .space_id = sid, .csrf_token = "csrf-x",
				     .created_at_us = 10, .last_seen_at_us = 10, .expires_at_us = 1000};
	memset(row.id_hash, 7, sizeof(row.id_hash));
	assert_int_equal(gx_store_session_insert(conn, &row, "header.payload.sig"), GX_DB_ONE_RESULT);
	assert_true(gx_store_session_insert(conn, &row, NULL) < 0); /* same id twice */

	struct gx_session_row got;
	assert_int_equal(gx_store_session_get(conn, row.id_hash, &got), GX_DB_ONE_RESULT);
	assert_int_equal(got.person_id, pid);
	assert_string_equal(got.csrf_token, "csrf-x");
	assert_true(got.in_space); /* the person's own private space */
	assert_string_equal(got.person_name, "Marie Schmit");

	/* A session whose active space the person is not a member of says so. */
	struct gx_person_login other = {"1990122300157", "Luc", "Weber", 3000};
	long long opid, osid;
	assert_int_equal(gx_store_person_login(conn, &other, &opid, &osid), GX_DB_ONE_RESULT);
	struct gx_session_row foreign = row;
	foreign.space_id = osid;
	memset(foreign.id_hash, 8, sizeof(foreign.id_hash));
	assert_int_equal(gx_store_session_insert(conn, &foreign, NULL), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_session_get(conn, foreign.id_hash, &got), GX_DB_ONE_RESULT);
	assert_false(got.in_space);
	assert_int_equal(gx_store_session_touch(conn, row.id_hash, 50), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_session_get(conn, row.id_hash, &got), GX_DB_ONE_RESULT);
	assert_int_equal(got.last_seen_at_us, 50);

	char token[64];
	assert_int_equal(gx_store_session_delete(conn, row.id_hash, token, sizeof(token)), GX_DB_ONE_RESULT);
	assert_string_equal(token, "header.payload.sig");
	assert_int_equal(gx_store_session_get(conn, row.id_hash, &got), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_session_delete(conn, row.id_hash, NULL, 0), GX_DB_NO_RESULTS);
}

static void test_purge(void **state)
{
	struct gx_person_login in = {"1985031410148", "Marie", "Schmit", 1000};
	long long pid, sid;
	assert_int_equal(gx_store_person_login(conn, &in, &pid, &sid), GX_DB_ONE_RESULT);
	struct gx_session_row a = {.person_id = pid, .space_id = sid, .csrf_token = "a", .created_at_us = 0,
				   .last_seen_at_us = 100, .expires_at_us = 500};
	struct gx_session_row b = a, c = a;
	memset(a.id_hash, 1, sizeof(a.id_hash));
	memset(b.id_hash, 2, sizeof(b.id_hash));
	memset(c.id_hash, 3, sizeof(c.id_hash));
	b.last_seen_at_us = 10;   /* idle */
	c.expires_at_us = 150;    /* past its absolute limit */
	assert_int_equal(gx_store_session_insert(conn, &a, NULL), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_session_insert(conn, &b, NULL), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_session_insert(conn, &c, NULL), GX_DB_ONE_RESULT);
	assert_true(gx_store_sessions_purge(conn, 200, 50, 0) >= 0);
	struct gx_session_row got;
	assert_int_equal(gx_store_session_get(conn, a.id_hash, &got), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_session_get(conn, b.id_hash, &got), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_session_get(conn, c.id_hash, &got), GX_DB_NO_RESULTS);
}

static void test_login_state_used_once(void **state)
{
	struct gx_login_state in = {.state = "st-1", .nonce = "n-1", .code_verifier = "v-1", .return_to = "/x",
				    .created_at_us = 5};
	struct gx_login_state out;
	assert_int_equal(gx_store_login_state_put(conn, &in), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_login_state_take(conn, "st-1", &out), GX_DB_ONE_RESULT);
	assert_string_equal(out.nonce, "n-1");
	assert_string_equal(out.code_verifier, "v-1");
	assert_string_equal(out.return_to, "/x");
	assert_int_equal(gx_store_login_state_take(conn, "st-1", &out), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_login_state_take(conn, "other", &out), GX_DB_NO_RESULTS);
	/* The key may live in the struct being filled (as the login callback does). */
	assert_int_equal(gx_store_login_state_put(conn, &in), GX_DB_ONE_RESULT);
	struct gx_login_state same = {.state = "st-1"};
	assert_int_equal(gx_store_login_state_take(conn, same.state, &same), GX_DB_ONE_RESULT);
	assert_string_equal(same.nonce, "n-1");
	assert_int_equal(gx_store_login_state_take(conn, "st-1", &out), GX_DB_NO_RESULTS);
	in.created_at_us = 1;
	assert_int_equal(gx_store_login_state_put(conn, &in), GX_DB_ONE_RESULT);
	assert_true(gx_store_sessions_purge(conn, 100, 0, 2) >= 0);
	assert_int_equal(gx_store_login_state_take(conn, "st-1", &out), GX_DB_NO_RESULTS);
}

/* Every No is found, however many registers the person chose for (a list
 * cut at a limit would let a declined register be asked). */
static void test_declined_choices_all_found(void **state)
{
	enum { N = 100 };
	static char names[N][24];
	const char *regs[N];
	bool declined[N];
	long long p[3], space;
	const char *ids[3] = {"1985031410148", "1990122300157", "1975061200150"};
	for (int i = 0; i < 3; i++) {
		struct gx_person_login in = {ids[i], "A", "B", 1};
		assert_int_equal(gx_store_person_login(conn, &in, &p[i], &space), GX_DB_ONE_RESULT);
	}
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "register_%03d", i);
		regs[i] = names[i];
		/* Yes to the even ones, No to the odd ones; the last No comes after the 64th. */
		assert_int_equal(gx_store_prefill_choice_set(conn, p[0], regs[i], i % 2 == 0, 1000 + i), GX_DB_ONE_RESULT);
	}
	assert_int_equal(gx_store_prefill_choice_set(conn, p[1], "register_099", false, 1), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_prefill_declined(conn, p[0], regs, N, declined), GX_DB_ONE_RESULT);
	for (int i = 0; i < N; i++)
		assert_int_equal(declined[i], i % 2 == 1);
	/* Asked about a few only, in another order; a name never chosen is not declined. */
	const char *some[] = {"register_099", "unknown", "register_000", "register_001"};
	bool d[4];
	assert_int_equal(gx_store_prefill_declined(conn, p[0], some, 4, d), GX_DB_ONE_RESULT);
	assert_true(d[0] && !d[1] && !d[2] && d[3]);
	/* Changing one's mind: Yes again. */
	assert_int_equal(gx_store_prefill_choice_set(conn, p[0], "register_099", true, 5000), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_prefill_declined(conn, p[0], some, 1, d), GX_DB_NO_RESULTS);
	assert_false(d[0]);
	/* Someone who never said No. */
	assert_int_equal(gx_store_prefill_declined(conn, p[2], some, 4, d), GX_DB_NO_RESULTS);
	assert_true(!d[0] && !d[1] && !d[2] && !d[3]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_login_creates_person_and_private_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_national_id_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_state_used_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_declined_choices_all_found, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

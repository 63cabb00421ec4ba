/* The person's No's to prefilling travel with their session (session.h):
 * read with the session from the store, with the version of their
 * choices; when the person changes a choice through this process, every
 * cached session of theirs takes the No's as that change left them (and
 * no one else's does), at once, without the store being asked (its rows are
 * removed under the cache to show it); an older version never replaces a
 * newer one; once the entry's trust runs out (cache_us) the store's No's
 * and version are read again. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "session/session.h"
#include "store/store_testutil.h"

#define CACHE_US 200000LL          /* a cached entry is trusted this long */
#define T0 1767268800000000LL      /* 2026-01-01T12:00Z */

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;
static long long anne, ben, anne_space, ben_space;
/* Anne's two sessions (two browsers), Ben's one: their cookie headers. */
static char anne1[96], anne2[96], ben1[96];

static long long login(const char *national_id, long long *space)
{
	struct gx_person_login in = {national_id, "A", "B", 1};
	long long person;
	assert_int_equal(gx_store_person_login(conn, &in, &person, space), GX_DB_ONE_RESULT);
	return person;
}

static void session_for(long long person, long long space, char cookie[96])
{
	struct gx_session_row row;
	char value[GX_SESSION_ID_CHARS + 1];
	gx_session_new(person, space, T0, &row, value);
	assert_int_equal(gx_store_session_insert(conn, &row, NULL), GX_DB_ONE_RESULT);
	snprintf(cookie, 96, "%s=%s", GX_SESSION_COOKIE, value);
}

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
	conn = gx_store_conn_open(store);
	anne = login("1985031410148", &anne_space);
	ben = login("1972110213859", &ben_space);
	struct gx_session_config sc = {.idle_us = 3600000000LL, .absolute_us = 36000000000LL, .cache_us = CACHE_US};
	assert_int_equal(gx_sessions_init(&sc), 0);
	/* Anne said No to vehicles before logging in. */
	assert_int_equal(gx_store_prefill_choice_set(conn, anne, "vehicles", false, 1), GX_DB_ONE_RESULT);
	session_for(anne, anne_space, anne1);
	session_for(anne, anne_space, anne2);
	session_for(ben, ben_space, ben1);
	return 0;
}

static int teardown(void **state)
{
	gx_sessions_free();
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static struct gx_session find(const char *cookie, long long now_us)
{
	struct gx_session s;
	assert_int_equal(gx_session_find(store, conn, cookie, strlen(cookie), now_us, &s), 1);
	return s;
}

static long long version_of(long long person)
{
	struct gx_person p;
	assert_int_equal(gx_store_person_get(conn, person, &p), GX_DB_ONE_RESULT);
	return p.choices_version;
}

static void remove_choices_under_the_cache(void)
{
	struct gx_test_raw raw = gx_test_raw_open(&tdb);
	gx_test_raw_exec(&raw, "DELETE FROM prefill_choices");
	gx_test_raw_close(&raw);
}

static void test_nos_travel_with_the_session(void **state)
{
	/* Read with the session: Anne's No, at her version. */
	struct gx_session s = find(anne1, T0);
	assert_true(s.declined.complete);
	assert_int_equal(s.declined.version, version_of(anne));
	assert_int_equal(s.declined.n, 1);
	assert_string_equal(s.declined.names[0], "vehicles");
	(void)find(anne2, T0);
	s = find(ben1, T0);
	assert_true(s.declined.complete);
	assert_int_equal(s.declined.n, 0);

	/* Anne says No to persons through this process: durable first (here
	 * straight to the store), then her sessions take her No's as they now are. */
	assert_int_equal(gx_store_prefill_choice_set(conn, anne, "persons", false, 2), GX_DB_ONE_RESULT);
	struct gx_declined_names now;
	assert_int_equal(gx_store_prefill_declined_names(conn, anne, &now), GX_DB_ONE_RESULT);
	assert_int_equal(now.n, 2);
	remove_choices_under_the_cache(); /* what follows comes from the cache */
	gx_session_choices_changed(anne, &now);

	long long at = T0 + CACHE_US / 2; /* still trusted: no store read */
	for (int i = 0; i < 2; i++) {
		s = find(i == 0 ? anne1 : anne2, at);
		assert_true(s.declined.complete);
		assert_int_equal(s.declined.version, now.version);
		assert_int_equal(s.declined.n, 2);
		assert_string_equal(s.declined.names[0], "persons");
		assert_string_equal(s.declined.names[1], "vehicles");
	}
	/* Ben's session is not Anne's. */
	s = find(ben1, at);
	assert_int_equal(s.declined.n, 0);
	assert_int_equal(s.declined.version, version_of(ben));

	/* An older version (a late completion) never replaces a newer one. */
	struct gx_declined_names older = {.version = now.version - 1, .complete = true, .n = 0};
	gx_session_choices_changed(anne, &older);
	s = find(anne1, at);
	assert_int_equal(s.declined.version, now.version);
	assert_int_equal(s.declined.n, 2);

	/* Trust runs out: the store's No's (its rows were removed) and version. */
	s = find(anne1, T0 + CACHE_US + 1);
	assert_true(s.declined.complete);
	assert_int_equal(s.declined.n, 0);
	assert_int_equal(s.declined.version, version_of(anne));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nos_travel_with_the_session),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

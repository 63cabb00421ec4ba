/* The operator dashboard in the store: platform operators (set, remove,
 * list, the check by person), its time series (written, replaced, read in
 * buckets across instances, the limit said, purged), their hourly rollups,
 * what the sampler measures (the outbox's backlog, the transparency log's
 * size and last cosignature) and the store's size. */
#include "store/letterbox.h"
#include "store/operators.h"
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

static long long login(const char *nid, const char *given)
{
	struct gx_person_login in = {nid, given, "Muller", 1000};
	long long person, space;
	assert_int_equal(gx_store_person_login(conn, &in, &person, &space), GX_DB_ONE_RESULT);
	return person;
}

static void test_operators(void **state)
{
	long long anna = login("1985031410148", "Anna");
	long long ben = login("1972110213859", "Ben");
	assert_int_equal(gx_store_operator_is(conn, GX_ID(gx_person_id, anna)), GX_DB_NO_RESULTS);

	/* Named before their first login, and again: nothing changes. */
	assert_int_equal(gx_store_operator_set(conn, "1985031410148", 5000), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_operator_set(conn, "1985031410148", 6000), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_operator_set(conn, "1990072117589", 7000), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_operator_is(conn, GX_ID(gx_person_id, anna)), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_operator_is(conn, GX_ID(gx_person_id, ben)), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_operator_is(conn, GX_ID(gx_person_id, 999999)), GX_DB_NO_RESULTS);

	char *text = NULL;
	assert_int_equal(gx_store_operators_list(conn, &text), GX_DB_ONE_RESULT);
	assert_string_equal(text, "[{\"national_id\":\"1985031410148\",\"added_at_us\":5000,\"given_name\":\"Anna\","
				  "\"family_name\":\"Muller\"},{\"national_id\":\"1990072117589\",\"added_at_us\":7000,"
				  "\"given_name\":null,\"family_name\":null}]");
	free(text);

	assert_int_equal(gx_store_operator_remove(conn, "1985031410148"), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_operator_remove(conn, "1985031410148"), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_operator_is(conn, GX_ID(gx_person_id, anna)), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_operator_remove(conn, "1990072117589"), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_operators_list(conn, &text), GX_DB_ONE_RESULT);
	assert_string_equal(text, "[]");
	free(text);
}

static struct gx_sample sample(const char *series, const char *label, const char *instance, long long at_s,
			       long long value)
{
	struct gx_sample s = {.at_s = at_s, .value = value};
	snprintf(s.series, sizeof(s.series), "%s", series);
	snprintf(s.label, sizeof(s.label), "%s", label);
	snprintf(s.instance, sizeof(s.instance), "%s", instance);
	return s;
}

static void test_samples_buckets(void **state)
{
	/* Two instances, three minutes of hour 7200, one of hour 10800. */
	struct gx_sample rows[] = {
		sample("submissions", "snca", "a", 7200, 3),
		sample("submissions", "snca", "b", 7200, 4),
		sample("submissions", "snca", "a", 7260, 1),
		sample("submissions", "cns", "a", 7320, 2),
		sample("submissions", "snca", "a", 10800, 9),
		sample("prefill.p99_us", "persons", "a", 7200, 1500),   /* another series: not read */
		sample("submissions", "snca", "a", 3540, 100),          /* before the range */
		sample("submissions", "snca", "a", 14400, 100),         /* at its end: not in it */
	};
	assert_int_equal(gx_store_samples_put(conn, rows, sizeof(rows) / sizeof(rows[0])), GX_DB_ONE_RESULT);
	/* The same series, time, label and instance again: replaced, not added. */
	struct gx_sample again = sample("submissions", "snca", "a", 7260, 5);
	assert_int_equal(gx_store_samples_put(conn, &again, 1), GX_DB_ONE_RESULT);

	struct gx_sample_bucket b[8];
	size_t n;
	bool more;
	struct gx_sample_query q = {"submissions", 7200, 14400, 3600, false};
	assert_int_equal(gx_store_samples_read(conn, &q, b, 8, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 3);
	assert_false(more);
	/* By label ("cns" < "snca"), then time. */
	assert_string_equal(b[0].label, "cns");
	assert_int_equal(b[0].at_s, 7200);
	assert_int_equal(b[0].sum, 2);
	assert_string_equal(b[1].label, "snca");
	assert_int_equal(b[1].at_s, 7200);
	assert_int_equal(b[1].sum, 3 + 4 + 5);
	assert_int_equal(b[1].max, 5);
	assert_int_equal(b[1].count, 3);
	assert_string_equal(b[2].label, "snca");
	assert_int_equal(b[2].at_s, 10800);
	assert_int_equal(b[2].sum, 9);
	assert_int_equal(b[2].count, 1);

	/* Minute buckets: one per sample time and label. */
	q.bucket_s = 60;
	assert_int_equal(gx_store_samples_read(conn, &q, b, 8, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 4);
	assert_int_equal(b[1].at_s, 7200);
	assert_int_equal(b[1].sum, 7);
	assert_int_equal(b[1].count, 2);

	/* Fewer places than buckets: the first ones, and more says so. */
	assert_int_equal(gx_store_samples_read(conn, &q, b, 2, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_true(more);
	assert_string_equal(b[1].label, "snca");

	q.series = "outbox.backlog";
	assert_int_equal(gx_store_samples_read(conn, &q, b, 8, &n, &more), GX_DB_NO_RESULTS);
	assert_int_equal(n, 0);
}

static void test_samples_purge(void **state)
{
	struct gx_sample rows[] = {
		sample("store.bytes", "", "a", 100, 1),
		sample("store.bytes", "", "a", 160, 2),
		sample("store.bytes", "", "a", 220, 3),
	};
	assert_int_equal(gx_store_samples_put(conn, rows, 3), GX_DB_ONE_RESULT);
	long long deleted = -1;
	assert_int_equal(gx_store_samples_purge(conn, 160, 0, &deleted), GX_DB_ONE_RESULT);
	assert_int_equal(deleted, 1);
	assert_int_equal(gx_store_samples_purge(conn, 160, 0, &deleted), GX_DB_NO_RESULTS);
	assert_int_equal(deleted, 0);
	struct gx_sample_bucket b[4];
	size_t n;
	bool more;
	struct gx_sample_query q = {"store.bytes", 0, 1000, 60, false};
	assert_int_equal(gx_store_samples_read(conn, &q, b, 4, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_int_equal(b[0].at_s, 120);
	assert_int_equal(b[0].sum, 2);
	assert_int_equal(b[1].at_s, 180);
	assert_int_equal(b[1].sum, 3);
}

static void test_rollups(void **state)
{
	/* Instance a's hour 7200: three minutes of two series; b's row is b's. */
	struct gx_sample rows[] = {
		sample("submissions", "snca", "a", 7200, 3),
		sample("submissions", "snca", "a", 7260, 5),
		sample("submissions", "cns", "a", 7320, 2),
		sample("register.up", "persons", "a", 7200, 1),
		sample("register.up", "persons", "a", 7260, 0),
		sample("submissions", "snca", "b", 7200, 100),
		sample("submissions", "snca", "a", 10800, 7),   /* the next hour: not in this rollup */
	};
	assert_int_equal(gx_store_samples_put(conn, rows, sizeof(rows) / sizeof(rows[0])), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_samples_rollup(conn, "a", 7200), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_samples_rollup(conn, "a", 7201), GX_DB_HARD_ERROR);  /* not an hour's start */

	struct gx_sample_bucket b[8];
	size_t n;
	bool more;
	struct gx_sample_query q = {"submissions", 7200, 14400, 3600, true};
	assert_int_equal(gx_store_samples_read(conn, &q, b, 8, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_string_equal(b[0].label, "cns");
	assert_int_equal(b[0].sum, 2);
	assert_string_equal(b[1].label, "snca");
	assert_int_equal(b[1].at_s, 7200);
	assert_int_equal(b[1].sum, 8);
	assert_int_equal(b[1].max, 5);
	assert_int_equal(b[1].count, 2);
	/* Availability: one probe of two answered. */
	q.series = "register.up";
	assert_int_equal(gx_store_samples_read(conn, &q, b, 8, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].sum, 1);
	assert_int_equal(b[0].count, 2);

	/* A later interval of the same hour: written again, not added to. Then
	 * b's and the next hour's, and a day's bucket sums the hours. */
	struct gx_sample later = sample("submissions", "snca", "a", 7380, 1);
	assert_int_equal(gx_store_samples_put(conn, &later, 1), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_samples_rollup(conn, "a", 7200), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_samples_rollup(conn, "a", 7200), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_samples_rollup(conn, "b", 7200), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_samples_rollup(conn, "a", 10800), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_samples_rollup(conn, "a", 36000), GX_DB_NO_RESULTS);  /* an hour without rows */
	struct gx_sample_query day = {"submissions", 0, 86400, 86400, true};
	assert_int_equal(gx_store_samples_read(conn, &day, b, 8, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_string_equal(b[1].label, "snca");
	assert_int_equal(b[1].at_s, 0);
	assert_int_equal(b[1].sum, 3 + 5 + 1 + 100 + 7);
	assert_int_equal(b[1].max, 100);
	assert_int_equal(b[1].count, 5);
	/* The same from the one-minute rows. */
	day.hourly = false;
	assert_int_equal(gx_store_samples_read(conn, &day, b, 8, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(b[1].sum, 116);
	assert_int_equal(b[1].count, 5);
	/* Hourly reads need hours. */
	struct gx_sample_query minutes = {"submissions", 0, 86400, 60, true};
	assert_int_equal(gx_store_samples_read(conn, &minutes, b, 8, &n, &more), GX_DB_HARD_ERROR);

	/* The one-minute rows go first (the last hour's view needs only them);
	 * the rollups stay until their own retention. */
	long long deleted;
	assert_int_equal(gx_store_samples_purge(conn, 10800, 0, &deleted), GX_DB_ONE_RESULT);
	assert_int_equal(deleted, 7);  /* the rows of hour 7200 */
	assert_int_equal(gx_store_samples_read(conn, &day, b, 8, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].sum, 7);
	day.hourly = true;
	assert_int_equal(gx_store_samples_read(conn, &day, b, 8, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(b[1].sum, 116);
	assert_int_equal(gx_store_samples_purge(conn, 10800, 10800, &deleted), GX_DB_ONE_RESULT);
	assert_int_equal(deleted, 4);  /* hour 7200's rollups: a's three and b's one */
	assert_int_equal(gx_store_samples_read(conn, &day, b, 8, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].sum, 7);
}

static void test_gauges(void **state)
{
	struct gx_store_gauges g;
	assert_int_equal(gx_store_operator_gauges(conn, 5000, &g), GX_DB_ONE_RESULT);
	assert_int_equal(g.outbox_backlog, 0);
	assert_int_equal(g.translog_size, 0);
	assert_int_equal(g.cosigned_at_us, 0);

	/* Three mails due by 5000 (one of them sent), one due later. */
	long long anna = login("1985031410148", "Anna");
	for (int i = 1; i <= 4; i++) {
		struct gx_outbox_entry e = {.person_id = anna, .kind = "document", .org = "commune", .document_id = i,
					    .created_at_us = 1000, .due_at_us = i == 4 ? 9000 : 1000 * i};
		assert_int_equal(gx_store_outbox_add(conn, &e), GX_DB_ONE_RESULT);
	}
	struct gx_test_raw raw = gx_test_raw_open(&tdb);
	gx_test_raw_exec(&raw, "UPDATE mail_outbox SET state = 'sent' WHERE document_id = 1");
	/* The log: 7 leaves, checkpoints at 5 and 7, the later one cosigned by two witnesses. */
	gx_test_raw_exec(&raw, "UPDATE tlog_head SET size = 7");
	const char *blob = gx_test_is_pg() ? "decode(repeat('ab', 32), 'hex')" : "randomblob(32)";
	char sql[600];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO tlog_checkpoints (size, root, note, signed_at_us) VALUES (5, %s, 'n5', 100), (7, %s, 'n7', 200);"
		 "INSERT INTO tlog_cosignatures (size, key_name, key_id, line, at_us) VALUES (5, 'w1', 1, 'l', 150),"
		 " (7, 'w1', 1, 'l', 260), (7, 'w2', 2, 'l', 250)",
		 blob, blob);
	gx_test_raw_exec(&raw, sql);
	gx_test_raw_close(&raw);
	assert_int_equal(gx_store_operator_gauges(conn, 5000, &g), GX_DB_ONE_RESULT);
	assert_int_equal(g.outbox_backlog, 2);
	assert_int_equal(g.translog_size, 7);
	assert_int_equal(g.cosigned_at_us, 260);
	assert_int_equal(gx_store_operator_gauges(conn, 10000, &g), GX_DB_ONE_RESULT);
	assert_int_equal(g.outbox_backlog, 3);
}

static void test_store_size(void **state)
{
	long long before = 0, after = 0;
	assert_int_equal(gx_store_size(conn, &before), GX_DB_ONE_RESULT);
	assert_true(before > 0);
	/* A few thousand samples later the store is larger. */
	static struct gx_sample rows[2000];
	for (int i = 0; i < 2000; i++)
		rows[i] = sample("prefill.calls", "persons-with-a-long-label-to-take-room", "instance-a", 60LL * i, i);
	assert_int_equal(gx_store_samples_put(conn, rows, 2000), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_size(conn, &after), GX_DB_ONE_RESULT);
	assert_true(after > before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_operators, setup, teardown),
		cmocka_unit_test_setup_teardown(test_samples_buckets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_samples_purge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gauges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_size, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

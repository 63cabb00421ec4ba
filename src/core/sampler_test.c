/* The dashboard's sampler: given two readings of the counters, the rows of
 * the interval. By hand (every series, what is left out, too little room),
 * then from the real counters: a register's stats recorded as the prefill
 * engine does, submissions counted as core does, read by gx_ops_snapshot_take. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/activity.h"
#include "core/ops.h"
#include "core/sampler.h"
#include "sources/prefill.h"
#include "sources/registers.h"

/* The row of series and label, or NULL. */
static const struct gx_sample *row(const struct gx_sample *rows, long n, const char *series, const char *label)
{
	for (long i = 0; i < n; i++)
		if (strcmp(rows[i].series, series) == 0 && strcmp(rows[i].label, label) == 0)
			return &rows[i];
	return NULL;
}

static long long value(const struct gx_sample *rows, long n, const char *series, const char *label)
{
	const struct gx_sample *r = row(rows, n, series, label);
	if (r == NULL)
		fail_msg("no row %s{%s}", series, label);
	return r->value;
}

static void test_rows_by_hand(void **state)
{
	(void)state;
	struct gx_ops_org orgs0[] = {{"cns", 10}, {"snca", 4}}, orgs1[] = {{"cns", 10}, {"snca", 7}};
	struct gx_ops_register regs0[] = {{"persons", {.up = -1}}, {"vehicles", {.up = -1}}};
	struct gx_ops_register regs1[] = {{"persons", {.up = 1}}, {"vehicles", {.up = -1}}};
	/* persons: 3 requests more, 1 of them timed out; 100 fast ones, then 2 between 25 and 50 ms, and a timeout past 5 s. */
	regs0[0].f.outcomes[GX_SOURCE_OK] = 5;
	regs0[0].f.latency[0] = 5;
	regs1[0].f.outcomes[GX_SOURCE_OK] = 5 + 2;
	regs1[0].f.outcomes[GX_SOURCE_TIMEOUT] = 1;
	regs1[0].f.outcomes[GX_SOURCE_DECLINED] = 40;  /* not asked: no request */
	regs1[0].f.latency[0] = 5;
	regs1[0].f.latency[8] = 2;
	regs1[0].f.latency[GX_HISTO_BUCKETS - 1] = 1;
	struct gx_ops_snapshot prev = {.nregisters = 2, .registers = regs0, .norgs = 2, .orgs = orgs0, .has_commit = true,
				       .store_bytes = -1, .outbox_backlog = -1, .translog_size = -1};
	struct gx_ops_snapshot cur = {.nregisters = 2, .registers = regs1, .norgs = 2, .orgs = orgs1, .has_commit = true,
				      .store_bytes = 123456, .outbox_backlog = -1, .translog_size = -1};
	prev.commit = (struct gx_store_durable_stats){.batches = 100, .items = 300};
	cur.commit = (struct gx_store_durable_stats){.batches = 110, .items = 350, .batch_peak = 12, .queue_peak = 30};

	struct gx_sample rows[64];
	long n = gx_sampler_rows(&prev, &cur, 1800, "host-a", rows, 64);
	assert_true(n > 0);
	assert_true((size_t)n <= gx_sampler_max_rows(2, 2));
	for (long i = 0; i < n; i++) {
		assert_int_equal(rows[i].at_s, 1800);
		assert_string_equal(rows[i].instance, "host-a");
	}
	/* cns did nothing: no row (a missing count is 0). */
	assert_null(row(rows, n, GX_SERIES_SUBMISSIONS, "cns"));
	assert_int_equal(value(rows, n, GX_SERIES_SUBMISSIONS, "snca"), 3);
	assert_int_equal(value(rows, n, GX_SERIES_PREFILL_CALLS, "persons"), 3);
	assert_int_equal(value(rows, n, GX_SERIES_PREFILL_ERRORS, "persons"), 1);
	/* Of this interval's 3 only: the 5 fast ones of before do not count. */
	assert_int_equal(value(rows, n, GX_SERIES_PREFILL_P50, "persons"), 25000 + 25000 * 1.5 / 2);
	assert_int_equal(value(rows, n, GX_SERIES_PREFILL_P99, "persons"), 5000000);
	assert_int_equal(value(rows, n, GX_SERIES_REGISTER_UP, "persons"), 1);
	/* vehicles: not asked, not probed yet: nothing. */
	assert_null(row(rows, n, GX_SERIES_PREFILL_CALLS, "vehicles"));
	assert_null(row(rows, n, GX_SERIES_PREFILL_P99, "vehicles"));
	assert_null(row(rows, n, GX_SERIES_REGISTER_UP, "vehicles"));
	assert_int_equal(value(rows, n, GX_SERIES_COMMIT_BATCHES, ""), 10);
	assert_int_equal(value(rows, n, GX_SERIES_COMMIT_ITEMS, ""), 50);
	assert_int_equal(value(rows, n, GX_SERIES_COMMIT_BATCH_MAX, ""), 12);
	assert_int_equal(value(rows, n, GX_SERIES_COMMIT_QUEUE_MAX, ""), 30);
	assert_int_equal(value(rows, n, GX_SERIES_STORE_BYTES, ""), 123456);
	assert_int_equal(n, 11);

	/* Too little room: refused, not cut short. */
	assert_int_equal(gx_sampler_rows(&prev, &cur, 1800, "host-a", rows, 10), -1);
	/* Nothing measured of the store, no group commit read: neither row. */
	cur.store_bytes = -1;
	cur.has_commit = false;
	n = gx_sampler_rows(&prev, &cur, 1860, "host-a", rows, 64);
	assert_null(row(rows, n, GX_SERIES_STORE_BYTES, ""));
	assert_null(row(rows, n, GX_SERIES_COMMIT_BATCHES, ""));
	assert_int_equal(n, 6);

	/* The outbox: 4 sent, 2 retried and 1 given up since; 3 waiting. The
	 * log: 812 leaves, its last cosignature 42.5 s before the reading. */
	prev.outbox[GX_OUTBOX_SENT] = 10;
	prev.outbox[GX_OUTBOX_RETRY] = 1;
	cur.outbox[GX_OUTBOX_SENT] = 14;
	cur.outbox[GX_OUTBOX_RETRY] = 3;
	cur.outbox[GX_OUTBOX_FAILED] = 1;
	cur.outbox[GX_OUTBOX_SKIPPED] = 9;  /* no mail to send: neither sent nor failed */
	cur.outbox_backlog = 3;
	cur.translog_size = 812;
	cur.at_us = 1900LL * 1000000;
	cur.cosigned_at_us = cur.at_us - 42500000;
	n = gx_sampler_rows(&prev, &cur, 1860, "host-a", rows, 64);
	assert_true((size_t)n <= gx_sampler_max_rows(2, 2));
	assert_int_equal(value(rows, n, GX_SERIES_OUTBOX_SENT, ""), 4);
	assert_int_equal(value(rows, n, GX_SERIES_OUTBOX_FAILURES, ""), 3);
	assert_int_equal(value(rows, n, GX_SERIES_OUTBOX_BACKLOG, ""), 3);
	assert_int_equal(value(rows, n, GX_SERIES_TRANSLOG_SIZE, ""), 812);
	assert_int_equal(value(rows, n, GX_SERIES_TRANSLOG_COSIGN_AGE, ""), 42);
	assert_int_equal(n, 6 + 5);
	/* Nothing sent or failed since, never cosigned: only the gauges. */
	prev = cur;
	cur.cosigned_at_us = 0;
	n = gx_sampler_rows(&prev, &cur, 1920, "host-a", rows, 64);
	assert_null(row(rows, n, GX_SERIES_OUTBOX_SENT, ""));
	assert_null(row(rows, n, GX_SERIES_OUTBOX_FAILURES, ""));
	assert_null(row(rows, n, GX_SERIES_TRANSLOG_COSIGN_AGE, ""));
	assert_int_equal(value(rows, n, GX_SERIES_OUTBOX_BACKLOG, ""), 3);
}

#define TITLES "{\"fr\": \"R\", \"de\": \"R\", \"en\": \"R\"}"
#define REG(name)                                                                                                  \
	"{\"name\": \"" name "\", \"url\": \"http://127.0.0.1:9101\", \"key\": \"demo-guichet-registry-key-0001\", \"subject_key\": \"national_id\"," \
	" \"titles\": " TITLES ", \"my_data\": [{\"name\": \"a\", \"titles\": " TITLES "}]}"

static void test_rows_from_counters(void **state)
{
	(void)state;
	static const char text[] = "{\"registers\": [" REG("persons") ", " REG("vehicles") "]}";
	struct gx_domain d = {0};
	char err[200];
	if (gx_registers_parse(text, strlen(text), "registers.json", &d.registers, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	d.activity = gx_activity_new(NULL);
	assert_non_null(d.activity);

	struct gx_ops_snapshot before, after;
	assert_int_equal(gx_ops_snapshot_take(&d, NULL, false, &before), 0);
	const struct gx_register *persons = gx_registers_find(&d.registers, "persons");
	for (int i = 0; i < 98; i++)
		gx_register_stats_record(persons, GX_SOURCE_OK, 1500);  /* 1 to 2.5 ms */
	gx_register_stats_record(persons, GX_SOURCE_UNAVAILABLE, 30000);
	gx_register_stats_record(persons, GX_SOURCE_BAD_ANSWER, 30000);
	gx_register_stats_probed(gx_registers_find(&d.registers, "vehicles"), false);
	gx_activity_submitted(d.activity, "snca");  /* no procedure of snca here: not counted */
	assert_int_equal(gx_ops_snapshot_take(&d, NULL, false, &after), 0);

	struct gx_sample rows[32];
	long n = gx_sampler_rows(&before, &after, 60, "i", rows, 32);
	assert_int_equal(value(rows, n, GX_SERIES_PREFILL_CALLS, "persons"), 100);
	assert_int_equal(value(rows, n, GX_SERIES_PREFILL_ERRORS, "persons"), 2);
	assert_int_equal(value(rows, n, GX_SERIES_PREFILL_P50, "persons"), 1000 + 1500 * 50 / 98);
	assert_int_equal(value(rows, n, GX_SERIES_PREFILL_P99, "persons"), 25000 + 25000 * 1 / 2);
	assert_int_equal(value(rows, n, GX_SERIES_REGISTER_UP, "vehicles"), 0);
	assert_null(row(rows, n, GX_SERIES_REGISTER_UP, "persons"));
	assert_null(row(rows, n, GX_SERIES_SUBMISSIONS, "snca"));
	assert_null(row(rows, n, GX_SERIES_COMMIT_BATCHES, ""));  /* no store given */
	assert_int_equal(n, 5);

	/* The next interval, with nothing new: only the gauge. */
	gx_ops_snapshot_clear(&before);
	assert_int_equal(gx_ops_snapshot_take(&d, NULL, false, &before), 0);
	n = gx_sampler_rows(&after, &before, 120, "i", rows, 32);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].series, GX_SERIES_REGISTER_UP);
	gx_ops_snapshot_clear(&before);
	gx_ops_snapshot_clear(&after);
	gx_activity_free(d.activity);
	gx_registers_free(&d.registers);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_by_hand),
		cmocka_unit_test(test_rows_from_counters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The transparency log's storage, on either backend: records not yet in
 * the log, salts (the first one stays), appending a batch at the size read
 * (a stale size changes nothing), subtrees read one by one and by range,
 * records by leaf with their salts, checkpoints and cosignatures, a
 * person's records newest first with filters and keyset pages, erasure
 * that keeps the tree, and the precommit step of the group commit. */
#include "store/store.h"
#include "store/store_testutil.h"
#include "store/translog.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;

static int setup(void **state)
{
	store = gx_test_store_open(&tdb);
	conn = gx_store_conn_open(store);
	return 0;
}

static int teardown(void **state)
{
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static long long add_record(const char *subject, const char *source, const char *actor, long long at_us)
{
	struct gx_access_record r = gx_test_record(subject);
	r.source = source;
	r.at_us = at_us;
	if (strcmp(actor, "guichet") != 0) {
		r.actor_kind = "organisation";
		r.actor_role = "handler";
	}
	r.actor_id = actor;
	assert_int_equal(gx_store_access_record_append(conn, &r), GX_DB_ONE_RESULT);
	struct gx_test_raw raw = gx_test_raw_open(&tdb);
	long long id = gx_test_raw_int(&raw, "SELECT max(id) FROM access_records");
	gx_test_raw_close(&raw);
	return id;
}

static void hash_of(unsigned char h[32], int v)
{
	memset(h, 0, 32);
	h[0] = (unsigned char)v;
	h[31] = 0xa5;
}

static void test_append_at_the_size_read(void **state)
{
	uint64_t size = 99;
	assert_int_equal(gx_store_tlog_size(conn, &size), GX_DB_ONE_RESULT);
	assert_int_equal(size, 0);
	long long ids[3] = {add_record("111", "persons", "guichet", 10), add_record("222", "vehicles", "guichet", 11),
			    add_record("111", "persons", "commune", 12)};

	struct gx_access_row rows[4];
	size_t n;
	bool more;
	assert_int_equal(gx_store_tx_begin(conn, true), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_tlog_head_lock(conn, &size), GX_DB_ONE_RESULT);
	assert_int_equal(size, 0);
	assert_int_equal(gx_store_tlog_unlogged(conn, ids[0], ids[2], 2, rows, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_true(more);
	assert_int_equal(rows[0].id, ids[0]);
	assert_int_equal(rows[1].id, ids[1]);
	assert_string_equal(rows[0].subject, "111");
	assert_string_equal(rows[1].source, "vehicles");
	assert_null(rows[0].actor_role);
	assert_null(rows[0].legal_basis);
	assert_int_equal(rows[0].leaf_index, -1);
	assert_false(rows[0].has_salt);
	gx_access_rows_clear(rows, n);

	/* The first salt stays. */
	unsigned char salt_a[32], salt_b[32], got[32];
	memset(salt_a, 0xaa, 32);
	memset(salt_b, 0xbb, 32);
	assert_int_equal(gx_store_tlog_salt_put(conn, "111", salt_a, 1, got), GX_DB_ONE_RESULT);
	assert_memory_equal(got, salt_a, 32);
	assert_int_equal(gx_store_tlog_salt_put(conn, "111", salt_b, 2, got), GX_DB_ONE_RESULT);
	assert_memory_equal(got, salt_a, 32);

	assert_int_equal(gx_store_tlog_unlogged(conn, ids[0], ids[2], 10, rows, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 3);
	assert_false(more);
	assert_true(rows[0].has_salt);
	assert_memory_equal(rows[0].salt, salt_a, 32);
	assert_false(rows[1].has_salt);
	assert_string_equal(rows[2].actor_role, "handler");
	gx_access_rows_clear(rows, n);

	/* Three leaves and the subtree of the first two. */
	struct gx_tlog_node nodes[4] = {{0, 0, {0}}, {0, 1, {0}}, {1, 0, {0}}, {0, 2, {0}}};
	for (int i = 0; i < 4; i++)
		hash_of(nodes[i].hash, i + 1);
	assert_int_equal(gx_store_tlog_append(conn, 0, ids, 3, nodes, 4), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_tx_commit(conn), GX_DB_NO_RESULTS);

	assert_int_equal(gx_store_tlog_size(conn, &size), GX_DB_ONE_RESULT);
	assert_int_equal(size, 3);
	/* A writer that read size 0 before: nothing changes. */
	assert_int_equal(gx_store_tx_begin(conn, true), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_tlog_append(conn, 0, ids, 1, nodes, 1), GX_DB_CONFLICT);
	gx_store_tx_rollback(conn);
	assert_int_equal(gx_store_tlog_size(conn, &size), GX_DB_ONE_RESULT);
	assert_int_equal(size, 3);
	long long unlogged = -1;
	assert_int_equal(gx_store_tlog_unlogged_count(conn, &unlogged), GX_DB_ONE_RESULT);
	assert_int_equal(unlogged, 0);
	assert_int_equal(gx_store_tlog_unlogged(conn, ids[0], ids[2], 10, rows, &n, &more), GX_DB_NO_RESULTS);
	/* The connection says which records it wrote since it was last asked. */
	long long lo, hi;
	assert_int_equal(gx_store_access_records_written_take(conn, &lo, &hi), 3);
	assert_int_equal(lo, ids[0]);
	assert_int_equal(hi, ids[2]);
	assert_int_equal(gx_store_access_records_written_take(conn, &lo, &hi), 0);

	unsigned char h[32], want[32];
	assert_int_equal(gx_store_tlog_subtree(conn, 1, 0, h), GX_DB_ONE_RESULT);
	hash_of(want, 3);
	assert_memory_equal(h, want, 32);
	assert_int_equal(gx_store_tlog_subtree(conn, 1, 1, h), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_tlog_subtree(conn, 64, 0, h), GX_DB_NO_RESULTS);

	struct gx_tlog_node got_nodes[8];
	assert_int_equal(gx_store_tlog_subtrees(conn, 0, 1, 8, got_nodes, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_int_equal(got_nodes[0].index, 1);
	assert_int_equal(got_nodes[1].index, 2);
	hash_of(want, 4);
	assert_memory_equal(got_nodes[1].hash, want, 32);

	/* By leaf, with the salts of those who have one. */
	assert_int_equal(gx_store_tlog_records_by_leaf(conn, 1, 8, rows, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].leaf_index, 1);
	assert_int_equal(rows[0].id, ids[1]);
	assert_false(rows[0].has_salt);
	assert_int_equal(rows[1].leaf_index, 2);
	assert_true(rows[1].has_salt);
	assert_memory_equal(rows[1].salt, salt_a, 32);
	gx_access_rows_clear(rows, n);
}

static void test_checkpoints_and_cosignatures(void **state)
{
	struct gx_tlog_checkpoint_row c = {.size = 5, .note = "log\n5\nroot\n\n— log sig\n", .signed_at_us = 100};
	hash_of(c.root, 5);
	struct gx_tlog_checkpoint_row got = {0};
	assert_int_equal(gx_store_tlog_checkpoint_latest(conn, &got), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_tlog_checkpoint_put(conn, &c), GX_DB_ONE_RESULT);
	c.note = "another";
	assert_int_equal(gx_store_tlog_checkpoint_put(conn, &c), GX_DB_NO_RESULTS);
	c = (struct gx_tlog_checkpoint_row){.size = 9, .note = "log\n9\n", .signed_at_us = 200};
	hash_of(c.root, 9);
	assert_int_equal(gx_store_tlog_checkpoint_put(conn, &c), GX_DB_ONE_RESULT);
	c = (struct gx_tlog_checkpoint_row){.size = 7, .note = "log\n7\n", .signed_at_us = 300};
	assert_int_equal(gx_store_tlog_checkpoint_put(conn, &c), GX_DB_ONE_RESULT);

	assert_int_equal(gx_store_tlog_cosignature_put(conn, 5, "w2", 7, "— w2 B\n", 1), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_tlog_cosignature_put(conn, 5, "w1", 9, "— w1 A\n", 1), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_tlog_cosignature_put(conn, 5, "w2", 7, "— w2 C\n", 2), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_tlog_cosignature_put(conn, 404, "w2", 7, "— w2 C\n", 2), GX_DB_HARD_ERROR);

	assert_int_equal(gx_store_tlog_checkpoint_latest(conn, &got), GX_DB_ONE_RESULT);
	assert_int_equal(got.size, 9);
	assert_string_equal(got.note, "log\n9\n");
	assert_string_equal(got.cosignatures, "");
	unsigned char want[32];
	hash_of(want, 9);
	assert_memory_equal(got.root, want, 32);
	gx_tlog_checkpoint_row_clear(&got);

	assert_int_equal(gx_store_tlog_checkpoint_get(conn, 5, &got), GX_DB_ONE_RESULT);
	assert_string_equal(got.note, "log\n5\nroot\n\n— log sig\n");
	assert_string_equal(got.cosignatures, "— w1 A\n— w2 C\n");
	assert_int_equal(got.signed_at_us, 100);
	gx_tlog_checkpoint_row_clear(&got);
	assert_int_equal(gx_store_tlog_checkpoint_get(conn, 6, &got), GX_DB_NO_RESULTS);

	struct gx_tlog_checkpoint_row rows[4];
	size_t n;
	assert_int_equal(gx_store_tlog_checkpoints(conn, true, 6, 4, rows, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].size, 7);
	assert_int_equal(rows[1].size, 9);
	for (size_t i = 0; i < n; i++)
		gx_tlog_checkpoint_row_clear(&rows[i]);
	assert_int_equal(gx_store_tlog_checkpoints(conn, false, UINT64_MAX, 2, rows, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].size, 9);
	assert_int_equal(rows[1].size, 7);
	for (size_t i = 0; i < n; i++)
		gx_tlog_checkpoint_row_clear(&rows[i]);
	assert_int_equal(gx_store_tlog_checkpoints(conn, false, 6, 4, rows, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].size, 5);
	assert_string_equal(rows[0].cosignatures, "— w1 A\n— w2 C\n");
	gx_tlog_checkpoint_row_clear(&rows[0]);
}

static void test_a_persons_records_newest_first(void **state)
{
	long long a = add_record("111", "persons", "guichet", 100);
	long long b = add_record("111", "vehicles", "commune", 200);
	long long c = add_record("111", "persons", "commune", 200);
	long long d = add_record("111", "persons", "guichet", 300);
	add_record("222", "persons", "guichet", 250);

	struct gx_access_row rows[8];
	size_t n;
	bool more;
	struct gx_access_query q = {.subject = "111"};
	assert_int_equal(gx_store_access_records_of(conn, &q, rows, 2, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_true(more);
	assert_int_equal(rows[0].id, d);
	assert_int_equal(rows[1].id, c); /* same time: the later id first */
	q.before_at_us = rows[1].at_us;
	q.before_id = rows[1].id;
	gx_access_rows_clear(rows, n);
	assert_int_equal(gx_store_access_records_of(conn, &q, rows, 2, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	assert_false(more);
	assert_int_equal(rows[0].id, b);
	assert_int_equal(rows[1].id, a);
	gx_access_rows_clear(rows, n);

	q = (struct gx_access_query){.subject = "111", .source = "persons", .actor_id = "commune"};
	assert_int_equal(gx_store_access_records_of(conn, &q, rows, 8, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, c);
	assert_string_equal(rows[0].actor_kind, "organisation");
	gx_access_rows_clear(rows, n);

	q = (struct gx_access_query){.subject = "111", .from_us = 200, .to_us = 300};
	assert_int_equal(gx_store_access_records_of(conn, &q, rows, 8, &n, &more), GX_DB_ONE_RESULT);
	assert_int_equal(n, 2);
	gx_access_rows_clear(rows, n);

	q = (struct gx_access_query){.subject = "333"};
	assert_int_equal(gx_store_access_records_of(conn, &q, rows, 8, &n, &more), GX_DB_NO_RESULTS);
	assert_int_equal(n, 0);
}

static void test_erasure_keeps_the_tree(void **state)
{
	long long ids[2] = {add_record("111", "persons", "guichet", 1), add_record("222", "persons", "guichet", 2)};
	unsigned char salt[32], got[32];
	memset(salt, 1, 32);
	assert_int_equal(gx_store_tlog_salt_put(conn, "111", salt, 1, got), GX_DB_ONE_RESULT);
	struct gx_tlog_node nodes[2] = {{0, 0, {1}}, {0, 1, {2}}};
	assert_int_equal(gx_store_tlog_append(conn, 0, ids, 2, nodes, 2), GX_DB_ONE_RESULT);

	long long n = 0;
	assert_int_equal(gx_store_access_records_erase(conn, "111", &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 1);
	assert_int_equal(gx_store_tlog_salt_get(conn, "111", got), GX_DB_NO_RESULTS);
	assert_int_equal(gx_store_access_records_erase(conn, "111", &n), GX_DB_NO_RESULTS);
	uint64_t size;
	assert_int_equal(gx_store_tlog_size(conn, &size), GX_DB_ONE_RESULT);
	assert_int_equal(size, 2);
	unsigned char h[32];
	assert_int_equal(gx_store_tlog_subtree(conn, 0, 0, h), GX_DB_ONE_RESULT);
	struct gx_access_row rows[2];
	size_t k;
	assert_int_equal(gx_store_tlog_records_by_leaf(conn, 0, 2, rows, &k), GX_DB_ONE_RESULT);
	assert_int_equal(k, 1);
	assert_int_equal(rows[0].leaf_index, 1);
	gx_access_rows_clear(rows, k);
}

/* The group commit's last step runs in the batch's transaction: what it
 * writes commits with the items, and it hears whether COMMIT succeeded. */
static int precommit_runs, postcommit_ok, postcommit_failed;
static enum gx_db_status precommit_result = GX_DB_ONE_RESULT;

static enum gx_db_status precommit(struct gx_store_conn *w, void *arg)
{
	precommit_runs++;
	if (precommit_result < 0)
		return precommit_result;
	struct gx_tlog_checkpoint_row c = {.size = (uint64_t)precommit_runs, .note = "n", .signed_at_us = 1};
	return gx_store_tlog_checkpoint_put(w, &c);
}

static void postcommit(void *arg, bool committed)
{
	if (committed)
		postcommit_ok++;
	else
		postcommit_failed++;
}

static enum gx_db_status write_record(struct gx_store_conn *w, void *arg)
{
	struct gx_access_record r = gx_test_record("111");
	return gx_store_access_record_append(w, &r);
}

static enum gx_db_status last_result;
static void on_done(void *arg, enum gx_db_status result)
{
	last_result = result;
}

static void test_precommit_in_the_batch(void **state)
{
	gx_store_set_precommit(store, precommit, postcommit, NULL);
	assert_int_equal(gx_store_durable_submit(store, write_record, on_done, NULL), GX_STORE_OK);
	gx_store_durable_drain(store);
	assert_true(last_result >= 0);
	assert_int_equal(precommit_runs, 1);
	assert_int_equal(postcommit_ok, 1);
	struct gx_tlog_checkpoint_row got;
	assert_int_equal(gx_store_tlog_checkpoint_get(conn, 1, &got), GX_DB_ONE_RESULT);
	gx_tlog_checkpoint_row_clear(&got);

	/* A failing last step fails the batch: its items are not written. */
	long long before;
	assert_int_equal(gx_store_access_records_count(conn, "111", &before), GX_DB_ONE_RESULT);
	precommit_result = GX_DB_HARD_ERROR;
	assert_int_equal(gx_store_durable_submit(store, write_record, on_done, NULL), GX_STORE_OK);
	gx_store_durable_drain(store);
	assert_int_equal(last_result, GX_DB_HARD_ERROR);
	assert_true(postcommit_failed >= 1);
	long long after;
	assert_int_equal(gx_store_access_records_count(conn, "111", &after), GX_DB_ONE_RESULT);
	assert_int_equal(after, before);

	/* A soft failure runs the batch again (here it keeps failing: the attempts run out). */
	precommit_result = GX_DB_SOFT_ERROR;
	int runs = precommit_runs;
	assert_int_equal(gx_store_durable_submit(store, write_record, on_done, NULL), GX_STORE_OK);
	gx_store_durable_drain(store);
	assert_true(last_result < 0);
	assert_true(precommit_runs - runs > 1);
	assert_int_equal(gx_store_access_records_count(conn, "111", &after), GX_DB_ONE_RESULT);
	assert_int_equal(after, before);
	gx_store_set_precommit(store, NULL, NULL, NULL);
	precommit_result = GX_DB_ONE_RESULT;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_append_at_the_size_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpoints_and_cosignatures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_persons_records_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erasure_keeps_the_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_precommit_in_the_batch, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

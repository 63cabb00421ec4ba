/* The transparency log on a real store (either backend): access records
 * written through the group commit become leaves in commit order, salted
 * per person; the tree the store holds is the tree of those records;
 * checkpoints are signed only when it grew and only when it is consistent
 * with the last one; `translog verify` passes on an untouched store and,
 * after each kind of tampering, fails naming the first bad leaf or the
 * checkpoint; erasing a person's records keeps it passing. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/access_record.h"
#include "core/checkpoints.h"
#include "core/translog_store.h"
#include "core/translog_verify.h"
#include "core/translog_writer.h"
#include "store/store_testutil.h"
#include "store/translog.h"
#include "translog/memtree.h"
#include "translog/proof.h"

static struct gx_test_db tdb;
static struct gx_store *store;
static struct gx_store_conn *conn;
static struct gx_tlog_writer writer;
static struct gx_transparency tp;
static char key_path[128];

static int setup(void **state)
{
	struct gx_store_config cfg;
	char err[256];
	gx_test_db_make(&tdb);
	gx_test_config(&cfg, &tdb);
	cfg.group_commit_max_batch = 4; /* several batches, each with several records */
	if (gx_store_open(&cfg, &store, err, sizeof(err)) != GX_STORE_OK)
		fail_msg("open: %s", err);
	conn = gx_store_conn_open(store);
	gx_tlog_writer_init(&writer);
	gx_tlog_writer_attach(&writer, store);
	snprintf(key_path, sizeof(key_path), "/tmp/gx_translog_key_%ld", (long)getpid());
	unlink(key_path);
	struct gx_transparency_files f = {.key_file = key_path, .origin = "test.example/access-log", .witnesses = "",
					  .quorum = 1, .interval_ms = 1000, .create = true};
	if (gx_transparency_load(&tp, &f, err, sizeof(err)) != 0)
		fail_msg("keys: %s", err);
	return 0;
}

static int teardown(void **state)
{
	gx_transparency_free(&tp);
	unlink(key_path);
	gx_store_conn_close(conn);
	gx_store_close(store);
	gx_test_db_remove(&tdb);
	return 0;
}

static const char *const subjects[] = {"1985031410148", "1972110213859", "1990122300157"};

static enum gx_db_status write_records(struct gx_store_conn *w, void *arg)
{
	int i = *(int *)arg;
	/* Two records per item: two registers read at once. */
	for (int k = 0; k < 2; k++) {
		struct gx_access_record r = gx_test_record(subjects[i % 3]);
		r.at_us = 1700000000000000LL + i * 10 + k;
		r.source = k == 0 ? "persons" : "vehicles";
		r.request_id = k == 0 ? "req-a" : "req-b";
		if (i % 4 == 3) {
			r.actor_kind = "organisation";
			r.actor_id = "commune";
			r.actor_role = "handler";
			r.legal_basis = "consent";
		}
		enum gx_db_status st = gx_store_access_record_append(w, &r);
		if (st < 0)
			return st;
	}
	return GX_DB_ONE_RESULT;
}

static int done_count, done_failed;
static void on_done(void *arg, enum gx_db_status result)
{
	done_count++;
	done_failed += result < 0;
}

/* n items of two records each, queued at once (so batches group them). */
static void log_items(int from, int n)
{
	static int args[256];
	for (int i = 0; i < n; i++) {
		args[from + i] = from + i;
		assert_int_equal(gx_store_durable_submit(store, write_records, on_done, &args[from + i]), GX_STORE_OK);
	}
	gx_store_durable_drain(store);
	assert_int_equal(done_failed, 0);
}

static void sign(int expect)
{
	char err[256];
	uint64_t size = 0;
	int rc = gx_checkpoint_sign_round(conn, &tp, 1700000000000000LL, &size, err, sizeof(err));
	if (rc != expect)
		fail_msg("sign round: %d (%s)", rc, rc < 0 ? err : "");
}

static void expect_verified(void)
{
	struct gx_tlog_verify_report rep;
	int rc = gx_tlog_verify(conn, &tp, &rep);
	if (rc != 0)
		fail_msg("verify: %d: %s", rc, rep.reason);
}

static void expect_bad(long long index, long long checkpoint, const char *words)
{
	struct gx_tlog_verify_report rep;
	int rc = gx_tlog_verify(conn, &tp, &rep);
	if (rc != 1 || rep.bad_index != index || rep.bad_checkpoint != checkpoint || strstr(rep.reason, words) == NULL)
		fail_msg("verify: %d, index %lld, checkpoint %lld: %s (wanted index %lld, checkpoint %lld, \"%s\")", rc,
			 rep.bad_index, rep.bad_checkpoint, rep.reason, index, checkpoint, words);
}

/* 12 items (24 records) with a checkpoint after 8 and after all. */
static void make_log(void)
{
	log_items(0, 4);
	sign(1);
	log_items(4, 8);
	sign(1);
	sign(0); /* the tree did not grow */
}

static void test_records_become_leaves_in_commit_order(void **state)
{
	make_log();
	uint64_t size;
	assert_int_equal(gx_store_tlog_size(conn, &size), GX_DB_ONE_RESULT);
	assert_int_equal(size, 24);

	/* The stored tree is the tree of the records, leaf by leaf, salted per person. */
	struct gx_tlog_memtree *mt = gx_tlog_memtree_new();
	unsigned char salts[3][32];
	for (int s = 0; s < 3; s++)
		assert_int_equal(gx_store_tlog_salt_get(conn, subjects[s], salts[s]), GX_DB_ONE_RESULT);
	assert_memory_not_equal(salts[0], salts[1], 32);
	struct gx_access_row rows[32];
	size_t n;
	assert_int_equal(gx_store_tlog_records_by_leaf(conn, 0, 32, rows, &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 24);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(rows[i].leaf_index, (long long)i);
		if (i > 0)
			assert_true(rows[i].id > rows[i - 1].id); /* commit order is id order here */
		struct gx_tlog_hash leaf;
		unsigned char stored[32];
		assert_int_equal(gx_access_record_leaf(&rows[i], rows[i].salt, &leaf), 0);
		assert_int_equal(gx_store_tlog_subtree(conn, 0, i, stored), GX_DB_ONE_RESULT);
		assert_memory_equal(stored, leaf.b, 32);
		assert_int_equal(gx_tlog_memtree_append(mt, &leaf), 0);
	}
	gx_access_rows_clear(rows, n);

	struct gx_tlog_hash want, got;
	gx_tlog_memtree_root(mt, &want);
	struct gx_tlog_frontier f;
	assert_int_equal(gx_tlog_store_frontier(conn, UINT64_MAX, &f), 0);
	gx_tlog_frontier_root(&f, &got);
	assert_memory_equal(want.b, got.b, 32);

	/* Proofs from the store verify against the checkpoint. */
	struct gx_tlog_checkpoint_row latest;
	assert_int_equal(gx_store_tlog_checkpoint_latest(conn, &latest), GX_DB_ONE_RESULT);
	struct gx_checkpoint_view v;
	char err[200];
	assert_int_equal(gx_checkpoint_view_open(&latest, &tp, &v, err, sizeof(err)), 0);
	assert_int_equal(v.c.size, 24);
	assert_memory_equal(v.c.root.b, want.b, 32);
	assert_false(v.witnessed);
	gx_checkpoint_view_clear(&v);
	gx_tlog_checkpoint_row_clear(&latest);
	struct gx_tlog_store_reader r;
	struct gx_tlog_node cache[64];
	struct gx_tlog_hashes h = gx_tlog_store_reader_init(&r, conn, cache, 64);
	struct gx_tlog_proof p;
	struct gx_tlog_hashes mh = gx_tlog_memtree_hashes(mt);
	for (uint64_t i = 0; i < 24; i++) {
		struct gx_tlog_proof q;
		assert_int_equal(gx_tlog_inclusion_prove(&h, i, 24, &p), 0);
		assert_int_equal(gx_tlog_inclusion_prove(&mh, i, 24, &q), 0);
		assert_int_equal(p.len, q.len);
		assert_memory_equal(p.h, q.h, p.len * sizeof(p.h[0]));
	}
	assert_int_equal(gx_tlog_consistency_prove(&h, 8, 24, &p), 0);
	struct gx_tlog_checkpoint_row first;
	assert_int_equal(gx_store_tlog_checkpoint_get(conn, 8, &first), GX_DB_ONE_RESULT);
	struct gx_tlog_hash old_root;
	memcpy(old_root.b, first.root, 32);
	assert_true(gx_tlog_consistency_verify(8, 24, &old_root, &want, &p));
	gx_tlog_checkpoint_row_clear(&first);
	gx_tlog_memtree_free(mt);

	expect_verified();
}

static void test_a_new_writer_continues_the_tree(void **state)
{
	log_items(0, 3);
	/* Another guichetd (a writer that knows nothing) appends next. */
	struct gx_tlog_writer other;
	gx_tlog_writer_init(&other);
	gx_tlog_writer_attach(&other, store);
	log_items(3, 3);
	gx_tlog_writer_attach(&writer, store);
	log_items(6, 3);
	uint64_t size;
	assert_int_equal(gx_store_tlog_size(conn, &size), GX_DB_ONE_RESULT);
	assert_int_equal(size, 18);
	sign(1);
	expect_verified();
}

/* --- tampering, one kind per test ------------------------------------------------------- */

static struct gx_test_raw raw;

static void raw_sql(const char *sqlite, const char *pg)
{
	raw = gx_test_raw_open(&tdb);
	gx_test_raw_exec(&raw, tdb.pg ? pg : sqlite);
	gx_test_raw_close(&raw);
}

static void set_leaf(uint64_t index, const unsigned char h[32])
{
	char hex[65], sql[256];
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	if (tdb.pg)
		snprintf(sql, sizeof(sql), "UPDATE tlog_leaves SET hash = '\\x%s'::bytea WHERE idx = %llu", hex,
			 (unsigned long long)index);
	else
		snprintf(sql, sizeof(sql), "UPDATE tlog_leaves SET hash = X'%s' WHERE idx = %llu", hex,
			 (unsigned long long)index);
	raw_sql(sql, sql);
}

static void test_verify_names_a_changed_leaf(void **state)
{
	make_log();
	expect_verified();
	unsigned char h[32];
	assert_int_equal(gx_store_tlog_subtree(conn, 0, 13, h), GX_DB_ONE_RESULT);
	h[5] ^= 0x01; /* one byte of one leaf */
	set_leaf(13, h);
	expect_bad(13, -1, "leaf 13 is not the hash of its record");
}

static void test_the_log_signs_no_rewritten_history(void **state)
{
	make_log();
	/* The subtree of leaves 16 to 23 rewritten: verify names its first leaf ... */
	raw_sql("UPDATE tlog_subtrees SET hash = randomblob(32) WHERE level = 3 AND idx = 2",
		"UPDATE tlog_subtrees SET hash = sha256(hash) WHERE level = 3 AND idx = 2");
	expect_bad(16, -1, "leaves 16 to 23");
	/* ... and the log refuses to sign anything on top of it. */
	log_items(12, 1);
	char err[256];
	uint64_t size;
	assert_int_equal(gx_checkpoint_sign_round(conn, &tp, 1, &size, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not consistent with the checkpoint of 24"));
}

static void test_verify_names_a_changed_record(void **state)
{
	make_log();
	raw_sql("UPDATE access_records SET purpose = 'procedure:tesT' WHERE id = (SELECT record_id FROM tlog_leaves WHERE idx = 7)",
		"UPDATE access_records SET purpose = 'procedure:tesT' WHERE id = (SELECT record_id FROM tlog_leaves WHERE idx = 7)");
	expect_bad(7, -1, "leaf 7 is not the hash of its record");
}

static void test_verify_names_a_deleted_leaf(void **state)
{
	make_log();
	raw_sql("DELETE FROM tlog_leaves WHERE idx = 20", "DELETE FROM tlog_leaves WHERE idx = 20");
	expect_bad(20, -1, "leaf 20 is missing");
}

static void test_verify_names_swapped_leaves(void **state)
{
	make_log();
	unsigned char a[32], b[32];
	assert_int_equal(gx_store_tlog_subtree(conn, 0, 9, a), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_tlog_subtree(conn, 0, 17, b), GX_DB_ONE_RESULT);
	set_leaf(9, b);
	set_leaf(17, a);
	expect_bad(9, -1, "leaf 9 is not the hash of its record");
}

static void test_verify_names_swapped_leaves_of_erased_records(void **state)
{
	make_log();
	/* Without their records, the stored subtrees still give the swap away. */
	raw_sql("DELETE FROM access_records WHERE id IN (SELECT record_id FROM tlog_leaves WHERE idx IN (2, 3))",
		"DELETE FROM access_records WHERE id IN (SELECT record_id FROM tlog_leaves WHERE idx IN (2, 3))");
	unsigned char a[32], b[32];
	assert_int_equal(gx_store_tlog_subtree(conn, 0, 2, a), GX_DB_ONE_RESULT);
	assert_int_equal(gx_store_tlog_subtree(conn, 0, 3, b), GX_DB_ONE_RESULT);
	set_leaf(2, b);
	set_leaf(3, a);
	expect_bad(2, -1, "leaves 2 to 3");
}

static void test_verify_names_the_changed_checkpoint(void **state)
{
	make_log();
	/* The root of the last checkpoint's row: its note no longer matches. */
	raw_sql("UPDATE tlog_checkpoints SET root = randomblob(32) WHERE size = 24",
		"UPDATE tlog_checkpoints SET root = sha256(root) WHERE size = 24");
	expect_bad(8, 24, "another size or root");
}

static void test_verify_names_a_resigned_checkpoint(void **state)
{
	make_log();
	/* Whoever holds the key signs another root for the last checkpoint. */
	struct gx_checkpoint c = {.size = 24};
	snprintf(c.origin, sizeof(c.origin), "%s", tp.log_key.name);
	memset(c.root.b, 7, 32);
	char text[GX_CHECKPOINT_TEXT_MAX], line[512], note[GX_CHECKPOINT_TEXT_MAX + 520];
	long len = gx_checkpoint_format(&c, text, sizeof(text));
	assert_true(gx_note_sign_line(&tp.signer, 0, text, (size_t)len, line, sizeof(line)) > 0);
	snprintf(note, sizeof(note), "%s\n%s", text, line);
	raw_sql("DELETE FROM tlog_checkpoints WHERE size = 24", "DELETE FROM tlog_checkpoints WHERE size = 24");
	struct gx_tlog_checkpoint_row row = {.size = 24, .note = note, .signed_at_us = 1};
	memset(row.root, 7, 32);
	assert_int_equal(gx_store_tlog_checkpoint_put(conn, &row), GX_DB_ONE_RESULT);
	expect_bad(8, 24, "checkpoint of size 24: its root is not the root of the first 24 leaves");
}

static void test_verify_finds_an_inserted_leaf(void **state)
{
	make_log();
	raw_sql("INSERT INTO tlog_leaves (idx, hash) VALUES (24, randomblob(32))",
		"INSERT INTO tlog_leaves (idx, hash) VALUES (24, sha256('x'))");
	expect_bad(24, -1, "beyond the tree's size");
}

static void test_erasure_keeps_everyone_elses_proofs(void **state)
{
	make_log();
	long long n = 0;
	assert_int_equal(gx_store_access_records_erase(conn, subjects[1], &n), GX_DB_ONE_RESULT);
	assert_int_equal(n, 8);
	struct gx_tlog_verify_report rep;
	assert_int_equal(gx_tlog_verify(conn, &tp, &rep), 0);
	assert_int_equal(rep.leaves, 24);
	assert_int_equal(rep.records, 16);
	assert_int_equal(rep.checkpoints, 2);
	/* The log goes on. */
	log_items(12, 2);
	sign(1);
	expect_verified();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_records_become_leaves_in_commit_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_new_writer_continues_the_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_names_a_changed_leaf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_the_log_signs_no_rewritten_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_names_a_changed_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_names_a_deleted_leaf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_names_swapped_leaves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_names_swapped_leaves_of_erased_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_names_the_changed_checkpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_names_a_resigned_checkpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_an_inserted_leaf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erasure_keeps_everyone_elses_proofs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

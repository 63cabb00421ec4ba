/* The witness's round against a fake log (an in-memory tree behind a fake
 * transport): it cosigns a growing log after checking each consistency
 * proof, and refuses a shrunk, forked or inconsistent log without moving its
 * state or sending anything; its state survives a restart, and a
 * cosignature the log did not receive is sent again. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log/oplog.h"
#include "translog/b64.h"
#include "translog/checkpoint.h"
#include "translog/memtree.h"
#include "translog/note.h"
#include "translog/proof.h"
#include "witness/decide.h"
#include "witness/round.h"
#include "witness/state.h"

static char err[300];

/* --- the fake log ---------------------------------------------------------- */

struct fake_log {
	struct gx_note_signer key;
	struct gx_tlog_memtree *tree; /* what it serves */
	int get_status, post_status;
	int unreachable;
	const char *proof_override; /* a body for /consistency, instead of the real proof */
	char last_get[300];
	int gets, posts;
	char posted[512];
};

static struct fake_log fake;

static struct gx_tlog_memtree *tree_of(uint64_t n, uint64_t fork_from)
{
	struct gx_tlog_memtree *t = gx_tlog_memtree_new();
	for (uint64_t i = 0; i < n; i++) {
		char e[40];
		int len = snprintf(e, sizeof(e), "%sleaf %" PRIu64, i >= fork_from ? "fork " : "", i);
		struct gx_tlog_hash h;
		gx_tlog_leaf_hash(e, (size_t)len, &h);
		assert_int_equal(gx_tlog_memtree_append(t, &h), 0);
	}
	return t;
}

static void serve(uint64_t n, uint64_t fork_from)
{
	gx_tlog_memtree_free(fake.tree);
	fake.tree = tree_of(n, fork_from);
}

static void checkpoint_of(const struct gx_note_signer *signer, struct gx_buf *out)
{
	struct gx_checkpoint c = {.size = gx_tlog_memtree_size(fake.tree)};
	snprintf(c.origin, sizeof(c.origin), "%s", fake.key.pub.name);
	gx_tlog_memtree_root(fake.tree, &c.root);
	char text[GX_CHECKPOINT_TEXT_MAX], line[400];
	long tl = gx_checkpoint_format(&c, text, sizeof(text));
	assert_true(tl > 0 && gx_note_sign_line(signer, 0, text, (size_t)tl, line, sizeof(line)) > 0);
	gx_buf_append(out, text, (size_t)tl);
	gx_buf_append_char(out, '\n');
	gx_buf_append_str(out, line);
}

static struct gx_note_signer impostor;
static int signed_by_impostor;

static int fake_get(void *ctx, const char *url, size_t max, struct gx_buf *body, long *status, char *e, size_t el)
{
	fake.gets++;
	snprintf(fake.last_get, sizeof(fake.last_get), "%s", url);
	if (fake.unreachable) {
		snprintf(e, el, "connection refused");
		return -1;
	}
	*status = fake.get_status;
	if (strcmp(url, "http://log.test/v1/checkpoint") == 0) {
		checkpoint_of(signed_by_impostor ? &impostor : &fake.key, body);
		return 0;
	}
	uint64_t from, to;
	if (sscanf(url, "http://log.test/v1/consistency?from=%" SCNu64 "&to=%" SCNu64, &from, &to) == 2) {
		if (fake.proof_override != NULL) {
			gx_buf_append_str(body, fake.proof_override);
			return 0;
		}
		struct gx_tlog_hashes h = gx_tlog_memtree_hashes(fake.tree);
		struct gx_tlog_proof p;
		if (gx_tlog_consistency_prove(&h, from, to, &p) != 0) {
			*status = 400;
			return 0;
		}
		gx_buf_append_str(body, "{\"proof\": [");
		for (size_t i = 0; i < p.len; i++) {
			char b64[48];
			gx_tlog_b64_encode(p.h[i].b, 32, b64, sizeof(b64));
			gx_buf_appendf(body, "%s\"%s\"", i ? ", " : "", b64);
		}
		gx_buf_append_str(body, "]}");
		return 0;
	}
	*status = 404;
	return 0;
}

static int fake_post(void *ctx, const char *url, const char *body, size_t len, long *status, char *e, size_t el)
{
	assert_string_equal(url, "http://log.test/v1/cosignature");
	fake.posts++;
	snprintf(fake.posted, sizeof(fake.posted), "%.*s", (int)len, body);
	*status = fake.post_status;
	return 0;
}

/* --- the witness under test ------------------------------------------------ */

static char dir[64], state_path[128];
static struct gx_witness w;
static struct gx_witness_log log_cfg;

static void start_witness(void)
{
	gx_witness_state_free(&w.state);
	w.state_path = state_path;
	assert_int_equal(gx_witness_state_load(state_path, &w.state, err, sizeof(err)), 0);
	w.transport = (struct gx_witness_transport){fake_get, fake_post, NULL};
	log_cfg.delivered = false;
}

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/gx_witness_XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(state_path, sizeof(state_path), "%s/state.json", dir);
	memset(&fake, 0, sizeof(fake));
	fake.get_status = 200;
	fake.post_status = 204;
	signed_by_impostor = 0;
	if (gx_note_signer_generate("guichet.test/access-log", GX_NOTE_KEY_ED25519, &fake.key, err, sizeof(err)) != 0 ||
	    gx_note_signer_generate("guichet.test/access-log", GX_NOTE_KEY_ED25519, &impostor, err, sizeof(err)) != 0 ||
	    gx_note_signer_generate("cnpd.test/witness", GX_NOTE_KEY_COSIGNATURE_V1, &w.key, err, sizeof(err)) != 0)
		return -1;
	memset(&log_cfg, 0, sizeof(log_cfg));
	snprintf(log_cfg.url, sizeof(log_cfg.url), "http://log.test/v1");
	log_cfg.key = fake.key.pub;
	gx_oplog_open("/dev/null", false);
	start_witness();
	return 0;
}

static int teardown(void **state)
{
	gx_witness_state_free(&w.state);
	gx_tlog_memtree_free(fake.tree);
	fake.tree = NULL;
	char tmp[160];
	snprintf(tmp, sizeof(tmp), "%s.tmp", state_path);
	unlink(tmp);
	unlink(state_path);
	rmdir(dir);
	gx_oplog_close();
	return 0;
}

static char *file_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return strdup("");
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strdup(buf);
}

/* The posted line cosigns the checkpoint the log serves, at time now. */
static void assert_posted_cosignature(uint64_t now)
{
	struct gx_buf note = GX_BUF_INIT;
	checkpoint_of(&fake.key, &note);
	gx_buf_append_str(&note, fake.posted);
	static struct gx_note n;
	assert_int_equal(gx_note_parse(note.data, note.len, &n, err, sizeof(err)), 0);
	bool by[1];
	uint64_t times[1];
	assert_int_equal(gx_note_verify(&n, &w.key.pub, 1, by, times, err, sizeof(err)), 1);
	assert_int_equal(times[0], now);
	gx_buf_free(&note);
}

static void test_cosigns_a_growing_log(void **state)
{
	serve(5, UINT64_MAX);
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000000), GX_WITNESS_COSIGNED);
	assert_int_equal(fake.gets, 1); /* the first sight needs no proof */
	assert_int_equal(fake.posts, 1);
	assert_true(log_cfg.delivered);
	assert_posted_cosignature(1800000000);
	const struct gx_witness_log_state *ls = gx_witness_state_find(&w.state, "guichet.test/access-log");
	assert_non_null(ls);
	assert_int_equal(ls->seen.size, 5);

	serve(9, UINT64_MAX);
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000010), GX_WITNESS_COSIGNED);
	assert_string_equal(fake.last_get, "http://log.test/v1/consistency?from=5&to=9");
	assert_int_equal(fake.posts, 2);
	assert_posted_cosignature(1800000010);

	/* nothing new: nothing sent */
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000020), GX_WITNESS_UNCHANGED);
	assert_int_equal(fake.posts, 2);

	/* the state is on disk, and a restarted witness goes on from it */
	char *text = file_text(state_path);
	assert_non_null(strstr(text, "\"size\": 9"));
	assert_non_null(strstr(text, "guichet-witness-state/v1"));
	free(text);
	start_witness();
	serve(30, UINT64_MAX);
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000030), GX_WITNESS_COSIGNED);
	assert_string_equal(fake.last_get, "http://log.test/v1/consistency?from=9&to=30");
}

/* Refused: nothing posted, state file byte for byte the same. */
static void assert_refused(uint64_t n, uint64_t fork_from)
{
	char *before = file_text(state_path);
	int posts = fake.posts;
	serve(n, fork_from);
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000100), GX_WITNESS_REFUSED);
	assert_int_equal(fake.posts, posts);
	char *after = file_text(state_path);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_refuses_forks(void **state)
{
	serve(10, UINT64_MAX);
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000000), GX_WITNESS_COSIGNED);
	assert_refused(10, 6);  /* the same size, another root */
	assert_refused(16, 6);  /* larger, but rewrites leaf 6 on: its own proof cannot hide it */
	assert_refused(16, 9);  /* rewrites only the last leaf cosigned */
	assert_refused(7, UINT64_MAX); /* smaller */
	assert_refused(0, UINT64_MAX); /* emptied */
	/* and the honest log is still followed */
	serve(16, UINT64_MAX);
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000200), GX_WITNESS_COSIGNED);
}

static void test_bad_answers_fail_without_effect(void **state)
{
	serve(4, UINT64_MAX);
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000000), GX_WITNESS_COSIGNED);
	char *before = file_text(state_path);
	int posts = fake.posts;
	serve(8, UINT64_MAX);
	/* a checkpoint signed by a key of the same name that is not the log's */
	signed_by_impostor = 1;
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000001), GX_WITNESS_FAILED);
	signed_by_impostor = 0;
	/* unreachable, or an error status */
	fake.unreachable = 1;
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000002), GX_WITNESS_FAILED);
	fake.unreachable = 0;
	fake.get_status = 503;
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000003), GX_WITNESS_FAILED);
	fake.get_status = 200;
	/* proofs that are not proofs */
	const char *bad_proofs[] = {"", "[]", "{\"proof\": \"x\"}", "{\"proof\": [\"AAAA\"]}", "{\"proof\": [], \"x\": 1}",
				    "{\"proof\": [\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"]"};
	for (size_t i = 0; i < sizeof(bad_proofs) / sizeof(bad_proofs[0]); i++) {
		fake.proof_override = bad_proofs[i];
		assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000004), GX_WITNESS_FAILED);
	}
	/* a well-formed proof that proves nothing is a refusal */
	fake.proof_override = "{\"proof\": [\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"]}";
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000005), GX_WITNESS_REFUSED);
	fake.proof_override = NULL;
	assert_int_equal(fake.posts, posts);
	char *after = file_text(state_path);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_undelivered_cosignature_is_sent_again(void **state)
{
	serve(3, UINT64_MAX);
	fake.post_status = 503;
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000000), GX_WITNESS_COSIGNED);
	assert_false(log_cfg.delivered);
	fake.post_status = 204;
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000060), GX_WITNESS_UNCHANGED);
	assert_true(log_cfg.delivered);
	assert_int_equal(fake.posts, 2);
	assert_posted_cosignature(1800000060);
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000120), GX_WITNESS_UNCHANGED);
	assert_int_equal(fake.posts, 2);
}

static void test_state_that_cannot_be_saved_stops_the_cosignature(void **state)
{
	serve(3, UINT64_MAX);
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000000), GX_WITNESS_COSIGNED);
	char saved[128];
	snprintf(saved, sizeof(saved), "%s", state_path);
	snprintf(state_path, sizeof(state_path), "%s/no/such/folder/state.json", dir);
	serve(6, UINT64_MAX);
	int posts = fake.posts;
	assert_int_equal(gx_witness_round(&w, &log_cfg, 1800000001), GX_WITNESS_FAILED);
	assert_int_equal(fake.posts, posts);
	/* the memory was not moved either: the file (none here) is the truth */
	assert_null(gx_witness_state_find(&w.state, "guichet.test/access-log"));
	snprintf(state_path, sizeof(state_path), "%s", saved);
}

static void test_state_file(void **state)
{
	struct gx_witness_state s = {0}, back;
	struct gx_witness_seen a = {7, {{1}}}, b = {0, {{2}}};
	assert_int_equal(gx_witness_state_set(&s, "log.example/a", &a, "note a\n"), 0);
	assert_int_equal(gx_witness_state_set(&s, "log.example/b", &b, "note b\n"), 0);
	a.size = 8;
	assert_int_equal(gx_witness_state_set(&s, "log.example/a", &a, "note a2\n"), 0);
	assert_int_equal(s.count, 2);
	assert_int_equal(gx_witness_state_save(state_path, &s, err, sizeof(err)), 0);
	assert_int_equal(gx_witness_state_load(state_path, &back, err, sizeof(err)), 0);
	assert_int_equal(back.count, 2);
	const struct gx_witness_log_state *l = gx_witness_state_find(&back, "log.example/a");
	assert_int_equal(l->seen.size, 8);
	assert_int_equal(l->seen.root.b[0], 1);
	assert_string_equal(l->checkpoint, "note a2\n");
	gx_witness_state_free(&back);
	gx_witness_state_free(&s);
	struct stat st;
	assert_int_equal(stat(state_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* a damaged state stops the witness rather than let it forget */
	static const char *damaged[] = {
		"", "{}", "not json", "{\"format\":\"guichet-witness-state/v1\",\"logs\":[{}]}",
		"{\"format\":\"guichet-witness-state/v1\",\"logs\":[{\"origin\":\"a\",\"size\":-1,\"root\":"
		"\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"checkpoint\":\"\"}]}",
		"{\"format\":\"guichet-witness-state/v1\",\"logs\":[{\"origin\":\"a\",\"size\":1,\"root\":"
		"\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"checkpoint\":\"\"},{\"origin\":\"a\",\"size\":2,\"root\":"
		"\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"checkpoint\":\"\"}]}",
	};
	for (size_t i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		FILE *f = fopen(state_path, "wb");
		fputs(damaged[i], f);
		fclose(f);
		if (gx_witness_state_load(state_path, &back, err, sizeof(err)) != -1)
			fail_msg("accepted %s", damaged[i]);
		assert_int_equal(back.count, 0);
	}
	unlink(state_path);
	assert_int_equal(gx_witness_state_load(state_path, &back, err, sizeof(err)), 0); /* a new witness */
	assert_int_equal(back.count, 0);
}

static void test_decide(void **state)
{
	struct gx_tlog_memtree *t = tree_of(8, UINT64_MAX), *f = tree_of(8, 5);
	struct gx_checkpoint c = {.size = 8};
	gx_tlog_memtree_root(t, &c.root);
	struct gx_witness_seen six = {6, {{0}}};
	struct gx_tlog_memtree *t6 = tree_of(6, UINT64_MAX);
	gx_tlog_memtree_root(t6, &six.root);
	struct gx_tlog_hashes h = gx_tlog_memtree_hashes(t), hf = gx_tlog_memtree_hashes(f);
	struct gx_tlog_proof p, pf;
	assert_int_equal(gx_tlog_consistency_prove(&h, 6, 8, &p), 0);
	assert_int_equal(gx_witness_decide(NULL, &c, NULL), GX_WITNESS_COSIGN);
	assert_int_equal(gx_witness_decide(&six, &c, NULL), GX_WITNESS_NEEDS_PROOF);
	assert_int_equal(gx_witness_decide(&six, &c, &p), GX_WITNESS_COSIGN);
	struct gx_checkpoint forked = {.size = 8};
	gx_tlog_memtree_root(f, &forked.root);
	assert_int_equal(gx_tlog_consistency_prove(&hf, 6, 8, &pf), 0);
	assert_int_equal(gx_witness_decide(&six, &forked, &pf), GX_WITNESS_REFUSE_INCONSISTENT);
	struct gx_witness_seen eight = {8, c.root};
	assert_int_equal(gx_witness_decide(&eight, &c, NULL), GX_WITNESS_SAME);
	assert_int_equal(gx_witness_decide(&eight, &forked, NULL), GX_WITNESS_REFUSE_FORK);
	struct gx_checkpoint smaller = {.size = 6, .root = six.root};
	assert_int_equal(gx_witness_decide(&eight, &smaller, NULL), GX_WITNESS_REFUSE_SMALLER);
	/* from an empty tree, anything grows; an empty tree with a root that is not the empty one is a lie */
	struct gx_witness_seen empty = {0, {{0}}};
	gx_tlog_empty_root(&empty.root);
	assert_int_equal(gx_witness_decide(&empty, &c, NULL), GX_WITNESS_COSIGN);
	struct gx_checkpoint zero_liar = {.size = 0, .root = c.root};
	assert_int_equal(gx_witness_decide(NULL, &zero_liar, NULL), GX_WITNESS_REFUSE_FORK);
	assert_true(gx_witness_verdict_is_refusal(GX_WITNESS_REFUSE_FORK));
	assert_false(gx_witness_verdict_is_refusal(GX_WITNESS_SAME));
	assert_string_equal(gx_witness_verdict_name(GX_WITNESS_REFUSE_SMALLER), "smaller");
	gx_tlog_memtree_free(t);
	gx_tlog_memtree_free(t6);
	gx_tlog_memtree_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cosigns_a_growing_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_forks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_answers_fail_without_effect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undelivered_cosignature_is_sent_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_that_cannot_be_saved_stops_the_cosignature, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_file, setup, teardown),
		cmocka_unit_test(test_decide),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

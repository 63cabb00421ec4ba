/* The Merkle tree and its proofs: the RFC 6962 / 9162 test tree that
 * certificate-transparency and transparency-dev/merkle use (its roots and
 * proofs), then every inclusion and consistency proof of every tree up to 64
 * leaves against a brute-force tree written straight from the RFC's
 * recursive definitions, and every kind of tampering refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translog/frontier.h"
#include "translog/hash.h"
#include "translog/memtree.h"
#include "translog/proof.h"
#include "translog/proof_json.h"

static struct gx_tlog_hash from_hex(const char *hex)
{
	struct gx_tlog_hash h;
	assert_int_equal(strlen(hex), 64);
	for (int i = 0; i < 32; i++) {
		unsigned v;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		h.b[i] = (unsigned char)v;
	}
	return h;
}

/* The test tree's leaves (entries, before leaf hashing). */
static const struct {
	const char *bytes;
	size_t len;
} ct_leaves[8] = {
	{"", 0},
	{"\x00", 1},
	{"\x10", 1},
	{"\x20\x21", 2},
	{"\x30\x31", 2},
	{"\x40\x41\x42\x43", 4},
	{"\x50\x51\x52\x53\x54\x55\x56\x57", 8},
	{"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f", 16},
};

/* Its roots at sizes 1 to 8. */
static const char *ct_roots[8] = {
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static struct gx_tlog_memtree *ct_tree(size_t n)
{
	struct gx_tlog_memtree *t = gx_tlog_memtree_new();
	assert_non_null(t);
	for (size_t i = 0; i < n; i++) {
		struct gx_tlog_hash leaf;
		gx_tlog_leaf_hash(ct_leaves[i].bytes, ct_leaves[i].len, &leaf);
		assert_int_equal(gx_tlog_memtree_append(t, &leaf), 0);
	}
	return t;
}

static void test_ct_roots(void **state)
{
	struct gx_tlog_hash root, empty;
	gx_tlog_empty_root(&empty);
	struct gx_tlog_hash want_empty = from_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_true(gx_tlog_hash_equal(&empty, &want_empty));
	for (size_t n = 1; n <= 8; n++) {
		struct gx_tlog_memtree *t = ct_tree(n);
		gx_tlog_memtree_root(t, &root);
		struct gx_tlog_hash want = from_hex(ct_roots[n - 1]);
		assert_true(gx_tlog_hash_equal(&root, &want));
		gx_tlog_memtree_free(t);
	}
}

struct ct_vector {
	uint64_t a, b; /* inclusion: leaf index, size; consistency: old, new */
	size_t len;
	const char *hex[3];
};

static void test_ct_inclusion_proofs(void **state)
{
	/* (index, size) and the proof, as the CT tests list them. */
	static const struct ct_vector v[] = {
		{0, 8, 3, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
			   "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
			   "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
		{5, 8, 3, {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
			   "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
			   "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
		{2, 3, 1, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
		{1, 5, 3, {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
			   "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
			   "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
	};
	struct gx_tlog_memtree *t = ct_tree(8);
	struct gx_tlog_hashes h = gx_tlog_memtree_hashes(t);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct gx_tlog_proof p;
		assert_int_equal(gx_tlog_inclusion_prove(&h, v[i].a, v[i].b, &p), 0);
		assert_int_equal(p.len, v[i].len);
		for (size_t j = 0; j < p.len; j++) {
			struct gx_tlog_hash want = from_hex(v[i].hex[j]);
			assert_true(gx_tlog_hash_equal(&p.h[j], &want));
		}
		struct gx_tlog_hash leaf, root = from_hex(ct_roots[v[i].b - 1]);
		gx_tlog_leaf_hash(ct_leaves[v[i].a].bytes, ct_leaves[v[i].a].len, &leaf);
		assert_true(gx_tlog_inclusion_verify(v[i].a, v[i].b, &leaf, &p, &root));
	}
	gx_tlog_memtree_free(t);
}

static void test_ct_consistency_proofs(void **state)
{
	static const struct ct_vector v[] = {
		{1, 8, 3, {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
			   "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
			   "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
		{6, 8, 3, {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
			   "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
			   "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
		{2, 5, 2, {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
			   "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
		{6, 7, 3, {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
			   "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
			   "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
	};
	struct gx_tlog_memtree *t = ct_tree(8);
	struct gx_tlog_hashes h = gx_tlog_memtree_hashes(t);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct gx_tlog_proof p;
		assert_int_equal(gx_tlog_consistency_prove(&h, v[i].a, v[i].b, &p), 0);
		assert_int_equal(p.len, v[i].len);
		for (size_t j = 0; j < p.len; j++) {
			struct gx_tlog_hash want = from_hex(v[i].hex[j]);
			assert_true(gx_tlog_hash_equal(&p.h[j], &want));
		}
		struct gx_tlog_hash r1 = from_hex(ct_roots[v[i].a - 1]), r2 = from_hex(ct_roots[v[i].b - 1]);
		assert_true(gx_tlog_consistency_verify(v[i].a, v[i].b, &r1, &r2, &p));
		assert_false(gx_tlog_consistency_verify(v[i].a, v[i].b, &r2, &r1, &p));
	}
	gx_tlog_memtree_free(t);
}

/* --- the brute-force tree: RFC 9162's recursive definitions, literally --- */

static uint64_t split_of(uint64_t n)
{
	uint64_t k = 1;
	while (k * 2 < n)
		k *= 2;
	return k;
}

/* MTH(D[n]) */
static struct gx_tlog_hash mth(const struct gx_tlog_hash *leaves, uint64_t n)
{
	struct gx_tlog_hash r;
	if (n == 0) {
		gx_tlog_empty_root(&r);
		return r;
	}
	if (n == 1)
		return leaves[0];
	uint64_t k = split_of(n);
	struct gx_tlog_hash a = mth(leaves, k), b = mth(leaves + k, n - k);
	gx_tlog_node_hash(&a, &b, &r);
	return r;
}

/* PATH(m, D[n]), appended to p */
static void path(uint64_t m, const struct gx_tlog_hash *leaves, uint64_t n, struct gx_tlog_proof *p)
{
	if (n <= 1)
		return;
	uint64_t k = split_of(n);
	if (m < k) {
		path(m, leaves, k, p);
		p->h[p->len++] = mth(leaves + k, n - k);
	} else {
		path(m - k, leaves + k, n - k, p);
		p->h[p->len++] = mth(leaves, k);
	}
}

/* SUBPROOF(m, D[n], b), appended to p */
static void subproof(uint64_t m, const struct gx_tlog_hash *leaves, uint64_t n, int b, struct gx_tlog_proof *p)
{
	if (m == n) {
		if (!b)
			p->h[p->len++] = mth(leaves, n);
		return;
	}
	uint64_t k = split_of(n);
	if (m <= k) {
		subproof(m, leaves, k, b, p);
		p->h[p->len++] = mth(leaves + k, n - k);
	} else {
		subproof(m - k, leaves + k, n - k, 0, p);
		p->h[p->len++] = mth(leaves, k);
	}
}

#define N_MAX 64

static struct gx_tlog_hash leaves[N_MAX];

static void make_leaves(void)
{
	for (int i = 0; i < N_MAX; i++) {
		char entry[32];
		int n = snprintf(entry, sizeof(entry), "leaf %d", i);
		gx_tlog_leaf_hash(entry, (size_t)n, &leaves[i]);
	}
}

static void assert_same_proof(const struct gx_tlog_proof *a, const struct gx_tlog_proof *b)
{
	assert_int_equal(a->len, b->len);
	for (size_t i = 0; i < a->len; i++)
		assert_true(gx_tlog_hash_equal(&a->h[i], &b->h[i]));
}

static void test_frontier_roots_match_brute_force(void **state)
{
	make_leaves();
	struct gx_tlog_frontier f;
	gx_tlog_frontier_init(&f);
	for (uint64_t n = 0; n <= N_MAX; n++) {
		struct gx_tlog_hash r, want = mth(leaves, n), arr;
		gx_tlog_frontier_root(&f, &r);
		assert_true(gx_tlog_hash_equal(&r, &want));
		assert_int_equal(gx_tlog_root_of_leaves(leaves, n, &arr), 0);
		assert_true(gx_tlog_hash_equal(&arr, &want));
		if (n < N_MAX)
			assert_int_equal(gx_tlog_frontier_append(&f, &leaves[n], NULL, NULL), 0);
	}
}

static int read_leaf(void *ctx, uint64_t i, struct gx_tlog_hash *out)
{
	if (i == *(uint64_t *)ctx)
		return -1; /* the store fails here */
	*out = leaves[i];
	return 0;
}

static void test_root_of_reader(void **state)
{
	make_leaves();
	uint64_t fail_at = UINT64_MAX;
	struct gx_tlog_hash r, want = mth(leaves, 37);
	assert_int_equal(gx_tlog_root_of_reader(37, read_leaf, &fail_at, &r), 0);
	assert_true(gx_tlog_hash_equal(&r, &want));
	fail_at = 20;
	assert_int_equal(gx_tlog_root_of_reader(37, read_leaf, &fail_at, &r), -1);
}

struct seen {
	int count[64];
	struct gx_tlog_hash last[64];
	uint64_t last_index[64];
};

static void record_subtree(void *ctx, unsigned level, uint64_t index, const struct gx_tlog_hash *hash)
{
	struct seen *s = ctx;
	s->count[level]++;
	s->last[level] = *hash;
	s->last_index[level] = index;
}

static void test_frontier_reports_completed_subtrees(void **state)
{
	make_leaves();
	struct gx_tlog_frontier f;
	gx_tlog_frontier_init(&f);
	struct seen s;
	memset(&s, 0, sizeof(s));
	for (uint64_t n = 0; n < N_MAX; n++) {
		assert_int_equal(gx_tlog_frontier_append(&f, &leaves[n], record_subtree, &s), 0);
		/* After n+1 leaves, level l has seen (n+1) >> l subtrees, the last
		 * one being the (index)th aligned block of 2^l leaves. */
		for (unsigned l = 0; l < 7; l++) {
			assert_int_equal(s.count[l], (int)((n + 1) >> l));
			if (s.count[l] > 0) {
				uint64_t idx = s.last_index[l];
				struct gx_tlog_hash want = mth(leaves + (idx << l), (uint64_t)1 << l);
				assert_true(gx_tlog_hash_equal(&s.last[l], &want));
			}
		}
	}
}

static void test_frontier_load(void **state)
{
	make_leaves();
	struct gx_tlog_memtree *t = gx_tlog_memtree_new();
	for (int i = 0; i < N_MAX; i++)
		assert_int_equal(gx_tlog_memtree_append(t, &leaves[i]), 0);
	struct gx_tlog_hashes h = gx_tlog_memtree_hashes(t);
	for (uint64_t n = 0; n <= N_MAX; n++) {
		struct gx_tlog_frontier f;
		assert_int_equal(gx_tlog_frontier_load(&f, n, &h), 0);
		struct gx_tlog_hash r, want = mth(leaves, n);
		gx_tlog_frontier_root(&f, &r);
		assert_true(gx_tlog_hash_equal(&r, &want));
		/* and it grows on as if it had never stopped */
		if (n < N_MAX) {
			gx_tlog_frontier_append(&f, &leaves[n], NULL, NULL);
			want = mth(leaves, n + 1);
			gx_tlog_frontier_root(&f, &r);
			assert_true(gx_tlog_hash_equal(&r, &want));
		}
	}
	struct gx_tlog_frontier f;
	assert_int_equal(gx_tlog_frontier_load(&f, N_MAX + 1, &h), -1); /* beyond the stored tree */
	gx_tlog_memtree_free(t);
}

/* Every way of spoiling an inclusion proof must fail. */
static void assert_inclusion_tamper_fails(uint64_t m, uint64_t n, const struct gx_tlog_proof *p,
					  const struct gx_tlog_hash *root)
{
	struct gx_tlog_proof bad;
	struct gx_tlog_hash other;
	memset(&other, 0xab, sizeof(other));
	for (size_t i = 0; i < p->len; i++) {
		for (int bit = 0; bit < 8; bit += 3) {
			bad = *p;
			bad.h[i].b[i % 32] ^= (unsigned char)(1 << bit);
			assert_false(gx_tlog_inclusion_verify(m, n, &leaves[m], &bad, root));
		}
	}
	if (p->len > 0) {
		bad = *p;
		bad.len--;
		assert_false(gx_tlog_inclusion_verify(m, n, &leaves[m], &bad, root));
	}
	bad = *p;
	bad.h[bad.len++] = other;
	assert_false(gx_tlog_inclusion_verify(m, n, &leaves[m], &bad, root));
	bad = *p;
	memmove(&bad.h[1], &bad.h[0], bad.len * sizeof(bad.h[0]));
	bad.h[0] = *root;
	bad.len++;
	assert_false(gx_tlog_inclusion_verify(m, n, &leaves[m], &bad, root));
	if (p->len > 1) {
		bad = *p;
		bad.h[0] = p->h[1];
		bad.h[1] = p->h[0];
		if (!gx_tlog_hash_equal(&p->h[0], &p->h[1]))
			assert_false(gx_tlog_inclusion_verify(m, n, &leaves[m], &bad, root));
	}
	/* another index, another size, another leaf, another root */
	if (m + 1 < n)
		assert_false(gx_tlog_inclusion_verify(m + 1, n, &leaves[m], p, root));
	if (m > 0)
		assert_false(gx_tlog_inclusion_verify(m - 1, n, &leaves[m], p, root));
	assert_false(gx_tlog_inclusion_verify(m ^ 2, n, &leaves[m], p, root) && (m ^ 2) != m);
	/* (Not n + 1: a root of n leaves can pass for one of n + 1 whose last
	 * subtree hashes to the last leaf; only a root signed with its size
	 * means anything, and checkpoints sign both.) */
	assert_false(gx_tlog_inclusion_verify(m, n * 2, &leaves[m], p, root));
	if (n / 2 > m)
		assert_false(gx_tlog_inclusion_verify(m, n / 2, &leaves[m], p, root));
	assert_false(gx_tlog_inclusion_verify(m, n, &leaves[(m + 1) % N_MAX], p, root) && n > 1);
	assert_false(gx_tlog_inclusion_verify(m, n, &leaves[m], p, &other));
	assert_false(gx_tlog_inclusion_verify(n, n, &leaves[m], p, root));
}

static void test_every_inclusion_proof_up_to_64(void **state)
{
	make_leaves();
	struct gx_tlog_memtree *t = gx_tlog_memtree_new();
	for (int i = 0; i < N_MAX; i++)
		assert_int_equal(gx_tlog_memtree_append(t, &leaves[i]), 0);
	struct gx_tlog_hashes h = gx_tlog_memtree_hashes(t);
	for (uint64_t n = 1; n <= N_MAX; n++) {
		struct gx_tlog_hash root = mth(leaves, n);
		for (uint64_t m = 0; m < n; m++) {
			struct gx_tlog_proof got, want = {0};
			path(m, leaves, n, &want);
			assert_int_equal(gx_tlog_inclusion_prove(&h, m, n, &got), 0);
			assert_same_proof(&got, &want);
			assert_true(gx_tlog_inclusion_verify(m, n, &leaves[m], &got, &root));
			assert_inclusion_tamper_fails(m, n, &got, &root);
		}
		struct gx_tlog_proof p;
		assert_int_equal(gx_tlog_inclusion_prove(&h, n, n, &p), -1);
	}
	struct gx_tlog_proof p;
	assert_int_equal(gx_tlog_inclusion_prove(&h, 3, N_MAX + 1, &p), -1); /* more than is stored */
	gx_tlog_memtree_free(t);
}

static void assert_consistency_tamper_fails(uint64_t m, uint64_t n, const struct gx_tlog_proof *p,
					    const struct gx_tlog_hash *r1, const struct gx_tlog_hash *r2)
{
	struct gx_tlog_proof bad;
	for (size_t i = 0; i < p->len; i++) {
		bad = *p;
		bad.h[i].b[31 - i % 32] ^= 0x10;
		assert_false(gx_tlog_consistency_verify(m, n, r1, r2, &bad));
	}
	if (p->len > 0) {
		bad = *p;
		bad.len--;
		assert_false(gx_tlog_consistency_verify(m, n, r1, r2, &bad));
		bad = *p;
		memmove(&bad.h[1], &bad.h[0], bad.len * sizeof(bad.h[0]));
		bad.h[0] = p->h[0];
		bad.len++;
		assert_false(gx_tlog_consistency_verify(m, n, r1, r2, &bad));
		bad = *p;
		bad.len = 0;
		assert_false(gx_tlog_consistency_verify(m, n, r1, r2, &bad));
	}
	bad = *p;
	bad.h[bad.len++] = *r2;
	assert_false(gx_tlog_consistency_verify(m, n, r1, r2, &bad));
	assert_false(gx_tlog_consistency_verify(m, n, r2, r1, p) && !gx_tlog_hash_equal(r1, r2));
	assert_false(gx_tlog_consistency_verify(m + 1, n, r1, r2, p) && m + 1 <= n);
	if (m > 1)
		assert_false(gx_tlog_consistency_verify(m - 1, n, r1, r2, p));
	assert_false(gx_tlog_consistency_verify(m, n * 2, r1, r2, p) && n > 0);
	if (n / 2 >= m && n / 2 != n)
		assert_false(gx_tlog_consistency_verify(m, n / 2, r1, r2, p));
	assert_false(gx_tlog_consistency_verify(n, m, r2, r1, p) && m != n);
}

static void test_every_consistency_proof_up_to_64(void **state)
{
	make_leaves();
	struct gx_tlog_memtree *t = gx_tlog_memtree_new();
	for (int i = 0; i < N_MAX; i++)
		assert_int_equal(gx_tlog_memtree_append(t, &leaves[i]), 0);
	struct gx_tlog_hashes h = gx_tlog_memtree_hashes(t);
	for (uint64_t n = 0; n <= N_MAX; n++) {
		struct gx_tlog_hash r2 = mth(leaves, n);
		for (uint64_t m = 0; m <= n; m++) {
			struct gx_tlog_hash r1 = mth(leaves, m);
			struct gx_tlog_proof got, want = {0};
			if (m > 0 && m < n)
				subproof(m, leaves, n, 1, &want);
			assert_int_equal(gx_tlog_consistency_prove(&h, m, n, &got), 0);
			assert_same_proof(&got, &want);
			assert_true(gx_tlog_consistency_verify(m, n, &r1, &r2, &got));
			if (m > 0 && m < n)
				assert_consistency_tamper_fails(m, n, &got, &r1, &r2);
		}
	}
	struct gx_tlog_proof p;
	assert_int_equal(gx_tlog_consistency_prove(&h, 5, 4, &p), -1);
	gx_tlog_memtree_free(t);
}

static void test_consistency_edge_cases(void **state)
{
	make_leaves();
	struct gx_tlog_hash empty, r1 = mth(leaves, 1), r2 = mth(leaves, 2);
	gx_tlog_empty_root(&empty);
	struct gx_tlog_proof none = {0}, one = {0};
	one.h[one.len++] = empty;
	assert_true(gx_tlog_consistency_verify(0, 0, &empty, &empty, &none));
	assert_true(gx_tlog_consistency_verify(0, 5, &empty, &r2, &none));
	assert_false(gx_tlog_consistency_verify(0, 5, &r1, &r2, &none));  /* size 0 has one root */
	assert_false(gx_tlog_consistency_verify(0, 5, &empty, &r2, &one)); /* and no proof */
	assert_true(gx_tlog_consistency_verify(1, 1, &r1, &r1, &none));
	assert_false(gx_tlog_consistency_verify(1, 1, &r1, &r2, &none));  /* same size, another root: a fork */
	assert_false(gx_tlog_consistency_verify(1, 1, &r1, &r1, &one));
	assert_false(gx_tlog_consistency_verify(2, 1, &r2, &r1, &none));  /* a smaller tree */
	assert_false(gx_tlog_consistency_verify(1, 2, &r1, &r2, &none));  /* a proof is needed */
}

static void test_reordered_or_changed_leaves_change_everything(void **state)
{
	make_leaves();
	struct gx_tlog_hash swapped[N_MAX];
	memcpy(swapped, leaves, sizeof(swapped));
	swapped[10] = leaves[11];
	swapped[11] = leaves[10];
	struct gx_tlog_hash good = mth(leaves, 40), bad = mth(swapped, 40);
	assert_false(gx_tlog_hash_equal(&good, &bad));

	struct gx_tlog_memtree *t = gx_tlog_memtree_new();
	for (int i = 0; i < 40; i++)
		assert_int_equal(gx_tlog_memtree_append(t, &swapped[i]), 0);
	struct gx_tlog_hashes h = gx_tlog_memtree_hashes(t);
	struct gx_tlog_proof p;
	/* leaf 10's proof from the swapped tree does not prove it in the good one */
	assert_int_equal(gx_tlog_inclusion_prove(&h, 11, 40, &p), 0);
	assert_true(gx_tlog_inclusion_verify(11, 40, &leaves[10], &p, &bad));
	assert_false(gx_tlog_inclusion_verify(11, 40, &leaves[10], &p, &good));
	/* (At index 10 it does prove it: the swap changed neither leaf 10's
	 * sibling nor anything above them.) */
	/* and the good tree's first 10 leaves are consistent with it, not the first 12 */
	struct gx_tlog_hash prefix10 = mth(leaves, 10), prefix12 = mth(leaves, 12);
	assert_int_equal(gx_tlog_consistency_prove(&h, 10, 40, &p), 0);
	assert_true(gx_tlog_consistency_verify(10, 40, &prefix10, &bad, &p));
	assert_int_equal(gx_tlog_consistency_prove(&h, 12, 40, &p), 0);
	assert_false(gx_tlog_consistency_verify(12, 40, &prefix12, &bad, &p));
	gx_tlog_memtree_free(t);
}

/* A store that cannot read must make the proof fail, never a wrong proof. */
static int failing_subtree(void *ctx, unsigned level, uint64_t index, struct gx_tlog_hash *out)
{
	int *budget = ctx;
	if ((*budget)-- <= 0)
		return -1;
	memset(out, 0, sizeof(*out));
	return 0;
}

static void test_read_failures_fail_the_proof(void **state)
{
	for (int budget0 = 0; budget0 < 6; budget0++) {
		int budget = budget0;
		struct gx_tlog_hashes h = {failing_subtree, &budget};
		struct gx_tlog_proof p;
		/* 13 leaves: the proofs need 6 and 7 reads */
		assert_int_equal(gx_tlog_inclusion_prove(&h, 0, 13, &p), -1);
		assert_int_equal(p.len, 0);
		budget = budget0;
		assert_int_equal(gx_tlog_consistency_prove(&h, 5, 13, &p), -1);
		assert_int_equal(p.len, 0);
	}
}

static void test_large_sizes(void **state)
{
	/* Beyond 2^63 - 1 nothing is made or accepted. */
	struct gx_tlog_proof p = {0};
	struct gx_tlog_hash x;
	memset(&x, 1, sizeof(x));
	assert_false(gx_tlog_inclusion_verify(0, GX_TLOG_MAX_SIZE + 1, &x, &p, &x));
	assert_false(gx_tlog_consistency_verify(1, GX_TLOG_MAX_SIZE + 1, &x, &x, &p));
	struct gx_tlog_frontier f;
	gx_tlog_frontier_init(&f);
	f.size = GX_TLOG_MAX_SIZE;
	assert_int_equal(gx_tlog_frontier_append(&f, &x, NULL, NULL), -1);
	/* A proof for the first leaf of the largest tree has 63 hashes and verifies. */
	p.len = 63;
	for (size_t i = 0; i < p.len; i++)
		memset(&p.h[i], (int)i, sizeof(p.h[i]));
	struct gx_tlog_hash root;
	assert_int_equal(gx_tlog_inclusion_root(0, GX_TLOG_MAX_SIZE, &x, &p, &root), 0);
	assert_true(gx_tlog_inclusion_verify(0, GX_TLOG_MAX_SIZE, &x, &p, &root));
	p.len = 62;
	assert_false(gx_tlog_inclusion_verify(0, GX_TLOG_MAX_SIZE, &x, &p, &root));
}

static void test_proof_json(void **state)
{
	make_leaves();
	struct gx_tlog_memtree *t = gx_tlog_memtree_new();
	for (int i = 0; i < 13; i++)
		assert_int_equal(gx_tlog_memtree_append(t, &leaves[i]), 0);
	struct gx_tlog_hashes h = gx_tlog_memtree_hashes(t);
	struct gx_tlog_proof p, back;
	assert_int_equal(gx_tlog_consistency_prove(&h, 5, 13, &p), 0);
	struct gx_buf b = GX_BUF_INIT;
	assert_int_equal(gx_tlog_proof_json_write(&p, &b), 0);
	assert_int_equal(gx_tlog_proof_json_parse(b.data, b.len, &back), 0);
	assert_same_proof(&p, &back);
	gx_buf_reset(&b);
	struct gx_tlog_proof none = {0};
	assert_int_equal(gx_tlog_proof_json_write(&none, &b), 0);
	assert_string_equal(gx_buf_cstr(&b), "{\"proof\":[]}");
	assert_int_equal(gx_tlog_proof_json_parse(b.data, b.len, &back), 0);
	assert_int_equal(back.len, 0);
	gx_buf_free(&b);
	static const char *bad[] = {
		"", "[]", "{}", "{\"proof\": null}", "{\"proof\": [1]}", "{\"proof\": [\"AAAA\"]}",
		"{\"proof\": [], \"more\": 1}", "{\"proof\": [], \"proof\": []}",
		"{\"proof\": [\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\"]}", /* bits under the padding */
		"{\"proof\": [\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"]} x",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (gx_tlog_proof_json_parse(bad[i], strlen(bad[i]), &back) != -1)
			fail_msg("accepted %s", bad[i]);
		assert_int_equal(back.len, 0);
	}
	/* 64 hashes are more than any proof has */
	gx_buf_append_str(&b, "{\"proof\":[");
	for (int i = 0; i < 64; i++)
		gx_buf_appendf(&b, "%s\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"", i ? "," : "");
	gx_buf_append_str(&b, "]}");
	assert_int_equal(gx_tlog_proof_json_parse(b.data, b.len, &back), -1);
	gx_buf_free(&b);
	gx_tlog_memtree_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ct_roots),
		cmocka_unit_test(test_ct_inclusion_proofs),
		cmocka_unit_test(test_ct_consistency_proofs),
		cmocka_unit_test(test_frontier_roots_match_brute_force),
		cmocka_unit_test(test_root_of_reader),
		cmocka_unit_test(test_frontier_reports_completed_subtrees),
		cmocka_unit_test(test_frontier_load),
		cmocka_unit_test(test_every_inclusion_proof_up_to_64),
		cmocka_unit_test(test_every_consistency_proof_up_to_64),
		cmocka_unit_test(test_consistency_edge_cases),
		cmocka_unit_test(test_reordered_or_changed_leaves_change_everything),
		cmocka_unit_test(test_read_failures_fail_the_proof),
		cmocka_unit_test(test_large_sizes),
		cmocka_unit_test(test_proof_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "translog/memtree.h"

#include <stdlib.h>

struct level {
	struct gx_tlog_hash *h;
	uint64_t len, cap;
};

struct gx_tlog_memtree {
	struct gx_tlog_frontier frontier;
	struct level levels[64];
	int failed; /* an append could not store a subtree */
};

struct gx_tlog_memtree *gx_tlog_memtree_new(void)
{
	struct gx_tlog_memtree *t = calloc(1, sizeof(*t));
	if (t != NULL)
		gx_tlog_frontier_init(&t->frontier);
	return t;
}

void gx_tlog_memtree_free(struct gx_tlog_memtree *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < 64; i++)
		free(t->levels[i].h);
	free(t);
}

/* Room at every level for what the next append completes. */
static int reserve(struct gx_tlog_memtree *t)
{
	for (int i = 0; i < 64; i++) {
		struct level *l = &t->levels[i];
		uint64_t needed = (t->frontier.size + 1) >> i;
		if (needed == 0)
			break;
		if (needed <= l->cap)
			continue;
		uint64_t cap = l->cap ? l->cap * 2 : 16;
		struct gx_tlog_hash *h = realloc(l->h, cap * sizeof(*h));
		if (h == NULL)
			return -1;
		l->h = h;
		l->cap = cap;
	}
	return 0;
}

static void keep(void *ctx, unsigned level, uint64_t index, const struct gx_tlog_hash *hash)
{
	struct gx_tlog_memtree *t = ctx;
	struct level *l = &t->levels[level];
	if (index != l->len || l->len == l->cap) {
		t->failed = 1; /* cannot happen after reserve(); refuse to serve a gap */
		return;
	}
	l->h[l->len++] = *hash;
}

int gx_tlog_memtree_append(struct gx_tlog_memtree *t, const struct gx_tlog_hash *leaf)
{
	if (t->failed || t->frontier.size >= GX_TLOG_MAX_SIZE || reserve(t) != 0)
		return -1;
	return gx_tlog_frontier_append(&t->frontier, leaf, keep, t);
}

uint64_t gx_tlog_memtree_size(const struct gx_tlog_memtree *t)
{
	return t->frontier.size;
}

void gx_tlog_memtree_root(const struct gx_tlog_memtree *t, struct gx_tlog_hash *out)
{
	gx_tlog_frontier_root(&t->frontier, out);
}

static int read_subtree(void *ctx, unsigned level, uint64_t index, struct gx_tlog_hash *out)
{
	struct gx_tlog_memtree *t = ctx;
	if (level >= 64 || t->failed || index >= t->levels[level].len)
		return -1;
	*out = t->levels[level].h[index];
	return 0;
}

struct gx_tlog_hashes gx_tlog_memtree_hashes(struct gx_tlog_memtree *t)
{
	struct gx_tlog_hashes h = {read_subtree, t};
	return h;
}

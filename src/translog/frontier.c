#include "translog/frontier.h"

#include <string.h>

void gx_tlog_frontier_init(struct gx_tlog_frontier *f)
{
	memset(f, 0, sizeof(*f));
}

int gx_tlog_frontier_append(struct gx_tlog_frontier *f, const struct gx_tlog_hash *leaf,
			    gx_tlog_subtree_cb *completed, void *ctx)
{
	if (f->size >= GX_TLOG_MAX_SIZE)
		return -1;
	uint64_t at = f->size; /* the new leaf's index */
	struct gx_tlog_hash h = *leaf;
	unsigned level = 0;
	if (completed != NULL)
		completed(ctx, 0, at, &h);
	/* Like a binary increment: each set low bit of the size is a subtree
	 * the new one pairs with, carrying a subtree twice as large upwards. */
	while (f->size & ((uint64_t)1 << level)) {
		gx_tlog_node_hash(&f->by_level[level], &h, &h);
		level++;
		if (completed != NULL)
			completed(ctx, level, at >> level, &h);
	}
	f->by_level[level] = h;
	f->size++;
	return 0;
}

void gx_tlog_frontier_root(const struct gx_tlog_frontier *f, struct gx_tlog_hash *out)
{
	if (f->size == 0) {
		gx_tlog_empty_root(out);
		return;
	}
	/* RFC 9162's tree splits at the largest power of two below n, so the
	 * root folds the subtrees from the smallest (rightmost) up. */
	unsigned level = 0;
	while (!(f->size & ((uint64_t)1 << level)))
		level++;
	struct gx_tlog_hash r = f->by_level[level];
	for (level++; level < 64; level++) {
		if (f->size & ((uint64_t)1 << level))
			gx_tlog_node_hash(&f->by_level[level], &r, &r);
	}
	*out = r;
}

int gx_tlog_frontier_load(struct gx_tlog_frontier *f, uint64_t size, const struct gx_tlog_hashes *h)
{
	gx_tlog_frontier_init(f);
	if (size > GX_TLOG_MAX_SIZE)
		return -1;
	uint64_t offset = 0;
	for (int level = 63; level >= 0; level--) {
		uint64_t span = (uint64_t)1 << level;
		if (!(size & span))
			continue;
		if (h->subtree(h->ctx, (unsigned)level, offset >> level, &f->by_level[level]) != 0) {
			gx_tlog_frontier_init(f);
			return -1;
		}
		offset += span;
	}
	f->size = size;
	return 0;
}

int gx_tlog_root_of_leaves(const struct gx_tlog_hash *leaves, uint64_t n, struct gx_tlog_hash *out)
{
	struct gx_tlog_frontier f;
	gx_tlog_frontier_init(&f);
	if (n > GX_TLOG_MAX_SIZE)
		return -1;
	for (uint64_t i = 0; i < n; i++)
		gx_tlog_frontier_append(&f, &leaves[i], NULL, NULL);
	gx_tlog_frontier_root(&f, out);
	return 0;
}

int gx_tlog_root_of_reader(uint64_t n, int (*leaf)(void *ctx, uint64_t index, struct gx_tlog_hash *out), void *ctx,
			   struct gx_tlog_hash *out)
{
	struct gx_tlog_frontier f;
	gx_tlog_frontier_init(&f);
	if (n > GX_TLOG_MAX_SIZE)
		return -1;
	for (uint64_t i = 0; i < n; i++) {
		struct gx_tlog_hash h;
		if (leaf(ctx, i, &h) != 0)
			return -1;
		gx_tlog_frontier_append(&f, &h, NULL, NULL);
	}
	gx_tlog_frontier_root(&f, out);
	return 0;
}
